import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTPayload, ProtectedHeaderParameters } from 'jose';
import { PlaygroundError } from './errors';

/** The JWT response modes of JARM. */
export const JARM_RESPONSE_MODES = ['jwt', 'query.jwt', 'fragment.jwt', 'form_post.jwt'] as const;
export type JarmResponseMode = (typeof JARM_RESPONSE_MODES)[number];

const JARM_SPEC = 'https://openid.net/specs/oauth-v2-jarm-final.html';

/** Whether a `response_mode` value asks for a JWT-secured response. */
export function isJarmResponseMode(mode: string | undefined): mode is JarmResponseMode {
  return (JARM_RESPONSE_MODES as readonly string[]).includes(mode ?? '');
}

/**
 * Where a JARM response arrives: `jwt` means `query.jwt` for `response_type=code` and
 * `fragment.jwt` when the response type issues tokens from the authorization endpoint.
 * @see https://openid.net/specs/oauth-v2-jarm-final.html#section-2.3.4
 */
export function resolveJarmDelivery(
  mode: JarmResponseMode,
  responseType: string,
): 'query' | 'fragment' | 'form_post' {
  if (mode === 'query.jwt') return 'query';
  if (mode === 'fragment.jwt') return 'fragment';
  if (mode === 'form_post.jwt') return 'form_post';
  const types = responseType.split(' ');
  return types.includes('token') || types.includes('id_token') ? 'fragment' : 'query';
}

/**
 * The `response` JWT of a JARM callback. A callback that carries a plain `error` instead is
 * reported as such (the server did not secure its error response), never treated as verified.
 * @see https://openid.net/specs/oauth-v2-jarm-final.html#section-2.3
 */
export function readJarmResponseParameter(params: Record<string, string>): string {
  const response = params.response;
  if (response !== undefined && response !== '') return response;
  const plainError = params.error;
  throw new PlaygroundError(
    'JARM_RESPONSE_MISSING',
    plainError === undefined
      ? 'The callback has no "response" parameter: with a JWT response mode the whole answer is one signed JWT'
      : `The callback carries a plain, unsigned error ("${plainError}") instead of a "response" JWT`,
    { cause: { expected: 'response=<JWT>', actual: Object.keys(params).join(', ') || 'no parameters' } },
  );
}

export interface JarmExpectation {
  /** The issuer from discovery: the JWT's `iss` must equal it. */
  issuer: string;
  /** This client's id: the JWT's `aud` must contain it. */
  clientId: string;
  /** The provider's JWKS (from `jwks_uri`). */
  jwks: JSONWebKeySet;
  /** Seconds since the epoch; now by default. */
  now?: number;
  /** Allowed clock skew in seconds (60 by default). */
  clockToleranceSeconds?: number;
}

/** A verified JARM response: the JWT's parts and the authorization response parameters inside. */
export interface VerifiedJarmResponse {
  header: ProtectedHeaderParameters;
  claims: JWTPayload;
  /** The authorization response parameters (`code`, `state`, `error`, …) as strings. */
  params: Record<string, string>;
}

const ENVELOPE_CLAIMS = new Set(['iss', 'aud', 'exp', 'iat', 'nbf', 'jti']);

/**
 * Verifies a JARM response JWT with the provider's keys and checks `iss`, `aud` and `exp`, each
 * failure with its own code: `JWE_ENCRYPTED` (encrypted responses cannot be read without the
 * client's private key), `JWT_MALFORMED`, `NO_MATCHING_KEY`, `SIGNATURE_INVALID`,
 * `ISSUER_MISMATCH`, `AUDIENCE_MISMATCH`, `CLAIM_INVALID` (expired). Only then are the parameters
 * inside handed on, to be handled like any other callback (state, code, error).
 * @see https://openid.net/specs/oauth-v2-jarm-final.html#section-2.4
 */
export async function verifyJarmResponse(
  jwt: string,
  expected: JarmExpectation,
): Promise<VerifiedJarmResponse> {
  const segments = jwt.split('.');
  if (segments.length === 5) {
    throw new PlaygroundError(
      'JWE_ENCRYPTED',
      'The response JWT is encrypted (JWE): only the client holding the decryption key can read it; the playground holds none',
      { cause: { expected: 'a signed JWT (3 segments)', actual: '5 segments' } },
    );
  }
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw new PlaygroundError('JWT_MALFORMED', 'The "response" parameter is not a JWT', {
      cause: { expected: 'header.payload.signature', actual: jwt.slice(0, 80) },
    });
  }
  if (header.alg === undefined || header.alg === 'none' || header.alg.startsWith('HS')) {
    throw new PlaygroundError(
      'SIGNATURE_INVALID',
      `The response JWT uses alg "${String(header.alg)}"; JARM responses from this provider must be signed with one of its public keys`,
      { cause: { expected: 'an asymmetric alg (RS256, ES256, …)', actual: header.alg } },
    );
  }
  try {
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(expected.jwks), {
      issuer: expected.issuer,
      audience: expected.clientId,
      requiredClaims: ['exp'],
      clockTolerance: expected.clockToleranceSeconds ?? 60,
      ...(expected.now === undefined ? {} : { currentDate: new Date(expected.now * 1000) }),
    });
    return { header, claims: payload, params: toParams(payload) };
  } catch (error) {
    throw describeVerifyError(error, expected, header);
  }
}

function toParams(payload: JWTPayload): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (ENVELOPE_CLAIMS.has(name) || value === undefined || value === null) continue;
    params[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return params;
}

function describeVerifyError(
  error: unknown,
  expected: JarmExpectation,
  header: ProtectedHeaderParameters,
): PlaygroundError {
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new PlaygroundError(
      'NO_MATCHING_KEY',
      `No key of the provider matches the response JWT (kid "${header.kid ?? 'none'}", alg ${header.alg ?? '?'})`,
      { cause: { expected: 'a key from jwks_uri', actual: header.kid } },
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new PlaygroundError(
      'SIGNATURE_INVALID',
      "The response JWT's signature does not verify with the provider's keys: it was changed or not signed by this provider",
      { cause: { expected: 'a valid signature', actual: 'invalid' } },
    );
  }
  if (error instanceof errors.JWTExpired) {
    return new PlaygroundError('CLAIM_INVALID', 'The response JWT has expired ("exp" is in the past)', {
      cause: { expected: 'exp in the future', actual: error.payload.exp },
    });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') {
      return new PlaygroundError('ISSUER_MISMATCH', `"iss" of the response JWT is not ${expected.issuer}`, {
        cause: { expected: expected.issuer, actual: error.payload.iss },
      });
    }
    if (error.claim === 'aud') {
      return new PlaygroundError(
        'AUDIENCE_MISMATCH',
        `"aud" of the response JWT is not this client (${expected.clientId})`,
        {
          cause: { expected: expected.clientId, actual: error.payload.aud },
        },
      );
    }
    return new PlaygroundError(
      'CLAIM_INVALID',
      `"${error.claim}" of the response JWT is invalid: ${error.reason}`,
      {
        cause: { expected: error.claim, actual: error.payload[error.claim] },
      },
    );
  }
  return new PlaygroundError(
    'SIGNATURE_INVALID',
    `The response JWT could not be verified: ${error instanceof Error ? error.message : String(error)}`,
    { cause: { expected: JARM_SPEC, actual: error } },
  );
}
