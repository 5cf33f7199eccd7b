import { beforeAll, describe, expect, it } from 'vitest';
import { base64url, exportSPKI, generateKeyPair, importPKCS8 } from 'jose';
import { PlaygroundError } from '@/protocol/errors';
import { RFC7515_A1_KEY, RFC7515_A1_TOKEN, RFC7519_UNSECURED_TOKEN } from './rfc-vectors';
import {
  ASYMMETRIC_ALGS,
  createSigningKey,
  HMAC_ALGS,
  signToken,
  tamperPayload,
  TEST_CERTIFICATE_PEM,
  TEST_CERTIFICATE_PRIVATE_KEY_PEM,
} from './test-fixtures';
import type { AsymmetricAlg, SigningKey } from './test-fixtures';
import {
  describeKeyFetchFailure,
  describeVerification,
  parseKeyText,
  parseSecret,
  verifyTokenSignature,
} from './verify';
import type { KeyInput, VerificationResult } from './verify';

const claims = { iss: 'https://issuer.example', sub: 'alice', aud: 'api' };
const keys = new Map<AsymmetricAlg, SigningKey>();
const otherKeys = new Map<AsymmetricAlg, SigningKey>();

beforeAll(async () => {
  for (const alg of ASYMMETRIC_ALGS) {
    keys.set(alg, await createSigningKey(alg, `${alg}-key`));
    otherKeys.set(alg, await createSigningKey(alg, `${alg}-other`));
  }
}, 60_000);

function jwksOf(...jwks: SigningKey[]): KeyInput {
  return parseKeyText(JSON.stringify({ keys: jwks.map((k) => k.publicJwk) }));
}

describe('verifyTokenSignature with asymmetric keys', () => {
  it.each(ASYMMETRIC_ALGS)('%s: verifies through a JWKS and names the kid', async (alg) => {
    const key = keys.get(alg)!;
    const token = await signToken(claims, alg, key.privateKey, { kid: `${alg}-key` });
    const result = await verifyTokenSignature(token, jwksOf(otherKeys.get(alg)!, key));
    expect(result).toEqual({
      status: 'verified',
      alg,
      kid: `${alg}-key`,
      key: expect.stringContaining(`"${alg}-key"`) as unknown,
    });
    expect(describeVerification(result)).toBe('Signature verified');
  });

  it.each(ASYMMETRIC_ALGS)('%s: a tampered copy is invalid', async (alg) => {
    const key = keys.get(alg)!;
    const token = await signToken(claims, alg, key.privateKey, { kid: `${alg}-key` });
    const result = await verifyTokenSignature(tamperPayload(token), jwksOf(key));
    expect(result.status).toBe('invalid');
    expect(describeVerification(result)).toBe('Signature invalid');
  });

  it.each(ASYMMETRIC_ALGS)('%s: a single JWK of another key pair is invalid', async (alg) => {
    const token = await signToken(claims, alg, keys.get(alg)!.privateKey);
    const result = await verifyTokenSignature(
      token,
      parseKeyText(JSON.stringify(otherKeys.get(alg)!.publicJwk)),
    );
    expect(result.status).toBe('invalid');
  });

  it.each(ASYMMETRIC_ALGS)('%s: a JWKS without the kid has no matching key', async (alg) => {
    const token = await signToken(claims, alg, keys.get(alg)!.privateKey, { kid: `${alg}-key` });
    const result = await verifyTokenSignature(token, jwksOf(otherKeys.get(alg)!));
    expect(result).toMatchObject({
      status: 'no-matching-key',
      reason: expect.stringContaining(`"${alg}-key"`) as unknown,
    });
  });

  it.each(ASYMMETRIC_ALGS.filter((a) => a !== 'EdDSA'))('%s: verifies with a PEM public key', async (alg) => {
    const key = keys.get(alg)!;
    const { publicKey } = await generateKeyPair(alg, { extractable: true });
    const token = await signToken(claims, alg, key.privateKey);
    const { importJWK } = await import('jose');
    const pem = await exportSPKI((await importJWK(key.publicJwk, alg, { extractable: true })) as CryptoKey);
    expect(await verifyTokenSignature(token, parseKeyText(pem))).toMatchObject({
      status: 'verified',
      key: 'the pasted public key',
    });
    expect(await verifyTokenSignature(token, parseKeyText(await exportSPKI(publicKey)))).toMatchObject({
      status: 'invalid',
    });
  });

  it('verifies with an X.509 certificate', async () => {
    const privateKey = await importPKCS8(TEST_CERTIFICATE_PRIVATE_KEY_PEM, 'ES256');
    const token = await signToken(claims, 'ES256', privateKey, { kid: 'cert' });
    expect(await verifyTokenSignature(token, parseKeyText(TEST_CERTIFICATE_PEM))).toEqual({
      status: 'verified',
      alg: 'ES256',
      kid: 'cert',
      key: 'the pasted certificate',
    });
    expect(
      (await verifyTokenSignature(tamperPayload(token), parseKeyText(TEST_CERTIFICATE_PEM))).status,
    ).toBe('invalid');
  });

  it.each<[string, AsymmetricAlg, AsymmetricAlg]>([
    ['RSA token, EC key', 'RS256', 'ES256'],
    ['EC P-256 token, P-384 key', 'ES256', 'ES384'],
    ['Ed25519 token, RSA key', 'EdDSA', 'PS256'],
  ])('%s: no matching key', async (_name, tokenAlg, keyAlg) => {
    const token = await signToken(claims, tokenAlg, keys.get(tokenAlg)!.privateKey);
    const jwk = { ...keys.get(keyAlg)!.publicJwk };
    delete jwk.kid;
    const result = await verifyTokenSignature(token, parseKeyText(JSON.stringify(jwk)));
    expect(result.status).toBe('no-matching-key');
  });

  it('says which key type a pasted PEM holds when it cannot fit the algorithm', async () => {
    const token = await signToken(claims, 'RS256', keys.get('RS256')!.privateKey);
    const result = await verifyTokenSignature(token, parseKeyText(TEST_CERTIFICATE_PEM));
    expect(result).toEqual({
      status: 'no-matching-key',
      alg: 'RS256',
      reason: 'The token needs an RSA public key for RS256; the pasted certificate holds an EC P-256 key.',
    });
  });

  it('uses the public part of a pasted private JWK', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const { exportJWK } = await import('jose');
    const token = await signToken(claims, 'ES256', privateKey);
    const result = await verifyTokenSignature(
      token,
      parseKeyText(JSON.stringify(await exportJWK(privateKey))),
    );
    expect(result.status).toBe('verified');
  });
});

describe('verifyTokenSignature with HMAC', () => {
  it('verifies the RFC 7515 Appendix A.1 example with its key (JWK and base64url secret)', async () => {
    expect(
      await verifyTokenSignature(RFC7515_A1_TOKEN, parseKeyText(JSON.stringify(RFC7515_A1_KEY))),
    ).toMatchObject({ status: 'verified', alg: 'HS256' });
    expect(await verifyTokenSignature(RFC7515_A1_TOKEN, parseSecret(RFC7515_A1_KEY.k, 'base64url'))).toEqual({
      status: 'verified',
      alg: 'HS256',
      key: 'the shared secret',
    });
    expect(
      (
        await verifyTokenSignature(
          tamperPayload(RFC7515_A1_TOKEN),
          parseSecret(RFC7515_A1_KEY.k, 'base64url'),
        )
      ).status,
    ).toBe('invalid');
  });

  it.each(HMAC_ALGS)(
    '%s: verifies with a text secret, rejects a wrong one and a tampered copy',
    async (alg) => {
      const secret = 'a-long-enough-shared-secret-for-hmac-of-any-size-0123456789-abcdef';
      const token = await signToken(claims, alg, new TextEncoder().encode(secret));
      expect(await verifyTokenSignature(token, parseSecret(secret, 'text'))).toEqual({
        status: 'verified',
        alg,
        key: 'the shared secret',
      });
      expect((await verifyTokenSignature(token, parseSecret(`${secret}x`, 'text'))).status).toBe('invalid');
      expect((await verifyTokenSignature(tamperPayload(token), parseSecret(secret, 'text'))).status).toBe(
        'invalid',
      );
    },
  );

  it.each(HMAC_ALGS)('%s: verifies with a base64url secret', async (alg) => {
    const bytes = crypto.getRandomValues(new Uint8Array(64));
    const token = await signToken(claims, alg, bytes);
    expect(
      (await verifyTokenSignature(token, parseSecret(base64url.encode(bytes), 'base64url'))).status,
    ).toBe('verified');
  });

  it('refuses a secret for an RSA token and a public key for an HMAC token', async () => {
    const rsa = await signToken(claims, 'RS256', keys.get('RS256')!.privateKey);
    expect(await verifyTokenSignature(rsa, parseSecret('secret', 'text'))).toMatchObject({
      status: 'no-matching-key',
      reason: expect.stringMatching(/only HS256/) as unknown,
    });
    expect(await verifyTokenSignature(RFC7515_A1_TOKEN, parseKeyText(TEST_CERTIFICATE_PEM))).toMatchObject({
      status: 'no-matching-key',
    });
  });
});

describe('verifyTokenSignature cannot verify', () => {
  const enc = (v: unknown) => base64url.encode(JSON.stringify(v));
  it.each<[string, string, VerificationResult['status'], string]>([
    ['alg none', RFC7519_UNSECURED_TOKEN, 'cannot-verify', 'alg-none'],
    [
      'a Graph token with a header nonce',
      `${enc({ alg: 'RS256', nonce: 'abc', kid: 'k' })}.${enc({ aud: 'https://graph.microsoft.com' })}.c2ln`,
      'cannot-verify',
      'graph-nonce',
    ],
    [
      'a JWE',
      `${enc({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.ZW5j.aXY.Y2lwaGVy.dGFn`,
      'cannot-verify',
      'encrypted',
    ],
    [
      'an unsupported algorithm',
      `${enc({ alg: 'ES256K' })}.${enc({})}.c2ln`,
      'cannot-verify',
      'unsupported-alg',
    ],
    ['a malformed token', 'not-a-token', 'cannot-verify', 'malformed'],
  ])('%s', async (_name, token, status, cause) => {
    const result = await verifyTokenSignature(token, parseSecret('x', 'text'));
    expect(result).toMatchObject({ status, cause });
    expect(describeVerification(result)).toBe('Cannot verify');
  });
});

describe('parseKeyText and parseSecret', () => {
  it.each<[string, string]>([
    ['empty', ''],
    ['not JSON nor PEM', 'hello'],
    ['broken JSON', '{"keys": ['],
    ['keys not an array', '{"keys": {}}'],
    ['keys with a string', '{"keys": ["x"]}'],
    ['JSON without kty', '{"n": "abc"}'],
    ['a private key PEM', '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----'],
    ['a PKCS#1 public key', '-----BEGIN RSA PUBLIC KEY-----\nabc\n-----END RSA PUBLIC KEY-----'],
    ['another PEM block', '-----BEGIN CERTIFICATE REQUEST-----\nabc\n-----END CERTIFICATE REQUEST-----'],
  ])('rejects %s with KEY_INVALID', (_name, text) => {
    expect(() => parseKeyText(text)).toThrow(PlaygroundError);
    try {
      parseKeyText(text);
    } catch (error) {
      expect((error as PlaygroundError).code).toBe('KEY_INVALID');
    }
  });

  it.each<[string, 'text' | 'base64url']>([
    ['', 'text'],
    ['not base64url!', 'base64url'],
    ['a', 'base64url'],
  ])('rejects the secret %j (%s)', (secret, encoding) => {
    expect(() => parseSecret(secret, encoding)).toThrow(
      expect.objectContaining({ code: 'KEY_INVALID' }) as Error,
    );
  });

  it('cannot-verify with a broken key in a JWKS', async () => {
    const token = await signToken(claims, 'RS256', keys.get('RS256')!.privateKey, { kid: 'bad' });
    const result = await verifyTokenSignature(
      token,
      parseKeyText(JSON.stringify({ keys: [{ kty: 'RSA', kid: 'bad', n: 'AQAB', e: 'AQAB' }] })),
    );
    expect(result.status).toBe('cannot-verify');
  });
});

describe('describeKeyFetchFailure', () => {
  it.each<[PlaygroundError | Error, RegExp]>([
    [
      new PlaygroundError('CORS_BLOCKED', 'no CORS headers'),
      /^Key fetch failed: the issuer does not allow this page to read its keys \(CORS\)/,
    ],
    [new PlaygroundError('NETWORK', 'connection refused'), /unreachable/],
    [
      new PlaygroundError('DISCOVERY_ISSUER_MISMATCH', 'issuer differs'),
      /^Key fetch failed: issuer differs$/,
    ],
    [new Error('boom'), /boom/],
  ])('%s', (error, reason) => {
    const result = describeKeyFetchFailure(error);
    expect(result).toMatchObject({ status: 'cannot-verify', cause: 'key-fetch-failed' });
    if (result.status === 'cannot-verify') expect(result.reason).toMatch(reason);
  });
});
