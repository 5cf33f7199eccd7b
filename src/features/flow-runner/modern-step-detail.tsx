import { compareAuthentication } from '@/protocol/flows/authentication-checks';
import type { FlowRun, RunStep } from '@/protocol/flows/types';
import { readGrantedAuthorizationDetails } from '@/protocol/rar';
import { decodeJwt, type DecodedJws } from '@/tokens/decode';
import { JsonBlock } from '@/ui/token/json-block';
import { usePresenter } from '@/ui/presenter/use-presenter';

function decodeJws(token: string | undefined): DecodedJws | undefined {
  if (!token) return undefined;
  try {
    const decoded = decodeJwt(token);
    return decoded.format === 'jws' ? decoded : undefined;
  } catch {
    return undefined;
  }
}

function Decoded({ token, title }: { token: DecodedJws; title: string }) {
  return (
    <div className="flex flex-col gap-2 md:flex-row">
      <JsonBlock title={`${title} header`} value={token.header} />
      <JsonBlock title={`${title} payload`} value={token.payload} />
    </div>
  );
}

const statusMark = { met: '✓', 'not-met': '✗', missing: '✗', info: 'ℹ' } as const;

/**
 * What the modern modes add to a step's detail: the signed request object, the pushed
 * request_uri and its one-time use, the JARM response's claims, the granted
 * authorization_details, and the sign-in compared with what was asked. Rendered as text only.
 */
export function ModernStepDetail({ run, step }: { run: FlowRun; step: RunStep }) {
  const presenter = usePresenter();
  const status = step.record.status;
  switch (step.stepId) {
    case 'request-object': {
      const token = decodeJws(run.values.request_object);
      return token ? <Decoded token={token} title="Request object" /> : null;
    }
    case 'authorize': {
      if (!run.modes?.par || status !== 'done' || !run.values.request_uri) return null;
      return (
        <p role="note" className="text-sm">
          The redirect used request_uri{' '}
          <span className="font-mono break-all">{presenter.text(run.values.request_uri)}</span>. RFC 9126 §4
          makes it one-time: opening the same redirect again is refused (invalid_request_uri), and so is any
          use after {run.values.request_uri_expires_at ?? 'it expires'}. Push again (a new run) for a new one.
        </p>
      );
    }
    case 'callback': {
      const token = decodeJws(run.values.jarm_response);
      if (!token) return null;
      const verified = status === 'done';
      return (
        <div className="space-y-2">
          <p className="text-sm">
            {verified
              ? 'The JARM "response" JWT, verified with the provider’s keys before its content was used:'
              : status === 'failed'
                ? 'The JARM "response" JWT as it arrived (NOT verified: see why above; nothing inside was used):'
                : 'The JARM "response" JWT, being verified with the provider’s keys:'}
          </p>
          <Decoded token={token} title="JARM response" />
        </div>
      );
    }
    case 'code-exchange': {
      if (status !== 'done') return null;
      const asked = run.authorizeParams.authorization_details;
      const fromResponse = run.values.authorization_details;
      const accessToken = decodeJws(run.values.access_token);
      const fromToken = accessToken ? readGrantedAuthorizationDetails(accessToken.payload) : undefined;
      if (!asked && !fromResponse && !fromToken) return null;
      return (
        <section aria-label="Granted authorization_details" className="space-y-2">
          <h3 className="font-semibold">authorization_details (RFC 9396)</h3>
          {fromResponse ? (
            <JsonBlock title="Granted in the token response" value={JSON.parse(fromResponse) as unknown} />
          ) : (
            <p className="text-sm">
              The token response carries no authorization_details (RFC 9396 §7 lets the server leave them out;
              that does not say they were all granted).
            </p>
          )}
          {fromToken ? (
            <JsonBlock title="authorization_details claim of the access token" value={fromToken} />
          ) : (
            <p className="text-sm">The access token has no readable authorization_details claim.</p>
          )}
        </section>
      );
    }
    case 'validate-id-token': {
      const token = decodeJws(run.values.id_token);
      if (!token || (status !== 'done' && status !== 'failed')) return null;
      const checks = compareAuthentication(run, token.payload);
      if (checks.length === 0) return null;
      return (
        <section aria-label="Sign-in compared with the request" className="space-y-1">
          <h3 className="font-semibold">The sign-in compared with what was asked</h3>
          <ul className="space-y-1 text-sm">
            {checks.map((check, index) => (
              <li key={index}>
                <span aria-hidden="true">{statusMark[check.status]} </span>
                {presenter.text(check.text)}
              </li>
            ))}
          </ul>
        </section>
      );
    }
    default:
      return null;
  }
}
