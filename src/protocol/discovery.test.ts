import { describe, expect, it } from 'vitest';
import { PlaygroundError } from './errors';
import {
  issuerMatches,
  listMissingEndpoints,
  parseDiscoveryResponse,
  explainTenantIssuer,
} from './discovery';
import type { HttpResponse } from './http';

const good = {
  issuer: 'http://localhost:4000',
  authorization_endpoint: 'http://localhost:4000/auth',
  token_endpoint: 'http://localhost:4000/token',
  jwks_uri: 'http://localhost:4000/jwks',
  userinfo_endpoint: 'http://localhost:4000/me',
};

function reply(body: unknown, status = 200): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof PlaygroundError) return error.code;
    throw error;
  }
  return undefined;
}

describe('parseDiscoveryResponse', () => {
  it('returns the document when it is valid', () => {
    const document = parseDiscoveryResponse(reply(good), 'http://localhost:4000/');
    expect(document.token_endpoint).toBe('http://localhost:4000/token');
    expect(listMissingEndpoints(document)).toEqual([
      'device_authorization_endpoint',
      'end_session_endpoint',
      'introspection_endpoint',
      'revocation_endpoint',
    ]);
  });

  it.each([
    ['a 404', reply('Not found', 404), 'DISCOVERY_FAILED'],
    ['a 500', reply({ error: 'server_error' }, 500), 'DISCOVERY_FAILED'],
    ['an HTML page', reply('<!DOCTYPE html><html><body>Sign in</body></html>'), 'DISCOVERY_NOT_JSON'],
    ['an empty body', reply(''), 'DISCOVERY_NOT_JSON'],
    ['a JSON array', reply([1, 2]), 'DISCOVERY_NOT_JSON'],
    ['no issuer', reply({ ...good, issuer: undefined }), 'DISCOVERY_MISSING_ENDPOINT'],
    ['another issuer', reply({ ...good, issuer: 'https://evil.example' }), 'DISCOVERY_ISSUER_MISMATCH'],
    ['no token endpoint', reply({ ...good, token_endpoint: undefined }), 'DISCOVERY_MISSING_ENDPOINT'],
    ['no jwks_uri', reply({ ...good, jwks_uri: undefined }), 'DISCOVERY_MISSING_ENDPOINT'],
    [
      'a javascript: endpoint',
      reply({ ...good, userinfo_endpoint: 'javascript:alert(1)' }),
      'DISCOVERY_MISSING_ENDPOINT',
    ],
    ['a number as endpoint', reply({ ...good, token_endpoint: 42 }), 'DISCOVERY_MISSING_ENDPOINT'],
  ])('rejects %s', (_name, response, code) => {
    expect(codeOf(() => parseDiscoveryResponse(response, 'http://localhost:4000'))).toBe(code);
  });

  it('names the HTML page problem in plain words', () => {
    expect(() => parseDiscoveryResponse(reply('<html></html>'), 'http://localhost:4000')).toThrow(
      /HTML page/,
    );
  });
});

describe('issuerMatches', () => {
  it.each([
    ['http://localhost:4000/', 'http://localhost:4000', true],
    [
      'https://login.microsoftonline.com/common/v2.0',
      'https://login.microsoftonline.com/{tenantid}/v2.0',
      true,
    ],
    [
      'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0',
      'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0',
      true,
    ],
    ['https://login.microsoftonline.com/common/v2.0', 'https://evil.example/{tenantid}/v2.0', false],
    ['https://a.example', 'https://b.example', false],
  ])('%s vs %s', (expected, actual, result) => {
    expect(issuerMatches(expected, actual)).toBe(result);
  });
});

describe('explainTenantIssuer', () => {
  const LOGIN = 'https://login.microsoftonline.com';
  const PERSONAL = '9188040d-6c67-4c5b-b112-36a304b66dad';
  const OTHER = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  it.each([
    [`${LOGIN}/consumers/v2.0`, `${LOGIN}/${PERSONAL}/v2.0`, true],
    [`${LOGIN}/consumers/v2.0`, `${LOGIN}/${OTHER}/v2.0`, false],
    [`${LOGIN}/contoso.onmicrosoft.com/v2.0`, `${LOGIN}/${OTHER}/v2.0`, true],
    [`${LOGIN}/contoso.onmicrosoft.com/v2.0`, `https://evil.example/${OTHER}/v2.0`, false],
    [`${LOGIN}/contoso.onmicrosoft.com/v2.0`, `${LOGIN}/${OTHER}/v1.0`, false],
    [`${LOGIN}/organizations/v2.0`, `${LOGIN}/${OTHER}/v2.0`, false],
    [`${LOGIN}/contoso.onmicrosoft.com/v2.0`, `${LOGIN}/not-a-guid/v2.0`, false],
  ])('%s published as %s: accepted %s', (expected, actual, accepted) => {
    expect(explainTenantIssuer(expected, actual) !== undefined).toBe(accepted);
  });
});
