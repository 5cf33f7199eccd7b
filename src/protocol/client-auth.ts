import { base64url, decodeJwt, decodeProtectedHeader, importJWK, importPKCS8, SignJWT } from 'jose';
import type { CryptoKey, JWK, JWTHeaderParameters, JWTPayload, ProtectedHeaderParameters } from 'jose';
import { PlaygroundError } from './errors';
import { encodeHex, generateRandomString } from './random';

/** `client_assertion_type` for a JWT assertion. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** How the client proves who it is at a token-endpoint style request. */
export type ClientAuth =
  | { method: 'none'; clientId: string }
  | { method: 'client_secret_post'; clientId: string; clientSecret: string }
  | { method: 'client_secret_basic'; clientId: string; clientSecret: string }
  /** A JWT signed with the client's key, from `createClientAssertion`. */
  | { method: 'private_key_jwt'; clientId: string; assertion: string }
  /** A JWT obtained elsewhere and pasted (federated credential, workload identity). */
  | { method: 'client_assertion'; clientId: string; assertion: string; assertionType?: string };

export type ClientAuthMethod = ClientAuth['method'];

/** What client authentication adds to a request: body parameters and headers. */
export interface ClientAuthParts {
  params: [string, string][];
  headers: Record<string, string>;
}

/**
 * The body parameters and headers for a client authentication method. `none` sends `client_id`;
 * the secret methods send the secret in the body or a Basic header; assertions send
 * `client_assertion` and `client_assertion_type` (with `client_id`, which Entra requires).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export function applyClientAuth(auth: ClientAuth): ClientAuthParts {
  switch (auth.method) {
    case 'none':
      return { params: [['client_id', auth.clientId]], headers: {} };
    case 'client_secret_post':
      return {
        params: [
          ['client_id', auth.clientId],
          ['client_secret', auth.clientSecret],
        ],
        headers: {},
      };
    case 'client_secret_basic':
      return {
        params: [],
        headers: { authorization: buildBasicAuthorization(auth.clientId, auth.clientSecret) },
      };
    case 'private_key_jwt':
      return {
        params: [
          ['client_id', auth.clientId],
          ['client_assertion_type', JWT_BEARER_ASSERTION_TYPE],
          ['client_assertion', auth.assertion],
        ],
        headers: {},
      };
    case 'client_assertion':
      return {
        params: [
          ['client_id', auth.clientId],
          ['client_assertion_type', auth.assertionType ?? JWT_BEARER_ASSERTION_TYPE],
          ['client_assertion', auth.assertion],
        ],
        headers: {},
      };
  }
}

/**
 * The `Authorization: Basic` value for a client id and secret. Both are form-urlencoded before
 * base64, as RFC 6749 requires (many servers and clients forget it; a secret with `+`, `%` or `:`
 * then fails).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export function buildBasicAuthorization(clientId: string, clientSecret: string): string {
  const raw = `${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`;
  return `Basic ${btoa(raw)}`;
}

function formUrlEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

export type AssertionAlgorithm = 'PS256' | 'RS256' | 'ES256';

export interface ClientAssertionOptions {
  clientId: string;
  /** The token endpoint URL (the assertion's `aud`). */
  audience: string;
  /** A private CryptoKey, a private JWK, or a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  key: CryptoKey | JWK | string;
  alg?: AssertionAlgorithm;
  kid?: string;
  /** The certificate (PEM or DER) whose thumbprints go into `x5t#S256` (and `x5t` if asked). */
  certificate?: string | Uint8Array;
  /** Also send the legacy SHA-1 `x5t` (older Entra setups). */
  includeX5t?: boolean;
  /** Seconds since the epoch; defaults to the current time. */
  now?: number;
  /** Seconds until `exp`; 600 by default. */
  lifetimeSeconds?: number;
  jti?: string;
}

/** A signed assertion and its decoded parts for display. */
export interface SignedClientAssertion {
  jwt: string;
  header: ProtectedHeaderParameters;
  payload: JWTPayload;
}

/**
 * Builds and signs a client assertion JWT: header `alg` (PS256 by default), `typ: JWT`, `kid`,
 * `x5t#S256`/`x5t` from the certificate; payload `iss` = `sub` = client id, `aud` = token endpoint,
 * random `jti`, `iat` = `nbf` = now, `exp` = now + 600 s.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export async function createClientAssertion(options: ClientAssertionOptions): Promise<SignedClientAssertion> {
  const alg = options.alg ?? 'PS256';
  if (options.clientId === '') {
    throw new PlaygroundError(
      'INVALID_PARAMETER',
      '"client_id" is needed for the assertion\'s "iss" and "sub"',
      {
        cause: { expected: 'a client id', actual: '' },
      },
    );
  }
  const key = await importSigningKey(options.key, alg);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const header: JWTHeaderParameters = { alg, typ: 'JWT' };
  if (options.kid !== undefined && options.kid !== '') header.kid = options.kid;
  if (options.certificate !== undefined) {
    const thumbprints = await computeCertificateThumbprints(options.certificate);
    header['x5t#S256'] = thumbprints.x5tS256;
    if (options.includeX5t === true) header.x5t = thumbprints.x5t;
  }
  const jwt = await new SignJWT({ jti: options.jti ?? generateRandomString(32) })
    .setProtectedHeader(header)
    .setIssuer(options.clientId)
    .setSubject(options.clientId)
    .setAudience(options.audience)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (options.lifetimeSeconds ?? 600))
    .sign(key);
  return { jwt, header: decodeProtectedHeader(jwt), payload: decodeJwt(jwt) };
}

/**
 * Imports a private signing key given as a CryptoKey, a private JWK or a PKCS#8 PEM, each failure
 * with a `KEY_INVALID` message that says how to fix the key.
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 */
export async function importSigningKey(
  key: CryptoKey | JWK | string,
  alg: AssertionAlgorithm,
): Promise<CryptoKey> {
  if (typeof key === 'string') {
    const pem = key.trim();
    if (pem.includes('BEGIN RSA PRIVATE KEY') || pem.includes('BEGIN EC PRIVATE KEY')) {
      throw new PlaygroundError(
        'KEY_INVALID',
        'The key is in the older PKCS#1/SEC1 form; convert it to PKCS#8 ("-----BEGIN PRIVATE KEY-----"), e.g. openssl pkcs8 -topk8 -nocrypt -in key.pem',
        { cause: { expected: '-----BEGIN PRIVATE KEY-----', actual: pem.split('\n')[0] } },
      );
    }
    if (pem.includes('ENCRYPTED PRIVATE KEY')) {
      throw new PlaygroundError(
        'KEY_INVALID',
        'The key is password-protected; paste an unencrypted PKCS#8 key',
        {
          cause: { expected: '-----BEGIN PRIVATE KEY-----', actual: '-----BEGIN ENCRYPTED PRIVATE KEY-----' },
        },
      );
    }
    return wrapKeyError(() => importPKCS8(pem, alg), alg);
  }
  if (isCryptoKey(key)) {
    if (key.type !== 'private') {
      throw new PlaygroundError(
        'KEY_INVALID',
        'A client assertion is signed with the private key, not the public one',
        {
          cause: { expected: 'private', actual: key.type },
        },
      );
    }
    return key;
  }
  if (key.d === undefined) {
    throw new PlaygroundError('KEY_INVALID', 'The JWK has no private part ("d"); paste the private key', {
      cause: { expected: 'a private JWK', actual: 'a public JWK' },
    });
  }
  const imported = await wrapKeyError(() => importJWK(key, alg), alg);
  if (imported instanceof Uint8Array) {
    throw new PlaygroundError('KEY_INVALID', `A symmetric JWK cannot sign ${alg}`, {
      cause: { expected: alg === 'ES256' ? 'EC' : 'RSA', actual: key.kty },
    });
  }
  return imported;
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return (
    typeof value === 'object' &&
    value !== null &&
    'algorithm' in value &&
    'type' in value &&
    'usages' in value
  );
}

async function wrapKeyError<T>(run: () => Promise<T>, alg: AssertionAlgorithm): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new PlaygroundError(
      'KEY_INVALID',
      `The key cannot be used for ${alg}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: { expected: alg === 'ES256' ? 'a P-256 private key' : 'an RSA private key', actual: error } },
    );
  }
}

/** A certificate's thumbprints in the forms the JOSE headers and the Azure portal use. */
export interface CertificateThumbprints {
  /** base64url SHA-256 of the DER (JOSE `x5t#S256`). */
  x5tS256: string;
  /** base64url SHA-1 of the DER (JOSE `x5t`). */
  x5t: string;
  /** Upper-case hex SHA-1, as the Azure portal shows "Thumbprint". */
  sha1Hex: string;
  sha256Hex: string;
}

/**
 * The thumbprints of an X.509 certificate given as PEM or DER bytes.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-4.1.8
 */
export async function computeCertificateThumbprints(
  pemOrDer: string | Uint8Array,
): Promise<CertificateThumbprints> {
  const der = typeof pemOrDer === 'string' ? decodeCertificatePem(pemOrDer) : pemOrDer;
  if (der.length < 2 || der[0] !== 0x30) {
    throw new PlaygroundError(
      'KEY_INVALID',
      'This is not a DER certificate (it does not start with an ASN.1 SEQUENCE)',
      {
        cause: { expected: 'DER bytes starting with 0x30', actual: der.length > 0 ? der[0] : 'no bytes' },
      },
    );
  }
  const bytes = new Uint8Array(der);
  const sha256 = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const sha1 = new Uint8Array(await crypto.subtle.digest('SHA-1', bytes));
  return {
    x5tS256: base64url.encode(sha256),
    x5t: base64url.encode(sha1),
    sha1Hex: encodeHex(sha1).toUpperCase(),
    sha256Hex: encodeHex(sha256),
  };
}

function decodeCertificatePem(pem: string): Uint8Array {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem);
  if (!match) {
    const kind = /-----BEGIN ([A-Z ]+)-----/.exec(pem)?.[1];
    throw new PlaygroundError(
      'KEY_INVALID',
      kind
        ? `Expected a certificate but got "${kind}"`
        : 'Expected a PEM certificate (-----BEGIN CERTIFICATE-----)',
      { cause: { expected: '-----BEGIN CERTIFICATE-----', actual: kind ?? pem.slice(0, 40) } },
    );
  }
  const body = (match[1] ?? '').replace(/\s+/g, '');
  try {
    return Uint8Array.from(atob(body), (char) => char.charCodeAt(0));
  } catch {
    throw new PlaygroundError('KEY_INVALID', 'The certificate PEM body is not valid base64', {
      cause: { expected: 'base64', actual: body.slice(0, 40) },
    });
  }
}
