import { base64url } from 'jose';
import { PlaygroundError } from './errors';
import { encodeHex, generateRandomString } from './random';

/** The two `code_challenge_method` values of RFC 7636. */
export type CodeChallengeMethod = 'S256' | 'plain';

/** One thing wrong with a PKCE value, with a stable id the UI can key on. */
export interface PkceProblem {
  id: string;
  message: string;
}

/** A challenge and, for S256, the intermediate values the UI draws step by step. */
export interface CodeChallenge {
  method: CodeChallengeMethod;
  verifier: string;
  challenge: string;
  /** The SHA-256 digest of the ASCII verifier (S256 only). */
  digest?: { hex: string; bytes: number[] };
}

export interface PkcePair {
  verifier: string;
  challenge: string;
  method: CodeChallengeMethod;
}

const VERIFIER_MIN = 43;
const VERIFIER_MAX = 128;
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/**
 * A new random code verifier of `length` characters (43 to 128) from the unreserved alphabet.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
export function createCodeVerifier(length = 64): string {
  if (!Number.isInteger(length) || length < VERIFIER_MIN || length > VERIFIER_MAX) {
    throw new PlaygroundError(
      'PKCE_VERIFIER_INVALID',
      `"code_verifier" length must be 43 to 128 characters`,
      {
        cause: { expected: '43..128', actual: length },
      },
    );
  }
  return generateRandomString(length);
}

/**
 * Everything wrong with a code verifier (an empty list when it is valid): length and characters.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
export function validateCodeVerifier(verifier: string): PkceProblem[] {
  const problems: PkceProblem[] = [];
  if (verifier.length < VERIFIER_MIN) {
    problems.push({
      id: 'verifier-too-short',
      message: `"code_verifier" has ${verifier.length} characters; RFC 7636 requires at least 43`,
    });
  }
  if (verifier.length > VERIFIER_MAX) {
    problems.push({
      id: 'verifier-too-long',
      message: `"code_verifier" has ${verifier.length} characters; RFC 7636 allows at most 128`,
    });
  }
  if (!UNRESERVED.test(verifier)) {
    const bad = [...new Set(Array.from(verifier).filter((char) => !UNRESERVED.test(char)))];
    problems.push({
      id: 'verifier-bad-characters',
      message: `"code_verifier" contains characters outside A-Z a-z 0-9 - . _ ~: ${bad.map((c) => JSON.stringify(c)).join(', ')}`,
    });
  }
  return problems;
}

/**
 * Throws `PKCE_VERIFIER_INVALID` when the verifier breaks RFC 7636 (the strict form of `validateCodeVerifier`).
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
export function assertCodeVerifier(verifier: string): void {
  const problems = validateCodeVerifier(verifier);
  const first = problems[0];
  if (first) {
    throw new PlaygroundError('PKCE_VERIFIER_INVALID', first.message, {
      cause: { expected: '43 to 128 characters from A-Z a-z 0-9 - . _ ~', actual: verifier, problems },
    });
  }
}

/**
 * The `code_challenge` for a verifier: `plain` is the verifier itself; `S256` is
 * BASE64URL(SHA256(ASCII(verifier))) without padding. Computes whatever it is given (the playground
 * shows wrong values too); check the verifier with `validateCodeVerifier`.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 */
export async function computeCodeChallenge(
  verifier: string,
  method: CodeChallengeMethod,
): Promise<CodeChallenge> {
  if (method === 'plain') return { method, verifier, challenge: verifier };
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return {
    method,
    verifier,
    challenge: base64url.encode(digest),
    digest: { hex: encodeHex(digest), bytes: Array.from(digest) },
  };
}

/**
 * A new verifier and its challenge (S256 unless asked otherwise).
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4
 */
export async function createPkcePair(method: CodeChallengeMethod = 'S256', length = 64): Promise<PkcePair> {
  const verifier = createCodeVerifier(length);
  const { challenge } = await computeCodeChallenge(verifier, method);
  return { verifier, challenge, method };
}

/**
 * Common mistakes in an S256 `code_challenge`: a hex digest instead of base64url, standard base64
 * characters, `=` padding, or the wrong length (an S256 challenge is always 43 characters).
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 */
export function describeChallengeProblems(challenge: string): PkceProblem[] {
  const problems: PkceProblem[] = [];
  if (challenge === '') {
    return [{ id: 'challenge-empty', message: '"code_challenge" is empty' }];
  }
  if (/^[0-9a-fA-F]{64}$/.test(challenge)) {
    problems.push({
      id: 'challenge-hex',
      message:
        '"code_challenge" looks like a hex SHA-256 digest; S256 needs the digest bytes encoded as base64url (43 characters)',
    });
    return problems;
  }
  if (challenge.endsWith('=')) {
    problems.push({
      id: 'challenge-padded',
      message: '"code_challenge" ends with "=" padding; base64url in PKCE has no padding',
    });
  }
  if (/[+/]/.test(challenge)) {
    problems.push({
      id: 'challenge-base64-not-url',
      message: '"code_challenge" contains "+" or "/": that is standard base64; use base64url ("-" and "_")',
    });
  }
  const unpadded = challenge.replace(/=+$/, '');
  if (unpadded.length !== 43) {
    problems.push({
      id: 'challenge-length',
      message: `"code_challenge" has ${unpadded.length} characters; an S256 challenge has exactly 43`,
    });
  } else if (!/^[A-Za-z0-9_-]+$/.test(unpadded.replace(/[+/]/g, '_'))) {
    problems.push({
      id: 'challenge-bad-characters',
      message: '"code_challenge" contains characters that base64url never produces',
    });
  }
  return problems;
}
