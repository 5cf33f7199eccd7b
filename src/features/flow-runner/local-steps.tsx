import { useEffect, useRef } from 'react';
import { checkOboUserToken } from '@/protocol/flows/on-behalf-of';
import type { FlowRun, RunStep } from '@/protocol/flows/types';
import { updateSecrets, useSecrets } from '@/state/runs';
import { ParamField } from './param-field';
import { completeLocalStep } from './run-actions';

/** Browser-side steps of the back-channel flows: the password typed into the app, the incoming user token. */
export function BackChannelLocalStep({ run, step }: { run: FlowRun; step: RunStep }) {
  if (step.stepId === 'collect-credentials') return <CollectCredentials run={run} step={step} />;
  if (step.stepId === 'obo-user-token') return <OboUserTokenCheck run={run} step={step} />;
  return null;
}

function CollectCredentials({ run, step }: { run: FlowRun; step: RunStep }) {
  const secrets = useSecrets();
  const username = run.tokenParams.username ?? '';
  const password = secrets.password ?? '';
  return (
    <form
      className="space-y-3"
      aria-label="Credentials the user gives the app"
      onSubmit={(event) => {
        event.preventDefault();
        completeLocalStep(step, {
          ok: true,
          message: `The app now holds ${username}'s password (${password.length} characters, in memory only).`,
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

function OboUserTokenCheck({ run, step }: { run: FlowRun; step: RunStep }) {
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    completeLocalStep(
      step,
      checkOboUserToken(run.tokenParams.assertion ?? '', run.tokenParams.expected_audience),
    );
  }, [run, step]);
  return <p role="status">Checking the user token…</p>;
}
