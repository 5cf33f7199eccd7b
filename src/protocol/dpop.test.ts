import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  assertDpopBinding,
  buildDpopAuthorization,
  checkDpopBinding,
  computeAccessTokenHash,
  computeJwkThumbprint,
  createDpopKey,
  createDpopProof,
  normalizeHtu,
  readDpopNonce,
} from './dpop';
import type { HttpResponse } from './http';

// RFC 7638 §3.1: the example RSA key and its thumbprint.
const RFC7638_KEY = {
  kty: 'RSA',
  e: 'AQAB',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  alg: 'RS256',
  kid: '2011-04-29',
};
// RFC 9449 §4.1: the example proof's public key.
const RFC9449_KEY = {
  kty: 'EC',
  x: 'l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs',
  y: '9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA',
  crv: 'P-256',
};

describe('computeJwkThumbprint', () => {
  it.each([
    ['the RFC 7638 §3.1 RSA example', RFC7638_KEY, 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'],
    [
      'the RFC 9449 §4.1 EC example (its dpop_jkt)',
      RFC9449_KEY,
      '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I',
    ],
    [
      'the same EC key with private and extra members',
      { ...RFC9449_KEY, d: 'ignored', use: 'sig', kid: 'k' },
      '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I',
    ],
  ])('%s', async (_label, jwk, expected) => {
    expect(await computeJwkThumbprint(jwk)).toBe(expected);
  });

  it('says KEY_INVALID for a JWK without its required members', async () => {
    await expect(computeJwkThumbprint({ kty: 'EC', crv: 'P-256' })).rejects.toMatchObject({
      code: 'KEY_INVALID',
    });
  });
});

describe('computeAccessTokenHash (ath)', () => {
  it('matches the RFC 9449 §7.1 example', async () => {
    expect(await computeAccessTokenHash('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU')).toBe(
      'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo',
    );
  });
});

describe('normalizeHtu', () => {
  it.each([
    ['https://server.example.com/token', 'https://server.example.com/token'],
    [
      'https://resource.example.org/protectedresource?x=1#frag',
      'https://resource.example.org/protectedresource',
    ],
    ['HTTPS://Server.Example.com:443/token', 'https://server.example.com/token'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeHtu(input)).toBe(expected);
  });

  it('refuses a relative URL', () => {
    expect(() => normalizeHtu('/token')).toThrow(expect.objectContaining({ code: 'INVALID_PARAMETER' }));
  });
});

describe('createDpopKey and createDpopProof', () => {
  it.each(['ES256', 'RS256', 'PS256'] as const)(
    'makes a %s proof that verifies with its embedded jwk',
    async (alg) => {
      const key = await createDpopKey(alg);
      expect(key.privateKey.extractable).toBe(false);
      expect(key.publicJwk).not.toHaveProperty('d');
      expect(key.jkt).toBe(await calculateJwkThumbprint(key.publicJwk));
      const proof = await createDpopProof({
        key,
        htm: 'get',
        htu: 'https://api.example/me?page=2#top',
        accessToken: 'Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU',
        nonce: 'eyJ7S_zG.eyJH0-Z.HX4w-7v',
        now: 1_562_262_616,
        jti: 'e1j3V_bKic8-LAEB',
      });
      expect(proof.header).toEqual({ alg, typ: 'dpop+jwt', jwk: key.publicJwk });
      expect(proof.payload).toEqual({
        jti: 'e1j3V_bKic8-LAEB',
        htm: 'GET',
        htu: 'https://api.example/me',
        iat: 1_562_262_616,
        ath: 'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo',
        nonce: 'eyJ7S_zG.eyJH0-Z.HX4w-7v',
      });
      const header = decodeProtectedHeader(proof.jwt);
      await expect(compactVerify(proof.jwt, await importJWK(header.jwk!, alg))).resolves.toBeDefined();
    },
  );

  it('leaves ath and nonce out of a token-endpoint proof, and draws a fresh jti each time', async () => {
    const key = await createDpopKey();
    const a = await createDpopProof({ key, htm: 'POST', htu: 'https://as.example/token' });
    const b = await createDpopProof({ key, htm: 'POST', htu: 'https://as.example/token' });
    expect(a.payload).not.toHaveProperty('ath');
    expect(a.payload).not.toHaveProperty('nonce');
    expect(a.payload.jti).not.toBe(b.payload.jti);
  });
});

describe('readDpopNonce', () => {
  const response = (status: number, headers: Record<string, string>, body = ''): HttpResponse => ({
    status,
    headers,
    body,
  });
  it.each<[string, HttpResponse, object]>([
    [
      'the authorization server asking (RFC 9449 §8 example)',
      response(
        400,
        { 'dpop-nonce': 'eyJ7S_zG.eyJH0-Z.HX4w-7v' },
        '{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof"}',
      ),
      { retry: true, via: 'body', nonce: 'eyJ7S_zG.eyJH0-Z.HX4w-7v' },
    ],
    [
      'a resource server asking (RFC 9449 §9 example)',
      response(401, {
        'www-authenticate':
          'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
        'dpop-nonce': 'eyJ7S_zG.eyJbYu3.xQmBj-1',
      }),
      { retry: true, via: 'www-authenticate', nonce: 'eyJ7S_zG.eyJbYu3.xQmBj-1' },
    ],
    [
      'a fresh nonce on a success, to use next time',
      response(200, { 'dpop-nonce': 'next' }, '{}'),
      { retry: false, nonce: 'next' },
    ],
    [
      'use_dpop_nonce without a nonce to use',
      response(400, {}, '{"error":"use_dpop_nonce"}'),
      { retry: false, via: 'body' },
    ],
    ['another error', response(400, {}, '{"error":"invalid_grant"}'), { retry: false }],
    ['a body that is not JSON', response(400, {}, '<html>'), { retry: false }],
    ['a malformed challenge', response(401, { 'www-authenticate': 'DPoP error="x' }), { retry: false }],
  ])('%s', (_label, input, expected) => {
    expect(readDpopNonce(input)).toEqual(expected);
  });
});

describe('checkDpopBinding', () => {
  const jwt = (payload: object) =>
    `${btoa(JSON.stringify({ alg: 'RS256' })).replace(/=+$/, '')}.${btoa(JSON.stringify(payload)).replace(/=+$/, '')}.sig`;

  it.each<[string, { token_type: string; access_token: string }, boolean[], string | undefined]>([
    [
      'a bound JWT',
      { token_type: 'DPoP', access_token: jwt({ cnf: { jkt: 'abc' } }) },
      [true, true],
      undefined,
    ],
    ['a Bearer token', { token_type: 'Bearer', access_token: jwt({}) }, [false, false], 'not DPoP'],
    [
      'a JWT bound to another key',
      { token_type: 'DPoP', access_token: jwt({ cnf: { jkt: 'other' } }) },
      [true, false],
      'not this key',
    ],
    [
      'an opaque DPoP token (cannot be read, said so)',
      { token_type: 'dpop', access_token: 'opaque' },
      [true, true],
      undefined,
    ],
  ])('%s', (_label, response, oks, failure) => {
    const checks = checkDpopBinding(response, 'abc');
    expect(checks.map((check) => check.ok)).toEqual(oks);
    if (failure === undefined) {
      expect(() => assertDpopBinding(checks, 'abc')).not.toThrow();
    } else {
      expect(() => assertDpopBinding(checks, 'abc')).toThrow(
        expect.objectContaining({
          code: 'DPOP_BINDING_MISMATCH',
          message: expect.stringContaining(failure) as string,
        }),
      );
    }
  });

  it('builds the DPoP Authorization header', () => {
    expect(buildDpopAuthorization('t')).toBe('DPoP t');
  });
});
