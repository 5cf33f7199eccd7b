import { useState } from 'react';
import type { FlowRun, RunStep } from '@/protocol/flows/types';
import { allowRelayHost } from '@/state/relay-allow-list';
import { useFlowRunner } from './runner/runner-context';

/** After a `host_not_allowed` refusal: adds the host to the relay's allow-list, then retries the step. */
export function AllowRelayHost({ run, step, host }: { run: FlowRun; step: RunStep; host: string }) {
  const runner = useFlowRunner();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  return (
    <div className="w-full space-y-1">
      <p className="text-sm">
        The relay forwards only to hosts on its allow-list. Allowing <span className="font-mono">{host}</span>{' '}
        asks the companion at <span className="font-mono">{run.companionOrigin}</span> to forward requests to
        it until the companion restarts; the host is also kept in Settings.
      </p>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setProblem(undefined);
          allowRelayHost(run.companionOrigin, host).then(
            () => {
              setBusy(false);
              runner.dispatch({ type: 'retry', stepKey: step.key });
            },
            (error: unknown) => {
              setBusy(false);
              setProblem(error instanceof Error ? error.message : String(error));
            },
          );
        }}
        className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60"
      >
        Allow {host} for the relay and retry
      </button>
      {problem && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {problem}
        </p>
      )}
    </div>
  );
}
