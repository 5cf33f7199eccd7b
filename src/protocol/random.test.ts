import { describe, expect, it } from 'vitest';
import { PlaygroundError } from './errors';
import { encodeHex, generateNonce, generateRandomString, generateState, UNRESERVED_ALPHABET } from './random';

describe('generateRandomString', () => {
  it.each([0, 1, 43, 128, 1000])('returns exactly %i characters from the unreserved alphabet', (length) => {
    const value = generateRandomString(length);
    expect(value).toHaveLength(length);
    expect(value).toMatch(/^[A-Za-z0-9\-._~]*$/);
  });

  it('uses only the given alphabet', () => {
    expect(generateRandomString(200, 'ab')).toMatch(/^[ab]{200}$/);
  });

  it('spreads the characters evenly (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const sample = generateRandomString(66_000);
    for (const char of sample) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(UNRESERVED_ALPHABET.length);
    // 1000 expected per symbol; a biased generator over 66 symbols would skew a few by ~25%.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(800);
      expect(count).toBeLessThan(1200);
    }
  });

  it.each([
    [-1, undefined],
    [1.5, undefined],
    [10, 'a'],
    [10, 'aab'],
  ])('rejects length %s with alphabet %s', (length, alphabet) => {
    expect(() => generateRandomString(length, alphabet)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }) as PlaygroundError,
    );
  });
});

describe('generateState / generateNonce', () => {
  it.each([generateState, generateNonce])('gives 43 base64url characters, new each time', (generate) => {
    const first = generate();
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generate()).not.toBe(first);
  });
});

describe('encodeHex', () => {
  it('pads each byte to two lower-case digits', () => {
    expect(encodeHex(new Uint8Array([0, 15, 16, 255]))).toBe('000f10ff');
  });
});
