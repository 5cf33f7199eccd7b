import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64url, CompactEncrypt, generateKeyPair, SignJWT } from 'jose';
import { PlaygroundError } from '@/protocol/errors';
import type { ErrorCode } from '@/protocol/errors';
import { decodeJwt } from './decode';
import { readPropertyRuns } from './fc-runs';
import { RFC7515_A1_TOKEN, RFC7519_UNSECURED_TOKEN } from './rfc-vectors';

const FC_RUNS = readPropertyRuns(process.env);
const enc = (value: unknown) => base64url.encode(typeof value === 'string' ? value : JSON.stringify(value));
const goodHeader = enc({ alg: 'HS256', typ: 'JWT' });
const goodPayload = enc({ sub: 'alice' });

function codeOf(run: () => unknown): ErrorCode | 'no error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    if (error instanceof PlaygroundError) return error.code;
    throw error;
  }
}

describe('decodeJwt', () => {
  it('decodes the RFC 7515 Appendix A.1 / RFC 7519 §3.1 example', () => {
    const decoded = decodeJwt(RFC7515_A1_TOKEN);
    expect(decoded.format).toBe('jws');
    if (decoded.format !== 'jws') return;
    expect(decoded.header).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(decoded.payload).toEqual({ iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
    expect(decoded.signatureLength).toBe(32);
    expect(decoded.segments.map((s) => s.part)).toEqual(['header', 'payload', 'signature']);
    expect(decoded.segments.map((s) => s.text).join('.')).toBe(RFC7515_A1_TOKEN);
  });

  it('decodes the RFC 7519 §6.1 unsecured JWT with an empty signature', () => {
    const decoded = decodeJwt(RFC7519_UNSECURED_TOKEN);
    expect(decoded).toMatchObject({ format: 'jws', header: { alg: 'none' }, signatureLength: 0 });
  });

  it('trims surrounding whitespace', () => {
    expect(decodeJwt(`  \n${RFC7515_A1_TOKEN}\n `).raw).toBe(RFC7515_A1_TOKEN);
  });

  it('decodes a token signed by jose with non-ASCII claims', async () => {
    const token = await new SignJWT({ name: 'Zoë 🙂' })
      .setProtectedHeader({ alg: 'HS512' })
      .sign(new Uint8Array(64));
    const decoded = decodeJwt(token);
    expect(decoded).toMatchObject({ format: 'jws', payload: { name: 'Zoë 🙂' }, signatureLength: 64 });
  });

  it('reads only the protected header of a five-part JWE and reports it encrypted', async () => {
    const { publicKey } = await generateKeyPair('RSA-OAEP-256');
    const jwe = await new CompactEncrypt(new TextEncoder().encode('{"sub":"x"}'))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'k1' })
      .encrypt(publicKey);
    const decoded = decodeJwt(jwe);
    expect(decoded.format).toBe('jwe');
    expect(decoded.header).toEqual({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'k1' });
    expect(decoded.segments.map((s) => s.part)).toEqual([
      'header',
      'encrypted key',
      'initialization vector',
      'ciphertext',
      'authentication tag',
    ]);
  });

  it.each<[string, string, ErrorCode, RegExp]>([
    ['empty', '', 'TOKEN_EMPTY', /empty/],
    ['only whitespace', ' \n\t ', 'TOKEN_EMPTY', /empty/],
    ['one segment', 'abc', 'JWT_SEGMENT_COUNT', /has 1 \(0 dots\)/],
    ['two segments', 'abc.def', 'JWT_SEGMENT_COUNT', /has 2 \(1 dot\)/],
    ['four segments', 'a.b.c.d', 'JWT_SEGMENT_COUNT', /has 4/],
    ['six segments', 'a.b.c.d.e.f', 'JWT_SEGMENT_COUNT', /has 6/],
    [
      'header with a bad character',
      `${goodHeader}!.${goodPayload}.`,
      'JWT_NOT_BASE64URL',
      /header \(segment 1\).*"!"/,
    ],
    ['header with padding', `${goodHeader}=.${goodPayload}.`, 'JWT_NOT_BASE64URL', /header.*padding/],
    [
      'payload in standard base64',
      `${goodHeader}.ab+c.`,
      'JWT_NOT_BASE64URL',
      /payload \(segment 2\).*standard base64/,
    ],
    ['payload of impossible length', `${goodHeader}.abcde.`, 'JWT_NOT_BASE64URL', /payload.*length \(5\)/],
    [
      'signature not base64url',
      `${goodHeader}.${goodPayload}.sig*`,
      'JWT_NOT_BASE64URL',
      /signature \(segment 3\)/,
    ],
    ['empty header', `.${goodPayload}.`, 'JWT_NOT_JSON', /header.*empty/],
    ['header not JSON', `${enc('hello')}.${goodPayload}.`, 'JWT_NOT_JSON', /header.*not JSON/],
    [
      'header not UTF-8',
      `${base64url.encode(new Uint8Array([0xff, 0xfe]))}.${goodPayload}.`,
      'JWT_NOT_JSON',
      /header.*not UTF-8/,
    ],
    ['header an array', `${enc([1])}.${goodPayload}.`, 'JWT_HEADER_NOT_OBJECT', /header.*an array/],
    ['header null', `${enc(null)}.${goodPayload}.`, 'JWT_HEADER_NOT_OBJECT', /null/],
    ['header a string', `${enc('"x"')}.${goodPayload}.`, 'JWT_HEADER_NOT_OBJECT', /a string/],
    ['header without alg', `${enc({ typ: 'JWT' })}.${goodPayload}.`, 'JWT_HEADER_NO_ALG', /no "alg"/],
    ['header with numeric alg', `${enc({ alg: 256 })}.${goodPayload}.`, 'JWT_HEADER_NO_ALG', /no "alg"/],
    ['empty payload', `${goodHeader}..`, 'JWT_NOT_JSON', /payload.*empty/],
    ['payload not JSON', `${goodHeader}.${enc('{sub:')}.`, 'JWT_NOT_JSON', /payload \(segment 2\).*not JSON/],
    ['payload an array', `${goodHeader}.${enc([])}.`, 'JWT_PAYLOAD_NOT_OBJECT', /payload.*an array/],
    ['payload a number', `${goodHeader}.${enc(42)}.`, 'JWT_PAYLOAD_NOT_OBJECT', /a number/],
    ['JWE header without alg', `${enc({ enc: 'A256GCM' })}.a.b.c.d`, 'JWT_HEADER_NO_ALG', /no "alg"/],
    [
      'JWE ciphertext not base64url',
      `${enc({ alg: 'dir', enc: 'A256GCM' })}..iv.ci$.tag`,
      'JWT_NOT_BASE64URL',
      /ciphertext \(segment 4\)/,
    ],
  ])('rejects %s', (_name, input, code, message) => {
    expect(codeOf(() => decodeJwt(input))).toBe(code);
    expect(() => decodeJwt(input)).toThrow(message);
  });

  it('never throws anything but PlaygroundError on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        codeOf(() => decodeJwt(text));
      }),
      { numRuns: FC_RUNS },
    );
  });

  it('never throws anything but PlaygroundError on random dotted base64url segments', () => {
    const segment = fc.oneof(
      fc.base64String().map((s) => s.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')),
      fc.json().map(enc),
    );
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segments) => {
        codeOf(() => decodeJwt(segments.join('.')));
      }),
      { numRuns: FC_RUNS },
    );
  });

  it('never throws anything but PlaygroundError on mutated valid tokens', () => {
    fc.assert(
      fc.property(
        fc.nat(RFC7515_A1_TOKEN.length - 1),
        fc.string({ unit: 'binary', maxLength: 3 }),
        fc.nat(3),
        (at, insert, removeCount) => {
          const mutated = RFC7515_A1_TOKEN.slice(0, at) + insert + RFC7515_A1_TOKEN.slice(at + removeCount);
          codeOf(() => decodeJwt(mutated));
        },
      ),
      { numRuns: FC_RUNS },
    );
  });
});
