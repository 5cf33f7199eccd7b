import { describe, expect, it } from 'vitest';
import { PlaygroundError } from '../errors';
import { passwordFlow, passwordTokenStep } from './password';
import { createTestRun, readForm } from './test-run';
import type { ClientAuthMethod, RunSecrets } from './types';

describe('password token request', () => {
  it.each<[ClientAuthMethod, RunSecrets, [string, string][], string | undefined]>([
    [
      'none',
      { password: 'p@ss w+rd' },
      [
        ['grant_type', 'password'],
        ['username', 'alice'],
        ['password', 'p@ss w+rd'],
        ['scope', 'openid profile email offline_access api.read'],
        ['client_id', 'app'],
      ],
      undefined,
    ],
    [
      'client_secret_basic',
      { password: 'pw', clientSecret: 's' },
      [
        ['grant_type', 'password'],
        ['username', 'alice'],
        ['password', 'pw'],
        ['scope', 'openid profile email offline_access api.read'],
      ],
      'Basic YXBwOnM=',
    ],
    [
      'client_secret_post',
      { password: 'pw', clientSecret: 's' },
      [
        ['grant_type', 'password'],
        ['username', 'alice'],
        ['password', 'pw'],
        ['scope', 'openid profile email offline_access api.read'],
        ['client_id', 'app'],
        ['client_secret', 's'],
      ],
      undefined,
    ],
  ])('with %s', async (authMethod, secrets, body, authorization) => {
    const request = await passwordTokenStep.build?.(createTestRun(passwordFlow, { authMethod }), secrets);
    expect(readForm(request?.body)).toEqual(body);
    expect(request?.headers.authorization).toBe(authorization);
  });

  it.each<[Record<string, string>, RunSecrets, string]>([
    [{ username: 'alice' }, {}, '"password" is empty'],
    [{ username: 'alice' }, { password: '' }, '"password" is empty'],
    [{ username: '' }, { password: 'pw' }, '"username" is empty'],
  ])('refuses %j %j before sending', async (tokenParams, secrets, message) => {
    const error: unknown = await Promise.resolve(
      passwordTokenStep.build?.(createTestRun(passwordFlow, { tokenParams }), secrets),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PlaygroundError);
    expect((error as PlaygroundError).code).toBe('INVALID_PARAMETER');
    expect((error as PlaygroundError).message).toContain(message);
  });

  it.each<[string, number[] | undefined, string]>([
    ['invalid_grant', [50126], 'OAUTH_ERROR'],
    ['invalid_grant', [50076], 'OAUTH_ERROR'],
  ])('keeps the Entra error %s %j for the explanation', (error, codes, errorCode) => {
    const outcome = passwordTokenStep.read?.(createTestRun(passwordFlow), {
      status: 400,
      headers: {},
      body: JSON.stringify({ error, error_codes: codes }),
    });
    expect(outcome?.errorCode).toBe(errorCode);
    expect(outcome?.oauthError?.error_codes).toEqual(codes);
  });
});

describe('password flow definition', () => {
  it('warns prominently and names what the registration needs', () => {
    expect(passwordFlow.warning).toContain('no MFA');
    expect(passwordFlow.warning).toContain('password');
    expect(passwordFlow.registration).toContain('Allow public client flows');
  });
});
