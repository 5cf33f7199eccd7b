import { decodeJwt, decodeProtectedHeader, exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { JWT_BEARER_ASSERTION_TYPE } from '../client-auth';
import { PlaygroundError } from '../errors';
import { TEST_CERTIFICATE_PEM } from '../../tokens/test-fixtures';
import {
  clientCredentialsFlow,
  clientCredentialsTokenStep,
  describeEntraClientCredentialsScope,
} from './client-credentials';
import { createTestRun, readForm, TEST_ENDPOINTS } from './test-run';
import type { ClientAuthMethod, RunSecrets } from './types';

const build = (authMethod: ClientAuthMethod, secrets: RunSecrets, tokenParams?: Record<string, string>) =>
  clientCredentialsTokenStep.build?.(
    createTestRun(clientCredentialsFlow, { authMethod, ...(tokenParams ? { tokenParams } : {}) }),
    secrets,
  );

describe('client credentials token request', () => {
  it.each<[ClientAuthMethod, RunSecrets, [string, string][], Record<string, string>]>([
    [
      'client_secret_post',
      { clientSecret: 's3cr3t' },
      [
        ['grant_type', 'client_credentials'],
        ['scope', 'api.read'],
        ['client_id', 'app'],
        ['client_secret', 's3cr3t'],
      ],
      {},
    ],
    [
      'client_secret_basic',
      { clientSecret: 's3cr3t' },
      [
        ['grant_type', 'client_credentials'],
        ['scope', 'api.read'],
      ],
      { authorization: 'Basic YXBwOnMzY3IzdA==' },
    ],
    [
      'client_assertion',
      { clientAssertion: ' fed.erated.jwt ' },
      [
        ['grant_type', 'client_credentials'],
        ['scope', 'api.read'],
        ['client_id', 'app'],
        ['client_assertion_type', JWT_BEARER_ASSERTION_TYPE],
        ['client_assertion', 'fed.erated.jwt'],
      ],
      {},
    ],
  ])(
    'with %s sends the grant, the scope and the client authentication',
    async (method, secrets, body, headers) => {
      const request = await build(method, secrets);
      expect(request?.url).toBe(TEST_ENDPOINTS.token_endpoint);
      expect(readForm(request?.body)).toEqual(body);
      expect(request?.headers).toMatchObject({
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      });
      if (method !== 'client_secret_basic') expect(request?.headers.authorization).toBeUndefined();
    },
  );

  it('adds resource (RFC 8707) only when filled in', async () => {
    const request = await build(
      'client_secret_post',
      { clientSecret: 'x' },
      { scope: '', resource: 'api://playground-api' },
    );
    expect(readForm(request?.body)).toEqual([
      ['grant_type', 'client_credentials'],
      ['client_id', 'app'],
      ['client_secret', 'x'],
      ['resource', 'api://playground-api'],
    ]);
  });

  it('signs a private_key_jwt assertion with the Entra header and claims', async () => {
    const { privateKey } = await generateKeyPair('PS256', { extractable: true });
    const pem = await exportPKCS8(privateKey);
    const request = await build('private_key_jwt', {
      privateKey: pem,
      keyId: 'key-1',
      certificate: TEST_CERTIFICATE_PEM,
    });
    const form = new Map(readForm(request?.body));
    expect(form.get('client_assertion_type')).toBe(JWT_BEARER_ASSERTION_TYPE);
    expect(form.get('client_id')).toBe('app');
    const assertion = form.get('client_assertion') ?? '';
    const header = decodeProtectedHeader(assertion);
    expect(header).toMatchObject({ alg: 'PS256', typ: 'JWT', kid: 'key-1' });
    expect(header['x5t#S256']).toMatch(/^[\w-]{43}$/);
    const claims = decodeJwt(assertion);
    expect(claims).toMatchObject({ iss: 'app', sub: 'app', aud: TEST_ENDPOINTS.token_endpoint });
    expect(claims.jti).toMatch(/^[\w.~-]{20,}$/);
    expect(claims.nbf).toBe(claims.iat);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(600);
  });

  it.each<[ClientAuthMethod, RunSecrets, string]>([
    ['client_secret_basic', {}, 'INVALID_PARAMETER'],
    ['client_secret_post', { clientSecret: '' }, 'INVALID_PARAMETER'],
    ['private_key_jwt', {}, 'KEY_INVALID'],
    ['private_key_jwt', { privateKey: '{"kty":' }, 'KEY_INVALID'],
    [
      'private_key_jwt',
      { privateKey: '-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----' },
      'KEY_INVALID',
    ],
    ['client_assertion', {}, 'INVALID_PARAMETER'],
  ])('with %s and secrets %j fails with %s before sending', async (method, secrets, code) => {
    const error: unknown = await Promise.resolve(build(method, secrets)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PlaygroundError);
    expect((error as PlaygroundError).code).toBe(code);
  });
});

describe('describeEntraClientCredentialsScope', () => {
  it.each<[string, string | undefined]>([
    ['https://graph.microsoft.com/.default', undefined],
    ['api://6731de76-14a6-49ae-97bc-6eba6914391e/.default', undefined],
    ['', '"scope" = {resource}/.default'],
    ['https://graph.microsoft.com/User.Read', 'Try https://graph.microsoft.com/.default'],
    ['User.Read', 'Try https://graph.microsoft.com/.default'],
    ['https://graph.microsoft.com/.default api://other/.default', 'has 2'],
  ])('%j → %j', (scope, expected) => {
    const problem = describeEntraClientCredentialsScope(scope);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(expected);
  });
});

describe('client credentials response', () => {
  it.each<[number, string, boolean, string | undefined]>([
    [200, '{"access_token":"a.b.c","token_type":"Bearer","expires_in":3599}', true, undefined],
    [400, '{"error":"invalid_scope","error_codes":[70011]}', false, 'OAUTH_ERROR'],
    [401, '{"error":"invalid_client"}', false, 'OAUTH_ERROR'],
    [200, '<html>proxy</html>', false, 'RESPONSE_NOT_JSON'],
  ])('HTTP %i %s → ok %s, %s', (status, body, ok, errorCode) => {
    const outcome = clientCredentialsTokenStep.read?.(createTestRun(clientCredentialsFlow), {
      status,
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(outcome?.ok).toBe(ok);
    expect(outcome?.errorCode).toBe(errorCode);
  });
});

// Issue 11: a bare 401/403 after the client authenticated is explained, not just RESPONSE_NOT_JSON.
describe('a token endpoint that refuses the client without an OAuth error body', () => {
  it.each<[number, string, string]>([
    [401, '', 'with an empty body'],
    [401, '<html><body>Unauthorized</body></html>', 'without an OAuth error in JSON'],
    [403, 'Forbidden', 'without an OAuth error in JSON'],
  ])('HTTP %s %j is explained as a refused client authentication', (status, body, how) => {
    const run = createTestRun(clientCredentialsFlow, { authMethod: 'client_secret_basic' });
    const step = clientCredentialsFlow.steps.find((candidate) => candidate.read);
    const outcome = step!.read!(run, { status, headers: {}, body });
    expect(outcome.ok).toBe(false);
    expect(outcome.errorCode).toBe('CLIENT_AUTH_REFUSED');
    expect(outcome.message).toContain(
      `HTTP ${status} ${how} after the client sent a secret in the Authorization header`,
    );
    expect(outcome.message).toContain(
      'Check the client_id, the secret or key, and the authentication method',
    );
  });

  it('keeps RESPONSE_NOT_JSON when no credentials were sent, or for another status', () => {
    const step = clientCredentialsFlow.steps.find((candidate) => candidate.read)!;
    const publicRun = createTestRun(clientCredentialsFlow, { authMethod: 'none' });
    expect(step.read!(publicRun, { status: 401, headers: {}, body: '' }).errorCode).toBe('RESPONSE_NOT_JSON');
    const secretRun = createTestRun(clientCredentialsFlow, { authMethod: 'client_secret_post' });
    expect(step.read!(secretRun, { status: 502, headers: {}, body: '' }).errorCode).toBe('RESPONSE_NOT_JSON');
  });
});
