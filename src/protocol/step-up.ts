import { PlaygroundError } from './errors';
import { parseWwwAuthenticate } from './www-authenticate';

/** A request for one claim in the OIDC `claims` parameter: `null`, or how it is wanted. */
export type ClaimRequest = null | { essential?: boolean; value?: unknown; values?: unknown[] };

/** The OIDC `claims` request parameter: per target, the claims asked for by name. */
export interface ClaimsParameter {
  id_token?: Record<string, ClaimRequest>;
  userinfo?: Record<string, ClaimRequest>;
}

/**
 * Reads and checks a `claims` parameter typed by the user: a JSON object whose members are only
 * `id_token` and `userinfo`, each an object of claim name → `null` or `{ essential, value, values }`.
 * Throws `CLAIMS_PARAMETER_INVALID` naming the first member that is wrong.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClaimsParameter
 */
export function parseClaimsParameter(text: string): ClaimsParameter {
  const fail = (message: string, actual: unknown): never => {
    throw new PlaygroundError('CLAIMS_PARAMETER_INVALID', message, {
      cause: { expected: '{ "id_token": { "claim": null | { "essential", "value", "values" } } }', actual },
    });
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(
      `"claims" is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      text.slice(0, 200),
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail('"claims" must be a JSON object with "id_token" and/or "userinfo"', parsed);
  }
  for (const [target, requests] of Object.entries(parsed)) {
    if (target !== 'id_token' && target !== 'userinfo') {
      fail(`"claims" may only have "id_token" and "userinfo", not "${target}"`, target);
    }
    if (typeof requests !== 'object' || requests === null || Array.isArray(requests)) {
      fail(`"claims.${target}" must be an object of claim names`, requests);
    }
    for (const [claim, request] of Object.entries(requests as Record<string, unknown>)) {
      if (request === null) continue;
      if (typeof request !== 'object' || Array.isArray(request)) {
        fail(`"claims.${target}.${claim}" must be null or an object`, request);
      }
      const { essential, values } = request as Record<string, unknown>;
      if (essential !== undefined && typeof essential !== 'boolean') {
        fail(`"claims.${target}.${claim}.essential" must be true or false`, essential);
      }
      if (values !== undefined && !Array.isArray(values)) {
        fail(`"claims.${target}.${claim}.values" must be an array`, values);
      }
    }
  }
  return parsed;
}

/** What the authorization request asked about the sign-in. */
export interface AuthenticationRequest {
  /** `acr_values`, space-separated in order of preference (voluntary). */
  acrValues?: string;
  /** The `claims` parameter, when one was sent. */
  claims?: ClaimsParameter;
  /** `max_age` in seconds. */
  maxAge?: number;
  /** `prompt` as sent. */
  prompt?: string;
  /** When the request was sent, seconds since the epoch (for `prompt=login`). */
  sentAt?: number;
}

/** One finding about `acr`, `amr` or `auth_time` in an ID token. */
export interface AuthenticationCheck {
  claim: 'acr' | 'amr' | 'auth_time';
  status: 'met' | 'not-met' | 'missing' | 'info';
  message: string;
}

/**
 * Compares an ID token's `acr`, `amr` and `auth_time` with what was asked: an essential `acr` in
 * `claims` must be met; voluntary `acr_values` may be declined by the provider (said, not hidden);
 * with `max_age`, `auth_time` is required and must be recent enough; with `prompt=login` the
 * sign-in must be fresh (after the request). Clock skew of `skewSeconds` (60) is allowed.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 * @see https://openid.net/specs/openid-connect-core-1_0.html#acrSemantics
 */
export function checkAuthenticationClaims(
  idToken: Record<string, unknown>,
  request: AuthenticationRequest,
  now: number = Math.floor(Date.now() / 1000),
  skewSeconds = 60,
): AuthenticationCheck[] {
  const checks: AuthenticationCheck[] = [];
  const acr = typeof idToken.acr === 'string' ? idToken.acr : undefined;
  const requested = readAcrRequest(request);
  if (requested.essential.length > 0) {
    checks.push(
      acr === undefined
        ? {
            claim: 'acr',
            status: 'missing',
            message: `"acr" is missing; an essential acr (${requested.essential.join(' or ')}) was asked for`,
          }
        : requested.essential.includes(acr)
          ? { claim: 'acr', status: 'met', message: `"acr" ${acr} meets the essential request` }
          : {
              claim: 'acr',
              status: 'not-met',
              message: `"acr" is ${acr}, but the essential request was ${requested.essential.join(' or ')}`,
            },
    );
  } else if (requested.voluntary.length > 0) {
    checks.push(
      acr === undefined
        ? {
            claim: 'acr',
            status: 'missing',
            message: `"acr" is missing; acr_values asked for ${requested.voluntary.join(' or ')}`,
          }
        : requested.voluntary.includes(acr)
          ? { claim: 'acr', status: 'met', message: `"acr" ${acr} is one of the requested acr_values` }
          : {
              claim: 'acr',
              status: 'not-met',
              message: `"acr" is ${acr}, not one of the requested acr_values (${requested.voluntary.join(', ')}): acr_values is voluntary, so the provider may sign the user in another way; an API that needs it will refuse`,
            },
    );
  } else if (acr !== undefined) {
    checks.push({
      claim: 'acr',
      status: 'info',
      message: `"acr" is ${acr} (no particular level was asked for)`,
    });
  }
  const amr = idToken.amr;
  if (Array.isArray(amr)) {
    checks.push({
      claim: 'amr',
      status: 'info',
      message: `"amr": the user signed in with ${amr.map(String).join(' + ')} (RFC 8176 values)`,
    });
  }
  const authTime = typeof idToken.auth_time === 'number' ? idToken.auth_time : undefined;
  if (request.maxAge !== undefined) {
    if (authTime === undefined) {
      checks.push({
        claim: 'auth_time',
        status: 'missing',
        message: '"auth_time" is required in the ID token when max_age is sent, and it is missing',
      });
    } else {
      const age = now - authTime;
      checks.push(
        age <= request.maxAge + skewSeconds
          ? {
              claim: 'auth_time',
              status: 'met',
              message: `the user signed in ${age} s ago, within max_age ${request.maxAge}`,
            }
          : {
              claim: 'auth_time',
              status: 'not-met',
              message: `the user signed in ${age} s ago, longer than max_age ${request.maxAge}`,
            },
      );
    }
  }
  if (request.prompt?.split(' ').includes('login') === true && request.sentAt !== undefined) {
    checks.push(
      authTime === undefined
        ? {
            claim: 'auth_time',
            status: 'missing',
            message: 'prompt=login was sent but the ID token has no "auth_time" to show a fresh sign-in',
          }
        : authTime + skewSeconds >= request.sentAt
          ? {
              claim: 'auth_time',
              status: 'met',
              message: 'prompt=login: the user signed in again after the request was sent',
            }
          : {
              claim: 'auth_time',
              status: 'not-met',
              message:
                'prompt=login was sent, but "auth_time" is older than the request: the provider reused a session',
            },
    );
  }
  return checks;
}

function readAcrRequest(request: AuthenticationRequest): { voluntary: string[]; essential: string[] } {
  const voluntary = (request.acrValues ?? '').split(' ').filter(Boolean);
  const essential: string[] = [];
  const acr = request.claims?.id_token?.acr;
  if (acr !== undefined && acr !== null) {
    const values = [...(acr.values ?? []), ...(acr.value === undefined ? [] : [acr.value])].filter(
      (value): value is string => typeof value === 'string',
    );
    (acr.essential === true ? essential : voluntary).push(...values);
  }
  return { voluntary, essential };
}

/** An RFC 9470 step-up challenge from a resource server. */
export interface StepUpChallenge {
  scheme: string;
  /** What the API wants: `acr_values` (space-separated) and/or `max_age` (seconds). */
  acr_values?: string;
  max_age?: number;
  error_description?: string;
}

/**
 * Reads `error="insufficient_user_authentication"` with `acr_values` and/or `max_age` from a
 * `WWW-Authenticate` header (Bearer or DPoP), or `undefined` when it is not a step-up challenge.
 * The run then offers a new authorization request with those values.
 * @see https://www.rfc-editor.org/rfc/rfc9470#section-3
 */
export function readStepUpChallenge(header: string): StepUpChallenge | undefined {
  let challenges;
  try {
    challenges = parseWwwAuthenticate(header);
  } catch {
    return undefined;
  }
  const found = challenges.find((challenge) => challenge.params.error === 'insufficient_user_authentication');
  if (found === undefined) return undefined;
  const result: StepUpChallenge = { scheme: found.scheme };
  if (found.params.acr_values !== undefined) result.acr_values = found.params.acr_values;
  const maxAge = found.params.max_age;
  if (maxAge !== undefined && /^\d+$/.test(maxAge)) result.max_age = Number(maxAge);
  if (found.params.error_description !== undefined) result.error_description = found.params.error_description;
  return result;
}

/**
 * The authorization parameters that answer a step-up challenge: `acr_values` and `max_age` as the
 * API asked (RFC 9470 §4), keeping the rest of the previous request.
 * @see https://www.rfc-editor.org/rfc/rfc9470#section-4
 */
export function applyStepUpChallenge(
  params: Record<string, string>,
  challenge: StepUpChallenge,
): Record<string, string> {
  const next = { ...params };
  if (challenge.acr_values !== undefined) next.acr_values = challenge.acr_values;
  if (challenge.max_age !== undefined) next.max_age = String(challenge.max_age);
  return next;
}
