// The local Entra tenant against Microsoft's documented behaviour (docs/local-entra.md lists sources).
import { createHash, randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, createBrowser, decodePart, postForm } from '../test-support.js';
import { CLIENT_IDS, DEMO_CLIENT_SECRETS, PERSONAL_TENANT_ID, WORK_TENANT_ID } from './config.js';
import { startEntra } from './index.js';
import { DEMO_CERTIFICATE_KEY_PEM } from './login.js';

const APP = 'http://localhost:5173';
const CALLBACK = `${APP}/callback`;
let entra;
let login;

beforeAll(async () => {
  entra = await startEntra({
    loginPort: 0,
    graphPort: 0,
    appOrigin: APP,
    relayOrigin: 'http://localhost:4002',
  });
  login = entra.loginOrigin;
});
afterAll(async () => {
  await entra?.close();
});

const s256 = (value) => createHash('sha256').update(value).digest('base64url');

/** Signs in through the real page and returns the authorization response parameters. */
async function authorize(
  params,
  {
    tenant = 'organizations',
    username = 'alice@contoso.onmicrosoft.com',
    password = 'alice-password-1',
  } = {},
) {
  const browser = createBrowser();
  const url = `${login}/${tenant}/oauth2/v2.0/authorize?${new URLSearchParams(params)}`;
  const page = await browser(url);
  if (page.status === 302) return { location: new URL(page.headers.get('location')), browser };
  const html = await page.text();
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (!request) return { status: page.status, html, browser };
  const answer = await browser(`${login}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, username, password, action: 'accept' }),
  });
  return { location: new URL(answer.headers.get('location')), browser, status: answer.status };
}

async function spaCode({
  tenant = 'organizations',
  scope = 'openid profile offline_access User.Read',
  extra = {},
} = {}) {
  const verifier = randomUUID() + randomUUID();
  const { location } = await authorize(
    {
      client_id: CLIENT_IDS.spa,
      response_type: 'code',
      redirect_uri: CALLBACK,
      scope,
      state: 's',
      code_challenge: s256(verifier),
      code_challenge_method: 'S256',
      ...extra,
    },
    { tenant },
  );
  return { code: location.searchParams.get('code'), verifier, location };
}

describe('local Entra tenant: discovery and keys', () => {
  it.each([
    ['common', `{tenantid}`],
    ['organizations', `{tenantid}`],
    ['consumers', PERSONAL_TENANT_ID],
    ['contoso.onmicrosoft.com', WORK_TENANT_ID],
    [WORK_TENANT_ID, WORK_TENANT_ID],
  ])('tenant %s publishes issuer …/%s/v2.0 to any origin', async (tenant, id) => {
    const response = await fetch(`${login}/${tenant}/v2.0/.well-known/openid-configuration`, {
      headers: { origin: APP },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const document = await response.json();
    expect(document.issuer).toBe(`${login}/${id}/v2.0`);
    expect(document.token_endpoint).toBe(`${login}/${tenant}/oauth2/v2.0/token`);
    const keys = await fetch(document.jwks_uri);
    expect(keys.headers.get('access-control-allow-origin')).toBe('*');
    expect((await keys.json()).keys[0]).toMatchObject({ kty: 'RSA', use: 'sig' });
  });

  it('answers an unknown tenant (such as a literal {tenantid}) with 400 AADSTS90002', async () => {
    const response = await fetch(`${login}/%7Btenantid%7D/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
    expect(body.error_description).toMatch(/^AADSTS90002: /);
    expect(Object.keys(body)).toEqual([
      'error',
      'error_description',
      'error_codes',
      'timestamp',
      'trace_id',
      'correlation_id',
      'error_uri',
    ]);
  });
});

describe('local Entra tenant: authorize errors', () => {
  it.each([
    [{ client_id: randomUUID(), response_type: 'code', redirect_uri: CALLBACK }, 700016],
    [{ client_id: CLIENT_IDS.spa, response_type: 'code', redirect_uri: 'https://evil.example/cb' }, 50011],
  ])('shows an HTML error page, not a redirect (%#)', async (params, code) => {
    const response = await fetch(`${login}/common/oauth2/v2.0/authorize?${new URLSearchParams(params)}`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toContain(`AADSTS${code}`);
  });

  it.each([
    [
      { client_id: CLIENT_IDS.web, response_type: 'id_token', nonce: 'n', scope: 'openid' },
      'invalid_request',
      700054,
    ],
    [
      { client_id: CLIENT_IDS.spa, response_type: 'code', scope: 'openid Not.A.Scope' },
      'invalid_scope',
      70011,
    ],
    [
      { client_id: CLIENT_IDS.spa, response_type: 'code', scope: 'api://nowhere/x' },
      'invalid_resource',
      500011,
    ],
    [{ client_id: CLIENT_IDS.spa, response_type: 'id_token', scope: 'openid' }, 'invalid_request', 900144],
    [
      { client_id: CLIENT_IDS.spa, response_type: 'code', scope: 'openid', prompt: 'none' },
      'login_required',
      50058,
    ],
  ])('redirects with the error (%#)', async (params, error, code) => {
    const response = await fetch(
      `${login}/common/oauth2/v2.0/authorize?${new URLSearchParams({ redirect_uri: CALLBACK, state: 'st', ...params })}`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location'));
    const values = new URLSearchParams(location.hash ? location.hash.slice(1) : location.search);
    expect(values.get('error')).toBe(error);
    expect(values.get('error_description')).toMatch(new RegExp(`^AADSTS${code}: `));
    expect(values.get('state')).toBe('st');
  });
});

describe('local Entra tenant: browser (CORS) rules at the token endpoint', () => {
  it('redeems a SPA code cross-origin with PKCE: v2 ID token, v1 Graph token with header nonce, opaque refresh token', async () => {
    const { code, verifier } = await spaCode({ tenant: 'common' });
    const { status, headers, body } = await postForm(
      `${login}/common/oauth2/v2.0/token`,
      {
        client_id: CLIENT_IDS.spa,
        grant_type: 'authorization_code',
        code,
        redirect_uri: CALLBACK,
        code_verifier: verifier,
        client_info: '1',
      },
      { origin: APP },
    );
    expect(status).toBe(200);
    expect(headers.get('access-control-allow-origin')).toBe(APP);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600 });
    expect(body.refresh_token.split('.').length).toBeLessThan(3);
    expect(JSON.parse(Buffer.from(body.client_info, 'base64url').toString())).toEqual({
      uid: '0a11ce00-0000-4000-8000-00000000a11c',
      utid: WORK_TENANT_ID,
    });
    const id = decodePart(body.id_token, 1);
    expect(id).toMatchObject({
      aud: CLIENT_IDS.spa,
      iss: `${login}/${WORK_TENANT_ID}/v2.0`,
      tid: WORK_TENANT_ID,
      ver: '2.0',
      preferred_username: 'alice@contoso.onmicrosoft.com',
    });
    for (const claim of ['oid', 'sub', 'aio', 'rh', 'uti', 'sid']) expect(typeof id[claim]).toBe('string');
    expect(typeof decodePart(body.access_token, 0).nonce).toBe('string');
    expect(decodePart(body.access_token, 1)).toMatchObject({
      iss: `https://sts.windows.net/${WORK_TENANT_ID}/`,
      ver: '1.0',
      appid: CLIENT_IDS.spa,
      appidacr: '0',
      scp: 'User.Read',
    });
    const me = await fetch(`${entra.graphOrigin}/v1.0/me`, {
      headers: { authorization: `Bearer ${body.access_token}`, origin: APP },
    });
    expect(me.status).toBe(200);
    expect(me.headers.get('access-control-allow-origin')).toBe('*');
    expect((await me.json()).userPrincipalName).toBe('alice@contoso.onmicrosoft.com');
    // Using a refresh token does not revoke it.
    for (let round = 0; round < 2; round += 1) {
      const refreshed = await postForm(
        `${login}/common/oauth2/v2.0/token`,
        { client_id: CLIENT_IDS.spa, grant_type: 'refresh_token', refresh_token: body.refresh_token },
        { origin: APP },
      );
      expect(refreshed.status).toBe(200);
    }
  });

  it('refuses a SPA code redeemed without Origin (AADSTS9002327)', async () => {
    const { code, verifier } = await spaCode();
    const { status, body } = await postForm(`${login}/organizations/oauth2/v2.0/token`, {
      client_id: CLIENT_IDS.spa,
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    });
    expect(status).toBe(400);
    expect(body.error_codes).toEqual([9002327]);
  });

  it('refuses a SPA code without PKCE cross-origin (AADSTS9002325)', async () => {
    const { location } = await authorize({
      client_id: CLIENT_IDS.spa,
      response_type: 'code',
      redirect_uri: CALLBACK,
      scope: 'openid',
    });
    const { body } = await postForm(
      `${login}/organizations/oauth2/v2.0/token`,
      {
        client_id: CLIENT_IDS.spa,
        grant_type: 'authorization_code',
        code: location.searchParams.get('code'),
        redirect_uri: CALLBACK,
      },
      { origin: APP },
    );
    expect(body.error_codes).toEqual([9002325]);
  });

  it.each([
    [
      {
        grant_type: 'client_credentials',
        client_id: CLIENT_IDS.daemon,
        client_secret: DEMO_CLIENT_SECRETS.daemon,
        scope: 'api://api-b/.default',
      },
    ],
    [
      {
        grant_type: 'password',
        client_id: CLIENT_IDS.publicClient,
        username: 'alice@contoso.onmicrosoft.com',
        password: 'alice-password-1',
        scope: 'openid',
      },
    ],
  ])('refuses other grants from a browser with AADSTS9002326 and no CORS headers (%#)', async (params) => {
    const { status, headers, body } = await postForm(`${login}/${WORK_TENANT_ID}/oauth2/v2.0/token`, params, {
      origin: APP,
    });
    expect(status).toBe(400);
    expect(headers.get('access-control-allow-origin')).toBeNull();
    expect(body.error_codes).toEqual([9002326]);
  });
});

describe('local Entra tenant: grants', () => {
  it('redeems a Web code with the secret, once (AADSTS54005 after)', async () => {
    const { location } = await authorize({
      client_id: CLIENT_IDS.web,
      response_type: 'code',
      redirect_uri: CALLBACK,
      scope: 'openid api://api-a/access_as_user',
    });
    const params = {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code'),
      redirect_uri: CALLBACK,
    };
    const first = await postForm(`${login}/organizations/oauth2/v2.0/token`, params, {
      authorization: basicAuth(CLIENT_IDS.web, DEMO_CLIENT_SECRETS.web),
    });
    expect(first.status).toBe(200);
    expect(decodePart(first.body.access_token, 1)).toMatchObject({
      aud: CLIENT_IDS.apiA,
      ver: '2.0',
      azp: CLIENT_IDS.web,
      azpacr: '1',
      scp: 'access_as_user',
    });
    const again = await postForm(`${login}/organizations/oauth2/v2.0/token`, params, {
      authorization: basicAuth(CLIENT_IDS.web, DEMO_CLIENT_SECRETS.web),
    });
    expect(again.body.error_codes).toEqual([54005]);
  });

  it('issues app-only tokens with a certificate assertion (azpacr 2, idtyp app, roles)', async () => {
    const tokenEndpoint = `${login}/${WORK_TENANT_ID}/oauth2/v2.0/token`;
    const certificate = await (await fetch(`${login}/demo/certificate`)).json();
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'PS256', typ: 'JWT', 'x5t#S256': certificate.thumbprints['x5t#S256'] })
      .setIssuer(CLIENT_IDS.daemon)
      .setSubject(CLIENT_IDS.daemon)
      .setAudience(tokenEndpoint)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('10m')
      .sign(await importPKCS8(DEMO_CERTIFICATE_KEY_PEM, 'PS256'));
    const { status, body } = await postForm(tokenEndpoint, {
      grant_type: 'client_credentials',
      client_id: CLIENT_IDS.daemon,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: 'api://api-b/.default',
    });
    expect(status).toBe(200);
    expect(decodePart(body.access_token, 1)).toMatchObject({
      aud: CLIENT_IDS.apiB,
      azpacr: '2',
      idtyp: 'app',
      roles: ['Data.Read.All'],
    });
  });

  it.each([
    ['api://api-b/read', 1002012],
    ['api://api-b/.default https://graph.microsoft.com/.default', 70011],
  ])('client credentials need exactly one {resource}/.default (%s)', async (scope, code) => {
    const { body } = await postForm(`${login}/${WORK_TENANT_ID}/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: CLIENT_IDS.daemon,
      client_secret: DEMO_CLIENT_SECRETS.daemon,
      scope,
    });
    expect(body.error_codes).toEqual([code]);
  });

  it.each([
    [{ client_secret: 'wrong' }, 7000215],
    [{}, 7000218],
  ])('names the client-authentication problem (%#)', async (extra, code) => {
    const { body } = await postForm(`${login}/${WORK_TENANT_ID}/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: CLIENT_IDS.daemon,
      scope: 'api://api-b/.default',
      ...extra,
    });
    expect(body.error_codes).toEqual([code]);
  });

  it('runs on-behalf-of: API A trades the user token for one to API B', async () => {
    const user = await postForm(`${login}/organizations/oauth2/v2.0/token`, {
      grant_type: 'password',
      client_id: CLIENT_IDS.publicClient,
      username: 'alice@contoso.onmicrosoft.com',
      password: 'alice-password-1',
      scope: 'api://api-a/access_as_user',
    });
    expect(user.status).toBe(200);
    const { status, body } = await postForm(
      `${login}/organizations/oauth2/v2.0/token`,
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: user.body.access_token,
        scope: 'api://api-b/read',
        requested_token_use: 'on_behalf_of',
      },
      { authorization: basicAuth(CLIENT_IDS.apiA, DEMO_CLIENT_SECRETS.apiA) },
    );
    expect(status).toBe(200);
    expect(decodePart(body.access_token, 1)).toMatchObject({
      aud: CLIENT_IDS.apiB,
      azp: CLIENT_IDS.apiA,
      scp: 'read',
      preferred_username: 'alice@contoso.onmicrosoft.com',
    });

    // API B accepts the on-behalf-of token: the user, and API A as the caller.
    const callApiB = (token) =>
      fetch(`${entra.graphOrigin}/api-b/data`, { headers: { authorization: `Bearer ${token}` } });
    const accepted = await callApiB(body.access_token);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({
      calledBy: CLIENT_IDS.apiA,
      onBehalfOf: { name: 'Alice Example' },
      granted: ['read'],
    });
    // The user's token for API A is not a token for API B: wrong audience.
    const refused = await callApiB(user.body.access_token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer realm="api-b", error="invalid_token"/);
    // A Graph token (header nonce, signed over its hash) does not verify as a plain JWS.
    const graph = await postForm(`${login}/organizations/oauth2/v2.0/token`, {
      grant_type: 'password',
      client_id: CLIENT_IDS.publicClient,
      username: 'alice@contoso.onmicrosoft.com',
      password: 'alice-password-1',
      scope: 'User.Read',
    });
    expect((await callApiB(graph.body.access_token)).status).toBe(401);
  });

  it('runs the device code flow: no CORS, localised message, no verification_uri_complete', async () => {
    const start = await fetch(`${login}/organizations/oauth2/v2.0/devicecode?mkt=de-DE`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: APP },
      body: new URLSearchParams({ client_id: CLIENT_IDS.publicClient, scope: 'openid User.Read' }),
    });
    expect(start.headers.get('access-control-allow-origin')).toBeNull();
    const device = await start.json();
    expect(device).toMatchObject({ expires_in: 900, interval: 5 });
    expect(device.verification_uri_complete).toBeUndefined();
    expect(device.message).toMatch(/^Um sich anzumelden/);
    const poll = () =>
      postForm(`${login}/organizations/oauth2/v2.0/token`, {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: CLIENT_IDS.publicClient,
        device_code: device.device_code,
      });
    expect((await poll()).body.error).toBe('authorization_pending');
    const browser = createBrowser();
    const page = await (
      await browser(`${login}/devicelogin`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ otc: device.user_code }),
      })
    ).text();
    const request = /name="request" value="([^"]+)"/.exec(page)[1];
    await browser(`${login}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        request,
        username: 'bob@contoso.onmicrosoft.com',
        password: 'bob-password-1',
        action: 'accept',
      }),
    });
    const done = await poll();
    expect(done.status).toBe(200);
    expect(decodePart(done.body.id_token, 1).preferred_username).toBe('bob@contoso.onmicrosoft.com');
  });

  it('refuses the password grant on /common (AADSTS9001023) and a wrong password (AADSTS50126)', async () => {
    const base = {
      grant_type: 'password',
      client_id: CLIENT_IDS.publicClient,
      username: 'alice@contoso.onmicrosoft.com',
      scope: 'openid',
    };
    expect(
      (await postForm(`${login}/common/oauth2/v2.0/token`, { ...base, password: 'alice-password-1' })).body
        .error_codes,
    ).toEqual([9001023]);
    expect(
      (await postForm(`${login}/organizations/oauth2/v2.0/token`, { ...base, password: 'nope' })).body
        .error_codes,
    ).toEqual([50126]);
  });

  it('signs a personal account into consumers with the personal tenant id', async () => {
    const verifier = 'v'.repeat(50);
    const { location } = await authorize(
      {
        client_id: CLIENT_IDS.spa,
        response_type: 'code',
        redirect_uri: CALLBACK,
        scope: 'openid',
        code_challenge: s256(verifier),
        code_challenge_method: 'S256',
      },
      { tenant: 'consumers', username: 'dana@outlook.example', password: 'dana-password-1' },
    );
    const { body } = await postForm(
      `${login}/consumers/oauth2/v2.0/token`,
      {
        client_id: CLIENT_IDS.spa,
        grant_type: 'authorization_code',
        code: location.searchParams.get('code'),
        redirect_uri: CALLBACK,
        code_verifier: verifier,
      },
      { origin: APP },
    );
    expect(decodePart(body.id_token, 1).iss).toBe(`${login}/${PERSONAL_TENANT_ID}/v2.0`);
  });

  it('demands a claims challenge from a cp1 client and lets it back in with a fresh token', async () => {
    const claims = JSON.stringify({ access_token: { xms_cc: { values: ['cp1'] } } });
    const { body } = await postForm(`${login}/organizations/oauth2/v2.0/token`, {
      grant_type: 'password',
      client_id: CLIENT_IDS.publicClient,
      username: 'alice@contoso.onmicrosoft.com',
      password: 'alice-password-1',
      scope: 'User.Read',
      claims,
    });
    expect(decodePart(body.access_token, 1).xms_cc).toEqual(['cp1']);
    await fetch(`${entra.graphOrigin}/demo/claims-challenge`, { method: 'POST', body: '{}' });
    const me = await fetch(`${entra.graphOrigin}/v1.0/me`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(me.status).toBe(401);
    expect(me.headers.get('www-authenticate')).toMatch(
      /error="insufficient_claims", claims="[A-Za-z0-9+/=]+"/,
    );
    await fetch(`${entra.graphOrigin}/demo/claims-challenge`, { method: 'POST', body: '"off"' });
  });
});
