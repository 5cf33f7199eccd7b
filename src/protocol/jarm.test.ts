import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  isJarmResponseMode,
  readJarmResponseParameter,
  resolveJarmDelivery,
  verifyJarmResponse,
} from './jarm';

const ISSUER = 'https://accounts.example.com';
const CLIENT = 's6BhdRkqt3';
const NOW = 1_700_000_000;
let signingKey: CryptoKey;
let jwks: JSONWebKeySet;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  signingKey = pair.privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'as-1', alg: 'ES256' }] };
});

// The claims of the JARM §4.1 example response.
const response = (claims: Record<string, unknown> = {}, key: CryptoKey = signingKey, kid = 'as-1') =>
  new SignJWT({
    iss: ISSUER,
    aud: CLIENT,
    exp: NOW + 600,
    code: 'PyyFaux2o7Q0YfXBU32jhw.5FXSQpvr8akv9CeRDSd0QA',
    state: 'S8NJ7uqk5fY4EjNvP_G_FtyJu6pUsvH9jsYni9dMAJw',
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid })
    .sign(key);

describe('resolveJarmDelivery', () => {
  it.each([
    ['jwt', 'code', 'query'],
    ['jwt', 'code id_token', 'fragment'],
    ['jwt', 'token', 'fragment'],
    ['query.jwt', 'code', 'query'],
    ['fragment.jwt', 'code', 'fragment'],
    ['form_post.jwt', 'code', 'form_post'],
  ] as const)('%s with %s arrives in the %s', (mode, type, expected) => {
    expect(resolveJarmDelivery(mode, type)).toBe(expected);
  });

  it('tells JWT response modes apart', () => {
    expect(['jwt', 'query.jwt', 'query', 'form_post', undefined].map(isJarmResponseMode)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('readJarmResponseParameter', () => {
  it('returns the response JWT', () => {
    expect(readJarmResponseParameter({ response: 'a.b.c' })).toBe('a.b.c');
  });

  it.each([
    [{}, /no "response" parameter/],
    [{ error: 'access_denied', state: 's' }, /plain, unsigned error \("access_denied"\)/],
  ])('refuses %j', (params, message) => {
    expect(() => readJarmResponseParameter(params)).toThrow(
      expect.objectContaining({
        code: 'JARM_RESPONSE_MISSING',
        message: expect.stringMatching(message) as string,
      }),
    );
  });
});

describe('verifyJarmResponse', () => {
  const expected = () => ({ issuer: ISSUER, clientId: CLIENT, jwks, now: NOW });

  it('verifies the signature, iss, aud and exp, then hands on the parameters', async () => {
    const verified = await verifyJarmResponse(await response(), expected());
    expect(verified.header).toEqual({ alg: 'ES256', kid: 'as-1' });
    expect(verified.params).toEqual({
      code: 'PyyFaux2o7Q0YfXBU32jhw.5FXSQpvr8akv9CeRDSd0QA',
      state: 'S8NJ7uqk5fY4EjNvP_G_FtyJu6pUsvH9jsYni9dMAJw',
    });
  });

  it('hands on an error response (JARM §4.1.1) and numbers as strings', async () => {
    const verified = await verifyJarmResponse(
      await response({ code: undefined, error: 'access_denied', state: 'S8NJ7u', expires_in: 3600 }),
      expected(),
    );
    expect(verified.params).toEqual({ error: 'access_denied', state: 'S8NJ7u', expires_in: '3600' });
  });

  it.each<[string, () => Promise<string>, string]>([
    [
      'a tampered payload (bad signature)',
      async () => {
        const [h, , s] = (await response()).split('.');
        const payload = btoa(
          JSON.stringify({ iss: ISSUER, aud: CLIENT, exp: NOW + 600, code: 'stolen' }),
        ).replace(/=+$/, '');
        return `${h}.${payload}.${s}`;
      },
      'SIGNATURE_INVALID',
    ],
    [
      'a key the provider does not publish',
      async () => response({}, (await generateKeyPair('ES256')).privateKey, 'other'),
      'NO_MATCHING_KEY',
    ],
    ['another issuer', () => response({ iss: 'https://evil.example' }), 'ISSUER_MISMATCH'],
    ['another client', () => response({ aud: 'someone-else' }), 'AUDIENCE_MISMATCH'],
    ['an expired response', () => response({ exp: NOW - 3600 }), 'CLAIM_INVALID'],
    ['no exp', () => response({ exp: undefined }), 'CLAIM_INVALID'],
    ['an encrypted response', () => Promise.resolve('a.b.c.d.e'), 'JWE_ENCRYPTED'],
    ['alg none', () => Promise.resolve(`${btoa('{"alg":"none"}')}.${btoa('{}')}.`), 'SIGNATURE_INVALID'],
    ['garbage', () => Promise.resolve('not-a-jwt'), 'JWT_MALFORMED'],
  ])('refuses %s', async (_label, make, code) => {
    await expect(verifyJarmResponse(await make(), expected())).rejects.toMatchObject({ code });
  });
});
