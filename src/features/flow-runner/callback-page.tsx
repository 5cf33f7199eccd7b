import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { runStore } from '@/state/runs';
import { CALLBACK_MESSAGE, handleCallbackUrl } from './run-actions';

/**
 * The redirect target. Codes and tokens leave the address bar at once. In a popup the URL is
 * handed to the opener (same origin only) and the popup closes; otherwise the run reads it here.
 */
export function CallbackPage() {
  const navigate = useNavigate();
  const handled = useRef(false);
  // Read once, before the effect strips the address bar: is there a run this callback belongs to?
  const [problem] = useState<string | undefined>(() =>
    runStore.get() || (window.opener as Window | null)
      ? undefined
      : 'This callback arrived, but no flow run is in progress in this tab (it may have been started in another tab, or the session was cleared). Start the flow again.',
  );

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
    if (!runStore.get()) return;
    const run = handleCallbackUrl(url);
    if (run) void navigate(`/flows/${run.flowId}`, { replace: true });
  }, [navigate, problem]);

  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">Callback</h1>
      {problem ? (
        <>
          <p role="alert">{problem}</p>
          <Link to="/flows" className="text-indigo-700 underline dark:text-indigo-300">
            Choose a flow
          </Link>
        </>
      ) : (
        <p role="status">Reading the provider’s response…</p>
      )}
    </div>
  );
}
