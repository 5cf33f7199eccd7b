import { describe, expect, it } from 'vitest';
import type { DiscoveryDocument } from './discovery';
import { describeModernSupport, summarizeModernSupport } from './modern-support';

const BASE: DiscoveryDocument = {
  issuer: 'https://as.example',
  authorization_endpoint: 'https://as.example/authorize',
  token_endpoint: 'https://as.example/token',
  jwks_uri: 'https://as.example/jwks',
};

// The members Entra ID's v2.0 discovery document publishes besides the endpoints (none of the modes).
const ENTRA: DiscoveryDocument = {
  ...BASE,
  issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
  response_modes_supported: ['query', 'fragment', 'form_post'],
  request_uri_parameter_supported: false,
  scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
};

const FULL: DiscoveryDocument = {
  ...BASE,
  pushed_authorization_request_endpoint: 'https://as.example/par',
  require_pushed_authorization_requests: true,
  request_parameter_supported: true,
  request_object_signing_alg_values_supported: ['none', 'PS256'],
  require_signed_request_object: true,
  response_modes_supported: ['query', 'jwt', 'query.jwt'],
  dpop_signing_alg_values_supported: ['ES256'],
  authorization_details_types_supported: ['payment_initiation'],
  claims_parameter_supported: true,
  acr_values_supported: ['urn:a'],
  registration_endpoint: 'https://as.example/reg',
};

describe('describeModernSupport', () => {
  it('finds every mode in a full document, with evidence and requirements', () => {
    const support = describeModernSupport(FULL);
    expect(support.every((mode) => mode.available)).toBe(true);
    expect(support.find((mode) => mode.mode === 'par')).toMatchObject({
      required: true,
      evidence: expect.stringContaining('https://as.example/par') as string,
    });
    expect(support.find((mode) => mode.mode === 'jar')).toMatchObject({
      required: true,
      evidence: expect.stringContaining('PS256') as string,
    });
    expect(support.find((mode) => mode.mode === 'jar')?.evidence).not.toContain('none');
    expect(support.find((mode) => mode.mode === 'jarm')?.evidence).toContain('jwt, query.jwt');
    expect(summarizeModernSupport(support, 'Example')).toBe('Example advertises every one of these modes.');
  });

  it.each<[string, Partial<DiscoveryDocument>, string]>([
    ['request_parameter_supported false', { request_parameter_supported: false }, 'jar'],
    ['only plain response modes', { response_modes_supported: ['query', 'form_post'] }, 'jarm'],
    ['an empty DPoP alg list', { dpop_signing_alg_values_supported: [] }, 'dpop'],
    ['an empty registration endpoint', { registration_endpoint: '' }, 'dcr'],
  ])('does not offer a mode for %s', (_label, members, mode) => {
    expect(describeModernSupport({ ...BASE, ...members }).find((item) => item.mode === mode)?.available).toBe(
      false,
    );
  });

  it('says plainly that Entra advertises none, and what Entra offers instead where it has something', () => {
    const support = describeModernSupport(ENTRA, 'entra');
    expect(support.filter((mode) => mode.available)).toEqual([]);
    expect(summarizeModernSupport(support, 'Microsoft Entra ID')).toMatch(
      /^Microsoft Entra ID's discovery document advertises none of these modes/,
    );
    expect(Object.fromEntries(support.map((mode) => [mode.mode, mode.instead?.url !== undefined]))).toEqual({
      par: false,
      jar: false,
      jarm: true,
      dpop: true,
      rar: false,
      claims: true,
      acr: true,
      dcr: true,
    });
    expect(support.find((mode) => mode.mode === 'dpop')?.instead?.text).toMatch(/not RFC 9449 DPoP/);
    expect(
      support.every(
        (mode) => mode.instead === undefined || mode.instead.url.startsWith('https://learn.microsoft.com/'),
      ),
    ).toBe(true);
  });

  it('gives no Entra notes for other providers, and lists what a partial provider has', () => {
    const support = describeModernSupport({ ...BASE, dpop_signing_alg_values_supported: ['ES256'] });
    expect(support.some((mode) => mode.instead !== undefined)).toBe(false);
    expect(summarizeModernSupport(support, 'X')).toBe(
      'X advertises DPoP-bound tokens; the others are not offered.',
    );
  });
});
