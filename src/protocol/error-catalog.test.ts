import { describe, expect, it } from 'vitest';
import {
  explainError,
  explainNetworkFailure,
  extractAadstsCodes,
  lookupErrorCode,
  suggestStandardErrorCode,
} from './error-catalog';

const OAUTH_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'unsupported_response_type',
  'server_error',
  'temporarily_unavailable',
  'interaction_required',
  'login_required',
  'account_selection_required',
  'consent_required',
  'invalid_request_uri',
  'invalid_request_object',
  'request_not_supported',
  'request_uri_not_supported',
  'registration_not_supported',
  'authorization_pending',
  'slow_down',
  'expired_token',
  'authorization_declined',
  'bad_verification_code',
  'invalid_token',
  'insufficient_scope',
];

const AADSTS_CODES = [
  '50011',
  '50058',
  '50076',
  '50079',
  '50126',
  '50148',
  '501481',
  '50149',
  '54005',
  '65001',
  '70008',
  '70011',
  '700016',
  '700022',
  '700025',
  '700054',
  '700082',
  '700084',
  '7000215',
  '7000218',
  '7000222',
  '9002313',
  '9002325',
  '9002326',
  '9002327',
  '90014',
  '900144',
  '9001023',
  '50194',
  '500011',
  '901002',
  '53003',
  '50105',
];

describe('lookupErrorCode', () => {
  it.each(OAUTH_CODES)('knows %s, with a spec link', (code) => {
    const info = lookupErrorCode(code);
    expect(info?.meaning).toBeTruthy();
    expect(info?.fix).toBeTruthy();
    expect(info?.docs?.url).toMatch(/^https:\/\/(www\.rfc-editor\.org|openid\.net)\//);
  });

  it.each(AADSTS_CODES)('knows AADSTS%s, with the Entra error page', (code) => {
    const info = lookupErrorCode(code);
    expect(info?.code).toBe(`AADSTS${code}`);
    expect(info?.meaning).toBeTruthy();
    expect(info?.fix).toBeTruthy();
    expect(info?.docs?.title).toBe('Microsoft Entra authentication and authorization error codes');
    expect(lookupErrorCode(`AADSTS${code}`)).toEqual(info);
  });

  it.each(['nope', 'toString', '__proto__', '12345'])('does not know %s', (code) => {
    expect(lookupErrorCode(code)).toBeUndefined();
  });

  it('explains 9002326 as the Web-versus-SPA platform problem', () => {
    const info = lookupErrorCode('9002326');
    expect(info?.meaning).toContain('Web');
    expect(info?.fix).toContain('relay');
  });
});

describe('extractAadstsCodes', () => {
  it.each<[Parameters<typeof extractAadstsCodes>[0], string[]]>([
    [{ error: 'invalid_grant', error_codes: [54005] }, ['54005']],
    [
      { error: 'invalid_request', error_description: 'AADSTS9002326: Cross-origin token redemption…' },
      ['9002326'],
    ],
    [
      {
        error: 'invalid_client',
        error_codes: [7000215],
        error_description: 'AADSTS7000215: Invalid client secret. AADSTS50011 too',
      },
      ['7000215', '50011'],
    ],
    [{ error: 'invalid_grant', error_description: 'no codes here, AADSTS12 is too short' }, []],
  ])('%o → %j', (fields, codes) => {
    expect(extractAadstsCodes(fields)).toEqual(codes);
  });
});

describe('explainError', () => {
  it('uses the AADSTS code as the headline when there is one', () => {
    const result = explainError({
      error: 'invalid_request',
      error_description:
        'AADSTS9002326: Cross-origin token redemption is permitted only for the Single-Page Application client-type.',
      error_codes: [9002326],
    });
    expect(result.title).toBe('invalid_request (AADSTS9002326)');
    expect(result.likelyFix).toContain('Single-page application');
    expect(result.codes.map((c) => c.code)).toEqual(['invalid_request', 'AADSTS9002326']);
  });

  it('explains a plain OAuth error', () => {
    const result = explainError({ error: 'login_required' });
    expect(result.title).toBe('login_required');
    expect(result.meaning).toContain('prompt=none');
    expect(result.codes).toHaveLength(1);
  });

  it('lists an unknown AADSTS code without inventing a meaning', () => {
    const result = explainError({ error: 'invalid_grant', error_codes: [99999999] });
    expect(result.title).toBe('invalid_grant');
    expect(result.codes.map((c) => c.code)).toEqual(['invalid_grant', 'AADSTS99999999']);
  });

  // Issue 11: an unknown code is named once, called non-standard, never repeated as its own title.
  it('says an unknown error code is non-standard and points to its description', () => {
    expect(explainError({ error: 'weird', error_description: 'the server says so' })).toEqual({
      title: 'a non-standard error code',
      meaning:
        'The provider used "weird", which no OAuth or OpenID Connect specification defines; its description above is the only explanation.',
      likelyFix: "Read the provider's documentation for this error code.",
      codes: [],
    });
  });

  it('points a non-standard code to the standard one it most likely means', () => {
    const result = explainError({ error: 'invalid_code', error_description: 'Code is invalid' });
    expect(result.title).not.toBe('invalid_code');
    expect(result.meaning).toMatch(
      /^The provider used "invalid_code", which no OAuth .* most likely means the standard "invalid_grant"/,
    );
    expect(result.likelyFix).toBe(explainError({ error: 'invalid_grant' }).likelyFix);
  });

  it.each([
    ['invalid_code', 'invalid_grant'],
    ['code_expired', 'invalid_grant'],
    // a provider-specific code the catalogue already explains is not re-mapped
    ['bad_verification_code', undefined],
    ['invalid_refresh_token', 'invalid_grant'],
    ['invalid_client_secret', 'invalid_client'],
    ['unauthorized', 'invalid_client'],
    ['invalid_scopes', 'invalid_scope'],
    ['grant_type_not_supported', 'unsupported_grant_type'],
    ['user_denied', 'access_denied'],
    ['missing_parameter', 'invalid_request'],
    ['invalid_grant', undefined],
    ['something_else', undefined],
  ])('suggestStandardErrorCode(%s) = %s', (code, standard) => {
    expect(suggestStandardErrorCode(code)).toBe(standard);
  });
});

describe('explainNetworkFailure', () => {
  it.each(['NETWORK', 'CORS_BLOCKED', 'TIMEOUT', 'ABORTED', 'RELAY_REFUSED', 'RELAY_UNAVAILABLE'])(
    'explains %s',
    (code) => {
      const result = explainNetworkFailure(code);
      expect(result.title).not.toBe('Request failed');
      expect(result.likelyFix).toBeTruthy();
    },
  );

  it('mentions the relay for CORS', () => {
    expect(explainNetworkFailure('CORS_BLOCKED').likelyFix).toContain('relay');
  });

  it('has a generic answer for anything else', () => {
    expect(explainNetworkFailure('SOMETHING').meaning).toContain('SOMETHING');
  });
});
