import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlaygroundError } from './errors';
import { parseWwwAuthenticate, readBearerError } from './www-authenticate';

describe('parseWwwAuthenticate', () => {
  it.each<[string, unknown]>([
    ['Bearer', [{ scheme: 'Bearer', params: {} }]],
    ['Bearer realm="example"', [{ scheme: 'Bearer', params: { realm: 'example' } }]],
    [
      'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
      [
        {
          scheme: 'Bearer',
          params: { realm: 'example', error: 'invalid_token', error_description: 'The access token expired' },
        },
      ],
    ],
    [
      'Bearer error="insufficient_scope", scope="read write"',
      [{ scheme: 'Bearer', params: { error: 'insufficient_scope', scope: 'read write' } }],
    ],
    [
      'Bearer error_description="say \\"hi\\", \\\\ ok"',
      [{ scheme: 'Bearer', params: { error_description: 'say "hi", \\ ok' } }],
    ],
    ['Bearer Error=invalid_token', [{ scheme: 'Bearer', params: { error: 'invalid_token' } }]],
    [
      'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"',
      [
        { scheme: 'Newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
        { scheme: 'Basic', params: { realm: 'simple' } },
      ],
    ],
    [
      'Negotiate abc123==, Bearer',
      [
        { scheme: 'Negotiate', params: {}, token68: 'abc123==' },
        { scheme: 'Bearer', params: {} },
      ],
    ],
    [
      'Bearer authorization_uri="https://login.microsoftonline.com/t/oauth2/authorize", error="invalid_token"',
      [
        {
          scheme: 'Bearer',
          params: {
            authorization_uri: 'https://login.microsoftonline.com/t/oauth2/authorize',
            error: 'invalid_token',
          },
        },
      ],
    ],
  ])('%s', (header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });

  it.each(['Bearer error="unterminated', 'Bearer realm="x", error=', 'Bearer realm="x" junk', '"quoted"'])(
    'refuses %s',
    (header) => {
      expect(() => parseWwwAuthenticate(header)).toThrow(
        expect.objectContaining({ code: 'RESPONSE_INVALID' }) as PlaygroundError,
      );
    },
  );

  it('only ever raises PlaygroundError on random input', () => {
    fc.assert(
      fc.property(fc.string(), (header) => {
        try {
          parseWwwAuthenticate(header);
        } catch (error) {
          if (!(error instanceof PlaygroundError)) throw error;
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 1000) },
    );
  });
});

describe('readBearerError', () => {
  it('reads the RFC 6750 fields of the Bearer challenge', () => {
    expect(
      readBearerError(
        'Basic realm="x", Bearer realm="api", error="invalid_token", error_description="expired"',
      ),
    ).toEqual({
      error: 'invalid_token',
      error_description: 'expired',
      realm: 'api',
    });
  });

  it.each(['Bearer realm="api"', 'Basic realm="x"', ''])(
    'is undefined without a Bearer error: %s',
    (header) => {
      expect(readBearerError(header)).toBeUndefined();
    },
  );
});

describe('parseWwwAuthenticate: token68', () => {
  it('reads a lone "name=" as token68, as RFC 9110 allows', () => {
    expect(parseWwwAuthenticate('Bearer error=')).toEqual([
      { scheme: 'Bearer', params: {}, token68: 'error=' },
    ]);
  });
});
