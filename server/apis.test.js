import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, basicAuth, postForm, signAccessToken, startTestCompanion } from './test-support.js';

let companion;

beforeAll(async () => {
  companion = await startTestCompanion();
});

afterAll(async () => {
  await companion?.close();
});

async function userToken(scope) {
  const { body } = await postForm(`${companion.issuer}/token`, {
    grant_type: 'password',
    client_id: 'playground-ropc',
    username: 'alice',
    password: 'alice-password-1',
    scope,
  });
  return body.access_token;
}

async function appToken(scope) {
  const { body } = await postForm(
    `${companion.issuer}/token`,
    { grant_type: 'client_credentials', scope },
    { authorization: basicAuth('playground-web', 'playground-web-secret') },
  );
  return body.access_token;
}

const signWithIdpKey = (claims, options) => signAccessToken(companion, claims, options);

const callMe = (token, headers = {}) =>
  fetch(`${companion.apiOrigin}/me`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });

describe('GET /me', () => {
  it('accepts a real user token and describes the caller', async () => {
    const response = await callMe(await userToken('api.read'), { origin: APP_ORIGIN });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const body = await response.json();
    expect(body.caller).toMatchObject({
      client_id: 'playground-ropc',
      scopes: ['api.read'],
      roles: ['Playground.Admin'],
      app_only: false,
    });
  });

  it('accepts a self-signed token with the IdP key (the validator is not faked)', async () => {
    expect((await callMe(await signWithIdpKey({}))).status).toBe(200);
  });

  it('answers a missing token with a bare Bearer challenge', async () => {
    const response = await callMe(undefined);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="playground-api", resource_metadata="${companion.apiOrigin}/.well-known/oauth-protected-resource/me"`,
    );
  });

  it.each([
    ['forged', () => signWithIdpKey({}, { forged: true }), 'signature'],
    ['expired', () => signWithIdpKey({}, { expired: true }), 'expired'],
    ['wrong-audience', () => appToken('api-b.read'), 'not for this API'],
    ['garbage', async () => 'not.a.jwt', 'not a valid JWT'],
  ])('refuses a %s token with invalid_token', async (_label, makeToken, reason) => {
    const response = await callMe(await makeToken());
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate');
    expect(challenge).toMatch(
      /^Bearer realm="playground-api", error="invalid_token", error_description="[^"]+", resource_metadata="[^"]+"$/,
    );
    expect(challenge).toContain(reason);
    expect((await response.json()).error).toBe('invalid_token');
  });

  it('refuses a token without api.read with insufficient_scope', async () => {
    const response = await callMe(await appToken('api.write'));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(response.headers.get('www-authenticate')).toContain('scope="api.read"');
  });

  it('answers the CORS preflight for the app origin only', async () => {
    const ok = await fetch(`${companion.apiOrigin}/me`, {
      method: 'OPTIONS',
      headers: { origin: APP_ORIGIN, 'access-control-request-headers': 'authorization' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-headers')).toContain('Authorization');
    const foreign = await fetch(`${companion.apiOrigin}/me`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GET /api-a/chain', () => {
  it('validates the user token, performs on-behalf-of and calls API B', async () => {
    const response = await fetch(`${companion.apiOrigin}/api-a/chain`, {
      headers: { authorization: `Bearer ${await userToken('api-a.access')}` },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.apiA).toMatchObject({ aud: 'api://api-a', client_id: 'playground-ropc' });
    expect(body.obo).toMatchObject({ aud: 'api://api-b', client_id: 'api-a', sub: body.apiA.sub });
    expect(body.apiB).toMatchObject({ status: 200, body: { api: 'api-b', caller: { sub: body.apiA.sub } } });
  });

  it('refuses a token for another API', async () => {
    const response = await fetch(`${companion.apiOrigin}/api-a/chain`, {
      headers: { authorization: `Bearer ${await userToken('api.read')}` },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('realm="api-a"');
  });
});

describe('GET /health', () => {
  it('answers 200', async () => {
    expect((await fetch(`${companion.apiOrigin}/health`)).status).toBe(200);
  });
});
