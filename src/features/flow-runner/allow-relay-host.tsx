import { useState } from 'react';
import type { FlowRun, RunStep } from '@/protocol/flows/types';
import { allowRelayHost, allowRelayLoopbackOrigin, isLoopbackOrigin } from '@/state/relay-allow-list';
import { useFlowRunner } from './runner/runner-context';

/**
 * After a `host_not_allowed` or `loopback_not_allowed` refusal: adds the host (or the loopback
 * origin of the user's own server, with a warning) to the relay's allow-list, then retries the step.
 */
export function AllowRelayHost({ run, step, host }: { run: FlowRun; step: RunStep; host: string }) {
  const runner = useFlowRunner();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const loopback = isLoopbackOrigin(host);
  const allow = loopback ? allowRelayLoopbackOrigin : allowRelayHost;
  return (
    <div className="w-full space-y-1">
      <p className="text-sm">
        The relay forwards only to hosts on its allow-list. Allowing <span className="font-mono">{host}</span>{' '}
        asks the companion at <span className="font-mono">{run.companionOrigin}</span> to forward requests to
        it until the companion restarts; the {loopback ? 'origin' : 'host'} is also kept in Settings.
      </p>
      {loopback && (
        <p role="note" className="text-sm text-amber-900 dark:text-amber-200">
          Warning: <span className="font-mono">{host}</span> is a server on this machine. Allow it only if it
          is your own (for example the identity provider you are developing against): the relay will then
          forward this app&apos;s requests to it.
        </p>
      )}
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setProblem(undefined);
          allow(run.companionOrigin, host).then(
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
