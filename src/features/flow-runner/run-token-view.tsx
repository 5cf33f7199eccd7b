import type { FlowRun } from '@/protocol/flows/types';
import { inspectToken } from '@/tokens/classify';

/** One token of a run, decoded locally, with what kind of token it is and why. */
export function RunTokenView({
  name,
  token,
  run,
}: {
  name: 'id_token' | 'access_token' | 'refresh_token';
  token: string;
  run: FlowRun;
}) {
  const inspected = inspectToken(token, name);
  const decoded = inspected.decoded;
  return (
    <article
      aria-label={name}
      className="space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
    >
      <h3 className="font-mono font-semibold">{name}</h3>
      <ul className="text-sm">
        {inspected.classification.findings.map((finding) => (
          <li key={`${finding.topic}-${finding.conclusion}`}>
            <span className="font-medium">{finding.conclusion}</span> — {finding.reason}
          </li>
        ))}
      </ul>
      {decoded?.format === 'jws' && (
        <div className="grid gap-2 md:grid-cols-2">
          <pre className="overflow-auto rounded-md bg-slate-100 p-2 text-xs dark:bg-slate-900">
            {JSON.stringify(decoded.header, null, 2)}
          </pre>
          <pre className="overflow-auto rounded-md bg-slate-100 p-2 text-xs dark:bg-slate-900">
            {JSON.stringify(decoded.payload, null, 2)}
          </pre>
        </div>
      )}
      {inspected.error && <p className="text-sm text-red-800 dark:text-red-300">{inspected.error.message}</p>}
      <p className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">{token}</p>
      <p className="text-xs">Run {run.id}</p>
    </article>
  );
}
