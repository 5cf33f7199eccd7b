import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_TYPE, supportsGrant, tokenExchangeFlow, tokenExchangeStep } from './token-exchange';
import { createTestRun, readForm, TEST_ENDPOINTS } from './test-run';

describe('token exchange request', () => {
  it.each<[Record<string, string>, [string, string][]]>([
    [
      { subject_token: 'user.token', subject_token_type: ACCESS_TOKEN_TYPE, scope: 'api-b.read' },
      [
        ['grant_type', 'urn:ietf:params:oauth:grant-type:token-exchange'],
        ['subject_token', 'user.token'],
        ['subject_token_type', ACCESS_TOKEN_TYPE],
        ['scope', 'api-b.read'],
      ],
    ],
    [
      {
        subject_token: 'user.token',
        subject_token_type: '',
        requested_token_type: ACCESS_TOKEN_TYPE,
        audience: 'api-b',
        scope: '',
      },
      [
        ['grant_type', 'urn:ietf:params:oauth:grant-type:token-exchange'],
        ['subject_token', 'user.token'],
        ['subject_token_type', ACCESS_TOKEN_TYPE],
        ['requested_token_type', ACCESS_TOKEN_TYPE],
        ['audience', 'api-b'],
      ],
    ],
  ])('%j', async (tokenParams, body) => {
    const run = createTestRun(tokenExchangeFlow, {
      clientId: 'api-a',
      authMethod: 'client_secret_basic',
      tokenParams,
    });
    const request = await tokenExchangeStep.build?.(run, { clientSecret: 'api-a-secret' });
    expect(readForm(request?.body)).toEqual(body);
    expect(request?.headers.authorization).toBe('Basic YXBpLWE6YXBpLWEtc2VjcmV0');
  });

  it('keeps issued_token_type', () => {
    const outcome = tokenExchangeStep.read?.(createTestRun(tokenExchangeFlow), {
      status: 200,
      headers: {},
      body: JSON.stringify({ access_token: 'a', token_type: 'Bearer', issued_token_type: ACCESS_TOKEN_TYPE }),
    });
    expect(outcome?.ok).toBe(true);
    expect(outcome?.values?.issued_token_type).toBe(ACCESS_TOKEN_TYPE);
  });
});

describe('supportsGrant', () => {
  it.each<[unknown, boolean | undefined]>([
    [['authorization_code', 'urn:ietf:params:oauth:grant-type:token-exchange'], true],
    [['authorization_code'], false],
    [undefined, undefined],
    ['token-exchange', undefined],
  ])('grant_types_supported %j → %s', (listed, expected) => {
    const endpoints = { ...TEST_ENDPOINTS, grant_types_supported: listed };
    expect(supportsGrant(endpoints, 'urn:ietf:params:oauth:grant-type:token-exchange')).toBe(expected);
  });
});
