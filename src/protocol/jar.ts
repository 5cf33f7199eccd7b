import { buildAuthorizeUrl } from './authorize-url';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import type { CryptoKey, JWK, JWTHeaderParameters, JWTPayload, ProtectedHeaderParameters } from 'jose';
import { importSigningKey, type AssertionAlgorithm } from './client-auth';
import { PlaygroundError } from './errors';
import { generateRandomString } from './random';

/** The media type RFC 9101 §10.2 registers for request objects (header `typ`). */
export const REQUEST_OBJECT_TYPE = 'oauth-authz-req+jwt';

export interface RequestObjectOptions {
  clientId: string;
  /** The authorization server's issuer identifier: the request object's `aud`. */
  issuer: string;
  /** The authorization request parameters, as they would go in the URL (empty values are left out). */
  params: Record<string, string>;
  /** Seconds since the epoch; now by default. */
  now?: number;
  /** Seconds until `exp`; 300 by default (FAPI 2.0 allows at most 60 minutes). */
  lifetimeSeconds?: number;
  jti?: string;
}

/** Parameters that mean something else inside a request object and are never copied into it. */
const NOT_IN_REQUEST_OBJECT = new Set(['request', 'request_uri']);

/**
 * The claims of a request object: the authorization parameters as JSON members (`max_age` as a
 * number, `claims` and `authorization_details` as JSON, RFC 9101 §4), plus `iss` = `client_id`,
 * `aud` = the issuer, `iat`, `nbf`, `exp` and `jti`.
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-4
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-10.2
 */
export function buildRequestObjectClaims(options: RequestObjectOptions): JWTPayload {
  if (options.clientId === '') {
    throw new PlaygroundError(
      'INVALID_PARAMETER',
      '"client_id" is needed in the request object and as its "iss"',
      {
        cause: { expected: 'a client id', actual: '' },
      },
    );
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {};
  for (const [name, value] of Object.entries(options.params)) {
    if (name === '' || value === '' || NOT_IN_REQUEST_OBJECT.has(name)) continue;
    claims[name] = toClaimValue(name, value);
  }
  return {
    ...claims,
    client_id: options.clientId,
    iss: options.clientId,
    aud: options.issuer,
    iat: now,
    nbf: now,
    exp: now + (options.lifetimeSeconds ?? 300),
    jti: options.jti ?? generateRandomString(32),
  };
}

function toClaimValue(name: string, value: string): unknown {
  if (name === 'max_age' && /^\d+$/.test(value)) return Number(value);
  if (name === 'claims' || name === 'authorization_details') {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new PlaygroundError('INVALID_PARAMETER', `"${name}" must be JSON to go into a request object`, {
        cause: { expected: 'JSON', actual: value.slice(0, 200) },
      });
    }
  }
  return value;
}

/** A signed request object and its decoded parts, shown before it is sent. */
export interface SignedRequestObject {
  jwt: string;
  header: ProtectedHeaderParameters;
  payload: JWTPayload;
}

/**
 * Signs request object claims (header `typ: oauth-authz-req+jwt`, `alg`, `kid` when given) with a
 * private key: a generated CryptoKey, a pasted private JWK or a PKCS#8 PEM.
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-4
 */
export async function signRequestObject(
  claims: JWTPayload,
  key: CryptoKey | JWK | string,
  options: { alg?: AssertionAlgorithm; kid?: string } = {},
): Promise<SignedRequestObject> {
  const alg = options.alg ?? 'PS256';
  const signingKey = await importSigningKey(key, alg);
  const header: JWTHeaderParameters = { alg, typ: REQUEST_OBJECT_TYPE };
  if (options.kid !== undefined && options.kid !== '') header.kid = options.kid;
  const jwt = await new SignJWT(claims).setProtectedHeader(header).sign(signingKey);
  return { jwt, header: decodeProtectedHeader(jwt), payload: decodeJwt(jwt) };
}

/**
 * The authorization request by value: `client_id` and `request` only (RFC 9101 §5; a server may
 * ignore any other parameter). With PAR, push `{ request }` instead and redirect with `request_uri`.
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-5
 */
export function buildRequestObjectAuthorizeUrl(
  authorizationEndpoint: string,
  clientId: string,
  request: string,
): string {
  return buildAuthorizeUrl(authorizationEndpoint, { client_id: clientId, request: request });
}
