import { updateSecrets, useSecrets } from '@/state/runs';
import { ParamField } from '../param-field';
import { useFlowRunner } from '../runner/runner-context';
import type { InteractionProps } from './types';

/** The password typed into the app (password grant): kept in memory only. */
export function CollectCredentials({ run, step }: InteractionProps) {
  const runner = useFlowRunner();
  const secrets = useSecrets();
  const username = run.tokenParams.username ?? '';
  const password = secrets.password ?? '';
  return (
    <form
      className="space-y-3"
      aria-label="Credentials the user gives the app"
      onSubmit={(event) => {
        event.preventDefault();
        runner.dispatch({
          type: 'step-finished',
          stepKey: step.key,
          outcome: {
            ok: true,
            message: `The app now holds ${username}'s password (${password.length} characters, in memory only).`,
          },
        });
      }}
    >
      <p className="text-sm">
        Username: <span className="font-mono">{username || '(empty)'}</span>
      </p>
      <ParamField
        name="password"
        secret
        value={password}
        onChange={(value) => updateSecrets({ password: value })}
        description="The user’s password. Kept in this tab’s memory only: never stored, logged or exported (the request log shows a placeholder)."
      />
      <button
        type="submit"
        disabled={password === '' || username === ''}
        className="rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white disabled:opacity-50"
      >
        Give the credentials to the app
      </button>
    </form>
  );
}
