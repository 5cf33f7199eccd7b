import { describe, expect, it } from 'vitest';
import { PlaygroundError } from './errors';
import {
  deriveEntraEndpoints,
  describeEntraTenantProblem,
  getDiscoveryTarget,
  resolveDiscoveryUrl,
} from './providers';

describe('deriveEntraEndpoints', () => {
  it.each([
    ['common', 'global', 'https://login.microsoftonline.com/common', 'graph.microsoft.com'],
    ['organizations', 'usgov', 'https://login.microsoftonline.us/organizations', 'graph.microsoft.us'],
    [
      'contoso.onmicrosoft.com',
      'china',
      'https://login.partner.microsoftonline.cn/contoso.onmicrosoft.com',
      'microsoftgraph.chinacloudapi.cn',
    ],
  ] as const)('tenant %s in cloud %s', (tenant, cloud, base, graph) => {
    expect(deriveEntraEndpoints(tenant, cloud)).toEqual({
      issuer: `${base}/v2.0`,
      discoveryUrl: `${base}/v2.0/.well-known/openid-configuration`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      userinfo_endpoint: `https://${graph}/oidc/userinfo`,
    });
  });
});

describe('describeEntraTenantProblem', () => {
  it.each([
    'common',
    'organizations',
    'consumers',
    'Common',
    '72f988bf-86f1-41af-91ab-2d7cd011db47',
    'contoso.com',
  ])('accepts %s', (tenant) => expect(describeEntraTenantProblem(tenant)).toBeUndefined());
  it.each([
    ['', /empty/],
    ['not a tenant', /is not a tenant/],
    ['72f988bf-86f1-41af-91ab', /is not a tenant/],
  ])('rejects %j', (tenant, message) => expect(describeEntraTenantProblem(tenant)).toMatch(message));
});

describe('resolveDiscoveryUrl', () => {
  it.each([
    [
      'http://localhost:4000',
      'http://localhost:4000/.well-known/openid-configuration',
      'http://localhost:4000/',
    ],
    ['https://idp.example/', 'https://idp.example/.well-known/openid-configuration', 'https://idp.example/'],
    [
      'https://idp.example/realms/demo',
      'https://idp.example/realms/demo/.well-known/openid-configuration',
      'https://idp.example/realms/demo',
    ],
    [
      '  https://idp.example/realms/demo/.well-known/openid-configuration ',
      'https://idp.example/realms/demo/.well-known/openid-configuration',
      'https://idp.example/realms/demo',
    ],
    [
      'https://as.example/.well-known/oauth-authorization-server/tenant1',
      'https://as.example/.well-known/oauth-authorization-server/tenant1',
      'https://as.example/tenant1',
    ],
  ])('%s', (input, discoveryUrl, expectedIssuer) => {
    expect(resolveDiscoveryUrl(input)).toEqual({ discoveryUrl, expectedIssuer });
  });

  it.each([
    ['', 'DISCOVERY_INVALID_URL', /Enter an issuer/],
    ['login.example.com', 'DISCOVERY_INVALID_URL', /is not a URL/],
    ['ftp://idp.example', 'DISCOVERY_INVALID_URL', /http\(s\)/],
  ])('rejects %j', (input, code, message) => {
    const thrown = (() => {
      try {
        resolveDiscoveryUrl(input);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(PlaygroundError);
    expect((thrown as PlaygroundError).code).toBe(code);
    expect((thrown as PlaygroundError).message).toMatch(message);
  });
});

describe('getDiscoveryTarget', () => {
  it('derives the Entra discovery URL from tenant and cloud', () => {
    expect(getDiscoveryTarget({ kind: 'entra', tenant: 'consumers', cloud: 'global' })).toEqual({
      discoveryUrl: 'https://login.microsoftonline.com/consumers/v2.0/.well-known/openid-configuration',
      expectedIssuer: 'https://login.microsoftonline.com/consumers/v2.0',
    });
  });
});
