import type { TokenUse } from './classify';
import type { CheckName, ValidationCheck } from './validate';
import type { VerificationResult } from './verify';

/**
 * What verification established about a token, in one honest line. Never "valid" for a token
 * whose signature was not verified: time checks and audience/issuer comparisons say nothing about
 * who made the token until the signature is checked.
 *
 * - `verified`: signature verified and every applicable check that ran passed;
 * - `unverified`: nothing failed, but the signature was not (yet) verified;
 * - `failed`: the signature is invalid or an applicable check failed.
 *
 * Exported for the inspector's summary card (issue 14): build on `summarizeVerification`, do not
 * re-derive it.
 */
export interface VerificationSummary {
  level: 'verified' | 'unverified' | 'failed';
  /** One sentence: signature, times, audience and issuer, what the kind needs beyond that. */
  line: string;
  /** The checks that apply to this kind of token, in order (nonce, at_hash, c_hash only for ID tokens). */
  checks: ValidationCheck[];
}

/** Checks that only make sense for an ID token (OIDC Core §3.1.3.7, §3.2.2.9, §3.3.2.11). */
const ID_TOKEN_ONLY: ReadonlySet<CheckName> = new Set(['nonce', 'at_hash', 'c_hash']);

/**
 * The validation checks that apply to a token of this kind: `nonce`, `at_hash` and `c_hash` belong
 * to ID tokens (and to tokens of unknown kind when they carry the claim), never to access tokens.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export function selectApplicableChecks(
  checks: readonly ValidationCheck[],
  use: TokenUse,
  payload: Readonly<Record<string, unknown>> = {},
): ValidationCheck[] {
  return checks.filter((check) => {
    if (!ID_TOKEN_ONLY.has(check.name)) return true;
    if (use === 'id_token') return true;
    if (use === 'unknown') return check.status !== 'skipped' || check.name in payload;
    return false;
  });
}

function describeSignature(signature: VerificationResult | undefined): string {
  if (signature === undefined) return 'signature not verified yet';
  switch (signature.status) {
    case 'verified':
      return `signature verified (${signature.alg})`;
    case 'invalid':
      return `signature INVALID (${signature.alg}): do not trust these claims`;
    case 'no-matching-key':
      return 'signature not verified (no matching key)';
    case 'cannot-verify':
      return 'signature not verified (cannot verify)';
  }
}

function describeTimes(checks: readonly ValidationCheck[]): string {
  const exp = checks.find((check) => check.name === 'exp');
  const nbf = checks.find((check) => check.name === 'nbf');
  if (exp?.status === 'fail' || nbf?.status === 'fail') return 'outside its validity period';
  if (exp?.status === 'pass') return 'within its validity period';
  return 'validity period not checked';
}

function describeComparison(checks: readonly ValidationCheck[], name: 'aud' | 'iss', label: string): string {
  const check = checks.find((candidate) => candidate.name === name);
  if (check === undefined || check.status === 'skipped') return `${label} not checked`;
  return check.status === 'pass' ? `${label} checked` : `${label} WRONG`;
}

/**
 * Summarises a signature result and the claim checks of a token of the given kind in one line,
 * listing only the checks that apply to that kind.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export function summarizeVerification(input: {
  signature: VerificationResult | undefined;
  checks: readonly ValidationCheck[];
  use: TokenUse;
  payload?: Readonly<Record<string, unknown>>;
}): VerificationSummary {
  const checks = selectApplicableChecks(input.checks, input.use, input.payload);
  const anyFailed = checks.some((check) => check.status === 'fail');
  const signatureFailed = input.signature?.status === 'invalid';
  const signatureVerified = input.signature?.status === 'verified';
  const level = signatureFailed || anyFailed ? 'failed' : signatureVerified ? 'verified' : 'unverified';
  const extra = checks
    .filter((check) => ID_TOKEN_ONLY.has(check.name) && check.status !== 'skipped')
    .map((check) => `${check.name} ${check.status === 'pass' ? 'matches' : 'does NOT match'}`);
  const parts = [
    describeSignature(input.signature),
    describeTimes(checks),
    describeComparison(checks, 'aud', 'audience'),
    describeComparison(checks, 'iss', 'issuer'),
    ...extra,
  ];
  const verdict =
    level === 'verified'
      ? 'Verified'
      : level === 'failed'
        ? 'Not valid'
        : 'Not verified: the claims are unproven';
  const sentence = parts.join('; ');
  return {
    level,
    line: `${verdict}: ${sentence.charAt(0)}${sentence.slice(1)}.`,
    checks,
  };
}
