import { describe, expect, it } from 'vitest';
import { diffClaims } from './diff';
import type { ClaimDiff } from './diff';
import { buildEntraV1Claims, buildEntraV2IdTokenClaims } from './test-fixtures';

describe('diffClaims', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, ClaimDiff[]]>([
    ['identical', { a: 1 }, { a: 1 }, [{ name: 'a', change: 'unchanged', before: 1, after: 1 }]],
    ['added', {}, { b: 'x' }, [{ name: 'b', change: 'added', after: 'x' }]],
    ['removed', { c: true }, {}, [{ name: 'c', change: 'removed', before: true }]],
    ['changed', { exp: 1 }, { exp: 2 }, [{ name: 'exp', change: 'changed', before: 1, after: 2 }]],
    [
      'objects with reordered keys',
      { cnf: { a: 1, b: 2 } },
      { cnf: { b: 2, a: 1 } },
      [{ name: 'cnf', change: 'unchanged', before: { a: 1, b: 2 }, after: { b: 2, a: 1 } }],
    ],
    [
      'arrays in another order',
      { amr: ['pwd', 'mfa'] },
      { amr: ['mfa', 'pwd'] },
      [{ name: 'amr', change: 'changed', before: ['pwd', 'mfa'], after: ['mfa', 'pwd'] }],
    ],
    ['null against missing', { x: null }, {}, [{ name: 'x', change: 'removed', before: null }]],
  ])('%s', (_name, before, after, expected) => {
    expect(diffClaims(before, after)).toEqual(expected);
  });

  it('shows how a v1 token differs from a v2 token', () => {
    const rows = diffClaims(buildEntraV1Claims(0), buildEntraV2IdTokenClaims(0));
    const by = (change: string) => rows.filter((r) => r.change === change).map((r) => r.name);
    expect(by('removed')).toEqual(expect.arrayContaining(['appid', 'appidacr', 'unique_name', 'upn', 'scp']));
    expect(by('added')).toEqual(expect.arrayContaining(['preferred_username', 'nonce', 'sid']));
    expect(by('changed')).toEqual(expect.arrayContaining(['aud', 'iss', 'ver']));
    expect(by('unchanged')).toEqual(expect.arrayContaining(['tid', 'oid', 'sub']));
  });
});
