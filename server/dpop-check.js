// A resource server's DPoP checks (RFC 9449 §4.3, §7): the proof in the `DPoP` header is verified
// against the request and the access token, and each refusal says exactly what was wrong.
import { createHash } from 'node:crypto';
import { EmbeddedJWK, calculateJwkThumbprint, errors as joseErrors, jwtVerify } from 'jose';

/** Asymmetric algorithms the demo APIs accept for proofs (`algs` in the challenge). */
export const DPOP_ALGORITHMS = Object.freeze(['ES256', 'RS256', 'PS256', 'EdDSA']);
/** How old a proof may be, and how far in the future its `iat` may lie (clock skew). */
export const DPOP_MAX_AGE_S = 300;
export const DPOP_MAX_SKEW_S = 60;
const MAX_REMEMBERED_JTIS = 10_000;

export class DpopError extends Error {
  /** @param {'invalid_dpop_proof' | 'invalid_token'} error */
  constructor(error, description) {
    super(description);
    this.error = error;
  }
}

/** The URL a proof's `htu` must name: the request URL without query and fragment (RFC 9449 §4.3). */
export function normalizeHtu(value) {
  const url = new URL(value);
  url.search = '';
  url.hash = '';
  return url.href;
}

/** `ath`: base64url SHA-256 of the access token's ASCII bytes (RFC 9449 §4.2). */
export function computeAth(accessToken) {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

/**
 * Remembers proof `jti` values for as long as their proof is acceptable, so a replayed proof is
 * refused (RFC 9449 §11.1). Bounded: expired entries go first; beyond the bound the oldest go.
 */
export function createReplayCache(now = () => Date.now()) {
  const seen = new Map();
  return {
    /** @returns {boolean} true the first time, false for a replay */
    remember(key) {
      const at = now();
      if (seen.has(key) && seen.get(key) > at) return false;
      if (seen.size >= MAX_REMEMBERED_JTIS) {
        for (const [stored, expiresAt] of seen) if (expiresAt <= at) seen.delete(stored);
        while (seen.size >= MAX_REMEMBERED_JTIS) seen.delete(seen.keys().next().value);
      }
      seen.set(key, at + (DPOP_MAX_AGE_S + DPOP_MAX_SKEW_S) * 1000);
      return true;
    },
  };
}

/**
 * Verifies the DPoP proof of a request that presents `accessToken` bound to `jkt` (`cnf.jkt`).
 * @param {{ proof: string | undefined, method: string, url: string, accessToken: string, jkt: string | undefined, replay: ReturnType<typeof createReplayCache>, now?: number }} input
 * @returns {Promise<{ jkt: string, jti: string }>}
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.3
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
 */
export async function checkDpopProof({ proof, method, url, accessToken, jkt, replay, now }) {
  const refuse = (description) => {
    throw new DpopError('invalid_dpop_proof', description);
  };
  if (!proof)
    refuse('no DPoP proof: send a "DPoP" header with a proof signed by the key the token is bound to');
  if (proof.includes(',')) refuse('send exactly one DPoP proof');
  let payload;
  let protectedHeader;
  try {
    ({ payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: [...DPOP_ALGORITHMS],
      currentDate: now === undefined ? undefined : new Date(now * 1000),
    }));
  } catch (error) {
    if (error instanceof joseErrors.JOSEAlgNotAllowed)
      refuse(`the proof "alg" is not accepted; use one of ${DPOP_ALGORITHMS.join(', ')}`);
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'typ')
      refuse('the proof header "typ" must be "dpop+jwt"');
    if (error instanceof joseErrors.JWSSignatureVerificationFailed)
      refuse('the proof signature does not verify with the key in its "jwk" header');
    refuse(`the proof is not a valid signed JWT with a public "jwk" header (${error.message})`);
  }
  if ('d' in protectedHeader.jwk) refuse('the proof "jwk" header holds a private key');
  const at = now ?? Math.floor(Date.now() / 1000);
  if (payload.htm !== method) refuse(`the proof is for method "${payload.htm}", this request is ${method}`);
  let htu;
  try {
    htu = normalizeHtu(payload.htu);
  } catch {
    refuse('the proof "htu" is not a URL');
  }
  const expected = normalizeHtu(url);
  if (htu !== expected) refuse(`the proof is for ${htu}, not for this URL (${expected})`);
  if (typeof payload.iat !== 'number') refuse('the proof has no "iat"');
  if (payload.iat > at + DPOP_MAX_SKEW_S) refuse('the proof "iat" is in the future');
  if (payload.iat < at - DPOP_MAX_AGE_S) refuse(`the proof is older than ${DPOP_MAX_AGE_S} seconds`);
  if (typeof payload.jti !== 'string' || payload.jti === '') refuse('the proof has no "jti"');
  const ath = computeAth(accessToken);
  if (payload.ath === undefined) refuse('the proof has no "ath" (hash of the access token)');
  if (payload.ath !== ath) refuse('the proof "ath" is not the hash of this access token');
  const thumbprint = await calculateJwkThumbprint(protectedHeader.jwk, 'sha256');
  if (jkt === undefined)
    throw new DpopError('invalid_token', 'the access token is not DPoP-bound (it has no "cnf.jkt")');
  if (thumbprint !== jkt)
    throw new DpopError(
      'invalid_token',
      'the proof is signed with another key than the one the token is bound to ("cnf.jkt")',
    );
  if (!replay.remember(`${jkt}:${payload.jti}`)) refuse('this proof was already used (replayed "jti")');
  return { jkt: thumbprint, jti: payload.jti };
}
