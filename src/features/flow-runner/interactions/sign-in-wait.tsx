import { useState } from 'react';
import { LOCAL_USERS } from '@/state/presets';
import { AadstsLookup } from '@/ui/aadsts-lookup';
import { useFlowRunner } from '../runner/runner-context';
import type { InteractionProps } from './types';

const REPLAY =
  'This authorization response was already processed for the current run: a replayed callback is ignored. Start a new run to sign in again.';

/** The person signs in at the provider; a redirect to another URI can be pasted back here. */
export function SignInWait({ run }: InteractionProps) {
  const runner = useFlowRunner();
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string>();
  return (
    <div className="space-y-3">
      <p role="status">
        Waiting for you to sign in at the provider (in the popup, or in this tab after the redirect)…
      </p>
      {run.provider.kind === 'local' && (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Demo users of the local IdP:{' '}
          {LOCAL_USERS.map((user) => (
            <span key={user.username} className="mr-3 font-mono">
              {user.username} / {user.password}
            </span>
          ))}
        </p>
      )}
      {run.provider.kind === 'entra' && (
        <div className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700">
          <p>
            Entra stops on its own error page, without coming back to the app, when it does not know the
            client id (AADSTS700016) or the redirect URI is not registered (AADSTS50011). Came back from such
            a page? Its code, looked up:
          </p>
          <AadstsLookup hint="the code on Entra's error page" />
        </div>
      )}
      <form
        className="space-y-1"
        onSubmit={(event) => {
          event.preventDefault();
          if (!pasted.trim()) return;
          setProblem(runner.receiveCallback(pasted.trim()) === 'replay' ? REPLAY : undefined);
        }}
      >
        <label className="block text-sm">
          <span className="font-medium">Or paste the URL the provider redirected to</span> (when the redirect
          URI is not this app)
          <input
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
            value={pasted}
            onChange={(event) => setPasted(event.target.value)}
          />
        </label>
        <button
          type="submit"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
        >
          Read this callback
        </button>
        {problem && (
          <p role="alert" className="text-sm text-red-800 dark:text-red-300">
            {problem}
          </p>
        )}
      </form>
    </div>
  );
}
