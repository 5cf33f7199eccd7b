import { UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { PlaygroundError } from '../errors';
import { callApiBStep, checkOboUserToken, oboExchangeStep, onBehalfOfFlow } from './on-behalf-of';
import { createTestRun, readForm } from './test-run';
import type { ClientAuthMethod, RunSecrets } from './types';

const userToken = new UnsecuredJWT({ sub: 'user-1', aud: 'api://api-a', client_id: 'spa' }).encode();
const appToken = new UnsecuredJWT({ sub: 'daemon', aud: 'api://api-a', client_id: 'daemon' }).encode();
const entraAppToken = new UnsecuredJWT({ sub: 'x', aud: 'api://api-a', idtyp: 'app' }).encode();

const runWith = (authMethod: ClientAuthMethod, tokenParams: Record<string, string> = {}) =>
  createTestRun(onBehalfOfFlow, {
    clientId: 'api-a',
    authMethod,
    tokenParams: { ...onBehalfOfFlow.defaultTokenParams, assertion: userToken, ...tokenParams },
  });

describe('on-behalf-of token request', () => {
  it.each<[ClientAuthMethod, RunSecrets, [string, string][], string | undefined]>([
    [
      'client_secret_basic',
      { clientSecret: 'api-a-secret' },
      [
        ['grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
        ['assertion', userToken],
        ['scope', 'api-b.read'],
        ['requested_token_use', 'on_behalf_of'],
      ],
      'Basic YXBpLWE6YXBpLWEtc2VjcmV0',
    ],
    [
      'client_secret_post',
      { clientSecret: 's' },
      [
        ['grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
        ['assertion', userToken],
        ['scope', 'api-b.read'],
        ['requested_token_use', 'on_behalf_of'],
        ['client_id', 'api-a'],
        ['client_secret', 's'],
      ],
      undefined,
    ],
  ])('acting as API A with %s', async (authMethod, secrets, body, authorization) => {
    const request = await oboExchangeStep.build?.(runWith(authMethod), secrets);
    expect(readForm(request?.body)).toEqual(body);
    expect(request?.headers.authorization).toBe(authorization);
  });

  it('refuses an empty assertion before sending', async () => {
    const error: unknown = await Promise.resolve(
      oboExchangeStep.build?.(runWith('client_secret_basic', { assertion: ' ' }), { clientSecret: 's' }),
    ).catch((caught: unknown) => caught);
    expect((error as PlaygroundError).code).toBe('INVALID_PARAMETER');
  });

  it('calls API B with the new token', async () => {
    const run = { ...runWith('client_secret_basic'), values: { access_token: 'obo.token.x' } };
    const request = await callApiBStep.build?.(run, {});
    expect(request).toEqual({
      method: 'GET',
      url: 'http://localhost:4001/api-b/data',
      headers: { authorization: 'Bearer obo.token.x', accept: 'application/json' },
    });
  });
});

describe('checkOboUserToken', () => {
  it.each<[string, string | undefined, boolean, string | undefined, string]>([
    [userToken, 'api://api-a', true, undefined, 'aud api://api-a'],
    [userToken, 'api://other', true, undefined, 'not api://other'],
    [appToken, 'api://api-a', false, 'CLAIM_INVALID', 'app-only'],
    [entraAppToken, undefined, false, 'CLAIM_INVALID', 'app-only'],
    ['', undefined, false, 'TOKEN_EMPTY', 'No user token'],
    ['opaque-token', undefined, false, 'JWT_MALFORMED', 'not a readable JWT'],
  ])('token %#: ok %s', (token, audience, ok, code, message) => {
    const outcome = checkOboUserToken(token, audience);
    expect(outcome.ok).toBe(ok);
    expect(outcome.errorCode).toBe(code);
    expect(outcome.message).toContain(message);
  });
});
