import { describe, expect, it } from 'vitest';
import { OAuthResponseError, type PlaygroundError } from './errors';
import type { HttpResponse } from './http';
import {
  decodeClientInfo,
  parseDeviceAuthorizationResponse,
  parseIntrospectionResponse,
  parseRevocationResponse,
  parseTokenResponse,
  parseUserinfoResponse,
} from './token-response';

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const code = (code: string) => expect.objectContaining({ code }) as PlaygroundError;
// base64url of {"uid":"u1","utid":"t1"}
const CLIENT_INFO = btoa('{"uid":"u1","utid":"t1"}').replace(/=+$/, '');

describe('parseTokenResponse', () => {
  it('reads a success with Entra extras and decodes client_info', () => {
    const result = parseTokenResponse(
      json(200, {
        token_type: 'Bearer',
        scope: 'openid User.Read',
        expires_in: 3599,
        ext_expires_in: '3599',
        refresh_in: 1800,
        access_token: 'at',
        refresh_token: 'rt',
        id_token: 'a.b.c',
        foci: '1',
        client_info: CLIENT_INFO,
      }),
    );
    expect(result).toMatchObject({
      access_token: 'at',
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      refresh_in: 1800,
      refresh_token: 'rt',
      id_token: 'a.b.c',
      scope: 'openid User.Read',
      foci: '1',
      client_info_decoded: { uid: 'u1', utid: 't1' },
    });
  });

  it('keeps every error field as an OAuthResponseError with the status', () => {
    const body = {
      error: 'invalid_grant',
      error_description: 'AADSTS54005: OAuth2 Authorization code was already redeemed',
      error_codes: [54005],
      timestamp: '2025-01-01 00:00:00Z',
      trace_id: 't',
      correlation_id: 'c',
      error_uri: 'https://login.microsoftonline.com/error?code=54005',
    };
    try {
      parseTokenResponse(json(400, body));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(OAuthResponseError);
      expect((error as OAuthResponseError).fields).toEqual(body);
      expect((error as OAuthResponseError).status).toBe(400);
    }
  });

  it.each<[string, HttpResponse, string, string]>([
    ['empty body', json(200, ''), 'RESPONSE_NOT_JSON', 'body is empty'],
    [
      'an HTML page',
      {
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html><body>Bad gateway</body></html>',
      },
      'RESPONSE_NOT_JSON',
      'HTML page',
    ],
    [
      'plain text',
      { status: 500, headers: { 'content-type': 'text/plain' }, body: 'oops' },
      'RESPONSE_NOT_JSON',
      'not JSON (status 500, text/plain)',
    ],
    ['a JSON array', json(200, [1]), 'RESPONSE_NOT_JSON', 'not an object'],
    ['no access_token', json(200, { token_type: 'Bearer' }), 'RESPONSE_INVALID', '"access_token" is missing'],
    ['no token_type', json(200, { access_token: 'at' }), 'RESPONSE_INVALID', '"token_type" is missing'],
    [
      'wrong token_type',
      json(200, { access_token: 'at', token_type: 'mac' }),
      'RESPONSE_INVALID',
      '"token_type"',
    ],
    [
      'bad expires_in',
      json(200, { access_token: 'at', token_type: 'Bearer', expires_in: 'soon' }),
      'RESPONSE_INVALID',
      '"expires_in"',
    ],
    [
      'refresh_token not a string',
      json(200, { access_token: 'at', token_type: 'Bearer', refresh_token: 1 }),
      'RESPONSE_INVALID',
      '"refresh_token"',
    ],
    ['4xx without error', json(401, { message: 'no' }), 'RESPONSE_INVALID', 'status 401'],
  ])('%s → %s', (_label, response, errorCode, message) => {
    expect(() => parseTokenResponse(response)).toThrow(code(errorCode));
    expect(() => parseTokenResponse(response)).toThrow(message);
  });

  it('puts the first 200 characters in the cause', () => {
    const body = `<html>${'x'.repeat(500)}`;
    try {
      parseTokenResponse({ status: 200, headers: {}, body });
    } catch (error) {
      expect((error as PlaygroundError).cause).toEqual({
        expected: 'a JSON object',
        actual: body.slice(0, 200),
      });
    }
  });

  it('accepts lower-case bearer and N_A', () => {
    expect(parseTokenResponse(json(200, { access_token: 'a', token_type: 'bearer' })).token_type).toBe(
      'bearer',
    );
    expect(parseTokenResponse(json(200, { access_token: 'a', token_type: 'N_A' })).token_type).toBe('N_A');
  });
});

describe('decodeClientInfo', () => {
  it.each<[string, unknown]>([
    [CLIENT_INFO, { uid: 'u1', utid: 't1' }],
    [btoa('{"uid":"u1","utid":"t1"}'), { uid: 'u1', utid: 't1' }],
    ['!!!', undefined],
    [btoa('[1]'), undefined],
  ])('%s → %j', (value, decoded) => {
    expect(decodeClientInfo(value)).toEqual(decoded);
  });
});

describe('parseDeviceAuthorizationResponse', () => {
  const entra = {
    device_code: 'dc',
    user_code: 'ABCD-EFGH',
    verification_uri: 'https://microsoft.com/devicelogin',
    expires_in: 900,
    interval: 5,
    message: 'To sign in, use a web browser…',
  };
  it('reads the Entra response', () => {
    expect(parseDeviceAuthorizationResponse(json(200, entra))).toEqual({ ...entra, raw: entra });
  });

  it('accepts verification_url and a missing interval', () => {
    const result = parseDeviceAuthorizationResponse(
      json(200, { device_code: 'dc', user_code: 'u', verification_url: 'https://v', expires_in: '600' }),
    );
    expect(result.verification_uri).toBe('https://v');
    expect(result.expires_in).toBe(600);
    expect(result.interval).toBeUndefined();
  });

  it.each(['device_code', 'user_code', 'verification_uri', 'expires_in'])('names a missing %s', (field) => {
    const body = Object.fromEntries(Object.entries(entra).filter(([name]) => name !== field));
    expect(() => parseDeviceAuthorizationResponse(json(200, body))).toThrow(`"${field}" is missing`);
  });

  it('turns an error body into an OAuthResponseError', () => {
    expect(() => parseDeviceAuthorizationResponse(json(400, { error: 'invalid_client' }))).toThrow(
      OAuthResponseError,
    );
  });
});

describe('parseIntrospectionResponse', () => {
  it.each([true, false])('reads active=%s', (active) => {
    expect(parseIntrospectionResponse(json(200, { active, sub: 'x' }))).toEqual({
      active,
      claims: { active, sub: 'x' },
    });
  });
  it('requires a boolean active', () => {
    expect(() => parseIntrospectionResponse(json(200, { active: 'true' }))).toThrow(code('RESPONSE_INVALID'));
  });
});

describe('parseUserinfoResponse', () => {
  const jwt = `${btoa('{"alg":"RS256"}')}.${btoa('{"sub":"u1","name":"A"}').replace(/=+$/, '')}.sig`;
  it('reads JSON claims', () => {
    expect(parseUserinfoResponse(json(200, { sub: 'u1', name: 'A' }))).toEqual({
      format: 'json',
      claims: { sub: 'u1', name: 'A' },
    });
  });
  it('reads a JWT body', () => {
    const result = parseUserinfoResponse({
      status: 200,
      headers: { 'content-type': 'application/jwt' },
      body: jwt,
    });
    expect(result).toEqual({ format: 'jwt', jwt, claims: { sub: 'u1', name: 'A' } });
  });
  it('requires sub', () => {
    expect(() => parseUserinfoResponse(json(200, { name: 'A' }))).toThrow('"sub" is missing');
  });
  it('reads a Bearer error from WWW-Authenticate', () => {
    const response: HttpResponse = {
      status: 401,
      headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' },
      body: '',
    };
    expect(() => parseUserinfoResponse(response)).toThrow(
      expect.objectContaining({
        fields: { error: 'invalid_token', error_description: 'expired' },
        status: 401,
      }) as OAuthResponseError,
    );
  });
  it('says when a JWT body does not decode', () => {
    expect(() =>
      parseUserinfoResponse({ status: 200, headers: { 'content-type': 'application/jwt' }, body: 'a.b.c' }),
    ).toThrow(code('RESPONSE_INVALID'));
  });
});

describe('parseRevocationResponse', () => {
  it.each(['', '{}'])('200 with body %j is success', (body) => {
    expect(parseRevocationResponse({ status: 200, headers: {}, body })).toEqual({
      revoked: true,
      status: 200,
    });
  });
  it('an error body is an OAuthResponseError', () => {
    expect(() => parseRevocationResponse(json(400, { error: 'unsupported_token_type' }))).toThrow(
      OAuthResponseError,
    );
  });
  it('another status without an error body is RESPONSE_INVALID', () => {
    expect(() => parseRevocationResponse(json(503, {}))).toThrow(code('RESPONSE_INVALID'));
  });
});
