import { checkAuthenticationClaims, parseClaimsParameter, type AuthenticationRequest } from '../step-up';
import { collectAuthorizationParams } from './modern-steps';
import type { FlowRun } from './types';

/** One comparison of what the authorization request asked about the sign-in with what the ID token says. */
export interface AuthenticationComparison {
  claim: 'acr' | 'amr' | 'auth_time';
  /** `met` and `info` pass; `not-met` and `missing` fail the ID-token check. */
  status: 'met' | 'not-met' | 'missing' | 'info';
  /** "acr asked X, got Y: met", then why. */
  text: string;
}

/**
 * What a run's authorization request asked about the sign-in: `acr_values`, an `acr` in the
 * `claims` parameter, `max_age`, `prompt`, and when the request left (for `prompt=login`). A
 * `claims` value that does not parse is left out (its editor says why).
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 */
export function readAuthenticationRequest(run: FlowRun): AuthenticationRequest {
  const params = collectAuthorizationParams(run);
  const request: AuthenticationRequest = {};
  if (params.acr_values) request.acrValues = params.acr_values;
  if (params.max_age !== undefined && /^\d+$/.test(params.max_age)) request.maxAge = Number(params.max_age);
  if (params.prompt) request.prompt = params.prompt;
  if (params.claims) {
    try {
      request.claims = parseClaimsParameter(params.claims);
    } catch {
      // not sent as a valid claims request: nothing to compare with
    }
  }
  const authorize = run.steps.find((step) => step.stepId === 'authorize');
  const sent = run.exchanges.find((exchange) => authorize?.record.exchangeIds.includes(exchange.id));
  if (sent) request.sentAt = Math.floor(Date.parse(sent.startedAt) / 1000);
  return request;
}

function asked(request: AuthenticationRequest): string {
  const values = (request.acrValues ?? '').split(' ').filter(Boolean);
  const acr = request.claims?.id_token?.acr;
  if (acr) {
    for (const value of [...(acr.values ?? []), ...(acr.value === undefined ? [] : [acr.value])])
      if (typeof value === 'string') values.push(value);
  }
  return values.length > 0 ? values.join(' or ') : 'nothing';
}

const VERDICT: Record<AuthenticationComparison['status'], string> = {
  met: 'met',
  'not-met': 'not met',
  missing: 'missing',
  info: 'for information',
};

/**
 * Compares the ID token's `acr`, `amr` and `auth_time` with what the run asked, in plain words
 * ("acr asked X, got Y: not met"), or nothing when the request asked nothing about the sign-in.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 * @see https://www.rfc-editor.org/rfc/rfc9470#section-4
 */
export function compareAuthentication(
  run: FlowRun,
  idToken: Record<string, unknown>,
  now: number = Math.floor(Date.now() / 1000),
): AuthenticationComparison[] {
  const request = readAuthenticationRequest(run);
  const asksAcr = asked(request) !== 'nothing';
  const asksLogin = request.prompt?.split(' ').includes('login') === true;
  if (!asksAcr && request.maxAge === undefined && !asksLogin) return [];
  const authTime = typeof idToken.auth_time === 'number' ? idToken.auth_time : undefined;
  const got = {
    acr: typeof idToken.acr === 'string' ? idToken.acr : 'no acr',
    amr: Array.isArray(idToken.amr) ? idToken.amr.map(String).join(' + ') : 'no amr',
    auth_time:
      authTime === undefined
        ? 'no auth_time'
        : `auth_time ${new Date(authTime * 1000).toISOString()} (${now - authTime} s ago)`,
  };
  return checkAuthenticationClaims(idToken, request, now).map((check) => {
    const subject =
      check.claim === 'acr'
        ? `acr asked ${asked(request)}, got ${got.acr}`
        : check.claim === 'amr'
          ? `amr (how the user signed in): got ${got.amr}`
          : check.message.startsWith('prompt=login')
            ? `prompt=login asked a fresh sign-in, got ${got.auth_time}`
            : `max_age asked ${request.maxAge ?? '?'} s, got ${got.auth_time}`;
    return {
      claim: check.claim,
      status: check.status,
      text: `${subject}: ${VERDICT[check.status]} (${check.message})`,
    };
  });
}
