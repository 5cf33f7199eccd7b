import type { FlowRun } from '@/protocol/flows/types';
import { ENTRA_CLOUDS } from '@/protocol/providers';
import { defaultApiUrl } from '@/state/presets';
import { ClaimsChallengePrompt, StepUpPrompt } from './claims-challenge-prompt';
import { DpopRunPanel } from './dpop-run-panel';
import { ParamField } from './param-field';
import { useFlowRunner } from './runner/runner-context';

/** What a run that holds tokens can do next: refresh, userinfo, call an API, log out. */
export function FollowUps({ run, onAdded }: { run: FlowRun; onAdded: (key: string) => void }) {
  const runner = useFlowRunner();
  if (!run.values.access_token && !run.values.id_token) return null;
  const setParam = (name: string, value: string) =>
    runner.dispatch({ type: 'parameters-edited', tokenParams: { [name]: value } });
  const apiUrl =
    run.tokenParams.api_url ??
    defaultApiUrl(
      run.provider.kind,
      run.provider.kind === 'entra' ? ENTRA_CLOUDS[run.provider.cloud].graphOrigin : undefined,
    );
  const add = (stepId: string, tokenParams: Record<string, string> = {}) => {
    const next = runner.dispatch({ type: 'follow-up-added', stepId, tokenParams });
    const added = next?.steps.at(-1);
    if (next && next.steps.length > run.steps.length && added) onAdded(added.key);
  };
  const button =
    'rounded-md border border-indigo-600 px-3 py-1.5 text-sm font-medium text-indigo-800 disabled:opacity-40 dark:text-indigo-200';
  return (
    <section
      aria-labelledby="follow-ups-heading"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
    >
      <h2 id="follow-ups-heading" className="text-lg font-semibold">
        Next steps with these tokens
      </h2>
      <ClaimsChallengePrompt run={run} />
      <StepUpPrompt run={run} />
      <DpopRunPanel run={run} />
      <div className="grid gap-4 md:grid-cols-2">
        <div className="space-y-2">
          <ParamField
            name="scope"
            value={run.tokenParams.refresh_scope ?? ''}
            onChange={(value) => setParam('refresh_scope', value)}
            description="Scope for the refresh request (empty: the same as before)."
          />
          <button
            type="button"
            className={button}
            disabled={!run.values.refresh_token}
            onClick={() => add('refresh')}
          >
            Refresh the tokens
          </button>
          {!run.values.refresh_token && (
            <p className="text-xs text-slate-600 dark:text-slate-400">
              No refresh token: ask for the offline_access scope.
            </p>
          )}
        </div>
        <div className="space-y-2">
          <ParamField
            name="api_url"
            value={apiUrl}
            onChange={(value) => setParam('api_url', value)}
            description="The API to call with the access token (Bearer)."
          />
          <button
            type="button"
            className={button}
            disabled={!run.values.access_token}
            onClick={() => add('call-api', { api_url: apiUrl })}
          >
            Call the API
          </button>
        </div>
        <div className="space-y-2">
          <button
            type="button"
            className={button}
            disabled={!run.values.access_token || !run.endpoints.userinfo_endpoint}
            onClick={() => add('userinfo')}
          >
            Call UserInfo
          </button>
          {!run.endpoints.userinfo_endpoint && (
            <p className="text-xs">The provider publishes no userinfo_endpoint.</p>
          )}
        </div>
        <div className="space-y-2">
          <ParamField
            name="post_logout_redirect_uri"
            value={run.tokenParams.post_logout_redirect_uri ?? ''}
            onChange={(value) => setParam('post_logout_redirect_uri', value)}
          />
          <button
            type="button"
            className={button}
            disabled={!run.endpoints.end_session_endpoint}
            onClick={() => add('logout')}
          >
            Log out (end session)
          </button>
          {!run.endpoints.end_session_endpoint && (
            <p className="text-xs">The provider publishes no end_session_endpoint.</p>
          )}
        </div>
        <div className="space-y-2">
          <label className="block text-sm">
            <span className="font-mono font-semibold">token</span>{' '}
            <span className="text-xs text-slate-600 dark:text-slate-400">
              — which token introspection and revocation act on
            </span>
            <select
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-900"
              value={run.tokenParams.manage_token ?? 'access_token'}
              onChange={(event) => setParam('manage_token', event.target.value)}
            >
              <option value="access_token">access_token</option>
              <option value="refresh_token" disabled={!run.values.refresh_token}>
                refresh_token
              </option>
            </select>
          </label>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={button}
              disabled={!run.endpoints.introspection_endpoint}
              onClick={() => add('introspect')}
            >
              Introspect the token
            </button>
            <button
              type="button"
              className={button}
              disabled={!run.endpoints.revocation_endpoint}
              onClick={() => add('revoke')}
            >
              Revoke the token
            </button>
          </div>
          {(!run.endpoints.introspection_endpoint || !run.endpoints.revocation_endpoint) && (
            <p className="text-xs">
              The provider publishes no{' '}
              {[
                run.endpoints.introspection_endpoint ? '' : 'introspection_endpoint',
                run.endpoints.revocation_endpoint ? '' : 'revocation_endpoint',
              ]
                .filter(Boolean)
                .join(' or ')}
              .
            </p>
          )}
          {run.values.introspection_active && (
            <p role="status" className="text-sm">
              Last introspection: <span className="font-mono">active: {run.values.introspection_active}</span>
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
