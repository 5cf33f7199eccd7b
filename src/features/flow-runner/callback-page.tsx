import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeLateArrival, isCallbackConsumed } from '@/protocol/flows/engine';
import { runStore } from '@/state/runs';
import { createBrowserFlowRunner } from './runner/browser-runner';
import { CALLBACK_MESSAGE } from './runner/browser-port';
import { FlowRunnerProvider } from './runner/flow-runner-provider';
import { useFlowRunner } from './runner/runner-context';
import { LazyRunView } from './run-view-lazy';

/**
 * The redirect target. Codes and tokens leave the address bar at once. In a popup the URL is
 * handed to the opener (same origin only) and the popup closes; otherwise the run reads it here.
 */
export function CallbackPage() {
  return (
    <FlowRunnerProvider create={createBrowserFlowRunner}>
      <CallbackReader />
    </FlowRunnerProvider>
  );
}

function CallbackReader() {
  const runner = useFlowRunner();
  const navigate = useNavigate();
  const handled = useRef(false);
  // Read once, before the effect strips the address bar: is there a run this callback belongs to?
  const [problem] = useState<string | undefined>(() =>
    runStore.get() || (window.opener as Window | null)
      ? undefined
      : 'This callback arrived, but no flow run is in progress in this tab (it may have been started in another tab, or the session was cleared). Start the flow again.',
  );

  const [replay] = useState<string | undefined>(() => {
    const run = runStore.get();
    return run && !(window.opener as Window | null) && isCallbackConsumed(run)
      ? describeLateArrival(run, window.location.href).message
      : undefined;
  });
  useEffect(() => {
    if (handled.current) return;
    handled.current = true;
    const url = window.location.href;
    window.history.replaceState(null, '', '/callback');
    const opener = window.opener as Window | null;
    if (opener && opener !== window) {
      try {
        opener.postMessage({ type: CALLBACK_MESSAGE, url }, window.location.origin);
        window.close();
        return;
      } catch {
        // The opener navigated away or is another origin: fall through and handle it here.
      }
    }
    if (replay) return;
    const run = runStore.get();
    if (run && runner.receiveCallback(url) === 'read') {
      // The run view's chunk comes in beside the flow page's, not after it.
      void LazyRunView.preload();
      void navigate(`/flows/${run.flowId}`, { replace: true });
    }
  }, [navigate, problem, replay, runner]);

  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">Callback</h1>
      {replay && (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          {replay}
        </p>
      )}
      {problem ? (
        <>
          <p role="alert">{problem}</p>
          <Link to="/flows" className="text-indigo-700 underline dark:text-indigo-300">
            Choose a flow
          </Link>
        </>
      ) : replay ? (
        <Link
          to={`/flows/${runStore.get()?.flowId ?? ''}`}
          className="text-indigo-700 underline dark:text-indigo-300"
        >
          Back to the run
        </Link>
      ) : (
        <p role="status">Reading the provider’s response…</p>
      )}
    </div>
  );
}
