import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { findFlow } from '@/protocol/flows/registry';
import { createTestRun } from '@/protocol/flows/test-run';
import {
  buildEntraV2IdTokenClaims,
  CLIENT_ID,
  createSigningKey,
  signToken,
  TENANT_ID,
  type SigningKey,
} from '@/tokens/test-fixtures';
import { checkRunIdToken } from './id-token-check';

const LOGIN = 'https://login.microsoftonline.com';
let key: SigningKey;
beforeAll(async () => {
  key = await createSigningKey('RS256', 'entra-1');
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/**
 * Answers as Entra does: a tenant's discovery names that tenant's issuer; a path segment that is
 * not a tenant (such as the literal `{tenantid}`) gets 400 AADSTS90002.
 */
function stubEntra(): string[] {
  const requested: string[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    requested.push(url.href);
    const json = (status: number, value: unknown) =>
      Promise.resolve(
        new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } }),
      );
    const [, tenant, ...rest] = url.pathname.split('/');
    if (url.origin !== LOGIN || tenant === undefined) return json(404, {});
    if (tenant !== TENANT_ID && tenant !== 'common')
      return json(400, {
        error: 'invalid_tenant',
        error_description: "AADSTS90002: Tenant '{tenantid}' not found.",
      });
    const issuer = tenant === 'common' ? `${LOGIN}/{tenantid}/v2.0` : `${LOGIN}/${tenant}/v2.0`;
    if (rest.join('/') === 'v2.0/.well-known/openid-configuration')
      return json(200, {
        issuer,
        authorization_endpoint: `${LOGIN}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${LOGIN}/${tenant}/oauth2/v2.0/token`,
        jwks_uri: `${LOGIN}/${tenant}/discovery/v2.0/keys`,
      });
    if (rest.join('/') === 'discovery/v2.0/keys') return json(200, { keys: [key.publicJwk] });
    return json(404, {});
  });
  return requested;
}

describe('checkRunIdToken', () => {
  it('validates an ID token from tenant common through the token tid, as the Tokens panel does (regression)', async () => {
    const requested = stubEntra();
    const now = Math.floor(Date.now() / 1000);
    const idToken = await signToken(buildEntraV2IdTokenClaims(now), 'RS256', key.privateKey, {
      kid: 'entra-1',
    });
    const flow = findFlow('code-pkce');
    if (!flow) throw new Error('flow code-pkce is missing');
    const run = createTestRun(flow, {
      provider: { kind: 'entra', tenant: 'common', cloud: 'global' },
      issuer: `${LOGIN}/{tenantid}/v2.0`,
      clientId: CLIENT_ID,
    });
    run.values.id_token = idToken;
    run.generated.nonce = 'n-0S6_WzA2Mj';
    const result = await checkRunIdToken(run);
    expect(requested).toEqual([
      `${LOGIN}/${TENANT_ID}/v2.0/.well-known/openid-configuration`,
      `${LOGIN}/${TENANT_ID}/discovery/v2.0/keys`,
    ]);
    expect(result.verification?.status).toBe('verified');
    expect(result.outcome.ok).toBe(true);
  });

  it('fetches nothing for a token whose header carries a Graph nonce', async () => {
    const requested = stubEntra();
    const now = Math.floor(Date.now() / 1000);
    const idToken = await signToken(buildEntraV2IdTokenClaims(now), 'RS256', key.privateKey, {
      kid: 'entra-1',
      nonce: 'graph-nonce',
    });
    const flow = findFlow('code-pkce');
    if (!flow) throw new Error('flow code-pkce is missing');
    const run = createTestRun(flow, { issuer: `${LOGIN}/${TENANT_ID}/v2.0`, clientId: CLIENT_ID });
    run.values.id_token = idToken;
    const result = await checkRunIdToken(run);
    expect(requested).toEqual([]);
    expect(result.verification).toMatchObject({ status: 'cannot-verify', cause: 'graph-nonce' });
  });
});
