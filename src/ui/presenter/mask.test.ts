import { describe, expect, it } from 'vitest';
import { MASK, looksPersonal, maskClaims, maskSignature, maskText, maskValue } from './mask';

describe('maskClaims', () => {
  it('masks personal claims and personal-looking values, keeps the rest', () => {
    const claims = {
      iss: 'http://localhost:4000',
      sub: 'a1f6c3e2-5b7d-4e0a-9c1f-000000000a11',
      name: 'Alice Example',
      email: 'alice@example.test',
      tid: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      aud: 'playground-spa',
      exp: 1_700_000_000,
      roles: ['Playground.Admin'],
      nested: { contact: 'bob@example.test', oid: 42 },
      note: 'owner 00000000-0000-0000-0000-000000000001 here',
    };
    expect(maskClaims(claims)).toEqual({
      iss: 'http://localhost:4000',
      sub: maskValue('a1f6c3e2-5b7d-4e0a-9c1f-000000000a11'),
      name: maskValue('Alice Example'),
      email: maskValue('alice@example.test'),
      tid: maskValue('72f988bf-86f1-41af-91ab-2d7cd011db47'),
      aud: 'playground-spa',
      exp: 1_700_000_000,
      roles: ['Playground.Admin'],
      nested: { contact: MASK, oid: maskValue('42') },
      note: `owner ${MASK} here`,
    });
  });
});

describe('text helpers', () => {
  it.each([
    ['alice@example.test', true],
    ['A1F6C3E2-5B7D-4E0A-9C1F-000000000A11', true],
    ['playground-spa', false],
    ['http://localhost:4000', false],
  ])('looksPersonal(%j) = %j', (value, expected) => {
    expect(looksPersonal(value)).toBe(expected);
  });

  it.each([
    ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.${MASK}`],
    ['opaque-token', 'opaque-token'],
    ['a.b', 'a.b'],
  ])('maskSignature(%j)', (token, expected) => {
    expect(maskSignature(token)).toBe(expected);
  });

  it('masks JWT signatures, emails and GUIDs inside a response body', () => {
    const body = JSON.stringify({
      id_token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
      email: 'alice@example.test',
      token_type: 'Bearer',
    });
    const masked = maskText(body);
    expect(masked).not.toContain('c2lnbmF0dXJl');
    expect(masked).not.toContain('alice@example.test');
    expect(masked).toContain('"token_type":"Bearer"');
  });

  it('keeps an empty value empty', () => {
    expect(maskValue('')).toBe('');
  });
});

describe('masking reads the sensitivity registry (issue 11)', () => {
  it.each([
    [
      'https://as.example/logout?id_token_hint=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.&client_id=app',
      'id_token_hint',
    ],
    ['https://as.example/authorize?client_id=app&login_hint=carol', 'login_hint'],
    ['https://as.example/logout?logout_hint=carol&state=s', 'logout_hint'],
    ['grant_type=password&username=carol&password=hunter2', 'username'],
    ['grant_type=x&client_secret=hunter2', 'client_secret'],
  ])('maskText hides the value of %s', (text, name) => {
    const masked = maskText(text);
    expect(masked).toContain(`${name}=${MASK}`);
    expect(masked).not.toMatch(/carol|hunter2|eyJzdWIiOiJ4In0/);
  });

  it('keeps public parameters such as request_uri and state', () => {
    expect(maskText('https://as.example/authorize?request_uri=urn:x:1&state=abc')).toBe(
      'https://as.example/authorize?request_uri=urn:x:1&state=abc',
    );
  });

  it('masks personal and secret fields of a JSON object by name', () => {
    expect(maskClaims({ login_hint: 'carol', client_secret: 'hunter2', scope: 'openid' })).toEqual({
      login_hint: maskValue('carol'),
      client_secret: maskValue('hunter2'),
      scope: 'openid',
    });
  });
});
