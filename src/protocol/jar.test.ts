import { decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  buildRequestObjectAuthorizeUrl,
  buildRequestObjectClaims,
  REQUEST_OBJECT_TYPE,
  signRequestObject,
} from './jar';

const PARAMS = {
  response_type: 'code',
  client_id: 's6BhdRkqt3',
  redirect_uri: 'https://client.example.org/cb',
  scope: 'openid',
  state: 'af0ifjsldkj',
  nonce: 'n-0S6_WzA2Mj',
  max_age: '86400',
  claims: '{"id_token":{"acr":{"essential":true,"values":["urn:mace:incommon:iap:silver"]}}}',
  prompt: '',
};

describe('buildRequestObjectClaims', () => {
  it('puts the parameters in as JSON members with iss, aud, iat, nbf, exp and jti (RFC 9101 §4)', () => {
    const claims = buildRequestObjectClaims({
      clientId: 's6BhdRkqt3',
      issuer: 'https://server.example.com',
      params: PARAMS,
      now: 1_700_000_000,
      jti: 'j1',
    });
    expect(claims).toEqual({
      response_type: 'code',
      client_id: 's6BhdRkqt3',
      redirect_uri: 'https://client.example.org/cb',
      scope: 'openid',
      state: 'af0ifjsldkj',
      nonce: 'n-0S6_WzA2Mj',
      max_age: 86400,
      claims: { id_token: { acr: { essential: true, values: ['urn:mace:incommon:iap:silver'] } } },
      iss: 's6BhdRkqt3',
      aud: 'https://server.example.com',
      iat: 1_700_000_000,
      nbf: 1_700_000_000,
      exp: 1_700_000_300,
      jti: 'j1',
    });
  });

  it.each([
    [
      'a missing client id',
      { clientId: '', issuer: 'https://as', params: {} },
      'INVALID_PARAMETER',
      'client_id',
    ],
    [
      'claims that are not JSON',
      { clientId: 'c', issuer: 'https://as', params: { claims: '{' } },
      'INVALID_PARAMETER',
      'claims',
    ],
    [
      'authorization_details that are not JSON',
      { clientId: 'c', issuer: 'https://as', params: { authorization_details: '[' } },
      'INVALID_PARAMETER',
      'authorization_details',
    ],
  ])('refuses %s', (_label, options, code, name) => {
    expect(() => buildRequestObjectClaims(options)).toThrow(
      expect.objectContaining({ code, message: expect.stringContaining(name) as string }),
    );
  });

  it('never nests request or request_uri inside the request object', () => {
    const claims = buildRequestObjectClaims({
      clientId: 'c',
      issuer: 'https://as',
      params: { request: 'x', request_uri: 'y' },
    });
    expect(claims).not.toHaveProperty('request');
    expect(claims).not.toHaveProperty('request_uri');
  });
});

describe('signRequestObject', () => {
  it.each(['PS256', 'RS256', 'ES256'] as const)(
    'signs with a pasted private JWK (%s) and the result verifies',
    async (alg) => {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const claims = buildRequestObjectClaims({ clientId: 'c', issuer: 'https://as', params: PARAMS });
      const signed = await signRequestObject(claims, await exportJWK(privateKey), { alg, kid: 'k1' });
      expect(signed.header).toEqual({ alg, typ: REQUEST_OBJECT_TYPE, kid: 'k1' });
      expect(decodeProtectedHeader(signed.jwt).typ).toBe('oauth-authz-req+jwt');
      const { payload } = await jwtVerify(signed.jwt, publicKey, { audience: 'https://as', issuer: 'c' });
      expect(payload.state).toBe('af0ifjsldkj');
    },
  );

  it('says KEY_INVALID for a public key', async () => {
    const { publicKey } = await generateKeyPair('PS256', { extractable: true });
    await expect(signRequestObject({}, await exportJWK(publicKey))).rejects.toMatchObject({
      code: 'KEY_INVALID',
    });
  });
});

describe('buildRequestObjectAuthorizeUrl', () => {
  it('sends client_id and request only (RFC 9101 §5.1)', () => {
    expect(
      buildRequestObjectAuthorizeUrl('https://server.example.com/authorize', 's6BhdRkqt3', 'eyJ.a.b'),
    ).toBe('https://server.example.com/authorize?client_id=s6BhdRkqt3&request=eyJ.a.b');
  });
});
