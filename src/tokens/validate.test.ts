import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { computeHalfHash, selectHashForAlg, substituteTenant, validateClaims } from './validate';
import type { CheckName, ValidationCheck, ValidationExpectations } from './validate';
import { buildEntraV2IdTokenClaims, TENANT_ID, CLIENT_ID } from './test-fixtures';

const NOW = 1_700_000_000;

function byName(checks: ValidationCheck[], name: CheckName): ValidationCheck {
  const check = checks.find((c) => c.name === name);
  if (!check) throw new Error(`no check ${name}`);
  return check;
}

describe('computeHalfHash', () => {
  it('matches the OpenID Connect Core examples (§A.3 at_hash, §A.4 c_hash)', async () => {
    expect(await computeHalfHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).toBe(
      '77QmUPtjPfzWtF2AnpK9RQ',
    );
    expect(await computeHalfHash('Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk', 'RS256')).toBe(
      'LDktKdoQak3Pk0cnXxCltA',
    );
  });

  it.each<[string, 'sha256' | 'sha384' | 'sha512']>([
    ['RS256', 'sha256'],
    ['PS384', 'sha384'],
    ['ES512', 'sha512'],
    ['HS256', 'sha256'],
    ['EdDSA', 'sha512'],
  ])('%s uses the left half of %s', async (alg, node) => {
    const full = createHash(node).update('token-value').digest();
    expect(await computeHalfHash('token-value', alg)).toBe(
      full.subarray(0, full.length / 2).toString('base64url'),
    );
  });

  it('refuses an algorithm without a hash', () => {
    expect(() => selectHashForAlg('none')).toThrow(
      expect.objectContaining({ code: 'CANNOT_VERIFY' }) as Error,
    );
  });
});

describe('substituteTenant', () => {
  it.each([
    [
      'https://login.microsoftonline.com/{tenantid}/v2.0',
      TENANT_ID,
      `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
    ],
    [
      'https://login.microsoftonline.com/{tenantid}/v2.0',
      undefined,
      'https://login.microsoftonline.com/{tenantid}/v2.0',
    ],
    ['http://localhost:4000', TENANT_ID, 'http://localhost:4000'],
  ])('%s with tid %s', (issuer, tid, expected) => {
    expect(substituteTenant(issuer, tid)).toBe(expected);
  });
});

describe('validateClaims', () => {
  const payload = {
    ...buildEntraV2IdTokenClaims(NOW),
    at_hash: '77QmUPtjPfzWtF2AnpK9RQ',
    c_hash: 'LDktKdoQak3Pk0cnXxCltA',
  };
  const header = { alg: 'RS256' };
  const good: ValidationExpectations = {
    nowSeconds: NOW,
    audience: CLIENT_ID,
    issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
    nonce: 'n-0S6_WzA2Mj',
    accessToken: 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y',
    code: 'Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk',
  };

  it('passes every check for a matching token', async () => {
    const checks = await validateClaims(header, payload, good);
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['exp', 'pass'],
      ['nbf', 'pass'],
      ['aud', 'pass'],
      ['iss', 'pass'],
      ['nonce', 'pass'],
      ['at_hash', 'pass'],
      ['c_hash', 'pass'],
    ]);
    expect(byName(checks, 'iss').message).toMatch(/\{tenantid\} replaced/);
  });

  it.each<[string, Record<string, unknown>, Partial<ValidationExpectations>, CheckName, string]>([
    ['expired', { exp: NOW - 10 }, {}, 'exp', 'CLAIM_INVALID'],
    ['no exp', { exp: undefined }, {}, 'exp', 'CLAIM_INVALID'],
    ['not yet valid', { nbf: NOW + 600 }, {}, 'nbf', 'CLAIM_INVALID'],
    ['wrong audience', {}, { audience: 'someone-else' }, 'aud', 'CLAIM_INVALID'],
    ['wrong issuer', { iss: 'https://evil.example' }, {}, 'iss', 'CLAIM_INVALID'],
    ['wrong nonce', {}, { nonce: 'other' }, 'nonce', 'NONCE_MISMATCH'],
    ['missing nonce', { nonce: undefined }, {}, 'nonce', 'NONCE_MISMATCH'],
    ['wrong access token', {}, { accessToken: 'another-token' }, 'at_hash', 'HASH_MISMATCH'],
    ['wrong code', {}, { code: 'another-code' }, 'c_hash', 'HASH_MISMATCH'],
    ['missing c_hash', { c_hash: undefined }, {}, 'c_hash', 'HASH_MISMATCH'],
  ])('fails when %s', async (_name, change, expectChange, check, code) => {
    const checks = await validateClaims(header, { ...payload, ...change }, { ...good, ...expectChange });
    expect(byName(checks, check)).toMatchObject({ status: 'fail', code });
    expect(checks.filter((c) => c.status === 'fail')).toHaveLength(1);
  });

  it.each<[string, number, number, 'pass' | 'fail']>([
    ['expired 60 s ago, skew 120', -60, 120, 'pass'],
    ['expired 60 s ago, skew 30', -60, 30, 'fail'],
  ])('%s', async (_name, offset, skew, status) => {
    const checks = await validateClaims(
      header,
      { ...payload, exp: NOW + offset },
      { nowSeconds: NOW, skewSeconds: skew },
    );
    expect(byName(checks, 'exp').status).toBe(status);
  });

  it('skips what was not asked for and accepts aud arrays', async () => {
    const checks = await validateClaims(
      header,
      { ...payload, aud: ['x', CLIENT_ID], at_hash: undefined },
      { nowSeconds: NOW, audience: CLIENT_ID, accessToken: 'a' },
    );
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['exp', 'pass'],
      ['nbf', 'pass'],
      ['aud', 'pass'],
      ['iss', 'skipped'],
      ['nonce', 'skipped'],
      ['at_hash', 'skipped'],
      ['c_hash', 'skipped'],
    ]);
  });
});
