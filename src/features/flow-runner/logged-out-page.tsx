import { Link } from 'react-router';
import { useRun } from '@/state/runs';

/** Where the provider sends the browser after logout (post_logout_redirect_uri). */
export function LoggedOutPage() {
  const run = useRun();
  const params = new URLSearchParams(window.location.search);
  const state = params.get('state');
  const expected = run?.generated.state;
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">Signed out</h1>
      <p>The provider ended its session and redirected back to the post_logout_redirect_uri.</p>
      {state !== null && (
        <p className="text-sm">
          state: <span className="font-mono">{state}</span>{' '}
          {expected
            ? state === expected
              ? '(matches the run’s state)'
              : '(does not match the run’s state)'
            : ''}
        </p>
      )}
      {run && (
        <Link to={`/flows/${run.flowId}`} className="text-indigo-700 underline dark:text-indigo-300">
          Back to the run
        </Link>
      )}
    </div>
  );
}
