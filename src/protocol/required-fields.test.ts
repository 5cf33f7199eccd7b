import { describe, expect, it } from 'vitest';
import { findMissingFields, requiredMessage, type RequiredFieldsInput } from './required-fields';

const base: RequiredFieldsInput = {
  flowId: 'code-pkce',
  channel: 'front',
  providerKind: 'local',
  clientId: 'app',
  authMethod: 'none',
  authorizeParams: { response_type: 'code', redirect_uri: 'http://localhost:5173/callback', scope: 'openid' },
  tokenParams: {},
  secrets: {},
};

describe('findMissingFields', () => {
  const rows: [string, Partial<RequiredFieldsInput>, string[]][] = [
    ['everything filled', {}, []],
    ['empty client_id', { clientId: '' }, ['client_id']],
    ['blank client_id', { clientId: '   ' }, ['client_id']],
    [
      'empty redirect_uri',
      { authorizeParams: { ...base.authorizeParams, redirect_uri: '' } },
      ['redirect_uri'],
    ],
    ['removed redirect_uri is not asked for', { authorizeParams: { response_type: 'code' } }, []],
    [
      'empty response_type',
      { authorizeParams: { ...base.authorizeParams, response_type: '' } },
      ['response_type'],
    ],
    [
      'a browser flow does not ask for the secret before Start (its token step does)',
      { authMethod: 'client_secret_basic' },
      [],
    ],
    [
      'secret method without secret',
      { flowId: 'client-credentials', channel: 'back', authMethod: 'client_secret_basic' },
      ['client_secret'],
    ],
    [
      'secret method with secret',
      {
        flowId: 'client-credentials',
        channel: 'back',
        authMethod: 'client_secret_post',
        secrets: { clientSecret: 's' },
      },
      [],
    ],
    [
      'private_key_jwt without key',
      { flowId: 'client-credentials', channel: 'back', authMethod: 'private_key_jwt' },
      ['private key'],
    ],
    [
      'client_assertion without assertion',
      { flowId: 'client-credentials', channel: 'back', authMethod: 'client_assertion' },
      ['client_assertion'],
    ],
    [
      'fields in page order',
      {
        clientId: '',
        authMethod: 'client_secret_post',
        authorizeParams: { response_type: '', redirect_uri: '' },
      },
      ['client_id', 'response_type', 'redirect_uri'],
    ],
    [
      'fields in page order (back channel)',
      {
        clientId: '',
        flowId: 'password',
        channel: 'back',
        authMethod: 'client_secret_post',
        tokenParams: { username: '' },
      },
      ['client_id', 'client_secret', 'username'],
    ],
    [
      'client credentials at Entra needs scope',
      { flowId: 'client-credentials', channel: 'back', providerKind: 'entra', tokenParams: { scope: '' } },
      ['scope'],
    ],
    [
      'client credentials elsewhere does not',
      { flowId: 'client-credentials', channel: 'back', tokenParams: { scope: '' } },
      [],
    ],
    [
      'password needs username',
      { flowId: 'password', channel: 'back', tokenParams: { username: '' } },
      ['username'],
    ],
    [
      'on-behalf-of needs assertion',
      { flowId: 'on-behalf-of', channel: 'back', tokenParams: { assertion: ' ' } },
      ['assertion'],
    ],
    [
      'token exchange needs subject_token',
      { flowId: 'token-exchange', channel: 'back', tokenParams: { subject_token: '' } },
      ['subject_token'],
    ],
    [
      'back channel ignores authorize params',
      { channel: 'back', flowId: 'device-code', authorizeParams: { redirect_uri: '' } },
      [],
    ],
  ];
  it.each(rows)('%s', (_label, patch, expected) => {
    const missing = findMissingFields({ ...base, ...patch });
    expect(missing.map((item) => item.field)).toEqual(expected);
    for (const item of missing) {
      expect(item.code).toBe('FIELD_REQUIRED');
      expect(item.message).toBe(requiredMessage(item.field, patch.providerKind ?? 'local'));
    }
  });
});

describe('requiredMessage', () => {
  it.each([
    ['client_id', 'entra', '"client_id" is required: the Application (client) ID of your app registration'],
    [
      'client_id',
      'local',
      '"client_id" is required: the identifier the provider gave this client when it was registered',
    ],
    [
      'scope',
      'entra',
      '"scope" is required: Entra ID needs {resource}/.default for client credentials, for example https://graph.microsoft.com/.default',
    ],
    [
      'username',
      'entra',
      '"username" is required: the user’s name, as the resource owner password grant sends it',
    ],
  ])('%s at %s', (field, provider, message) => {
    expect(requiredMessage(field, provider)).toBe(message);
  });
});
