import type { FlowRun } from '@/protocol/flows/types';
import { usePresenter } from '@/ui/presenter/use-presenter';
import { RunTokenView } from './run-token-view';

/** The tokens a run holds now, each in the inspector's views, and the history of token responses. */
export function TokensPanel({ run }: { run: FlowRun }) {
  const presenter = usePresenter();
  const tokens = (['id_token', 'access_token', 'refresh_token'] as const).filter((name) => run.values[name]);
  if (tokens.length === 0) return null;
  return (
    <section aria-labelledby="tokens-heading" className="space-y-4">
      <h2 id="tokens-heading" tabIndex={-1} className="scroll-mt-4 text-lg font-semibold">
        Tokens
      </h2>
      {run.values.expires_in && (
        <p className="text-sm">
          expires_in: <span className="font-mono">{run.values.expires_in}</span> s · token_type:{' '}
          <span className="font-mono">{run.values.token_type ?? '—'}</span> · scope:{' '}
          <span className="font-mono">{run.values.scope ?? '—'}</span>
        </p>
      )}
      {tokens.map((name) => (
        <RunTokenView
          key={`${name}-${run.values[name] ?? ''}`}
          name={name}
          token={run.values[name] ?? ''}
          run={run}
        />
      ))}
      {run.tokenHistory.length > 1 && (
        <details className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
          <summary className="cursor-pointer font-semibold">
            Token history ({run.tokenHistory.length} responses)
          </summary>
          <ol className="mt-2 space-y-2 text-sm">
            {run.tokenHistory.map((entry, index) => (
              <li key={`${entry.at}-${index}`}>
                <span className="font-medium">{entry.label}</span> at{' '}
                {new Date(entry.at).toLocaleTimeString()}:{' '}
                {(['access_token', 'id_token', 'refresh_token'] as const)
                  .filter((name) => entry.values[name])
                  .map((name) => `${name} …${presenter.on ? '••••' : (entry.values[name] ?? '').slice(-8)}`)
                  .join(', ')}
                {index > 0 &&
                  entry.values.refresh_token &&
                  run.tokenHistory[index - 1]?.values.refresh_token &&
                  entry.values.refresh_token !== run.tokenHistory[index - 1]?.values.refresh_token && (
                    <span className="ml-1 text-amber-800 dark:text-amber-300">
                      (refresh token rotated; the old one is kept above — try it: some providers still accept
                      it)
                    </span>
                  )}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
