import { useNavigate } from 'react-router';
import { findFlow } from '@/protocol/flows/registry';
import type { FlowRun } from '@/protocol/flows/types';
import { requestClaimsInDraft } from './draft';
import { useFlowRunner } from './runner/runner-context';

/**
 * After an API's claims challenge (CAE): offers to authorize again with the `claims` request the
 * challenge asked for, plus the `xms_cc` capability `cp1` that declares this client handles them.
 * @see https://learn.microsoft.com/entra/identity-platform/claims-challenge
 */
export function ClaimsChallengePrompt({ run }: { run: FlowRun }) {
  const navigate = useNavigate();
  const runner = useFlowRunner();
  const claims = run.values.claims_request;
  if (!claims || run.values.claims_challenge === undefined) return null;
  // Only a flow with an authorization request can ask again with `claims`.
  const found = findFlow(run.flowId);
  const flow = found?.channel === 'front' ? found : undefined;
  return (
    <section
      aria-label="Claims challenge"
      className="space-y-2 rounded-lg border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-50"
    >
      <h2 className="text-lg font-semibold">The API sent a claims challenge</h2>
      <p className="text-sm">
        Loop: the API refused the token (401, <code>insufficient_claims</code>) → the app authorizes again
        with the <code>claims</code> it asked for → the new token satisfies them → the API call is repeated.
        <code> xms_cc</code> (“client capabilities”, value <code>cp1</code>) tells Entra and the API that this
        client can handle such challenges; APIs such as Graph only challenge clients that declare it.
      </p>
      <p className="text-sm">
        Challenge: <code className="break-all">{run.values.claims_challenge}</code>
      </p>
      <p className="text-sm">
        claims to send: <code className="break-all">{claims}</code>
      </p>
      {flow ? (
        <button
          type="button"
          className="rounded-md border border-amber-700 px-3 py-1.5 text-sm font-medium"
          onClick={() => {
            // A new run of the same flow, its authorization request now carrying the claims.
            requestClaimsInDraft(flow.id, claims);
            runner.clear();
            void navigate(`/flows/${flow.id}`);
          }}
        >
          Authorize again with these claims
        </button>
      ) : (
        <p className="text-sm">
          Add a <code>claims</code> parameter with this value to the token request, or use a browser flow.
        </p>
      )}
    </section>
  );
}
