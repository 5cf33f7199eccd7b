/**
 * The one error type of the playground. Callers `switch (err.code)`; `cause` carries
 * `{ expected, actual }` when there is something to compare.
 */
export type ErrorCode =
  // tokens/
  | 'TOKEN_EMPTY'
  | 'JWT_MALFORMED'
  | 'JWT_SEGMENT_COUNT'
  | 'JWT_NOT_BASE64URL'
  | 'JWT_NOT_JSON'
  | 'JWT_HEADER_NOT_OBJECT'
  | 'JWT_HEADER_NO_ALG'
  | 'JWT_PAYLOAD_NOT_OBJECT'
  | 'JWE_ENCRYPTED'
  | 'KEY_INVALID'
  | 'SIGNATURE_INVALID'
  | 'NO_MATCHING_KEY'
  | 'CANNOT_VERIFY'
  | 'CLAIM_INVALID'
  // protocol/
  | 'INVALID_PARAMETER'
  | 'PKCE_VERIFIER_INVALID'
  | 'CALLBACK_EMPTY'
  | 'STATE_MISSING'
  | 'STATE_MISMATCH'
  | 'CALLBACK_REPLAYED'
  | 'CALLBACK_DUPLICATE'
  | 'NONCE_MISMATCH'
  | 'HASH_MISMATCH'
  | 'RESPONSE_NOT_JSON'
  | 'CLIENT_AUTH_REFUSED'
  | 'RESPONSE_INVALID'
  | 'OAUTH_ERROR'
  | 'DISCOVERY_INVALID_URL'
  | 'DISCOVERY_FAILED'
  | 'DISCOVERY_NOT_JSON'
  | 'DISCOVERY_ISSUER_MISMATCH'
  | 'DISCOVERY_MISSING_ENDPOINT'
  | 'SETUP_INVALID'
  | 'ISSUER_MISSING'
  | 'ISSUER_MISMATCH'
  // protocol/: modern modes (PAR, JAR, JARM, DPoP, RAR, claims, DCR, RFC 9728)
  | 'JARM_RESPONSE_MISSING'
  | 'AUTHENTICATION_NOT_MET'
  | 'AUDIENCE_MISMATCH'
  | 'DPOP_BINDING_MISMATCH'
  | 'DPOP_KEY_MISSING'
  | 'AUTHORIZATION_DETAILS_INVALID'
  | 'CLAIMS_PARAMETER_INVALID'
  | 'CLIENT_METADATA_INVALID'
  | 'RESOURCE_METADATA_INVALID'
  | 'RESOURCE_MISMATCH'
  // transport/
  | 'NETWORK'
  | 'CORS_BLOCKED'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'RELAY_REFUSED'
  | 'RELAY_UNAVAILABLE';

export interface Mismatch {
  expected: unknown;
  actual: unknown;
}

export class PlaygroundError extends Error {
  readonly code: ErrorCode;
  declare readonly cause?: unknown;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlaygroundError';
    this.code = code;
  }
}

/** The error fields an OAuth 2.0 / OIDC error response may carry, Entra's extras included. */
export interface OAuthErrorFields {
  error: string;
  error_description?: string;
  error_uri?: string;
  /** Entra ID: numeric AADSTS codes. */
  error_codes?: number[];
  trace_id?: string;
  correlation_id?: string;
  timestamp?: string;
}

/**
 * An OAuth error response (RFC 6749 §4.1.2.1, §5.2), from a callback or an endpoint.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export class OAuthResponseError extends PlaygroundError {
  readonly fields: OAuthErrorFields;
  readonly status: number | undefined;

  constructor(fields: OAuthErrorFields, status?: number) {
    super(
      'OAUTH_ERROR',
      fields.error_description ? `${fields.error}: ${fields.error_description}` : fields.error,
    );
    this.name = 'OAuthResponseError';
    this.fields = fields;
    this.status = status;
  }
}

export function isPlaygroundError(value: unknown): value is PlaygroundError {
  return value instanceof PlaygroundError;
}
