import { applyClientAuth, type ClientAuth } from './client-auth';
import { PlaygroundError } from './errors';
import { buildFormPost, type HttpMethod, type HttpRequest } from './http';

/** Custom parameters the user added, sent after the standard ones, exactly as given. */
export type ExtraParams = readonly (readonly [string, string])[];

/** What every token-endpoint style request needs. */
export interface EndpointRequestBase {
  /** The endpoint URL (token, device authorization, introspection or revocation). */
  endpoint: string;
  clientAuth: ClientAuth;
  extra?: ExtraParams;
}

export const GRANT_TYPES = {
  authorizationCode: 'authorization_code',
  refreshToken: 'refresh_token',
  clientCredentials: 'client_credentials',
  password: 'password',
  deviceCode: 'urn:ietf:params:oauth:grant-type:device_code',
  jwtBearer: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  tokenExchange: 'urn:ietf:params:oauth:grant-type:token-exchange',
} as const;

type Param = readonly [string, string | undefined];

/**
 * A form POST with the grant's parameters (those left `undefined` are not sent; every string is sent
 * as given, wrong values included), then client authentication, then the user's extras. Shared by
 * every client-authenticated back-channel request (token, PAR, introspection, revocation).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3
 */
export function buildEndpointPost(base: EndpointRequestBase, params: readonly Param[]): HttpRequest {
  const auth = applyClientAuth(base.clientAuth);
  const pairs: [string, string][] = [];
  for (const [name, value] of params) if (value !== undefined) pairs.push([name, value]);
  pairs.push(...auth.params);
  for (const [name, value] of base.extra ?? []) if (name !== '') pairs.push([name, value]);
  const request = buildFormPost(checkUrl(base.endpoint, 'endpoint'), {}, auth.headers);
  return { ...request, body: new URLSearchParams(pairs).toString() };
}

/**
 * Redeems an authorization code, with the PKCE `code_verifier` and the `redirect_uri` used.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.5
 */
export function buildAuthorizationCodeRequest(
  options: EndpointRequestBase & { code: string; redirectUri?: string; codeVerifier?: string },
): HttpRequest {
  return buildEndpointPost(options, [
    ['grant_type', GRANT_TYPES.authorizationCode],
    ['code', options.code],
    ['redirect_uri', options.redirectUri],
    ['code_verifier', options.codeVerifier],
  ]);
}

/**
 * Trades a refresh token for new tokens, optionally for fewer (or, on Entra, other) scopes.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function buildRefreshTokenRequest(
  options: EndpointRequestBase & { refreshToken: string; scope?: string },
): HttpRequest {
  return buildEndpointPost(options, [
    ['grant_type', GRANT_TYPES.refreshToken],
    ['refresh_token', options.refreshToken],
    ['scope', options.scope],
  ]);
}

/**
 * An app-only token for the client itself (on Entra, `scope` is `{resource}/.default`).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4.2
 */
export function buildClientCredentialsRequest(
  options: EndpointRequestBase & { scope?: string },
): HttpRequest {
  return buildEndpointPost(options, [
    ['grant_type', GRANT_TYPES.clientCredentials],
    ['scope', options.scope],
  ]);
}

/**
 * One poll of the token endpoint during the device flow.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 */
export function buildDeviceCodeTokenRequest(
  options: EndpointRequestBase & { deviceCode: string },
): HttpRequest {
  return buildEndpointPost(options, [
    ['grant_type', GRANT_TYPES.deviceCode],
    ['device_code', options.deviceCode],
  ]);
}

/**
 * Resource owner password credentials (legacy and unsafe: the app sees the password, no MFA).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3.2
 */
export function buildPasswordRequest(
  options: EndpointRequestBase & { username: string; password: string; scope?: string },
): HttpRequest {
  return buildEndpointPost(options, [
    ['grant_type', GRANT_TYPES.password],
    ['username', options.username],
    ['password', options.password],
    ['scope', options.scope],
  ]);
}

/**
 * Entra's on-behalf-of: an API trades the user token it received (`assertion`) for a token to
 * another API, with `requested_token_use=on_behalf_of`.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.1
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow
 */
export function buildOnBehalfOfRequest(
  options: EndpointRequestBase & { assertion: string; scope?: string; requestedTokenUse?: string },
): HttpRequest {
  return buildEndpointPost(options, [
    ['grant_type', GRANT_TYPES.jwtBearer],
    ['assertion', options.assertion],
    ['scope', options.scope],
    ['requested_token_use', options.requestedTokenUse ?? 'on_behalf_of'],
  ]);
}

export interface TokenExchangeOptions extends EndpointRequestBase {
  subjectToken: string;
  /** e.g. `urn:ietf:params:oauth:token-type:access_token`. */
  subjectTokenType: string;
  actorToken?: string;
  actorTokenType?: string;
  requestedTokenType?: string;
  audience?: string;
  resource?: string;
  scope?: string;
}

/**
 * OAuth 2.0 Token Exchange.
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1
 */
export function buildTokenExchangeRequest(options: TokenExchangeOptions): HttpRequest {
  return buildEndpointPost(options, [
    ['grant_type', GRANT_TYPES.tokenExchange],
    ['subject_token', options.subjectToken],
    ['subject_token_type', options.subjectTokenType],
    ['actor_token', options.actorToken],
    ['actor_token_type', options.actorTokenType],
    ['requested_token_type', options.requestedTokenType],
    ['audience', options.audience],
    ['resource', options.resource],
    ['scope', options.scope],
  ]);
}

/**
 * Starts the device flow. `mkt` (Entra only) localises the returned `message` and goes in the query.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1
 */
export function buildDeviceAuthorizationRequest(
  options: EndpointRequestBase & { scope?: string; mkt?: string },
): HttpRequest {
  const request = buildEndpointPost(options, [['scope', options.scope]]);
  if (options.mkt === undefined || options.mkt === '') return request;
  const url = new URL(request.url);
  url.searchParams.set('mkt', options.mkt);
  return { ...request, url: url.toString() };
}

/**
 * Asks the authorization server whether a token is active and what it grants.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.1
 */
export function buildIntrospectionRequest(
  options: EndpointRequestBase & { token: string; tokenTypeHint?: string },
): HttpRequest {
  return buildEndpointPost(options, [
    ['token', options.token],
    ['token_type_hint', options.tokenTypeHint],
  ]);
}

/**
 * Revokes an access or refresh token.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export function buildRevocationRequest(
  options: EndpointRequestBase & { token: string; tokenTypeHint?: string },
): HttpRequest {
  return buildEndpointPost(options, [
    ['token', options.token],
    ['token_type_hint', options.tokenTypeHint],
  ]);
}

/**
 * The OIDC UserInfo request: a GET with the access token as a Bearer token.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfoRequest
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function buildUserinfoRequest(endpoint: string, accessToken: string): HttpRequest {
  return buildApiRequest(endpoint, accessToken, 'GET');
}

/**
 * A call to a protected resource with `Authorization: Bearer <token>`.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function buildApiRequest(url: string, accessToken: string, method: HttpMethod = 'GET'): HttpRequest {
  return {
    method,
    url: checkUrl(url, 'url'),
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  };
}

export interface EndSessionParams {
  id_token_hint?: string;
  post_logout_redirect_uri?: string;
  state?: string;
  client_id?: string;
  logout_hint?: string;
}

/**
 * The RP-initiated logout URL (parameters left `undefined` or empty are not sent).
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
export function buildEndSessionUrl(
  endpoint: string,
  params: EndSessionParams,
  extra: ExtraParams = [],
): string {
  const url = new URL(checkUrl(endpoint, 'end_session_endpoint'));
  const names = ['id_token_hint', 'post_logout_redirect_uri', 'state', 'client_id', 'logout_hint'] as const;
  for (const name of names) {
    const value = params[name];
    if (value !== undefined && value !== '') url.searchParams.append(name, value);
  }
  for (const [name, value] of extra) if (name !== '') url.searchParams.append(name, value);
  return url.toString();
}

function checkUrl(value: string, name: string): string {
  try {
    return new URL(value).toString();
  } catch {
    throw new PlaygroundError('INVALID_PARAMETER', `"${name}" is not an absolute URL`, {
      cause: { expected: 'an absolute URL', actual: value },
    });
  }
}
