import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  basicAuth,
  createBrowser,
  decodePart,
  postForm,
  startTestCompanion,
} from './test-support.js';
import { createResourceCatalog } from './idp.js';

let companion;
let discovery;

beforeAll(async () => {
  companion = await startTestCompanion();
  discovery = await (await fetch(`${companion.issuer}/.well-known/openid-configuration`)).json();
});

afterAll(async () => {
  await companion?.close();
});

const webAuth = () => basicAuth('playground-web', 'playground-web-secret');

async function passwordToken(scope, username = 'alice', password = 'alice-password-1') {
  return postForm(discovery.token_endpoint, {
    grant_type: 'password',
    client_id: 'playground-ropc',
    username,
    password,
    scope,
  });
}

describe('discovery', () => {
  it('names the loopback issuer and lists built-in and custom grants', () => {
    expect(discovery.issuer).toMatch(/^http:\/\/localhost:\d+$/);
    expect(discovery.issuer).toBe(companion.issuer);
    expect(discovery.grant_types_supported).toEqual(
      expect.arrayContaining([
        'authorization_code',
        'refresh_token',
        'client_credentials',
        'urn:ietf:params:oauth:grant-type:device_code',
        'password',
        'urn:ietf:params:oauth:grant-type:jwt-bearer',
        'urn:ietf:params:oauth:grant-type:token-exchange',
      ]),
    );
    expect(discovery.response_modes_supported).toContain('form_post');
    expect(discovery.introspection_endpoint).toBeDefined();
    expect(discovery.revocation_endpoint).toBeDefined();
    expect(discovery.end_session_endpoint).toBeDefined();
  });

  it('serves RS256 and ES256 public keys only', async () => {
    const jwks = await (await fetch(discovery.jwks_uri)).json();
    expect(jwks.keys.map((key) => key.alg).sort()).toEqual(['ES256', 'RS256']);
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
  });
});

describe('client credentials', () => {
  it.each([
    ['short scope', 'api.read', 'api.read'],
    ['Entra-style full scope', 'api://playground-api/api.read', 'api.read'],
    ['Entra-style .default', 'api://playground-api/.default', 'api.read api.write'],
  ])('issues an RFC 9068 JWT for the resource (%s)', async (_label, scope, tokenScope) => {
    const { status, body } = await postForm(
      discovery.token_endpoint,
      { grant_type: 'client_credentials', scope },
      { authorization: webAuth() },
    );
    expect(status).toBe(200);
    expect(decodePart(body.access_token, 0)).toMatchObject({ typ: 'at+jwt', alg: 'RS256' });
    const claims = decodePart(body.access_token, 1);
    expect(claims).toMatchObject({
      aud: 'api://playground-api',
      sub: 'playground-web',
      client_id: 'playground-web',
      iss: companion.issuer,
      scope: tokenScope,
    });
    expect(claims.jti).toEqual(expect.any(String));
  });

  it('accepts client_secret_post and refuses a wrong secret', async () => {
    const ok = await postForm(discovery.token_endpoint, {
      grant_type: 'client_credentials',
      client_id: 'playground-web-post',
      client_secret: 'playground-web-post-secret',
      scope: 'api-b.read',
    });
    expect(ok.status).toBe(200);
    expect(decodePart(ok.body.access_token, 1).aud).toBe('api://api-b');
    const bad = await postForm(
      discovery.token_endpoint,
      { grant_type: 'client_credentials', scope: 'api.read' },
      { authorization: basicAuth('playground-web', 'nope') },
    );
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('invalid_client');
  });

  it('refuses scopes spanning two resources', async () => {
    const { status, body } = await postForm(
      discovery.token_endpoint,
      { grant_type: 'client_credentials', scope: 'api.read api-b.read' },
      { authorization: webAuth() },
    );
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_target');
  });
});

describe('private_key_jwt', () => {
  it.each(['RS256', 'PS256'])('accepts a %s client assertion signed with the demo key', async (alg) => {
    const demo = await (await fetch(`${companion.relayOrigin}/demo/assertion-key`)).json();
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg, kid: demo.kid, typ: 'JWT' })
      .setIssuer(demo.clientId)
      .setSubject(demo.clientId)
      .setAudience(discovery.token_endpoint)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importJWK(demo.privateJwk, alg));
    const { status, body } = await postForm(discovery.token_endpoint, {
      grant_type: 'client_credentials',
      scope: 'api.read',
      client_id: demo.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    expect(status).toBe(200);
    expect(decodePart(body.access_token, 1)).toMatchObject({
      sub: 'playground-assertion',
      aud: 'api://playground-api',
    });
  });
});

describe('password grant', () => {
  it('issues access, ID and refresh tokens for the right password', async () => {
    const { status, body } = await passwordToken('openid profile email offline_access api.read');
    expect(status).toBe(200);
    expect(decodePart(body.access_token, 1)).toMatchObject({
      aud: 'api://playground-api',
      scope: 'api.read',
      roles: ['Playground.Admin'],
      groups: ['demo-admins'],
    });
    expect(decodePart(body.id_token, 1)).toMatchObject({
      name: 'Alice Example',
      email: 'alice@example.test',
      preferred_username: 'alice',
      aud: 'playground-ropc',
    });
    const refreshed = await postForm(discovery.token_endpoint, {
      grant_type: 'refresh_token',
      client_id: 'playground-ropc',
      refresh_token: body.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(body.refresh_token);
    const reused = await postForm(discovery.token_endpoint, {
      grant_type: 'refresh_token',
      client_id: 'playground-ropc',
      refresh_token: body.refresh_token,
    });
    expect(reused.body.error).toBe('invalid_grant');
  });

  it.each([
    ['wrong password', { username: 'alice', password: 'wrong' }, 'invalid_grant'],
    ['unknown user', { username: 'mallory', password: 'alice-password-1' }, 'invalid_grant'],
    ['missing password', { username: 'alice' }, 'invalid_request'],
  ])('refuses a %s', async (_label, credentials, error) => {
    const { status, body } = await postForm(discovery.token_endpoint, {
      grant_type: 'password',
      client_id: 'playground-ropc',
      scope: 'openid',
      ...credentials,
    });
    expect(status).toBe(400);
    expect(body.error).toBe(error);
  });

  it('refuses a client that does not list the grant', async () => {
    const { body } = await postForm(
      discovery.token_endpoint,
      { grant_type: 'password', username: 'alice', password: 'alice-password-1' },
      { authorization: webAuth() },
    );
    expect(body.error).toBe('unauthorized_client');
  });
});

describe('on-behalf-of', () => {
  const obo = (assertion, extra = {}) =>
    postForm(
      discovery.token_endpoint,
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        scope: 'api-b.read',
        assertion,
        ...extra,
      },
      { authorization: basicAuth('api-a', 'api-a-secret') },
    );

  it('exchanges a user token for API A into one for API B with the same sub', async () => {
    const user = await passwordToken('api-a.access');
    const { status, body } = await obo(user.body.access_token);
    expect(status).toBe(200);
    const incoming = decodePart(user.body.access_token, 1);
    expect(decodePart(body.access_token, 1)).toMatchObject({
      aud: 'api://api-b',
      sub: incoming.sub,
      client_id: 'api-a',
      azp: 'api-a',
      scope: 'api-b.read',
      act: { sub: 'api-a' },
    });
  });

  it.each([
    [
      'a token for another audience',
      async () => (await passwordToken('api.read')).body.access_token,
      {},
      'invalid_grant',
    ],
    [
      'an app-only token',
      async () =>
        (
          await postForm(
            discovery.token_endpoint,
            { grant_type: 'client_credentials', scope: 'api-a.access' },
            { authorization: webAuth() },
          )
        ).body.access_token,
      {},
      'invalid_grant',
    ],
    [
      'a forged token',
      async () => `${(await passwordToken('api-a.access')).body.access_token.slice(0, -4)}AAAA`,
      {},
      'invalid_grant',
    ],
    [
      'a wrong requested_token_use',
      async () => (await passwordToken('api-a.access')).body.access_token,
      { requested_token_use: 'impersonate' },
      'invalid_request',
    ],
    ['a missing assertion', async () => '', {}, 'invalid_request'],
  ])('refuses %s', async (_label, getAssertion, extra, error) => {
    const { status, body } = await obo(await getAssertion(), extra);
    expect(status).toBe(400);
    expect(body.error).toBe(error);
  });

  it('refuses a client that is not an API', async () => {
    const user = await passwordToken('api-a.access');
    const { body } = await postForm(
      discovery.token_endpoint,
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        scope: 'api-b.read',
        assertion: user.body.access_token,
      },
      { authorization: webAuth() },
    );
    expect(body.error).toBe('unauthorized_client');
  });

  it('also works as RFC 8693 token exchange', async () => {
    const user = await passwordToken('api-a.access');
    const { status, body } = await postForm(
      discovery.token_endpoint,
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: user.body.access_token,
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        scope: 'api-b.read',
      },
      { authorization: basicAuth('api-a', 'api-a-secret') },
    );
    expect(status).toBe(200);
    expect(body.issued_token_type).toBe('urn:ietf:params:oauth:token-type:access_token');
    expect(decodePart(body.access_token, 1).aud).toBe('api://api-b');
  });
});

describe('device authorization', () => {
  it('answers with interval and verification_uri_complete, then slow_down when polled too fast', async () => {
    const { status, body } = await postForm(discovery.device_authorization_endpoint, {
      client_id: 'playground-device',
      scope: 'openid offline_access api.read',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      interval: 5,
      expires_in: expect.any(Number),
      verification_uri_complete: expect.stringContaining(body.user_code),
    });
    const poll = () =>
      postForm(discovery.token_endpoint, {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: 'playground-device',
        device_code: body.device_code,
      });
    expect((await poll()).body.error).toBe('authorization_pending');
    expect((await poll()).body.error).toBe('slow_down');
  });
});

describe('device verification pages', () => {
  it('renders the code entry page, then asks to sign in for a valid code', async () => {
    const { body } = await postForm(discovery.device_authorization_endpoint, {
      client_id: 'playground-device',
      scope: 'openid api.read',
    });
    const browser = createBrowser();
    const page = await browser(new URL('/device', companion.issuer));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<label for="user_code">Code</label>');
    expect(html).not.toContain('role="alert"');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)[1];
    const wrong = await browser(new URL('/device', companion.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, user_code: 'BCDF-GHJK' }),
    });
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('not valid');
    const retryXsrf = /name="xsrf" value="([^"]+)"/.exec(wrongHtml)[1];
    const right = await browser(new URL('/device', companion.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: retryXsrf, user_code: body.user_code }),
    });
    expect(right.status).toBe(200);
    const confirmHtml = await right.text();
    expect(confirmHtml).toContain(body.user_code);
    const confirm = await browser(new URL('/device', companion.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        xsrf: /name="xsrf" value="([^"]+)"/.exec(confirmHtml)[1],
        user_code: body.user_code,
        confirm: 'yes',
      }),
    });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get('location')).toMatch(/\/interaction\//);
  });
});

describe('authorization code with PKCE through the login and consent pages', () => {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');

  function authorizeUrl(extra = {}) {
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: 'playground-spa',
      response_type: 'code',
      redirect_uri: `${APP_ORIGIN}/callback`,
      scope: 'openid profile api.read',
      state: 'state-1',
      nonce: 'nonce-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    }).toString();
    return url;
  }

  async function reachLogin(browser, extra) {
    const start = await browser(authorizeUrl(extra));
    expect(start.status).toBe(303);
    const interaction = new URL(start.headers.get('location'), companion.issuer);
    const page = await browser(interaction);
    return { interaction, page, html: await page.text() };
  }

  async function submit(browser, url, fields) {
    return browser(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
  }

  it('stays on the login page with an error for a wrong password, then completes with consent', async () => {
    const browser = createBrowser();
    const { interaction, page, html } = await reachLogin(browser);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain('<label for="username">Username</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toContain('Sign in</button>');

    const wrong = await submit(browser, `${interaction}/login`, { username: 'alice', password: 'nope' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Wrong username or password');

    const login = await submit(browser, `${interaction}/login`, {
      username: 'alice',
      password: 'alice-password-1',
    });
    expect(login.status).toBe(303);
    const resume = await browser(new URL(login.headers.get('location'), companion.issuer));
    const consentUrl = new URL(resume.headers.get('location'), companion.issuer);
    const consentHtml = await (await browser(consentUrl)).text();
    expect(consentHtml).toContain('api.read');
    expect(consentHtml).toContain('playground-spa');

    const allow = await submit(browser, `${consentUrl}/consent`, { decision: 'allow' });
    const final = await browser(new URL(allow.headers.get('location'), companion.issuer));
    const callback = new URL(final.headers.get('location'));
    expect(`${callback.origin}${callback.pathname}`).toBe(`${APP_ORIGIN}/callback`);
    expect(callback.searchParams.get('state')).toBe('state-1');

    const token = await postForm(
      discovery.token_endpoint,
      {
        grant_type: 'authorization_code',
        client_id: 'playground-spa',
        code: callback.searchParams.get('code'),
        redirect_uri: `${APP_ORIGIN}/callback`,
        code_verifier: verifier,
      },
      { origin: APP_ORIGIN },
    );
    expect(token.status).toBe(200);
    expect(token.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(decodePart(token.body.access_token, 1)).toMatchObject({
      aud: 'api://playground-api',
      scope: 'api.read',
    });
    expect(decodePart(token.body.id_token, 1)).toMatchObject({
      nonce: 'nonce-1',
      name: 'Alice Example',
      roles: ['Playground.Admin'],
    });
    expect(token.body.refresh_token).toEqual(expect.any(String));

    const refreshed = await postForm(
      discovery.token_endpoint,
      { grant_type: 'refresh_token', client_id: 'playground-spa', refresh_token: token.body.refresh_token },
      { origin: APP_ORIGIN },
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(token.body.refresh_token);
  });

  it('returns access_denied when the user presses Deny', async () => {
    const browser = createBrowser();
    const { interaction } = await reachLogin(browser);
    const login = await submit(browser, `${interaction}/login`, {
      username: 'bob',
      password: 'bob-password-1',
    });
    const resume = await browser(new URL(login.headers.get('location'), companion.issuer));
    const consentUrl = new URL(resume.headers.get('location'), companion.issuer);
    const deny = await submit(browser, `${consentUrl}/consent`, { decision: 'deny' });
    const final = await browser(new URL(deny.headers.get('location'), companion.issuer));
    const callback = new URL(final.headers.get('location'));
    expect(callback.searchParams.get('error')).toBe('access_denied');
  });

  it('answers response_mode=form_post with an auto-submitting page allowed by the CSP', async () => {
    const browser = createBrowser();
    const start = await browser(
      `${discovery.authorization_endpoint}?${new URLSearchParams({ client_id: 'playground-web', response_type: 'code', response_mode: 'form_post', redirect_uri: `${companion.relayOrigin}/form-post`, scope: 'openid', state: 'fp' })}`,
    );
    const interaction = new URL(start.headers.get('location'), companion.issuer);
    const login = await submit(browser, `${interaction}/login`, {
      username: 'bob',
      password: 'bob-password-1',
    });
    const resume = await browser(new URL(login.headers.get('location'), companion.issuer));
    const consentUrl = new URL(resume.headers.get('location'), companion.issuer);
    const allow = await submit(browser, `${consentUrl}/consent`, { decision: 'allow' });
    const page = await browser(new URL(allow.headers.get('location'), companion.issuer));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-[^']+'/);
    const html = await page.text();
    expect(html).toContain(`action="${companion.relayOrigin}/form-post"`);
    expect(html).toContain('name="state" value="fp"');
  });

  it('refuses a PKCE-less request from the public client', async () => {
    const browser = createBrowser();
    const url = authorizeUrl();
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const response = await browser(url);
    expect(new URL(response.headers.get('location')).searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a confidential client calling /token with an Origin header', async () => {
    const { body } = await postForm(
      discovery.token_endpoint,
      { grant_type: 'client_credentials', scope: 'api.read' },
      { authorization: webAuth(), origin: APP_ORIGIN },
    );
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toContain('not allowed');
  });
});

describe('introspection and revocation', () => {
  it('lets a confidential client introspect and revoke', async () => {
    const user = await passwordToken('openid offline_access api.read');
    const introspect = (token) =>
      postForm(discovery.introspection_endpoint, { token }, { authorization: webAuth() });
    const before = await introspect(user.body.refresh_token);
    expect(before.body).toMatchObject({ active: true, client_id: 'playground-ropc' });
    const revoke = await fetch(discovery.revocation_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: user.body.refresh_token, client_id: 'playground-ropc' }),
    });
    expect(revoke.status).toBe(200);
    expect((await introspect(user.body.refresh_token)).body.active).toBe(false);
  });
});

describe('createResourceCatalog', () => {
  const catalog = createResourceCatalog();
  catalog.addApiOrigin('http://api.test:4001');
  it.each([
    ['api://playground-api', 'api://playground-api'],
    ['http://api.test:4001/me', 'api://playground-api'],
    ['http://api.test:4001/dpop/me', 'api://playground-api'],
    ['http://api.test:4001/api-b/data', 'api://api-b'],
    ['http://api.test:4001/health', undefined],
    ['http://other.test:4001/me', undefined],
    ['http://api.test:4001/me#x', undefined],
    ['not a url', undefined],
  ])('%s → audience %s', (indicator, audience) => {
    expect(catalog.getInfo(indicator)?.audience).toBe(audience);
  });
});
