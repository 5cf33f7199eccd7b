import { describe, expect, it } from 'vitest';
import type { PlaygroundError } from '../errors';
import { passwordFlow } from './password';
import {
  introspectStep,
  readIntrospectionOutcome,
  readRevocationOutcome,
  revokeStep,
} from './token-management';
import { createTestRun, readForm } from './test-run';
import type { ClientAuthMethod, StepDefinition } from './types';

const runWith = (authMethod: ClientAuthMethod, manage?: string) => ({
  ...createTestRun(passwordFlow, {
    authMethod,
    tokenParams: manage ? { manage_token: manage } : {},
  }),
  values: { access_token: 'at', refresh_token: 'rt' },
});

describe('introspection and revocation requests', () => {
  it.each<[StepDefinition, ClientAuthMethod, string | undefined, string, [string, string][]]>([
    [
      introspectStep,
      'none',
      undefined,
      'https://as.example/introspect',
      [
        ['token', 'at'],
        ['token_type_hint', 'access_token'],
        ['client_id', 'app'],
      ],
    ],
    [
      introspectStep,
      'client_secret_post',
      'refresh_token',
      'https://as.example/introspect',
      [
        ['token', 'rt'],
        ['token_type_hint', 'refresh_token'],
        ['client_id', 'app'],
        ['client_secret', 's'],
      ],
    ],
    [
      revokeStep,
      'none',
      'refresh_token',
      'https://as.example/revoke',
      [
        ['token', 'rt'],
        ['token_type_hint', 'refresh_token'],
        ['client_id', 'app'],
      ],
    ],
    [
      revokeStep,
      'client_secret_post',
      undefined,
      'https://as.example/revoke',
      [
        ['token', 'at'],
        ['token_type_hint', 'access_token'],
        ['client_id', 'app'],
        ['client_secret', 's'],
      ],
    ],
  ])('%#: %s', async (definition, authMethod, manage, url, body) => {
    const request = await definition.build?.(runWith(authMethod, manage), { clientSecret: 's' });
    expect(request?.url).toBe(url);
    expect(readForm(request?.body)).toEqual(body);
  });

  it('fails without the chosen token', async () => {
    const run = { ...runWith('none', 'refresh_token'), values: { access_token: 'at' } };
    const error: unknown = await Promise.resolve(introspectStep.build?.(run, {})).catch(
      (caught: unknown) => caught,
    );
    expect((error as PlaygroundError).code).toBe('INVALID_PARAMETER');
  });

  it('fails when the provider publishes no endpoint', async () => {
    const run = { ...runWith('none'), endpoints: { issuer: 'https://as.example' } };
    const error: unknown = await Promise.resolve(revokeStep.build?.(run, {})).catch(
      (caught: unknown) => caught,
    );
    expect((error as PlaygroundError).code).toBe('DISCOVERY_MISSING_ENDPOINT');
  });
});

describe('reading the answers', () => {
  it.each<[number, string, boolean, string | undefined, string | undefined]>([
    [200, '{"active":true,"sub":"u","client_id":"c"}', true, 'true', 'active: true'],
    [200, '{"active":false}', true, 'false', 'active: false'],
    [200, '{"active":"yes"}', false, undefined, undefined],
    [401, '{"error":"invalid_client"}', false, undefined, undefined],
  ])('introspection HTTP %i %s', (status, body, ok, active, message) => {
    const outcome = readIntrospectionOutcome({ status, headers: {}, body });
    expect(outcome.ok).toBe(ok);
    expect(outcome.values?.introspection_active).toBe(active);
    if (message) expect(outcome.message).toContain(message);
  });

  it.each<[number, string, boolean, string | undefined]>([
    [200, '', true, undefined],
    [400, '{"error":"unsupported_token_type"}', false, 'OAUTH_ERROR'],
    [503, '{"status":"down"}', false, 'RESPONSE_INVALID'],
  ])('revocation HTTP %i %s', (status, body, ok, code) => {
    const outcome = readRevocationOutcome({ status, headers: {}, body });
    expect(outcome.ok).toBe(ok);
    expect(outcome.errorCode).toBe(code);
  });
});
