import type { TokenClassification } from '@/tokens/classify';
import type { ValidationCheck } from '@/tokens/validate';
import type { VerificationStatus } from './verification-panel';

/** A state of verification in one honest line: nothing is called valid unless it was verified. */
export function describeVerificationLine(
  status: VerificationStatus | undefined,
  classification: TokenClassification,
): { text: string; tone: 'good' | 'bad' | 'neutral' } {
  if (classification.format === 'opaque') {
    return {
      text: 'Not verifiable here: an opaque token is checked only by its issuer (for example by introspection).',
      tone: 'neutral',
    };
  }
  if (status === undefined) return { text: 'Signature not verified yet.', tone: 'neutral' };
  const checks = describeChecks(status.checks);
  const { signature } = status;
  if (signature.state !== 'result') {
    return { text: `Signature not verified: ${signature.message}${checks.text}`, tone: 'neutral' };
  }
  const { result } = signature;
  switch (result.status) {
    case 'verified':
      return {
        text: `Signature verified (${result.alg} with ${result.key})${checks.text}`,
        tone: checks.failed ? 'bad' : 'good',
      };
    case 'invalid':
      return { text: `Signature invalid: ${result.reason}${checks.text}`, tone: 'bad' };
    case 'no-matching-key':
    case 'cannot-verify':
      return { text: `Signature not verified: ${result.reason}${checks.text}`, tone: 'neutral' };
  }
}

function describeChecks(checks: readonly ValidationCheck[]): { text: string; failed: boolean } {
  const failed = checks.filter((check) => check.status === 'fail').map((check) => check.name);
  const passed = checks.filter((check) => check.status === 'pass').map((check) => check.name);
  if (failed.length > 0) return { text: `; claim checks failed: ${failed.join(', ')}.`, failed: true };
  if (passed.length > 0) return { text: `; claim checks passed: ${passed.join(', ')}.`, failed: false };
  return { text: '.', failed: false };
}
