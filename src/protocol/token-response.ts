import { decodeJwt } from 'jose';
import { OAuthResponseError, PlaygroundError, type OAuthErrorFields } from './errors';
import type { HttpResponse } from './http';
import { readBearerError } from './www-authenticate';
import { decodeBase64Text } from './base64';

/** A successful token response, Entra's extras included and `client_info` decoded. */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  /** RFC 8693 token exchange. */
  issued_token_type?: string;
  /** Entra: how long the token stays usable during an outage. */
  ext_expires_in?: number;
  /** Entra: when to refresh proactively. */
  refresh_in?: number;
  /** Entra: "1" for a family refresh token. */
  foci?: string;
  /** Entra: base64url JSON `{uid, utid}` when `client_info=1` was sent. */
  client_info?: string;
  client_info_decoded?: Record<string, unknown>;
  /** The whole JSON body, for display. */
  raw: Record<string, unknown>;
}

/**
 * Reads a token endpoint response: non-JSON → `RESPONSE_NOT_JSON` (saying what came back); an
 * `error` body → `OAuthResponseError` with the status; a success without `access_token` or with
 * an unknown `token_type` → `RESPONSE_INVALID` naming the field.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function parseTokenResponse(response: HttpResponse): TokenResponse {
  const body = readJsonObject(response, 'token response');
  throwIfOAuthError(body, response.status);
  requireSuccessStatus(response, 'token response');
  const accessToken = requireString(body, 'access_token', 'token response');
  const tokenType = requireString(body, 'token_type', 'token response');
  if (!['bearer', 'dpop', 'n_a'].includes(tokenType.toLowerCase())) {
    throw new PlaygroundError(
      'RESPONSE_INVALID',
      `"token_type" in the token response is "${tokenType}", not "Bearer"`,
      {
        cause: { expected: 'Bearer (or DPoP, N_A)', actual: tokenType },
      },
    );
  }
  const result: TokenResponse = { access_token: accessToken, token_type: tokenType, raw: body };
  const expiresIn = optionalSeconds(body, 'expires_in', 'token response');
  if (expiresIn !== undefined) result.expires_in = expiresIn;
  const extExpiresIn = optionalSeconds(body, 'ext_expires_in', 'token response');
  if (extExpiresIn !== undefined) result.ext_expires_in = extExpiresIn;
  const refreshIn = optionalSeconds(body, 'refresh_in', 'token response');
  if (refreshIn !== undefined) result.refresh_in = refreshIn;
  for (const name of [
    'refresh_token',
    'id_token',
    'scope',
    'issued_token_type',
    'foci',
    'client_info',
  ] as const) {
    const value = optionalString(body, name, 'token response');
    if (value !== undefined) result[name] = value;
  }
  if (result.client_info !== undefined) {
    const decoded = decodeClientInfo(result.client_info);
    if (decoded !== undefined) result.client_info_decoded = decoded;
  }
  return result;
}

/**
 * Entra's `client_info`: base64url (sometimes padded base64) of a JSON object `{uid, utid}`.
 * `undefined` when it does not decode.
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
 */
export function decodeClientInfo(value: string): Record<string, unknown> | undefined {
  try {
    const text = decodeBase64Text(value);
    if (text === undefined) return undefined;
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The device authorization response (Entra v1's `verification_url` is accepted as the URI). */
export interface DeviceAuthorizationResponse {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  interval?: number;
  /** Entra: a ready-made sentence for the user. */
  message?: string;
  raw: Record<string, unknown>;
}

/**
 * Reads the device authorization response.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.2
 */
export function parseDeviceAuthorizationResponse(response: HttpResponse): DeviceAuthorizationResponse {
  const what = 'device authorization response';
  const body = readJsonObject(response, what);
  throwIfOAuthError(body, response.status);
  requireSuccessStatus(response, what);
  const verificationUri =
    body.verification_uri === undefined && typeof body.verification_url === 'string'
      ? body.verification_url
      : requireString(body, 'verification_uri', what);
  const expiresIn = optionalSeconds(body, 'expires_in', what);
  if (expiresIn === undefined) {
    throw new PlaygroundError('RESPONSE_INVALID', `"expires_in" is missing from the ${what}`, {
      cause: { expected: 'a number of seconds', actual: undefined },
    });
  }
  const result: DeviceAuthorizationResponse = {
    device_code: requireString(body, 'device_code', what),
    user_code: requireString(body, 'user_code', what),
    verification_uri: verificationUri,
    expires_in: expiresIn,
    raw: body,
  };
  const complete = optionalString(body, 'verification_uri_complete', what);
  if (complete !== undefined) result.verification_uri_complete = complete;
  const interval = optionalSeconds(body, 'interval', what);
  if (interval !== undefined) result.interval = interval;
  const message = optionalString(body, 'message', what);
  if (message !== undefined) result.message = message;
  return result;
}

/** An introspection response: `active` plus whatever the server says about the token. */
export interface IntrospectionResponse {
  active: boolean;
  claims: Record<string, unknown>;
}

/**
 * Reads a token introspection response (`active` is required and boolean).
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 */
export function parseIntrospectionResponse(response: HttpResponse): IntrospectionResponse {
  const what = 'introspection response';
  const body = readJsonObject(response, what);
  throwIfOAuthError(body, response.status);
  requireSuccessStatus(response, what);
  if (typeof body.active !== 'boolean') {
    throw new PlaygroundError('RESPONSE_INVALID', `"active" in the ${what} must be true or false`, {
      cause: { expected: 'boolean', actual: body.active },
    });
  }
  return { active: body.active, claims: body };
}

/** UserInfo claims, from a JSON body or a (signed) JWT. */
export type UserinfoResponse =
  | { format: 'json'; claims: Record<string, unknown> }
  | { format: 'jwt'; jwt: string; claims: Record<string, unknown> };

/**
 * Reads a UserInfo response: JSON, or a JWT (`application/jwt`; its signature is checked
 * elsewhere). A 401/403 with a Bearer error becomes an `OAuthResponseError`.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfoResponse
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function parseUserinfoResponse(response: HttpResponse): UserinfoResponse {
  const what = 'userinfo response';
  if (response.status === 401 || response.status === 403) {
    const challenge = response.headers['www-authenticate'];
    const bearer = challenge === undefined ? undefined : safeBearerError(challenge);
    if (bearer !== undefined) throw new OAuthResponseError(bearer, response.status);
  }
  const contentType = response.headers['content-type'] ?? '';
  const text = response.body.trim();
  if (contentType.includes('application/jwt') || /^[\w-]+\.[\w-]+\.[\w-]*$/.test(text)) {
    requireSuccessStatus(response, what);
    let claims: Record<string, unknown>;
    try {
      claims = decodeJwt(text);
    } catch (error) {
      throw new PlaygroundError('RESPONSE_INVALID', `The ${what} is not a readable JWT`, {
        cause: { expected: 'a JWT', actual: error },
      });
    }
    return { format: 'jwt', jwt: text, claims };
  }
  const body = readJsonObject(response, what);
  throwIfOAuthError(body, response.status);
  requireSuccessStatus(response, what);
  requireString(body, 'sub', what);
  return { format: 'json', claims: body };
}

/** The outcome of a revocation request. */
export interface RevocationResponse {
  revoked: true;
  status: number;
}

/**
 * Reads a revocation response: 200 (with any or no body) is success, whether or not the token was
 * valid; an error body becomes an `OAuthResponseError`.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2
 */
export function parseRevocationResponse(response: HttpResponse): RevocationResponse {
  if (response.status === 200) return { revoked: true, status: 200 };
  const body = readJsonObject(response, 'revocation response');
  throwIfOAuthError(body, response.status);
  throw new PlaygroundError(
    'RESPONSE_INVALID',
    `The revocation response has status ${response.status}, not 200`,
    {
      cause: { expected: 200, actual: response.status },
    },
  );
}

/**
 * The error fields of a JSON error body, or `undefined` when the body has no string `error`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function readOAuthErrorBody(body: Record<string, unknown>): OAuthErrorFields | undefined {
  if (typeof body.error !== 'string') return undefined;
  const fields: OAuthErrorFields = { error: body.error };
  for (const name of ['error_description', 'error_uri', 'trace_id', 'correlation_id', 'timestamp'] as const) {
    const value = body[name];
    if (typeof value === 'string') fields[name] = value;
  }
  if (Array.isArray(body.error_codes)) {
    const codes = body.error_codes.filter((code): code is number => typeof code === 'number');
    if (codes.length > 0) fields.error_codes = codes;
  }
  return fields;
}

function safeBearerError(header: string): OAuthErrorFields | undefined {
  try {
    const bearer = readBearerError(header);
    if (bearer === undefined) return undefined;
    const fields: OAuthErrorFields = { error: bearer.error };
    if (bearer.error_description !== undefined) fields.error_description = bearer.error_description;
    if (bearer.error_uri !== undefined) fields.error_uri = bearer.error_uri;
    return fields;
  } catch {
    return undefined;
  }
}

function throwIfOAuthError(body: Record<string, unknown>, status: number): void {
  const fields = readOAuthErrorBody(body);
  if (fields !== undefined) throw new OAuthResponseError(fields, status);
}

function requireSuccessStatus(response: HttpResponse, what: string): void {
  if (response.status < 200 || response.status > 299) {
    throw new PlaygroundError(
      'RESPONSE_INVALID',
      `The ${what} has status ${response.status} but no OAuth "error" in its body`,
      { cause: { expected: '2xx, or an error body', actual: response.status } },
    );
  }
}

/**
 * Parses the body as a JSON object, or says plainly what came back instead.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function readJsonObject(response: HttpResponse, what: string): Record<string, unknown> {
  const text = response.body;
  const preview = text.slice(0, 200);
  if (text.trim() === '') {
    throw new PlaygroundError('RESPONSE_NOT_JSON', `The ${what} body is empty (status ${response.status})`, {
      cause: { expected: 'a JSON object', actual: '' },
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const contentType = response.headers['content-type'] ?? '';
    const html = contentType.includes('text/html') || /^\s*</.test(text);
    throw new PlaygroundError(
      'RESPONSE_NOT_JSON',
      html
        ? `The ${what} is an HTML page (status ${response.status}), not JSON: often a login, proxy or error page`
        : `The ${what} is not JSON (status ${response.status}${contentType ? `, ${contentType}` : ''})`,
      { cause: { expected: 'a JSON object', actual: preview } },
    );
  }
  if (!isObject(parsed)) {
    throw new PlaygroundError('RESPONSE_NOT_JSON', `The ${what} is JSON but not an object`, {
      cause: { expected: 'a JSON object', actual: preview },
    });
  }
  return parsed;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(body: Record<string, unknown>, name: string, what: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') {
    throw new PlaygroundError(
      'RESPONSE_INVALID',
      value === undefined
        ? `"${name}" is missing from the ${what}`
        : `"${name}" in the ${what} must be a non-empty string`,
      { cause: { expected: 'a non-empty string', actual: value } },
    );
  }
  return value;
}

function optionalString(body: Record<string, unknown>, name: string, what: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new PlaygroundError('RESPONSE_INVALID', `"${name}" in the ${what} must be a string`, {
      cause: { expected: 'string', actual: value },
    });
  }
  return value;
}

/** Seconds as a number; numeric strings are accepted because some servers (Entra v1) send them. */
function optionalSeconds(body: Record<string, unknown>, name: string, what: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  throw new PlaygroundError('RESPONSE_INVALID', `"${name}" in the ${what} must be a number of seconds`, {
    cause: { expected: 'a non-negative number', actual: value },
  });
}

/**
 * The JSON body of a response that creates something (a pushed request, a registered client):
 * an `error` body becomes an `OAuthResponseError`; 200 or 201 without one is the success; any other
 * status without an `error` is `RESPONSE_INVALID`.
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2.2
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2
 */
export function readCreatedResponse(response: HttpResponse, what: string): Record<string, unknown> {
  const body = readJsonObject(response, what);
  throwIfOAuthError(body, response.status);
  if (response.status !== 201 && response.status !== 200) {
    throw new PlaygroundError(
      'RESPONSE_INVALID',
      `The ${what} has status ${response.status} but no OAuth "error"`,
      {
        cause: { expected: 201, actual: response.status },
      },
    );
  }
  return body;
}
