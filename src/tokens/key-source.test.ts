import { describe, expect, it } from 'vitest';
import { chooseKeySource } from './key-source';

const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const LOGIN = 'https://login.microsoftonline.com';

describe('chooseKeySource', () => {
  it.each([
    {
      name: 'common template filled from tid',
      header: {},
      payload: { iss: `${LOGIN}/${TID}/v2.0`, tid: TID },
      options: { expectedIssuer: `${LOGIN}/{tenantid}/v2.0`, trustedOrigins: [LOGIN] },
      want: { kind: 'issuer', issuer: `${LOGIN}/${TID}/v2.0`, origin: LOGIN, trusted: true },
    },
    {
      name: 'pasted token of the chosen provider',
      header: {},
      payload: { iss: `${LOGIN}/${TID}/v2.0` },
      options: { trustedOrigins: [LOGIN] },
      want: { kind: 'issuer', issuer: `${LOGIN}/${TID}/v2.0`, trusted: true },
    },
    {
      name: 'v1 issuer on sts.windows.net is not the chosen provider',
      header: {},
      payload: { iss: `https://sts.windows.net/${TID}/` },
      options: { trustedOrigins: [LOGIN, 'https://graph.microsoft.com'] },
      want: { kind: 'issuer', origin: 'https://sts.windows.net', trusted: false },
    },
    {
      name: 'expected issuer wins over the claimed one',
      header: {},
      payload: { iss: 'https://evil.example/' },
      options: { expectedIssuer: 'http://localhost:4000', trustedOrigins: ['http://localhost:4000'] },
      want: { kind: 'issuer', issuer: 'http://localhost:4000', trusted: true },
    },
  ])('$name', ({ header, payload, options, want }) => {
    expect(chooseKeySource(header, payload, options)).toMatchObject(want);
  });

  it.each([
    ['Graph header nonce', { nonce: 'x' }, { iss: `https://sts.windows.net/${TID}/` }, 'graph-nonce'],
    ['no issuer', {}, {}, 'key-fetch-failed'],
    ['not a URL', {}, { iss: 'urn:issuer' }, 'key-fetch-failed'],
  ])('%s: no key fetch', (_name, header, payload, cause) => {
    expect(chooseKeySource(header, payload, { trustedOrigins: [LOGIN] })).toMatchObject({
      kind: 'none',
      result: { status: 'cannot-verify', cause },
    });
  });

  it('refuses a template it cannot fill', () => {
    expect(
      chooseKeySource(
        {},
        { iss: 'x' },
        { expectedIssuer: `${LOGIN}/{tenantid}/v2.0`, trustedOrigins: [LOGIN] },
      ),
    ).toMatchObject({ kind: 'none', result: { reason: /placeholder/ } });
  });
});
