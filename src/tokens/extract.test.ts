import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractTokens } from './extract';
import type { ExtractedToken } from './extract';
import { readPropertyRuns } from './fc-runs';

const A = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln';
const B = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiIn0.c2lnMg';
const R = '0.AXEAabc-def_ghi';

describe('extractTokens', () => {
  it.each<[string, string, ExtractedToken[]]>([
    ['empty text', '   ', []],
    ['a bare token', A, [{ name: 'token', value: A }]],
    ['surrounding whitespace and newlines', `\n\t ${A}  \n`, [{ name: 'token', value: A }]],
    ['double quotes', `"${A}"`, [{ name: 'token', value: A }]],
    ['single quotes and a trailing comma', `'${A}',`, [{ name: 'token', value: A }]],
    ['a Bearer prefix', `Bearer ${A}`, [{ name: 'token', value: A }]],
    ['a lower-case bearer prefix', `bearer   ${A}`, [{ name: 'token', value: A }]],
    ['a whole Authorization header', `Authorization: Bearer ${A}`, [{ name: 'token', value: A }]],
    ['a quoted Authorization header', `"authorization": "Bearer ${A}"`, [{ name: 'token', value: A }]],
    ['an opaque token', 'EwBwA8l6BAAU', [{ name: 'token', value: 'EwBwA8l6BAAU' }]],
    [
      'a redirect URL with a fragment',
      `https://app.example/cb#access_token=${A}&token_type=Bearer&id_token=${B}&state=s`,
      [
        { name: 'id_token', value: B },
        { name: 'access_token', value: A },
      ],
    ],
    [
      'a redirect URL with a query',
      `https://app.example/cb?id_token=${B}&state=x`,
      [{ name: 'id_token', value: B }],
    ],
    ['a bare fragment', `#id_token=${B}`, [{ name: 'id_token', value: B }]],
    [
      'a form body',
      `access_token=${A}&refresh_token=${R}`,
      [
        { name: 'access_token', value: A },
        { name: 'refresh_token', value: R },
      ],
    ],
    ['a URL with token=', `http://localhost:5173/inspect#token=${A}`, [{ name: 'token', value: A }]],
    [
      'a JSON token response',
      JSON.stringify({
        token_type: 'Bearer',
        access_token: A,
        id_token: B,
        refresh_token: R,
        expires_in: 3599,
      }),
      [
        { name: 'id_token', value: B },
        { name: 'access_token', value: A },
        { name: 'refresh_token', value: R },
      ],
    ],
    ['a JSON string', JSON.stringify(A), [{ name: 'token', value: A }]],
    ['the same token twice', `${A} ${A}`, [{ name: 'token', value: A }]],
    [
      'two JWTs in free text',
      `first: ${A}\nsecond: ${B}`,
      [
        { name: 'token', value: A },
        { name: 'token', value: B },
      ],
    ],
    [
      'a JWT wrapped over lines',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdW\nIiOiJhIn0.c2ln',
      [{ name: 'token', value: A }],
    ],
  ])('finds the tokens in %s', (_name, text, expected) => {
    expect(extractTokens(text)).toEqual(expected);
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(Array.isArray(extractTokens(text))).toBe(true);
      }),
      { numRuns: readPropertyRuns(process.env) },
    );
  });
});
