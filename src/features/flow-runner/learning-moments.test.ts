import { describe, expect, it } from 'vitest';
import { compareScopes, compareState, isPlaceholder, splitAtCode } from './learning-moments';

describe('compareState', () => {
  it.each([
    ['abc', 'abc', 'match'],
    ['abc', 'abd', 'mismatch'],
    ['abc', undefined, 'missing'],
    [undefined, 'abc', 'not-sent'],
    ['', undefined, 'not-sent'],
  ] as const)('sent %s, received %s: %s', (sent, received, expected) => {
    expect(compareState(sent, received)).toBe(expected);
  });
});

describe('splitAtCode', () => {
  it.each([
    [
      'http://app/callback?code=AbC&state=s',
      { before: 'http://app/callback?code=', code: 'AbC', after: '&state=s' },
    ],
    [
      'http://app/callback?state=s&code=x1',
      { before: 'http://app/callback?state=s&code=', code: 'x1', after: '' },
    ],
    [
      'http://app/callback#code=f&id_token=t',
      { before: 'http://app/callback#code=', code: 'f', after: '&id_token=t' },
    ],
    // `code_challenge=` or `error_code=` is not the code.
    [
      'http://app/callback?error_code=1&x=code=2',
      { before: 'http://app/callback?error_code=1&x=code=2', after: '' },
    ],
  ])('%s', (url, expected) => {
    expect(splitAtCode(url)).toEqual(expected);
  });
});

describe('compareScopes', () => {
  it('points out scopes that were asked for and not granted, and extra ones', () => {
    expect(compareScopes('openid profile api.read', 'openid api.read api.write')).toEqual({
      requested: ['openid', 'profile', 'api.read'],
      granted: ['openid', 'api.read', 'api.write'],
      missing: ['profile'],
      added: ['api.write'],
    });
  });
  it('reads an absent scope in the response as "not told" (RFC 6749 §5.1)', () => {
    expect(compareScopes('openid', undefined)).toEqual({
      requested: ['openid'],
      granted: undefined,
      missing: [],
      added: [],
    });
  });
  it('sees the same scopes in another order as the same grant', () => {
    expect(compareScopes('a b', 'b a').missing).toEqual([]);
  });
});

describe('isPlaceholder', () => {
  it.each([
    ['{{code_verifier}}', true],
    ['abc', false],
    ['{{code}} and more', false],
  ] as const)('%s: %s', (value, expected) => {
    expect(isPlaceholder(value)).toBe(expected);
  });
});
