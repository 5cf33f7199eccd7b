import { decodeBase64Text } from './base64';
import type { AuthChallenge } from './www-authenticate';

/** The client capability that tells Entra (and Graph) the client can handle claims challenges. */
export const CAE_CAPABILITY = 'cp1';

export interface ClaimsChallenge {
  /** The decoded claims request the API asks for (JSON text). */
  claims: string;
  /** The value to send as `claims` when authorizing again: the challenge plus `xms_cc` capabilities. */
  claimsRequest: string;
}

/**
 * Reads an Entra claims challenge from a Bearer challenge: `error="insufficient_claims"` with a
 * base64 `claims` value (Continuous Access Evaluation, Conditional Access authentication context).
 * `undefined` when the challenge is not one, or its claims are not base64 JSON.
 * @see https://learn.microsoft.com/entra/identity-platform/claims-challenge
 */
export function readClaimsChallenge(challenge: AuthChallenge | undefined): ClaimsChallenge | undefined {
  if (challenge?.params.error !== 'insufficient_claims') return undefined;
  const encoded = challenge.params.claims;
  if (!encoded) return undefined;
  const claims = decodeBase64Text(encoded);
  if (claims === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(claims);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  } catch {
    return undefined;
  }
  return { claims, claimsRequest: buildClaimsRequest(claims, [CAE_CAPABILITY]) };
}

/**
 * The `claims` request parameter: the challenge's claims with the client's capabilities added as
 * `access_token.xms_cc.values`, which is how a client declares it can handle challenges.
 * @see https://learn.microsoft.com/entra/identity-platform/claims-challenge#client-capabilities
 */
export function buildClaimsRequest(challengeClaims: string, capabilities: readonly string[]): string {
  const parsed = JSON.parse(challengeClaims) as Record<string, unknown>;
  const accessToken =
    typeof parsed.access_token === 'object' && parsed.access_token !== null
      ? (parsed.access_token as Record<string, unknown>)
      : {};
  return JSON.stringify({
    ...parsed,
    access_token: { ...accessToken, xms_cc: { values: [...capabilities] } },
  });
}
