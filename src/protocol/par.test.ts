import { describe, expect, it } from 'vitest';
import type { ClientAuth } from './client-auth';
import type { HttpResponse } from './http';
import {
  buildPushedAuthorizationRequest,
  buildPushedAuthorizeUrl,
  computePushedRequestExpiry,
  parsePushedAuthorizationResponse,
} from './par';

const PAR = 'https://server.example.com/as/par';
// RFC 9126 §2.1's example request parameters.
const PARAMS = {
  response_type: 'code',
  client_id: 's6BhdRkqt3',
  state: 'af0ifjsldkj',
  redirect_uri: 'https://client.example.org/cb',
  code_challenge: 'K2-ltc83acc4h0c9w6ESC_rEMTJ3bww-uCHaoeK1t8U',
  code_challenge_method: 'S256',
  scope: 'account-information',
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('buildPushedAuthorizationRequest', () => {
  it.each<[string, ClientAuth, [string, string][], Record<string, string>]>([
    [
      'client_secret_basic keeps client_id as an authorization parameter (RFC 9126 §2.1 example)',
      { method: 'client_secret_basic', clientId: 's6BhdRkqt3', clientSecret: '7Fjfp0ZBr1KtDRbnfVdmIw' },
      Object.entries(PARAMS),
      { authorization: 'Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3' },
    ],
    [
      'none sends client_id once, from client authentication',
      { method: 'none', clientId: 's6BhdRkqt3' },
      [...Object.entries(PARAMS).filter(([name]) => name !== 'client_id'), ['client_id', 's6BhdRkqt3']],
      {},
    ],
    [
      'client_secret_post sends the secret in the body after the parameters',
      { method: 'client_secret_post', clientId: 's6BhdRkqt3', clientSecret: 'x' },
      [
        ...Object.entries(PARAMS).filter(([name]) => name !== 'client_id'),
        ['client_id', 's6BhdRkqt3'],
        ['client_secret', 'x'],
      ],
      {},
    ],
  ])('%s', (_label, clientAuth, expectedBody, expectedHeaders) => {
    const request = buildPushedAuthorizationRequest({ endpoint: PAR, clientAuth, params: PARAMS });
    expect(request).toMatchObject({
      method: 'POST',
      url: PAR,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...expectedHeaders },
    });
    expect([...new URLSearchParams(request.body)]).toEqual(expectedBody);
  });

  it('leaves out empty values, pushes a request object alone, and adds a DPoP proof header', () => {
    const request = buildPushedAuthorizationRequest({
      endpoint: PAR,
      clientAuth: { method: 'none', clientId: 'app' },
      params: { request: 'eyJ.a.b', prompt: '' },
      dpopProof: 'proof.jwt.here',
    });
    expect([...new URLSearchParams(request.body)]).toEqual([
      ['request', 'eyJ.a.b'],
      ['client_id', 'app'],
    ]);
    expect(request.headers.dpop).toBe('proof.jwt.here');
  });
});

describe('parsePushedAuthorizationResponse', () => {
  it('reads the RFC 9126 §2.2 example response', () => {
    const parsed = parsePushedAuthorizationResponse(
      json(201, {
        request_uri: 'urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c',
        expires_in: 60,
      }),
    );
    expect(parsed).toMatchObject({
      request_uri: 'urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c',
      expires_in: 60,
    });
    expect(parsed.statusNote).toBeUndefined();
  });

  it('accepts 200 but says RFC 9126 asks for 201', () => {
    expect(
      parsePushedAuthorizationResponse(json(200, { request_uri: 'urn:x', expires_in: 5 })).statusNote,
    ).toMatch(/201 Created/);
  });

  it.each<[string, HttpResponse, string, string | undefined]>([
    [
      'an OAuth error (RFC 9126 §2.3)',
      json(400, { error: 'invalid_request', error_description: 'bad' }),
      'OAUTH_ERROR',
      undefined,
    ],
    [
      'use_dpop_nonce',
      json(400, { error: 'use_dpop_nonce' }, { 'dpop-nonce': 'n' }),
      'OAUTH_ERROR',
      undefined,
    ],
    ['no request_uri', json(201, { expires_in: 60 }), 'RESPONSE_INVALID', 'request_uri'],
    ['no expires_in', json(201, { request_uri: 'urn:x' }), 'RESPONSE_INVALID', 'expires_in'],
    [
      'a negative expires_in',
      json(201, { request_uri: 'urn:x', expires_in: -1 }),
      'RESPONSE_INVALID',
      'expires_in',
    ],
    ['status 500 without error', json(500, {}), 'RESPONSE_INVALID', '500'],
    [
      'an HTML page',
      { status: 502, headers: { 'content-type': 'text/html' }, body: '<html></html>' },
      'RESPONSE_NOT_JSON',
      'HTML',
    ],
  ])('refuses %s', (_label, response, code, text) => {
    expect(() => parsePushedAuthorizationResponse(response)).toThrow(
      expect.objectContaining({
        code,
        ...(text ? { message: expect.stringContaining(text) as string } : {}),
      }),
    );
  });
});

describe('buildPushedAuthorizeUrl', () => {
  it('sends only client_id and request_uri, keeping the endpoint query (RFC 9126 §4 example)', () => {
    const url = buildPushedAuthorizeUrl(
      'https://server.example.com/authorize?tenant=x',
      's6BhdRkqt3',
      'urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c',
    );
    expect(url).toBe(
      'https://server.example.com/authorize?tenant=x&client_id=s6BhdRkqt3&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A6esc_11ACC5bwc014ltc14eY22c',
    );
  });

  it('refuses an endpoint that is not a URL', () => {
    expect(() => buildPushedAuthorizeUrl('not a url', 'a', 'b')).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }),
    );
  });

  it('computes when the request_uri stops working', () => {
    expect(computePushedRequestExpiry(1_000, 60)).toBe(61_000);
  });
});
