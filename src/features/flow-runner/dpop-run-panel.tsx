import { useId, useState } from 'react';
import { isPlaygroundError } from '@/protocol/errors';
import {
  buildDpopMistake,
  DPOP_MISTAKES,
  requireDpopKey,
  type DpopMistake,
} from '@/protocol/flows/dpop-steps';
import { readBearerOutcome } from '@/protocol/flows/steps';
import type { FlowRun } from '@/protocol/flows/types';
import type { Exchange } from '@/protocol/http';
import { DpopProofView } from './dpop-proof-view';
import { useFlowRunner } from './runner/runner-context';
import { useDpopKey } from '@/state/dpop-key';

/** What the label of every exchange this panel sends contains. */
const MISTAKE_LABEL = 'deliberate DPoP mistake';

/**
 * The latest API call of the run that presented a DPoP-bound token with a proof, not counting the
 * mistakes sent from this panel: those are made from that call, never from one another.
 */
function lastDpopCall(run: FlowRun): Exchange | undefined {
  return run.exchanges
    .filter(
      (exchange) =>
        exchange.request.headers.dpop !== undefined &&
        /^dpop\s/i.test(exchange.request.headers.authorization ?? '') &&
        !exchange.label.includes(MISTAKE_LABEL),
    )
    .at(-1);
}

/** A URL on the same server as `url` that is not `url`: where a wrong `htu` points by default. */
function elsewhere(url: string): string {
  try {
    return new URL('/elsewhere', url).toString();
  } catch {
    return '';
  }
}

/**
 * DPoP in a run that has tokens: the key's thumbprint, the nonces servers gave, the last API call's
 * proof decoded, and the experiments: that call sent again with one deliberate mistake (the same
 * proof, no proof, another `htu`, a wrong `ath`, another key), each refused by a resource server
 * that checks what RFC 9449 asks, with its reason.
 */
export function DpopRunPanel({ run }: { run: FlowRun }) {
  const id = useId();
  const runner = useFlowRunner();
  const key = useDpopKey();
  const [mistake, setMistake] = useState<DpopMistake>('replay');
  const [otherUrl, setOtherUrl] = useState<string>();
  const [experiment, setExperiment] = useState<{
    exchange?: Exchange;
    problem?: string;
    sending: boolean;
  }>({ sending: false });
  if (!run.dpop) return null;
  const last = lastDpopCall(run);
  const nonces = Object.entries(run.dpop.nonces);
  const result = experiment.exchange;
  const resultText = result?.response
    ? readBearerOutcome(result.response, 'The API').message
    : result?.failure?.message;
  const htu = otherUrl ?? (last ? elsewhere(last.request.url) : '');
  const chosen = DPOP_MISTAKES.find((item) => item.id === mistake);
  const send = async () => {
    if (!last?.stepId || !chosen) return;
    setExperiment({ sending: true });
    try {
      const request = await buildDpopMistake(last.request, mistake, {
        key: requireDpopKey(run, key),
        otherUrl: htu,
      });
      const exchange = await runner.sendAside(
        last.stepId,
        request,
        `${last.label} (${MISTAKE_LABEL}: ${chosen.label})`,
      );
      setExperiment({ sending: false, ...(exchange ? { exchange } : {}) });
    } catch (error) {
      setExperiment({
        sending: false,
        problem: isPlaygroundError(error) ? error.message : String(error),
      });
    }
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
          <p className="text-sm break-all">
            Last API call with a proof: {last.request.method} {last.request.url}
          </p>
          <DpopProofView request={last.request} />
          <fieldset className="min-w-0 space-y-2 text-sm">
            <legend className="font-semibold">Send that call again with a mistake, on purpose</legend>
            <p className="text-slate-700 dark:text-slate-300">
              Each choice keeps the token and gets one thing wrong (a new proof also gets a new jti and iat);
              a resource server that checks DPoP as RFC 9449 asks refuses it, and the demo API says why.
            </p>
            {DPOP_MISTAKES.map((item) => (
              <label key={item.id} className="flex items-start gap-2">
                <input
                  type="radio"
                  name={`${id}-mistake`}
                  className="mt-1 shrink-0"
                  checked={mistake === item.id}
                  onChange={() => setMistake(item.id)}
                />
                <span className="min-w-0">
                  {item.label}{' '}
                  <span className="text-xs text-slate-600 dark:text-slate-400">— {item.check}</span>
                </span>
              </label>
            ))}
            {mistake === 'other-url' && (
              <label className="block">
                <span className="font-mono font-semibold">htu</span> of the wrong proof
                <input
                  className="mt-1 block w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
                  value={htu}
                  onChange={(event) => setOtherUrl(event.target.value)}
                  spellCheck={false}
                />
              </label>
            )}
            <button
              type="button"
              disabled={experiment.sending}
              className="rounded-md border border-indigo-600 px-3 py-1.5 text-sm font-medium text-indigo-800 disabled:opacity-40 dark:text-indigo-200"
              onClick={() => void send()}
            >
              Send it with this mistake
            </button>
          </fieldset>
          {experiment.problem && (
            <p role="alert" className="text-sm text-red-800 dark:text-red-300">
              {experiment.problem}
            </p>
          )}
          {result && (
            <div className="space-y-2">
              <p role="status" className="text-sm break-words" data-testid="dpop-experiment-result">
                {result.response ? `HTTP ${String(result.response.status)}: ` : ''}
                {resultText}
              </p>
              <DpopProofView request={result.request} />
            </div>
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
