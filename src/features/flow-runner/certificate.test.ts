import { X509Certificate } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createClientAssertion } from '@/protocol/client-auth';
import { encodeOid, encodeTime, generateSelfSignedCredential } from './certificate';

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

describe('DER building blocks', () => {
  it.each<[string, string]>([
    ['2.5.4.3', '0603550403'],
    ['1.2.840.113549.1.1.11', '06092a864886f70d01010b'],
    ['2.5.29.19', '0603551d13'],
  ])('OID %s', (oid, expected) => {
    expect(hex(encodeOid(oid))).toBe(expected);
  });

  it.each<[string, string]>([
    ['2026-11-24T20:01:02Z', `170d${hex(new TextEncoder().encode('261124200102Z'))}`],
    ['2050-01-01T00:00:00Z', `180f${hex(new TextEncoder().encode('20500101000000Z'))}`],
  ])('time %s', (iso, expected) => {
    expect(hex(encodeTime(new Date(iso)))).toBe(expected);
  });
});

describe('generateSelfSignedCredential', () => {
  it('makes a certificate that X.509 parsers accept, self-signed, with matching thumbprints', async () => {
    const now = new Date('2026-11-24T20:00:00Z');
    const credential = await generateSelfSignedCredential('token-playground demo', now, 30);
    const certificate = new X509Certificate(credential.certificatePem);
    expect(certificate.subject).toBe('CN=token-playground demo');
    expect(certificate.issuer).toBe('CN=token-playground demo');
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(new Date(certificate.validFrom).toISOString()).toBe('2026-11-24T20:00:00.000Z');
    expect(new Date(certificate.validTo).toISOString()).toBe('2026-12-24T20:00:00.000Z');
    expect(certificate.fingerprint.replace(/:/g, '')).toBe(credential.thumbprints.sha1Hex);
    expect(credential.publicJwk).toMatchObject({ kty: 'RSA', e: 'AQAB', kid: credential.kid, use: 'sig' });
    expect(credential.publicJwk).not.toHaveProperty('d');
    expect(credential.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('signs a PS256 client assertion that the public JWK verifies, with x5t#S256 from the certificate', async () => {
    const credential = await generateSelfSignedCredential('assertion test');
    const signed = await createClientAssertion({
      clientId: 'playground-assertion',
      audience: 'http://localhost:4000/token',
      key: credential.privateKeyPem,
      kid: credential.kid,
      certificate: credential.certificatePem,
    });
    expect(decodeProtectedHeader(signed.jwt)).toMatchObject({
      alg: 'PS256',
      kid: credential.kid,
      'x5t#S256': credential.thumbprints.x5tS256,
    });
    const publicKey = await importJWK(credential.publicJwk, 'PS256');
    const { payload } = await jwtVerify(signed.jwt, publicKey, { audience: 'http://localhost:4000/token' });
    expect(payload.iss).toBe('playground-assertion');
    expect(decodeJwt(signed.jwt).sub).toBe('playground-assertion');
  });
});
