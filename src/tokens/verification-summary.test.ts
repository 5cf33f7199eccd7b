import { describe, expect, it } from 'vitest';
import type { ValidationCheck } from './validate';
import { selectApplicableChecks, summarizeVerification } from './verification-summary';
import type { VerificationResult } from './verify';

const pass = (name: ValidationCheck['name']): ValidationCheck => ({ name, status: 'pass', message: '' });
const skip = (name: ValidationCheck['name']): ValidationCheck => ({ name, status: 'skipped', message: '' });
const fail = (name: ValidationCheck['name']): ValidationCheck => ({ name, status: 'fail', message: '' });

const VERIFIED: VerificationResult = { status: 'verified', alg: 'RS256', key: 'JWKS' };
const CANNOT: VerificationResult = { status: 'cannot-verify', cause: 'graph-nonce', reason: 'Graph token' };
const INVALID: VerificationResult = { status: 'invalid', alg: 'RS256', reason: 'bad' };

// Issue 11: the inspector showed a green "Valid" next to "Cannot verify".
describe('summarizeVerification', () => {
  it.each<[string, VerificationResult | undefined, ValidationCheck[], string, RegExp]>([
    [
      'verified, in time, audience and issuer checked',
      VERIFIED,
      [pass('exp'), skip('nbf'), pass('aud'), pass('iss')],
      'verified',
      /^Verified: signature verified \(RS256\); within its validity period; audience checked; issuer checked\.$/,
    ],
    [
      'cannot verify, though in time',
      CANNOT,
      [pass('exp'), skip('nbf'), skip('aud'), skip('iss')],
      'unverified',
      /^Not verified: the claims are unproven: signature not verified \(cannot verify\); within its validity period; audience not checked; issuer not checked\.$/,
    ],
    ['no key yet', undefined, [pass('exp')], 'unverified', /signature not verified yet/],
    ['an invalid signature', INVALID, [pass('exp')], 'failed', /^Not valid: signature INVALID/],
    ['expired although verified', VERIFIED, [fail('exp')], 'failed', /outside its validity period/],
    ['a wrong audience', VERIFIED, [pass('exp'), fail('aud')], 'failed', /audience WRONG/],
  ])('%s', (_label, signature, checks, level, line) => {
    const summary = summarizeVerification({ signature, checks, use: 'access_token' });
    expect(summary.level).toBe(level);
    expect(summary.line).toMatch(line);
    if (level === 'unverified') expect(summary.line).not.toMatch(/^Verified|\bvalid\b(?! period)/);
  });

  it('never calls an unverified token valid', () => {
    const summary = summarizeVerification({
      signature: CANNOT,
      checks: [pass('exp'), pass('aud'), pass('iss')],
      use: 'id_token',
    });
    expect(summary.level).toBe('unverified');
    expect(summary.line.startsWith('Not verified')).toBe(true);
  });

  it('names the ID token checks that ran', () => {
    const summary = summarizeVerification({
      signature: VERIFIED,
      checks: [pass('exp'), pass('aud'), pass('iss'), pass('nonce'), fail('at_hash'), skip('c_hash')],
      use: 'id_token',
    });
    expect(summary.line).toContain('nonce matches; at_hash does NOT match');
    expect(summary.level).toBe('failed');
  });
});

describe('selectApplicableChecks', () => {
  const all = [
    pass('exp'),
    skip('nbf'),
    skip('aud'),
    skip('iss'),
    skip('nonce'),
    skip('at_hash'),
    skip('c_hash'),
  ];
  it('lists no nonce, at_hash or c_hash for an access token', () => {
    expect(selectApplicableChecks(all, 'access_token').map((check) => check.name)).toEqual([
      'exp',
      'nbf',
      'aud',
      'iss',
    ]);
  });
  it('lists them for an ID token', () => {
    expect(selectApplicableChecks(all, 'id_token')).toHaveLength(7);
  });
  it('lists them for a token of unknown kind only when it carries the claim', () => {
    expect(selectApplicableChecks(all, 'unknown', { nonce: 'n' }).map((check) => check.name)).toEqual([
      'exp',
      'nbf',
      'aud',
      'iss',
      'nonce',
    ]);
  });
});
