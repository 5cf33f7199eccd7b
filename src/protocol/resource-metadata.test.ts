import { describe, expect, it } from 'vitest';
import type { HttpResponse } from './http';
import {
  buildAuthorizationServerMetadataUrls,
  buildResourceMetadataRequest,
  buildResourceMetadataUrl,
  buildResourceProbeRequest,
  isSameOrigin,
  locateResourceMetadata,
  parseResourceMetadataResponse,
  readResourceMetadataFromChallenge,
  suggestResourceFlowParams,
  type ProtectedResourceMetadata,
  type ResourceFlowParams,
  type ResourceMetadataLocation,
} from './resource-metadata';

const ok = (body: unknown): HttpResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('buildResourceMetadataUrl', () => {
  it.each([
    ['https://resource.example.com', 'https://resource.example.com/.well-known/oauth-protected-resource'],
    ['https://resource.example.com/', 'https://resource.example.com/.well-known/oauth-protected-resource'],
    [
      'https://resource.example.com/resource1',
      'https://resource.example.com/.well-known/oauth-protected-resource/resource1',
    ],
    [
      'https://api.example/v1/me?tenant=a',
      'https://api.example/.well-known/oauth-protected-resource/v1/me?tenant=a',
    ],
  ])('%s → %s (RFC 9728 §3.1)', (resource, expected) => {
    expect(buildResourceMetadataUrl(resource)).toBe(expected);
  });

  it.each([
    ['a relative URL', '/me'],
    ['a fragment', 'https://a.example/#x'],
  ])('refuses %s', (_label, resource) => {
    expect(() => buildResourceMetadataUrl(resource)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }),
    );
  });

  it('builds a GET', () => {
    expect(buildResourceMetadataRequest('https://a.example/.well-known/oauth-protected-resource')).toEqual({
      method: 'GET',
      url: 'https://a.example/.well-known/oauth-protected-resource',
      headers: { accept: 'application/json' },
    });
  });
});

describe('readResourceMetadataFromChallenge', () => {
  it.each([
    [
      'the RFC 9728 §5.1 example',
      'Bearer resource_metadata="https://resource.example.com/.well-known/oauth-protected-resource"',
      'https://resource.example.com/.well-known/oauth-protected-resource',
    ],
    [
      'a DPoP challenge after a Bearer one',
      'Bearer realm="a", DPoP algs="ES256", resource_metadata="https://r/.well-known/oauth-protected-resource"',
      'https://r/.well-known/oauth-protected-resource',
    ],
    ['none', 'Bearer realm="a"', undefined],
    ['a malformed header', 'Bearer resource_metadata="x', undefined],
  ])('%s', (_label, header, expected) => {
    expect(readResourceMetadataFromChallenge(header)).toBe(expected);
  });
});

describe('parseResourceMetadataResponse', () => {
  it('reads the RFC 9728 §3.2 example', () => {
    const body = {
      resource: 'https://resource.example.com',
      authorization_servers: ['https://as1.example.com', 'https://as2.example.net'],
      bearer_methods_supported: ['header', 'body'],
      scopes_supported: ['profile', 'email', 'phone'],
      resource_documentation: 'https://resource.example.com/resource_documentation.html',
    };
    expect(parseResourceMetadataResponse(ok(body), 'https://resource.example.com')).toEqual(body);
  });

  it.each<[string, HttpResponse, string]>([
    [
      'metadata for another resource (§3.3)',
      ok({ resource: 'https://evil.example', authorization_servers: [] }),
      'RESOURCE_MISMATCH',
    ],
    ['no resource', ok({ authorization_servers: [] }), 'RESOURCE_METADATA_INVALID'],
    [
      'authorization_servers that are not URLs',
      ok({ resource: 'https://resource.example.com', authorization_servers: ['as1'] }),
      'RESOURCE_METADATA_INVALID',
    ],
    ['a 404', { status: 404, headers: {}, body: '' }, 'DISCOVERY_FAILED'],
    [
      'an HTML page',
      { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>' },
      'RESPONSE_NOT_JSON',
    ],
  ])('refuses %s', (_label, response, code) => {
    expect(() => parseResourceMetadataResponse(response, 'https://resource.example.com')).toThrow(
      expect.objectContaining({ code }),
    );
  });
});

describe('buildAuthorizationServerMetadataUrls', () => {
  it.each([
    [
      'https://as.example.com',
      [
        'https://as.example.com/.well-known/oauth-authorization-server',
        'https://as.example.com/.well-known/openid-configuration',
      ],
    ],
    [
      'https://login.example.com/tenant1/v2.0',
      [
        'https://login.example.com/.well-known/oauth-authorization-server/tenant1/v2.0',
        'https://login.example.com/tenant1/v2.0/.well-known/openid-configuration',
      ],
    ],
  ])('%s (RFC 8414 §3.1 then OIDC Discovery)', (issuer, expected) => {
    expect(buildAuthorizationServerMetadataUrls(issuer)).toEqual(expected);
  });
});

describe('buildResourceProbeRequest', () => {
  it('is a GET of the resource without a token', () => {
    expect(buildResourceProbeRequest('http://localhost:4001/me')).toEqual({
      method: 'GET',
      url: 'http://localhost:4001/me',
      headers: { accept: 'application/json' },
    });
  });

  it.each(['/me', 'https://a.example/me#x'])('refuses %s with INVALID_PARAMETER', (resource) => {
    expect(() => buildResourceProbeRequest(resource)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }),
    );
  });
});

describe('locateResourceMetadata', () => {
  const api = 'http://localhost:4001/me';
  const wellKnown = 'http://localhost:4001/.well-known/oauth-protected-resource/me';
  const answer = (status: number, challenge?: string): HttpResponse => ({
    status,
    headers: challenge === undefined ? {} : { 'www-authenticate': challenge },
    body: '',
  });
  it.each<[string, HttpResponse | undefined, ResourceMetadataLocation]>([
    [
      'the challenge names it',
      answer(401, 'Bearer realm="a", resource_metadata="https://meta.example/x"'),
      { url: 'https://meta.example/x', source: 'challenge' },
    ],
    [
      'no probe',
      undefined,
      {
        url: wellKnown,
        source: 'well-known',
        reason: 'the API was not called, so there is no challenge to read',
      },
    ],
    [
      'no challenge',
      answer(200),
      {
        url: wellKnown,
        source: 'well-known',
        reason: 'the API answered HTTP 200 without a WWW-Authenticate challenge',
      },
    ],
    [
      'a challenge without resource_metadata',
      answer(401, 'Bearer realm="a"'),
      {
        url: wellKnown,
        source: 'well-known',
        reason: 'its WWW-Authenticate challenge has no "resource_metadata"',
      },
    ],
    [
      'a resource_metadata that is not an http(s) URL',
      answer(401, 'Bearer resource_metadata="javascript:alert(1)"'),
      {
        url: wellKnown,
        source: 'well-known',
        reason: '"resource_metadata" in its challenge is not an http(s) URL: "javascript:alert(1)"',
      },
    ],
  ])('%s', (_label, probe, expected) => {
    expect(locateResourceMetadata(api, probe)).toEqual(expected);
  });
});

describe('isSameOrigin', () => {
  it.each([
    ['http://localhost:4001/me', 'http://localhost:4001/.well-known/x', true],
    ['http://localhost:4001/me', 'http://localhost:4000/', false],
    ['https://a.example/', 'http://a.example/', false],
    ['not a url', 'http://a.example/', false],
  ])('%s and %s → %s', (a, b, expected) => {
    expect(isSameOrigin(a, b)).toBe(expected);
  });
});

describe('suggestResourceFlowParams', () => {
  it.each<[string, ProtectedResourceMetadata, string[] | undefined, ResourceFlowParams]>([
    [
      'openid first when the server lists it',
      { resource: 'http://localhost:4001/me', scopes_supported: ['api.read', 'api.write'] },
      ['openid', 'profile'],
      { resource: 'http://localhost:4001/me', scope: 'openid api.read api.write' },
    ],
    [
      'no openid when the server does not list it',
      { resource: 'https://r.example', scopes_supported: ['read'] },
      ['read'],
      { resource: 'https://r.example', scope: 'read' },
    ],
    [
      'openid once when the resource lists it too',
      { resource: 'https://r.example', scopes_supported: ['openid', 'read'] },
      ['openid'],
      { resource: 'https://r.example', scope: 'openid read' },
    ],
    [
      'no scopes_supported',
      { resource: 'https://r.example' },
      undefined,
      { resource: 'https://r.example', scope: '' },
    ],
  ])('%s', (_label, metadata, serverScopes, expected) => {
    expect(suggestResourceFlowParams(metadata, serverScopes)).toEqual(expected);
  });
});
