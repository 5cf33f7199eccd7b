import type { JsonObject } from './decode';
import { substituteTenant } from './validate';
import type { VerificationResult } from './verify';

/**
 * Where the keys to check a token's signature come from, decided before any network call.
 * - `none`: no key fetch at all, with the reason shown as the verification result.
 * - `issuer`: the issuer whose discovery document (then `jwks_uri`) holds the keys. `trusted` is
 *   false when its origin is neither the chosen provider nor a host the user added: the caller must
 *   then ask the user before fetching anything.
 */
export type KeySource =
  | { kind: 'none'; result: VerificationResult }
  | { kind: 'issuer'; issuer: string; origin: string; trusted: boolean };

export interface KeySourceOptions {
  /**
   * The issuer the run expects (from the chosen provider's discovery document), possibly Entra's
   * `{tenantid}` template. When given, keys are looked up for it, never for what the token claims.
   */
  expectedIssuer?: string;
  /** Origins the user chose: the provider's hosts and the hosts they added. */
  trustedOrigins: readonly string[];
}

function originOf(url: string): string | undefined {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * The one rule both the flow run and the Tokens panel follow to find a token's signing keys.
 *
 * - A header `nonce` marks a Microsoft Graph token, signed over a hash of that nonce: nobody but
 *   Graph can check it, so nothing is fetched.
 * - Entra's multi-tenant discovery (`common`, `organizations`) names the issuer
 *   `https://login.microsoftonline.com/{tenantid}/v2.0`; the keys are those of the token's own
 *   tenant, so `{tenantid}` is replaced by the token's `tid`, exactly as the issuer check does.
 * - Without an expected issuer (a pasted token) the token's own `iss` is used, but only fetched
 *   without asking when its origin is one the user chose.
 * @see https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-signature
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export function chooseKeySource(
  header: JsonObject,
  payload: JsonObject,
  options: KeySourceOptions,
): KeySource {
  if (typeof header.nonce === 'string') {
    return {
      kind: 'none',
      result: {
        status: 'cannot-verify',
        cause: 'graph-nonce',
        reason:
          'The header carries a "nonce": this is a Microsoft Graph token, signed over a hash of the nonce. Only Graph can verify it, so no keys were fetched; a standard check would report it invalid even though it is genuine.',
      },
    };
  }
  const claimed = typeof payload.iss === 'string' ? payload.iss : '';
  const issuer =
    options.expectedIssuer === undefined || options.expectedIssuer === ''
      ? claimed
      : substituteTenant(options.expectedIssuer, payload.tid);
  const origin = originOf(issuer);
  if (origin === undefined || issuer.includes('{')) {
    return {
      kind: 'none',
      result: {
        status: 'cannot-verify',
        cause: 'key-fetch-failed',
        reason:
          issuer === ''
            ? 'The token has no "iss", so its keys cannot be discovered. Paste a key instead.'
            : issuer.includes('{')
              ? `The issuer "${issuer}" still holds a placeholder (the token has no "tid" to fill it), so its keys cannot be discovered. Paste a key instead.`
              : `The issuer "${issuer}" is not an http(s) URL, so its keys cannot be discovered. Paste a key instead.`,
      },
    };
  }
  const trusted = options.trustedOrigins.some((allowed) => originOf(allowed) === origin);
  return { kind: 'issuer', issuer, origin, trusted };
}
