import { buildAuthorizeUrl } from './authorize-url';
import { applyClientAuth, type ClientAuth } from './client-auth';
import { PlaygroundError } from './errors';
import type { HttpRequest, HttpResponse } from './http';
import { buildEndpointPost, type ExtraParams } from './token-request';
import { readCreatedResponse } from './token-response';

/** The prefix RFC 9126 gives the `request_uri` values a PAR endpoint issues. */
export const PAR_REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';

export interface PushedAuthorizationRequestOptions {
  /** `pushed_authorization_request_endpoint` from discovery. */
  endpoint: string;
  clientAuth: ClientAuth;
  /**
   * The authorization request parameters, in order, exactly as they would go in the URL (or just
   * `request` with a signed request object, RFC 9126 §3). Empty values are left out.
   */
  params: Record<string, string>;
  extra?: ExtraParams;
  /** A DPoP proof for this endpoint (RFC 9449 §10.1): it binds the later code to the key. */
  dpopProof?: string;
}

/**
 * The back-channel POST of the authorization parameters to the PAR endpoint, with the client's
 * authentication as at the token endpoint (public clients send `client_id`).
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2.1
 */
export function buildPushedAuthorizationRequest(options: PushedAuthorizationRequestOptions): HttpRequest {
  const params = Object.entries(options.params).filter(([name, value]) => name !== '' && value !== '');
  // `client_id` is an authorization parameter (RFC 9126 §2.1); when client authentication puts it
  // in the body too (none, client_secret_post, assertions), it is sent once, from there.
  const authSendsClientId = applyClientAuth(options.clientAuth).params.some(([name]) => name === 'client_id');
  const withoutClientId = authSendsClientId ? params.filter(([name]) => name !== 'client_id') : params;
  const request = buildEndpointPost(
    {
      endpoint: options.endpoint,
      clientAuth: options.clientAuth,
      ...(options.extra ? { extra: options.extra } : {}),
    },
    withoutClientId,
  );
  if (options.dpopProof === undefined) return request;
  return { ...request, headers: { ...request.headers, dpop: options.dpopProof } };
}

/** A successful PAR response. */
export interface PushedAuthorizationResponse {
  request_uri: string;
  expires_in: number;
  /** Said when the server answered 200 instead of RFC 9126's 201 Created (still usable). */
  statusNote?: string;
  raw: Record<string, unknown>;
}

/**
 * Reads the PAR response: `request_uri` and `expires_in` (201 Created); an `error` body becomes an
 * `OAuthResponseError` (e.g. `invalid_client`, `invalid_request`, `use_dpop_nonce`).
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2.2
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2.3
 */
export function parsePushedAuthorizationResponse(response: HttpResponse): PushedAuthorizationResponse {
  const body = readCreatedResponse(response, 'pushed authorization response');
  const requestUri = body.request_uri;
  if (typeof requestUri !== 'string' || requestUri === '') {
    throw new PlaygroundError('RESPONSE_INVALID', 'The pushed authorization response has no "request_uri"', {
      cause: { expected: 'a request_uri string', actual: requestUri },
    });
  }
  const expiresIn = body.expires_in;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new PlaygroundError(
      'RESPONSE_INVALID',
      '"expires_in" in the pushed authorization response must be a positive number of seconds',
      { cause: { expected: 'a positive number', actual: expiresIn } },
    );
  }
  const result: PushedAuthorizationResponse = { request_uri: requestUri, expires_in: expiresIn, raw: body };
  if (response.status === 200) {
    result.statusNote = 'RFC 9126 §2.2 says the PAR endpoint answers 201 Created; this one answered 200.';
  }
  return result;
}

/**
 * The front-channel authorization URL after a push: only `client_id` and `request_uri` (RFC 9126
 * §4); everything else the server already holds.
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-4
 */
export function buildPushedAuthorizeUrl(
  authorizationEndpoint: string,
  clientId: string,
  requestUri: string,
): string {
  return buildAuthorizeUrl(authorizationEndpoint, { client_id: clientId, request_uri: requestUri });
}

/**
 * When a pushed `request_uri` stops being usable, from the moment the response arrived.
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-2.2
 */
export function computePushedRequestExpiry(receivedAtMs: number, expiresIn: number): number {
  return receivedAtMs + expiresIn * 1000;
}
