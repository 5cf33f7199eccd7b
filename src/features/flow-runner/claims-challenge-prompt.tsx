import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { findFlow } from '@/protocol/flows/registry';
import type { AnsweredChallenge, FlowId, FlowRun } from '@/protocol/flows/types';
import type { StepUpChallenge } from '@/protocol/step-up';
import { requestClaimsInDraft, requestStepUpInDraft } from './draft';
import { useFlowRunner } from './runner/runner-context';

/**
 * An API's challenge that a new authorization answers (a claims challenge, a step-up): what the
 * API asked, and a button that starts a new run of the same flow with the draft changed by
 * `prepare`. Only a flow with an authorization request can ask again.
 */
function ReauthorizePrompt({
  run,
  label,
  heading,
  action,
  otherwise,
  prepare,
  children,
}: {
  run: FlowRun;
  label: string;
  heading: string;
  action: string;
  otherwise: ReactNode;
  prepare: (flowId: FlowId) => void;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  const runner = useFlowRunner();
  const found = findFlow(run.flowId);
  const flow = found?.channel === 'front' ? found : undefined;
  return (
    <section
      aria-label={label}
      className="space-y-2 rounded-lg border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-50"
    >
      <h2 className="text-lg font-semibold">{heading}</h2>
      {children}
      {flow ? (
        <button
          type="button"
          className="rounded-md border border-amber-700 px-3 py-1.5 text-sm font-medium"
          onClick={() => {
            // A new run of the same flow, its authorization request now answering the challenge.
            prepare(flow.id);
            runner.clear();
            void navigate(`/flows/${flow.id}`);
          }}
        >
          {action}
        </button>
      ) : (
        <p className="text-sm">{otherwise}</p>
      )}
    </section>
  );
}

/**
 * After an API's claims challenge (CAE): offers to authorize again with the `claims` request the
 * challenge asked for, plus the `xms_cc` capability `cp1` that declares this client handles them.
 * @see https://learn.microsoft.com/entra/identity-platform/claims-challenge
 */
export function ClaimsChallengePrompt({ run }: { run: FlowRun }) {
  const claims = run.values.claims_request;
  if (!claims || run.values.claims_challenge === undefined) return null;
  const answered = refusalOf(run, claims);
  return (
    <ReauthorizePrompt
      run={run}
      label="Claims challenge"
      heading="The API sent a claims challenge"
      action="Authorize again with these claims"
      otherwise={
        <>
          Add a <code>claims</code> parameter with this value to the token request, or use a browser flow.
        </>
      }
      prepare={(flowId) => requestClaimsInDraft(flowId, claims, answered)}
    >
      <p className="text-sm">
        Loop: the API refused the token (401, <code>insufficient_claims</code>) → the app authorizes again
        with the <code>claims</code> it asked for → the new token satisfies them → the API call is repeated.
        The new run’s sequence diagram draws this loop, from the refusal to the repeated call.
        <code> xms_cc</code> (“client capabilities”, value <code>cp1</code>) tells Entra and the API that this
        client can handle such challenges; APIs such as Graph only challenge clients that declare it.
      </p>
      <p className="text-sm">
        Challenge: <code className="break-all">{run.values.claims_challenge}</code>
      </p>
      <p className="text-sm">
        claims to send: <code className="break-all">{claims}</code>
      </p>
    </ReauthorizePrompt>
  );
}

/** The refused call that carried the claims challenge: the loop the next run draws starts there. */
function refusalOf(run: FlowRun, claimsRequest: string): AnsweredChallenge | undefined {
  const refused = run.steps.findLast(
    (step) => step.record.status === 'failed' && step.record.oauthError?.error === 'insufficient_claims',
  );
  if (!refused) return undefined;
  const exchangeId = refused.record.exchangeIds.at(-1);
  const status = run.exchanges.find((exchange) => exchange.id === exchangeId)?.response?.status;
  if (status === undefined) return undefined;
  return { fromRunId: run.id, stepId: refused.stepId, status, error: 'insufficient_claims', claimsRequest };
}

/** The step-up challenge a run holds, as `applyStepUpChallenge` takes it. */
function stepUpOf(run: FlowRun): StepUpChallenge | undefined {
  const { step_up_challenge: raw, step_up_acr_values: acr, step_up_max_age: maxAge } = run.values;
  if (raw === undefined) return undefined;
  const challenge: StepUpChallenge = { scheme: raw.split(' ')[0] ?? 'Bearer' };
  if (acr) challenge.acr_values = acr;
  if (maxAge && /^\d+$/.test(maxAge)) challenge.max_age = Number(maxAge);
  return challenge.acr_values === undefined && challenge.max_age === undefined ? undefined : challenge;
}

/**
 * After an API's step-up challenge (RFC 9470, `insufficient_user_authentication`): offers to
 * authorize again with the `acr_values` and `max_age` it asked for, then call it again.
 * @see https://www.rfc-editor.org/rfc/rfc9470#section-4
 */
export function StepUpPrompt({ run }: { run: FlowRun }) {
  const challenge = stepUpOf(run);
  if (!challenge) return null;
  const asked = [
    challenge.acr_values === undefined ? '' : `acr_values=${challenge.acr_values}`,
    challenge.max_age === undefined ? '' : `max_age=${String(challenge.max_age)}`,
  ]
    .filter(Boolean)
    .join(' ');
  const apiUrl = run.tokenParams.api_url;
  return (
    <ReauthorizePrompt
      run={run}
      label="Step-up challenge"
      heading="The API asks for a stronger sign-in (step-up)"
      action={`Authorize again with ${asked}`}
      otherwise={<>Only a flow with an authorization request can answer a step-up challenge.</>}
      prepare={(flowId) => requestStepUpInDraft(flowId, challenge, apiUrl)}
    >
      <p className="text-sm">
        Loop (
        <a
          href="https://www.rfc-editor.org/rfc/rfc9470"
          target="_blank"
          rel="noreferrer noopener"
          className="underline"
        >
          RFC 9470
        </a>
        ): the API refused the token (401, <code>insufficient_user_authentication</code>) because of how or
        when the user signed in → the app authorizes again with <code>acr_values</code> (the authentication
        level) and/or <code>max_age</code> (how recent the sign-in must be) → the provider signs the user in
        as asked → the new token’s <code>acr</code> and <code>auth_time</code> satisfy the API.
      </p>
      <p className="text-sm">
        WWW-Authenticate: <code className="break-all">{run.values.step_up_challenge}</code>
      </p>
    </ReauthorizePrompt>
  );
}
