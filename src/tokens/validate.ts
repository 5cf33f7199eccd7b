import { base64url } from 'jose';
import { PlaygroundError } from '@/protocol/errors';
import type { ErrorCode } from '@/protocol/errors';
import type { JsonObject } from './decode';
import { evaluateTokenTime } from './time';

export interface ValidationExpectations {
  /** Current time in seconds since the epoch. */
  nowSeconds: number;
  /** Allowed clock difference in seconds (default 0). */
  skewSeconds?: number;
  audience?: string;
  issuer?: string;
  nonce?: string;
  /** The access token returned with the ID token, to check `at_hash`. */
  accessToken?: string;
  /** The authorization code returned with the ID token, to check `c_hash`. */
  code?: string;
}

export type CheckName = 'exp' | 'nbf' | 'aud' | 'iss' | 'nonce' | 'at_hash' | 'c_hash';

export interface ValidationCheck {
  name: CheckName;
  status: 'pass' | 'fail' | 'skipped';
  message: string;
  code?: ErrorCode;
}

/**
 * The hash function OIDC pairs with a JWS algorithm for `at_hash`/`c_hash`: SHA-256 for *256, and
 * so on; SHA-512 for EdDSA with Ed25519.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken (at_hash)
 */
export function selectHashForAlg(alg: string): 'SHA-256' | 'SHA-384' | 'SHA-512' {
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'SHA-512';
  const bits = /^(?:RS|PS|ES|HS)(256|384|512)$/.exec(alg)?.[1];
  if (!bits)
    throw new PlaygroundError(
      'CANNOT_VERIFY',
      `No hash is defined for alg "${alg}", so at_hash / c_hash cannot be computed.`,
    );
  return `SHA-${bits}` as 'SHA-256' | 'SHA-384' | 'SHA-512';
}

/**
 * Computes `at_hash` / `c_hash`: base64url of the left-most half of the hash of the ASCII value.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ImplicitIDToken (§3.2.2.10)
 * @see https://openid.net/specs/openid-connect-core-1_0.html#HybridIDToken (§3.3.2.11)
 */
export async function computeHalfHash(value: string, alg: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest(selectHashForAlg(alg), new TextEncoder().encode(value)),
  );
  return base64url.encode(digest.slice(0, digest.length / 2));
}

/**
 * Replaces Entra's `{tenantid}` placeholder (multi-tenant discovery) with the token's `tid`.
 * @see https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer
 */
export function substituteTenant(issuer: string, tid: unknown): string {
  return typeof tid === 'string'
    ? issuer.replaceAll('{tenantid}', tid).replaceAll('{tenantId}', tid)
    : issuer;
}

function audiences(payload: JsonObject): string[] {
  const { aud } = payload;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

async function checkHash(
  name: 'at_hash' | 'c_hash',
  value: string | undefined,
  claim: unknown,
  alg: string,
): Promise<ValidationCheck> {
  const what = name === 'at_hash' ? 'access token' : 'authorization code';
  if (value === undefined) return { name, status: 'skipped', message: `No ${what} to compare with.` };
  if (typeof claim !== 'string') {
    return name === 'at_hash'
      ? {
          name,
          status: 'skipped',
          message:
            'The ID token has no "at_hash" (optional when the access token comes from the token endpoint).',
        }
      : {
          name,
          status: 'fail',
          code: 'HASH_MISMATCH',
          message:
            'The ID token has no "c_hash" although it came with a code from the authorization endpoint (hybrid flow requires it).',
        };
  }
  let expected: string;
  try {
    expected = await computeHalfHash(value, alg);
  } catch (error) {
    return { name, status: 'skipped', message: error instanceof Error ? error.message : String(error) };
  }
  return expected === claim
    ? {
        name,
        status: 'pass',
        message: `"${name}" matches the ${what} (left half of its ${selectHashForAlg(alg)} hash).`,
      }
    : {
        name,
        status: 'fail',
        code: 'HASH_MISMATCH',
        message: `"${name}" is ${claim} but the ${what} hashes to ${expected}: they were not issued together.`,
      };
}

/**
 * Checks an ID or access token's claims: `exp`/`nbf` with clock skew, expected `aud` and `iss`
 * (Entra `{tenantid}` substituted), `nonce`, `at_hash` and `c_hash`.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation (§3.1.3.7)
 * @see https://openid.net/specs/openid-connect-core-1_0.html#HybridIDTokenValidation2 (§3.3.2.12)
 */
export async function validateClaims(
  header: JsonObject,
  payload: JsonObject,
  expected: ValidationExpectations,
): Promise<ValidationCheck[]> {
  const skew = expected.skewSeconds ?? 0;
  const checks: ValidationCheck[] = [];
  const time = evaluateTokenTime(payload, expected.nowSeconds, skew);
  checks.push(
    typeof payload.exp !== 'number'
      ? {
          name: 'exp',
          status: 'fail',
          code: 'CLAIM_INVALID',
          message: 'No "exp": the token never expires, which a relying party must not accept.',
        }
      : time.status === 'expired'
        ? {
            name: 'exp',
            status: 'fail',
            code: 'CLAIM_INVALID',
            message: `The token ${time.summary} (clock skew ${skew} s).`,
          }
        : { name: 'exp', status: 'pass', message: `The token ${time.summary}.` },
  );
  checks.push(
    typeof payload.nbf !== 'number'
      ? { name: 'nbf', status: 'skipped', message: 'No "nbf" claim.' }
      : time.status === 'not-yet-valid'
        ? {
            name: 'nbf',
            status: 'fail',
            code: 'CLAIM_INVALID',
            message: `The token is ${time.summary} (clock skew ${skew} s).`,
          }
        : { name: 'nbf', status: 'pass', message: 'The token is already valid ("nbf" has passed).' },
  );
  if (expected.audience === undefined || expected.audience === '') {
    checks.push({ name: 'aud', status: 'skipped', message: 'No expected audience given.' });
  } else {
    const auds = audiences(payload);
    checks.push(
      auds.includes(expected.audience)
        ? { name: 'aud', status: 'pass', message: `"aud" contains ${expected.audience}.` }
        : {
            name: 'aud',
            status: 'fail',
            code: 'CLAIM_INVALID',
            message: `"aud" is ${auds.length > 0 ? auds.join(', ') : 'missing'}, expected ${expected.audience}.`,
          },
    );
  }
  if (expected.issuer === undefined || expected.issuer === '') {
    checks.push({ name: 'iss', status: 'skipped', message: 'No expected issuer given.' });
  } else {
    const want = substituteTenant(expected.issuer, payload.tid);
    const substituted = want !== expected.issuer ? ` ({tenantid} replaced by the token's tid)` : '';
    checks.push(
      payload.iss === want
        ? { name: 'iss', status: 'pass', message: `"iss" is ${want}${substituted}.` }
        : {
            name: 'iss',
            status: 'fail',
            code: 'CLAIM_INVALID',
            message: `"iss" is ${typeof payload.iss === 'string' ? payload.iss : 'missing'}, expected ${want}${substituted}.`,
          },
    );
  }
  if (expected.nonce === undefined) {
    checks.push({ name: 'nonce', status: 'skipped', message: 'No nonce was sent.' });
  } else {
    checks.push(
      payload.nonce === expected.nonce
        ? {
            name: 'nonce',
            status: 'pass',
            message: '"nonce" matches the one sent in the authorization request.',
          }
        : {
            name: 'nonce',
            status: 'fail',
            code: 'NONCE_MISMATCH',
            message:
              typeof payload.nonce === 'string'
                ? `"nonce" in the ID token does not match the one sent (${payload.nonce} ≠ ${expected.nonce}).`
                : 'The ID token has no "nonce" although one was sent.',
          },
    );
  }
  const alg = typeof header.alg === 'string' ? header.alg : '';
  checks.push(await checkHash('at_hash', expected.accessToken, payload.at_hash, alg));
  checks.push(await checkHash('c_hash', expected.code, payload.c_hash, alg));
  return checks;
}
