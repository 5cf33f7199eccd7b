import { describe, expect, it } from 'vitest';
import type { PlaygroundError } from './errors';
import {
  assertCodeVerifier,
  computeCodeChallenge,
  createCodeVerifier,
  createPkcePair,
  describeChallengeProblems,
  validateCodeVerifier,
} from './pkce';

// RFC 7636 Appendix B.
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const RFC_DIGEST = [
  19, 211, 30, 150, 26, 26, 216, 236, 47, 22, 177, 12, 76, 152, 46, 8, 118, 168, 120, 173, 109, 241, 68, 86,
  110, 225, 137, 74, 203, 112, 249, 195,
];

describe('computeCodeChallenge', () => {
  it('matches the RFC 7636 Appendix B vector, with the digest bytes it lists', async () => {
    const result = await computeCodeChallenge(RFC_VERIFIER, 'S256');
    expect(result.challenge).toBe(RFC_CHALLENGE);
    expect(result.digest?.bytes).toEqual(RFC_DIGEST);
    expect(result.digest?.hex).toBe('13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3');
  });

  it('returns the verifier itself for plain', async () => {
    await expect(computeCodeChallenge(RFC_VERIFIER, 'plain')).resolves.toEqual({
      method: 'plain',
      verifier: RFC_VERIFIER,
      challenge: RFC_VERIFIER,
    });
  });

  it('still computes a challenge for an invalid verifier (the playground shows wrong values)', async () => {
    const result = await computeCodeChallenge('short', 'S256');
    expect(result.challenge).toHaveLength(43);
  });
});

describe('createCodeVerifier', () => {
  it.each([43, 64, 128])('creates %i unreserved characters', (length) => {
    const verifier = createCodeVerifier(length);
    expect(verifier).toHaveLength(length);
    expect(validateCodeVerifier(verifier)).toEqual([]);
  });

  it.each([42, 129, 0, 50.5])('refuses length %s', (length) => {
    expect(() => createCodeVerifier(length)).toThrow(
      expect.objectContaining({ code: 'PKCE_VERIFIER_INVALID' }) as PlaygroundError,
    );
  });
});

describe('validateCodeVerifier / assertCodeVerifier', () => {
  it.each([
    [RFC_VERIFIER, []],
    ['a'.repeat(42), ['verifier-too-short']],
    ['a'.repeat(129), ['verifier-too-long']],
    [`${'a'.repeat(43)}+/`, ['verifier-bad-characters']],
    ['é', ['verifier-too-short', 'verifier-bad-characters']],
  ])('%s has problems %j', (verifier, ids) => {
    expect(validateCodeVerifier(verifier).map((p) => p.id)).toEqual(ids);
  });

  it('names the offending characters', () => {
    expect(validateCodeVerifier(`${'a'.repeat(43)} =`)[0]?.message).toContain('" ", "="');
  });

  it('throws PKCE_VERIFIER_INVALID in the strict form', () => {
    expect(() => assertCodeVerifier('abc')).toThrow(
      expect.objectContaining({ code: 'PKCE_VERIFIER_INVALID' }) as PlaygroundError,
    );
    expect(() => assertCodeVerifier(RFC_VERIFIER)).not.toThrow();
  });
});

describe('createPkcePair', () => {
  it('pairs a fresh verifier with its S256 challenge', async () => {
    const pair = await createPkcePair();
    expect(pair.method).toBe('S256');
    expect(pair.verifier).toHaveLength(64);
    expect((await computeCodeChallenge(pair.verifier, 'S256')).challenge).toBe(pair.challenge);
  });

  it('pairs plain with the verifier itself', async () => {
    const pair = await createPkcePair('plain', 43);
    expect(pair.challenge).toBe(pair.verifier);
  });
});

describe('describeChallengeProblems', () => {
  it.each([
    [RFC_CHALLENGE, []],
    ['13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3', ['challenge-hex']],
    ['E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=', ['challenge-padded']],
    ['E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM', ['challenge-base64-not-url']],
    ['E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM=', ['challenge-padded', 'challenge-base64-not-url']],
    ['abc', ['challenge-length']],
    ['', ['challenge-empty']],
    ['E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw.cM', ['challenge-bad-characters']],
  ])('%s → %j', (challenge, ids) => {
    expect(describeChallengeProblems(challenge).map((p) => p.id)).toEqual(ids);
  });
});
