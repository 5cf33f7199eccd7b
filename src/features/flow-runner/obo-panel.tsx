import { useState } from 'react';
import { decodeJwt } from 'jose';
import { buildApiRequest } from '@/protocol/token-request';
import type { FlowRun } from '@/protocol/flows/types';
import { LOCAL_API_ORIGIN } from '@/state/presets';
import { diffClaims, type ClaimDiff } from '@/tokens/diff';
import { useFlowRunner } from './runner/runner-context';

const KEY_CLAIMS = ['aud', 'sub', 'oid', 'scope', 'scp', 'azp', 'appid', 'client_id', 'act', 'roles', 'iss'];

function tryClaims(token: string | undefined): Record<string, unknown> | undefined {
  if (!token) return undefined;
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

function show(value: unknown): string {
  return value === undefined ? '—' : JSON.stringify(value);
}

function describe(row: ClaimDiff): string {
  if (row.name === 'aud') return row.change === 'changed' ? 'audience changed' : 'audience kept';
  if (row.name === 'sub') return row.change === 'unchanged' ? 'same user (subject kept)' : 'subject changed';
  return row.change;
}

/**
 * The user token API A received next to the token it got on the user's behalf: what changed
 * (audience, scopes, the acting party) and what was kept (the subject).
 */
export function OboComparison({ run }: { run: FlowRun }) {
  const before = tryClaims(run.tokenParams.assertion);
  const after = tryClaims(run.values.access_token);
  if (!before || !after) return null;
  const rows = diffClaims(before, after).filter(
    (row) => KEY_CLAIMS.includes(row.name) || row.change === 'added',
  );
  return (
    <section aria-labelledby="obo-compare-heading" className="space-y-2">
      <h2 id="obo-compare-heading" className="text-lg font-semibold">
        User token → on-behalf-of token
      </h2>
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left">
            <th scope="col">claim</th>
            <th scope="col">token for API A</th>
            <th scope="col">token for API B</th>
            <th scope="col">change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name} className="border-t border-slate-200 align-top dark:border-slate-700">
              <th scope="row" className="pr-2 text-left font-mono font-normal">
                {row.name}
              </th>
              <td className="pr-2 font-mono break-all">{show(row.before)}</td>
              <td className="pr-2 font-mono break-all">{show(row.after)}</td>
              <td>{describe(row)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

/** The local demo route where API A does the exchange itself and answers with both results. */
export function ApiChainDemo({ run }: { run: FlowRun }) {
  const runner = useFlowRunner();
  const [answer, setAnswer] = useState<string>();
  const [busy, setBusy] = useState(false);
  const token = run.tokenParams.assertion ?? '';
  if (run.provider.kind !== 'local' || token === '') return null;
  const url = `${originOf(run.tokenParams.api_b_url) ?? LOCAL_API_ORIGIN}/api-a/chain`;
  const call = async () => {
    setBusy(true);
    try {
      const stepKey = run.steps[0]?.key ?? '';
      const exchange = await runner.sendAside(
        stepKey,
        buildApiRequest(url, token),
        'API A chain (demo: API A does on-behalf-of itself)',
      );
      if (!exchange?.response) {
        setAnswer(exchange?.failure?.message ?? 'No response.');
        return;
      }
      let body = exchange.response.body;
      try {
        body = JSON.stringify(JSON.parse(body), null, 2);
      } catch {
        // Not JSON: shown as it came.
      }
      setAnswer(`HTTP ${exchange.response.status}\n${body}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="chain-heading" className="space-y-2">
      <h2 id="chain-heading" className="text-lg font-semibold">
        Demo: let API A do it
      </h2>
      <p className="text-sm">
        The demo API A has a route that does the same exchange on its server and calls API B:{' '}
        <span className="font-mono">GET {url}</span> with the user token.
      </p>
      <button
        type="button"
        disabled={busy}
        onClick={() => void call()}
        className="rounded-md border border-indigo-600 px-3 py-1.5 text-sm font-medium text-indigo-800 disabled:opacity-50 dark:text-indigo-200"
      >
        Call API A’s chain route
      </button>
      {answer !== undefined && (
        <pre
          aria-label="API A chain answer"
          className="max-h-96 overflow-auto rounded-md bg-slate-100 p-3 text-xs dark:bg-slate-900"
        >
          {answer}
        </pre>
      )}
    </section>
  );
}
