import { describe, expect, it } from 'vitest';
import { findParameter, isSecretParam, PARAMS_CATALOG } from './params-catalog';

const AUTHORIZE = [
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'state',
  'nonce',
  'prompt',
  'login_hint',
  'domain_hint',
  'max_age',
  'ui_locales',
  'claims',
  'acr_values',
  'code_challenge',
  'code_challenge_method',
  'resource',
  'id_token_hint',
  'request',
  'request_uri',
  'dpop_jkt',
  'authorization_details',
  'response',
];
const TOKEN = [
  'requested_token_type',
  'mkt',
  'expected_audience',
  'api_b_url',
  'grant_type',
  'code',
  'code_verifier',
  'refresh_token',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
  'device_code',
  'username',
  'password',
  'assertion',
  'requested_token_use',
  'subject_token',
  'subject_token_type',
  'audience',
  'token',
  'token_type_hint',
  'post_logout_redirect_uri',
  'logout_hint',
];
const SECRETS = [
  'client_secret',
  'password',
  'code_verifier',
  'client_assertion',
  'refresh_token',
  'assertion',
  'subject_token',
  'token',
  'device_code',
  'code',
  'request',
  'response',
  // issue 11: an earlier ID token, sent by the logout step, is a token like the others
  'id_token_hint',
];

describe('PARAMS_CATALOG', () => {
  it.each([...AUTHORIZE, ...TOKEN])('describes %s in one line with a spec link', (name) => {
    const info = findParameter(name);
    expect(info?.name).toBe(name);
    expect(info?.description).toMatch(/^[^\n]{10,160}$/);
    expect(info?.spec).toBeTruthy();
    expect(info?.specUrl).toMatch(/^https:\/\//);
  });

  it('has exactly the listed parameters', () => {
    expect(Object.keys(PARAMS_CATALOG).sort()).toEqual([...AUTHORIZE, ...TOKEN].sort());
  });

  it('marks exactly the secret parameters', () => {
    const secret = Object.values(PARAMS_CATALOG)
      .filter((info) => info.secret)
      .map((info) => info.name);
    expect(secret.sort()).toEqual([...SECRETS].sort());
  });

  it.each([
    ['client_secret', true],
    ['state', false],
    ['custom_param', false],
    ['__proto__', false],
  ] as const)('isSecretParam(%s) is %s', (name, secret) => {
    expect(isSecretParam(name)).toBe(secret);
  });

  it('lists allowed values where the set is closed', () => {
    expect(findParameter('code_challenge_method')?.allowedValues).toEqual(['S256', 'plain']);
    expect(findParameter('response_type')?.allowedValues).toContain('code id_token token');
  });
});
