import { exportJWK, exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  applyClientAuth,
  buildBasicAuthorization,
  computeCertificateThumbprints,
  createClientAssertion,
  JWT_BEARER_ASSERTION_TYPE,
  type ClientAuth,
} from './client-auth';
import type { PlaygroundError } from './errors';

// A throwaway self-signed test certificate; thumbprints below come from openssl x509 -fingerprint.
const CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIDITCCAgmgAwIBAgIUS9KLxl2PErujAVWRB75bbSoQvwowDQYJKoZIhvcNAQEL
BQAwIDEeMBwGA1UEAwwVdG9rZW4tcGxheWdyb3VuZC10ZXN0MB4XDTI2MTEyNDE5
NTUwMloXDTM2MTEyMTE5NTUwMlowIDEeMBwGA1UEAwwVdG9rZW4tcGxheWdyb3Vu
ZC10ZXN0MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA42R/WeMPq6aw
65mc4zdBf8lvqcDwe+HRhF0hDmjPAsNX4yshSukEy/oN0/s4LfiEk19kFiWjBo5d
31YiHy2ZH9PU8ZVl4OPeAgjhBDLu7QkSXssnbEcyaJwFoSXQspedqPj/E6EyuYZf
j1JXpU8h1jKh6IXT1yUIl2OP24MzLYXVz9o3771lRD5LLDC/zMnoDBWa7Idz4oQp
udZDg+r9aVTMq1wHmMt4rmbkmoe/q4AGBLenEHi4unDOx442hcttlT04sO+bDrGu
Y6k6nUu4LDU+ZPz+3+N0RystuCoFv9XYWqpHS++7qLVuesopMTXg3qrArcdweTd7
UQRH8HH2NwIDAQABo1MwUTAdBgNVHQ4EFgQUQGYbNurLjNwzzWQLbfjI6GOMBMow
HwYDVR0jBBgwFoAUQGYbNurLjNwzzWQLbfjI6GOMBMowDwYDVR0TAQH/BAUwAwEB
/zANBgkqhkiG9w0BAQsFAAOCAQEAxE/Liwg4B7o+baDTPXP59IF58DKq7VietP29
NVZcwDkU6pxoXROownZcJc6KX2qH2Nj+8MYmwVbjivOv8NN1UaY3CaJjKqLj5OGh
+WNub8juDETJol5sZf/hthYrbj174r6m3klaSogf6JJl/7geq4bu3zvTvvwBah0u
4cCK5DRU5jFs4R0/JTexxdmIcP+u+UgZzJG40JqNScAfkZbzfeVXZ4Byb+X/YeTl
M7ezKqD+04AjLUAbVRa0CG8ZUbtDhWZ35jOtbjn8YrnKcpGjHXblhbNMr2M6P5OW
Lz9DgM3axInzqIACF4nuZQ5QD5U/MgLcyJznU8ejRUImzfME2Q==
-----END CERTIFICATE-----`;
const CERT_SHA1 = 'ABDA0F4981806CF6889656F8BC6C713E42B0B754';
const CERT_SHA256 = '1cd2cad71bfb2882b9b89645e34f0d5d1021ffdaf20da3d37245a2d05943fca6';
const CERT_X5T_S256 = 'HNLK1xv7KIK5uJZF408NXRAh_9ryDaPTckWi0FlD_KY';
const CERT_X5T = 'q9oPSYGAbPaIllb4vGxxPkKwt1Q';
const TOKEN_ENDPOINT = 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token';

describe('applyClientAuth', () => {
  it.each<[ClientAuth, [string, string][], Record<string, string>]>([
    [{ method: 'none', clientId: 'app' }, [['client_id', 'app']], {}],
    [
      { method: 'client_secret_post', clientId: 'app', clientSecret: 's3cr3t' },
      [
        ['client_id', 'app'],
        ['client_secret', 's3cr3t'],
      ],
      {},
    ],
    [
      { method: 'client_secret_basic', clientId: 'app', clientSecret: 's3cr3t' },
      [],
      { authorization: 'Basic YXBwOnMzY3IzdA==' },
    ],
    [
      { method: 'private_key_jwt', clientId: 'app', assertion: 'a.b.c' },
      [
        ['client_id', 'app'],
        ['client_assertion_type', JWT_BEARER_ASSERTION_TYPE],
        ['client_assertion', 'a.b.c'],
      ],
      {},
    ],
    [
      { method: 'client_assertion', clientId: 'app', assertion: 'x.y.z' },
      [
        ['client_id', 'app'],
        ['client_assertion_type', JWT_BEARER_ASSERTION_TYPE],
        ['client_assertion', 'x.y.z'],
      ],
      {},
    ],
    [
      { method: 'client_assertion', clientId: 'app', assertion: 'saml', assertionType: 'urn:custom' },
      [
        ['client_id', 'app'],
        ['client_assertion_type', 'urn:custom'],
        ['client_assertion', 'saml'],
      ],
      {},
    ],
  ])('%o', (auth, params, headers) => {
    expect(applyClientAuth(auth)).toEqual({ params, headers });
  });
});

describe('buildBasicAuthorization (RFC 6749 §2.3.1)', () => {
  it.each([
    ['app', 'secret', 'app:secret'],
    // form-urlencoding first: ":" in the id, "+", "%", "/", "=" and a space in the secret
    ['my:app', 'a+b%c/d=e f', 'my%3Aapp:a%2Bb%25c%2Fd%3De+f'],
    ['app', 'Ünïcødé~', 'app:%C3%9Cn%C3%AFc%C3%B8d%C3%A9%7E'],
  ])('%s / %s encodes %s before base64', (id, secret, raw) => {
    expect(buildBasicAuthorization(id, secret)).toBe(`Basic ${btoa(raw)}`);
  });
});

describe('computeCertificateThumbprints', () => {
  it('matches openssl for PEM and DER input', async () => {
    const expected = { x5tS256: CERT_X5T_S256, x5t: CERT_X5T, sha1Hex: CERT_SHA1, sha256Hex: CERT_SHA256 };
    await expect(computeCertificateThumbprints(CERT_PEM)).resolves.toEqual(expected);
    const body = CERT_PEM.replace(/-----[A-Z ]+-----|\s/g, '');
    const der = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
    await expect(computeCertificateThumbprints(der)).resolves.toEqual(expected);
  });

  it.each([
    [
      '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----',
      'Expected a certificate but got "PRIVATE KEY"',
    ],
    ['hello', 'Expected a PEM certificate'],
    ['-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----', 'not valid base64'],
    ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', 'not a DER certificate'],
  ])('refuses %s with KEY_INVALID', async (input, message) => {
    await expect(computeCertificateThumbprints(input)).rejects.toThrow(message);
    await expect(computeCertificateThumbprints(input)).rejects.toMatchObject({ code: 'KEY_INVALID' });
  });
});

describe('createClientAssertion', () => {
  it.each(['PS256', 'RS256', 'ES256'] as const)(
    'signs a verifiable %s assertion with the RFC 7523 claims',
    async (alg) => {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      const result = await createClientAssertion({
        clientId: 'client-1',
        audience: TOKEN_ENDPOINT,
        key: privateKey,
        alg,
        kid: 'k1',
        certificate: CERT_PEM,
        includeX5t: true,
        now: 1_700_000_000,
        jti: 'fixed-jti',
      });
      expect(result.header).toEqual({ alg, typ: 'JWT', kid: 'k1', 'x5t#S256': CERT_X5T_S256, x5t: CERT_X5T });
      expect(result.payload).toEqual({
        iss: 'client-1',
        sub: 'client-1',
        aud: TOKEN_ENDPOINT,
        jti: 'fixed-jti',
        iat: 1_700_000_000,
        nbf: 1_700_000_000,
        exp: 1_700_000_600,
      });
      const verified = await jwtVerify(result.jwt, publicKey, { currentDate: new Date(1_700_000_100_000) });
      expect(verified.payload.sub).toBe('client-1');
    },
  );

  it('defaults to PS256, a random jti, the current time and no x5t', async () => {
    const { privateKey } = await generateKeyPair('PS256');
    const before = Math.floor(Date.now() / 1000);
    const first = await createClientAssertion({
      clientId: 'c',
      audience: TOKEN_ENDPOINT,
      key: privateKey,
      certificate: CERT_PEM,
    });
    const second = await createClientAssertion({ clientId: 'c', audience: TOKEN_ENDPOINT, key: privateKey });
    expect(first.header).toEqual({ alg: 'PS256', typ: 'JWT', 'x5t#S256': CERT_X5T_S256 });
    expect(first.payload.jti).not.toBe(second.payload.jti);
    expect(first.payload.iat).toBeGreaterThanOrEqual(before);
    expect(first.payload.exp).toBe((first.payload.iat ?? 0) + 600);
  });

  it('accepts a PKCS#8 PEM and a private JWK', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportPKCS8(privateKey);
    const jwk = await exportJWK(privateKey);
    for (const key of [pem, jwk]) {
      const { jwt } = await createClientAssertion({
        clientId: 'c',
        audience: TOKEN_ENDPOINT,
        key,
        alg: 'RS256',
      });
      await expect(jwtVerify(jwt, publicKey)).resolves.toBeDefined();
    }
  });

  it.each<[string, () => Promise<unknown>]>([
    [
      'PKCS#1 PEM',
      () => Promise.resolve('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----'),
    ],
    [
      'encrypted PEM',
      () =>
        Promise.resolve('-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n-----END ENCRYPTED PRIVATE KEY-----'),
    ],
    ['garbage PEM', () => Promise.resolve('-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----')],
    ['public CryptoKey', async () => (await generateKeyPair('PS256')).publicKey],
    ['public JWK', async () => exportJWK((await generateKeyPair('PS256', { extractable: true })).publicKey)],
    [
      'EC key for PS256',
      async () => exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey),
    ],
    ['symmetric JWK', () => Promise.resolve({ kty: 'oct', k: 'AAAA', d: 'x' })],
  ])('refuses a %s with KEY_INVALID', async (_label, makeKey) => {
    const key = (await makeKey()) as string;
    await expect(
      createClientAssertion({ clientId: 'c', audience: TOKEN_ENDPOINT, key, alg: 'PS256' }),
    ).rejects.toMatchObject({
      code: 'KEY_INVALID',
    });
  });

  it('needs a client id', async () => {
    const { privateKey } = await generateKeyPair('PS256');
    await expect(
      createClientAssertion({ clientId: '', audience: TOKEN_ENDPOINT, key: privateKey }),
    ).rejects.toThrow(expect.objectContaining({ code: 'INVALID_PARAMETER' }) as PlaygroundError);
  });
});
