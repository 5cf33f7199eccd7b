import { base64url, compactVerify, errors, importJWK, importSPKI, importX509 } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { PlaygroundError } from '@/protocol/errors';
import { decodeJwt } from './decode';

/** Where the verification key comes from. */
export type KeyInput =
  | { kind: 'jwks'; jwks: { keys: readonly unknown[] } }
  | { kind: 'jwk'; jwk: JWK }
  | { kind: 'pem'; pem: string; pemType: 'certificate' | 'public key' }
  | { kind: 'secret'; secret: Uint8Array };

export type CannotVerifyCause =
  | 'encrypted'
  | 'alg-none'
  | 'graph-nonce'
  | 'unsupported-alg'
  | 'malformed'
  | 'key-invalid'
  | 'key-fetch-failed';

export type VerificationResult =
  | { status: 'verified'; alg: string; kid?: string; key: string }
  | { status: 'invalid'; alg: string; kid?: string; reason: string }
  | { status: 'no-matching-key'; alg: string; reason: string }
  | { status: 'cannot-verify'; cause: CannotVerifyCause; reason: string };

export const SUPPORTED_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
  'HS256',
  'HS384',
  'HS512',
] as const;

interface KeyRequirement {
  kty: 'RSA' | 'EC' | 'OKP' | 'oct';
  crv?: string;
  label: string;
}

function requireKey(alg: string): KeyRequirement | undefined {
  if (/^(?:RS|PS)(?:256|384|512)$/.test(alg)) return { kty: 'RSA', label: 'an RSA public key' };
  if (/^HS(?:256|384|512)$/.test(alg)) return { kty: 'oct', label: 'the shared secret' };
  const ec: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };
  if (ec[alg]) return { kty: 'EC', crv: ec[alg], label: `an EC ${ec[alg]} public key` };
  if (alg === 'EdDSA' || alg === 'Ed25519')
    return { kty: 'OKP', crv: 'Ed25519', label: 'an Ed25519 public key' };
  return undefined;
}

function keyInvalid(message: string, cause?: unknown): PlaygroundError {
  return new PlaygroundError('KEY_INVALID', message, { cause });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads pasted key material: a JWKS `{"keys": [...]}`, a single JWK, a PEM public key (SPKI) or an
 * X.509 certificate. Throws `KEY_INVALID` naming what is wrong.
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5 (JWK Set)
 * @see https://www.rfc-editor.org/rfc/rfc7468#section-13 (SPKI PEM) and §5 (certificates)
 */
export function parseKeyText(text: string): KeyInput {
  const value = text.trim();
  if (value === '') throw keyInvalid('No key: paste a JWKS, a JWK, a PEM public key or a certificate.');
  if (value.startsWith('-----BEGIN')) {
    if (value.includes('-----BEGIN CERTIFICATE-----'))
      return { kind: 'pem', pem: value, pemType: 'certificate' };
    if (value.includes('-----BEGIN PUBLIC KEY-----'))
      return { kind: 'pem', pem: value, pemType: 'public key' };
    if (value.includes('PRIVATE KEY-----'))
      throw keyInvalid(
        'This is a private key. Verification needs only the public key or certificate: never paste a private key into a web page.',
      );
    if (value.includes('-----BEGIN RSA PUBLIC KEY-----'))
      throw keyInvalid(
        'This is a PKCS #1 "RSA PUBLIC KEY"; convert it to "PUBLIC KEY" (SPKI), for example with: openssl rsa -RSAPublicKey_in -pubout',
      );
    throw keyInvalid('This PEM block is neither a "PUBLIC KEY" nor a "CERTIFICATE".');
  }
  if (!value.startsWith('{'))
    throw keyInvalid(
      'The key is not JSON (JWKS or JWK) nor PEM. For an HMAC shared secret, choose the secret option.',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(value) as unknown;
  } catch (error) {
    throw keyInvalid(
      `The key looks like JSON but does not parse: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  if (isRecord(parsed) && 'keys' in parsed) {
    if (!Array.isArray(parsed.keys)) throw keyInvalid('The JWKS "keys" member is not an array.');
    if (!parsed.keys.every(isRecord))
      throw keyInvalid('Every entry of the JWKS "keys" array must be a JSON object (a JWK).');
    return { kind: 'jwks', jwks: { keys: parsed.keys } };
  }
  if (isRecord(parsed) && typeof parsed.kty === 'string') return { kind: 'jwk', jwk: parsed };
  throw keyInvalid('The JSON is neither a JWKS ({"keys": [...]}) nor a JWK (it has no "kty").');
}

/**
 * Turns an HMAC shared secret into key bytes: the text as UTF-8, or base64url-decoded.
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.2
 */
export function parseSecret(secret: string, encoding: 'text' | 'base64url'): KeyInput {
  if (secret === '') throw keyInvalid('The shared secret is empty.');
  if (encoding === 'text') return { kind: 'secret', secret: new TextEncoder().encode(secret) };
  const clean = secret.trim().replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]+$/.test(clean) || clean.length % 4 === 1)
    throw keyInvalid('The shared secret is not valid base64url (A-Z a-z 0-9 - _).');
  return { kind: 'secret', secret: base64url.decode(clean) };
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];

function toPublicJwk(jwk: Record<string, unknown>): JWK {
  if (jwk.kty === 'oct') return jwk;
  return Object.fromEntries(Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.includes(name)));
}

function describeJwk(jwk: Record<string, unknown>): string {
  const crv = typeof jwk.crv === 'string' ? ` ${jwk.crv}` : '';
  return `${String(jwk.kty)}${crv} key${typeof jwk.kid === 'string' ? ` "${jwk.kid}"` : ''}`;
}

function fitsRequirement(jwk: Record<string, unknown>, need: KeyRequirement, alg: string): boolean {
  if (jwk.kty !== need.kty) return false;
  if (need.crv && jwk.crv !== need.crv) return false;
  if (jwk.use === 'enc') return false;
  return (
    typeof jwk.alg !== 'string' ||
    jwk.alg === alg ||
    (alg === 'EdDSA' && jwk.alg === 'Ed25519') ||
    (alg === 'Ed25519' && jwk.alg === 'EdDSA')
  );
}

type Outcome = { ok: true } | { ok: false; bad: true } | { ok: false; bad: false; problem: string };

async function tryVerify(token: string, key: CryptoKey | Uint8Array, alg: string): Promise<Outcome> {
  try {
    await compactVerify(token, key, { algorithms: [alg] });
    return { ok: true };
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, bad: true };
    return { ok: false, bad: false, problem: error instanceof Error ? error.message : String(error) };
  }
}

async function importPem(input: Extract<KeyInput, { kind: 'pem' }>, alg: string): Promise<CryptoKey> {
  return input.pemType === 'certificate' ? importX509(input.pem, alg) : importSPKI(input.pem, alg);
}

async function detectPemKind(input: Extract<KeyInput, { kind: 'pem' }>): Promise<string | undefined> {
  for (const [alg, label] of [
    ['RS256', 'an RSA key'],
    ['ES256', 'an EC P-256 key'],
    ['ES384', 'an EC P-384 key'],
    ['ES512', 'an EC P-521 key'],
    ['EdDSA', 'an Ed25519 key'],
  ] as const) {
    try {
      await importPem(input, alg);
      return label;
    } catch {
      continue;
    }
  }
  return undefined;
}

async function verifyWithJwks(
  token: string,
  alg: string,
  kid: string | undefined,
  need: KeyRequirement,
  keys: readonly unknown[],
): Promise<VerificationResult> {
  const jwks = keys.filter(isRecord);
  const byKid = kid === undefined ? jwks : jwks.filter((k) => k.kid === kid);
  if (byKid.length === 0) {
    const kids = jwks.map((k) => (typeof k.kid === 'string' ? k.kid : '(no kid)'));
    return {
      status: 'no-matching-key',
      alg,
      reason: `No key in the set has kid "${String(kid)}"; the set has ${kids.length === 0 ? 'no keys' : kids.join(', ')}.`,
    };
  }
  const candidates = byKid.filter((k) => fitsRequirement(k, need, alg));
  if (candidates.length === 0) {
    return {
      status: 'no-matching-key',
      alg,
      reason: `The token needs ${need.label} for ${alg}; the matching key is ${byKid.map(describeJwk).join(', ')}.`,
    };
  }
  let lastProblem: string | undefined;
  for (const jwk of candidates) {
    let key: CryptoKey | Uint8Array;
    try {
      key = await importJWK(toPublicJwk(jwk), alg);
    } catch (error) {
      lastProblem = `The ${describeJwk(jwk)} cannot be used: ${error instanceof Error ? error.message : String(error)}`;
      continue;
    }
    const outcome = await tryVerify(token, key, alg);
    const usedKid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
    if (outcome.ok)
      return {
        status: 'verified',
        alg,
        ...(usedKid === undefined ? {} : { kid: usedKid }),
        key: describeJwk(jwk),
      };
    if (!outcome.bad) lastProblem = outcome.problem;
  }
  if (lastProblem !== undefined && candidates.length === 1)
    return { status: 'cannot-verify', cause: 'key-invalid', reason: lastProblem };
  const count =
    candidates.length === 1
      ? `the ${describeJwk(candidates[0] ?? {})}`
      : `any of the ${candidates.length} candidate keys`;
  return {
    status: 'invalid',
    alg,
    ...(kid === undefined ? {} : { kid }),
    reason: `The signature does not match ${count}: the token was changed or signed with another key.`,
  };
}

/**
 * Checks a compact JWS signature against the given key source. Never throws for a bad signature or
 * a bad key: the outcome is a plain-words result (`verified` with the `kid` used, `invalid`,
 * `no-matching-key`, `cannot-verify` with the reason).
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2 (Message Signature Validation)
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4.5 (kid)
 */
export async function verifyTokenSignature(token: string, input: KeyInput): Promise<VerificationResult> {
  let header: Record<string, unknown>;
  try {
    const decoded = decodeJwt(token);
    if (decoded.format === 'jwe') {
      return {
        status: 'cannot-verify',
        cause: 'encrypted',
        reason:
          "The token is encrypted (JWE): it has no signature to check until it is decrypted with the recipient's private key.",
      };
    }
    header = decoded.header;
  } catch (error) {
    return {
      status: 'cannot-verify',
      cause: 'malformed',
      reason: error instanceof Error ? error.message : String(error),
    };
  }
  const alg = String(header.alg);
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  if (alg === 'none')
    return {
      status: 'cannot-verify',
      cause: 'alg-none',
      reason:
        'The header says alg "none": the token is not signed, so there is nothing to verify. Never accept such a token.',
    };
  if (typeof header.nonce === 'string') {
    return {
      status: 'cannot-verify',
      cause: 'graph-nonce',
      reason:
        'The header carries a "nonce": this is a Microsoft Graph token, signed over a hash of the nonce. Only Graph can verify it; a standard check would report it invalid even though it is genuine.',
    };
  }
  const need = requireKey(alg);
  if (!need)
    return {
      status: 'cannot-verify',
      cause: 'unsupported-alg',
      reason: `The algorithm "${alg}" is not supported here (supported: ${SUPPORTED_ALGS.join(', ')}).`,
    };
  const compact = token.trim();

  if (input.kind === 'secret') {
    if (need.kty !== 'oct')
      return {
        status: 'no-matching-key',
        alg,
        reason: `A shared secret verifies only HS256/384/512; this token uses ${alg} and needs ${need.label}.`,
      };
    const outcome = await tryVerify(compact, input.secret, alg);
    if (outcome.ok) return { status: 'verified', alg, key: 'the shared secret' };
    if (outcome.bad)
      return {
        status: 'invalid',
        alg,
        reason:
          'The signature does not match this shared secret: the token was changed or the secret is wrong.',
      };
    return { status: 'cannot-verify', cause: 'key-invalid', reason: outcome.problem };
  }
  if (need.kty === 'oct' && input.kind === 'pem') {
    return {
      status: 'no-matching-key',
      alg,
      reason: `${alg} is verified with the shared secret, not with a public key or certificate.`,
    };
  }
  if (input.kind === 'jwks') return verifyWithJwks(compact, alg, kid, need, input.jwks.keys);
  if (input.kind === 'jwk') {
    const jwk = input.jwk as Record<string, unknown>;
    if (!fitsRequirement(jwk, need, alg))
      return {
        status: 'no-matching-key',
        alg,
        reason: `The token needs ${need.label} for ${alg}; the pasted key is an ${describeJwk(jwk)}.`,
      };
    return verifyWithJwks(compact, alg, undefined, need, [jwk]);
  }
  let key: CryptoKey;
  try {
    key = await importPem(input, alg);
  } catch (error) {
    const kind = await detectPemKind(input);
    if (kind)
      return {
        status: 'no-matching-key',
        alg,
        reason: `The token needs ${need.label} for ${alg}; the pasted ${input.pemType} holds ${kind}.`,
      };
    return {
      status: 'cannot-verify',
      cause: 'key-invalid',
      reason: `The pasted ${input.pemType} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const outcome = await tryVerify(compact, key, alg);
  if (outcome.ok)
    return {
      status: 'verified',
      alg,
      ...(kid === undefined ? {} : { kid }),
      key: `the pasted ${input.pemType}`,
    };
  if (outcome.bad)
    return {
      status: 'invalid',
      alg,
      ...(kid === undefined ? {} : { kid }),
      reason: `The signature does not match the pasted ${input.pemType}: the token was changed or signed with another key.`,
    };
  return { status: 'cannot-verify', cause: 'key-invalid', reason: outcome.problem };
}

/**
 * Turns a failure to fetch the issuer's keys into a `cannot-verify` result with the reason.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata (jwks_uri)
 */
export function describeKeyFetchFailure(error: unknown): VerificationResult {
  if (error instanceof PlaygroundError) {
    const prefix: Partial<Record<string, string>> = {
      CORS_BLOCKED: 'the issuer does not allow this page to read its keys (CORS)',
      NETWORK: 'the issuer is unreachable',
      TIMEOUT: 'the issuer did not answer in time',
    };
    const what = prefix[error.code];
    return {
      status: 'cannot-verify',
      cause: 'key-fetch-failed',
      reason: what ? `Key fetch failed: ${what}. ${error.message}` : `Key fetch failed: ${error.message}`,
    };
  }
  return {
    status: 'cannot-verify',
    cause: 'key-fetch-failed',
    reason: `Key fetch failed: ${error instanceof Error ? error.message : String(error)}`,
  };
}

/**
 * The headline of a verification result in plain words.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
export function describeVerification(result: VerificationResult): string {
  switch (result.status) {
    case 'verified':
      return 'Signature verified';
    case 'invalid':
      return 'Signature invalid';
    case 'no-matching-key':
      return 'No matching key';
    case 'cannot-verify':
      return 'Cannot verify';
  }
}
