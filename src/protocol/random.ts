import { base64url } from 'jose';
import { PlaygroundError } from './errors';

/**
 * The RFC 3986 "unreserved" characters, which RFC 7636 allows in a code verifier.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
export const UNRESERVED_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/**
 * A random string of `length` characters drawn uniformly from `alphabet` with `crypto.getRandomValues`.
 * Bytes at or above the largest multiple of the alphabet size are rejected, so there is no modulo bias.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-7.1
 */
export function generateRandomString(length: number, alphabet: string = UNRESERVED_ALPHABET): string {
  if (!Number.isInteger(length) || length < 0) {
    throw new PlaygroundError('INVALID_PARAMETER', 'length must be a non-negative integer', {
      cause: { expected: 'an integer >= 0', actual: length },
    });
  }
  const symbols = Array.from(alphabet);
  if (symbols.length < 2 || symbols.length > 256 || new Set(symbols).size !== symbols.length) {
    throw new PlaygroundError('INVALID_PARAMETER', 'alphabet must have 2 to 256 distinct characters', {
      cause: { expected: '2..256 distinct characters', actual: alphabet },
    });
  }
  const limit = 256 - (256 % symbols.length);
  let result = '';
  while (result.length < length) {
    const bytes = crypto.getRandomValues(
      new Uint8Array(Math.min(65_536, Math.max(16, (length - result.length) * 2))),
    );
    for (const byte of bytes) {
      if (byte >= limit) continue;
      result += symbols[byte % symbols.length] ?? '';
      if (result.length === length) break;
    }
  }
  return result;
}

/**
 * A fresh `state` value: 32 random bytes, base64url-encoded (256 bits, unguessable).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
export function generateState(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * A fresh `nonce` value for an ID token request: 32 random bytes, base64url-encoded.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#NonceNotes
 */
export function generateNonce(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * Lower-case hexadecimal of some bytes, for step-by-step display of digests.
 * @see https://www.rfc-editor.org/rfc/rfc4648#section-8
 */
export function encodeHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
