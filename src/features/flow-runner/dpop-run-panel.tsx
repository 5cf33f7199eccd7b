import { useState } from 'react';
import { readBearerOutcome } from '@/protocol/flows/steps';
import type { FlowRun } from '@/protocol/flows/types';
import type { Exchange } from '@/protocol/http';
import { DpopProofView } from './dpop-proof-view';
import { useFlowRunner } from './runner/runner-context';

/** The latest API call of the run that presented a DPoP-bound token with a proof. */
function lastDpopCall(run: FlowRun): Exchange | undefined {
  return run.exchanges
    .filter(
      (exchange) =>
        exchange.request.headers.dpop !== undefined &&
        /^dpop\s/i.test(exchange.request.headers.authorization ?? ''),
    )
    .at(-1);
}

/**
 * DPoP in a run that has tokens: the key's thumbprint, the nonces servers gave, the last API call's
 * proof decoded, and the replay experiment: the same request sent again unchanged (same `jti`),
 * which a resource server that remembers proofs refuses (RFC 9449 §11.1).
 */
export function DpopRunPanel({ run }: { run: FlowRun }) {
  const runner = useFlowRunner();
  const [replay, setReplay] = useState<{ exchange?: Exchange; sending: boolean }>({ sending: false });
  if (!run.dpop) return null;
  const last = lastDpopCall(run);
  const nonces = Object.entries(run.dpop.nonces);
  const result = replay.exchange;
  const resultText = result?.response
    ? readBearerOutcome(result.response, 'The API').message
    : result?.failure?.message;
  const sendAgain = async () => {
    if (!last?.stepId) return;
    setReplay({ sending: true });
    const exchange = await runner.sendAside(
      last.stepId,
      last.request,
      `${last.label} (replayed: same DPoP proof)`,
    );
    setReplay({ sending: false, ...(exchange ? { exchange } : {}) });
  };
  return (
    <section
      aria-label="DPoP"
      className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700"
    >
      <h3 className="font-semibold">DPoP in this run</h3>
      <p className="text-sm">
        Key thumbprint (<span className="font-mono">jkt</span>):{' '}
        <code className="break-all">{run.dpop.jkt}</code>
      </p>
      {nonces.length > 0 && (
        <p className="text-sm">
          Latest <span className="font-mono">DPoP-Nonce</span>:{' '}
          {nonces.map(([origin, nonce]) => (
            <span key={origin} className="mr-2 inline-block font-mono break-all">
              {origin}: {nonce}
            </span>
          ))}
        </p>
      )}
      {last ? (
        <>
          <p className="text-sm">
            Last API call with a proof: {last.request.method} {last.request.url}
          </p>
          <DpopProofView request={last.request} />
          <button
            type="button"
            disabled={replay.sending}
            className="rounded-md border border-indigo-600 px-3 py-1.5 text-sm font-medium text-indigo-800 disabled:opacity-40 dark:text-indigo-200"
            onClick={() => void sendAgain()}
          >
            Send it again unchanged (same proof, same jti)
          </button>
          {result && (
            <p role="status" className="text-sm" data-testid="dpop-replay-result">
              {result.response ? `HTTP ${String(result.response.status)}: ` : ''}
              {resultText}
            </p>
          )}
        </>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Call an API with the token to see its proof here (the demo API{' '}
          <span className="font-mono">/dpop/me</span> accepts DPoP-bound tokens only).
        </p>
      )}
    </section>
  );
}
