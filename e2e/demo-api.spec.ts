import {
  API_ORIGIN,
  APP_ORIGIN,
  DEMO_USERS,
  IDP_ORIGIN,
  RELAY_ORIGIN,
  decodePayload,
  expect,
  getTokenWithPassword,
  test,
} from './fixtures';

const alice = DEMO_USERS.alice;

/** Re-encodes a JWT's payload with changed claims and keeps the original signature. */
function forgePayload(jwt: string, changes: Record<string, unknown>): string {
  const [header, , signature] = jwt.split('.');
  const payload = Buffer.from(JSON.stringify({ ...decodePayload(jwt), ...changes })).toString('base64url');
  return `${header ?? ''}.${payload}.${signature ?? ''}`;
}

test.describe('demo API /me', () => {
  test('without a token: 401 with a Bearer challenge and no error code', async ({ request }) => {
    const response = await request.get(`${API_ORIGIN}/me`);
    expect(response.status()).toBe(401);
    const challenge = response.headers()['www-authenticate'];
    expect(challenge).toMatch(/^Bearer realm="playground-api"/);
    expect(challenge).not.toContain('error=');
  });

  test('with a forged token (payload changed, signature kept): 401 invalid_token', async ({ request }) => {
    const { access_token } = await getTokenWithPassword(request, { ...alice, scope: 'api.read' });
    const forged = forgePayload(access_token, { sub: DEMO_USERS.bob.sub });
    expect(forged).not.toBe(access_token);
    expect(forged.split('.')[2]).toBe(access_token.split('.')[2]);

    const response = await request.get(`${API_ORIGIN}/me`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(response.status()).toBe(401);
    expect(response.headers()['www-authenticate']).toMatch(
      /^Bearer realm="playground-api", error="invalid_token", error_description="[^"]+"/,
    );
    expect(await response.json()).toMatchObject({ error: 'invalid_token' });
  });

  test('with a real token for api.read: 200 naming the user', async ({ request }) => {
    const { access_token } = await getTokenWithPassword(request, { ...alice, scope: 'api.read' });
    const claims = decodePayload(access_token);
    expect(claims).toMatchObject({ iss: IDP_ORIGIN, aud: 'api://playground-api', sub: alice.sub });

    const response = await request.get(`${API_ORIGIN}/me`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { caller: Record<string, unknown> };
    expect(body.caller).toMatchObject({ sub: alice.sub, client_id: 'playground-ropc', app_only: false });
    expect(body.caller.scopes).toContain('api.read');
  });

  test('with a real token for another audience: 401 invalid_token', async ({ request }) => {
    const { access_token } = await getTokenWithPassword(request, { ...alice, scope: 'api-b.read' });
    expect(decodePayload(access_token).aud).toBe('api://api-b');

    const response = await request.get(`${API_ORIGIN}/me`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(response.status()).toBe(401);
    expect(response.headers()['www-authenticate']).toContain('error="invalid_token"');
  });
});

test('API A calls API B on behalf of the user: same sub, different audiences', async ({ request }) => {
  const { access_token } = await getTokenWithPassword(request, { ...alice, scope: 'api-a.access' });
  expect(decodePayload(access_token).aud).toBe('api://api-a');

  const response = await request.get(`${API_ORIGIN}/api-a/chain`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as {
    apiA: Record<string, unknown>;
    obo: Record<string, unknown>;
    apiB: { status: number; body: unknown };
  };
  expect(body.apiA).toMatchObject({ sub: alice.sub, aud: 'api://api-a' });
  expect(body.obo).toMatchObject({ sub: alice.sub, aud: 'api://api-b' });
  expect(body.apiB.status).toBe(200);
});

test.describe('relay', () => {
  const discoveryUrl = `${IDP_ORIGIN}/.well-known/openid-configuration`;

  test('refuses a foreign Origin', async ({ request }) => {
    const response = await request.post(`${RELAY_ORIGIN}/relay`, {
      headers: { origin: 'http://evil.example' },
      data: { method: 'GET', url: discoveryUrl },
    });
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'origin_not_allowed' });
  });

  test('refuses a host that is not on the allow-list, naming it', async ({ request }) => {
    const response = await request.post(`${RELAY_ORIGIN}/relay`, {
      headers: { origin: APP_ORIGIN },
      data: { method: 'GET', url: 'https://login.example.org/.well-known/openid-configuration' },
    });
    expect(response.status()).toBe(403);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe('host_not_allowed');
    expect(body.error_description).toContain('login.example.org');
  });

  test('forwards a request from the app to the local IdP discovery', async ({ request }) => {
    const response = await request.post(`${RELAY_ORIGIN}/relay`, {
      headers: { origin: APP_ORIGIN },
      data: { method: 'GET', url: discoveryUrl, headers: { accept: 'application/json' } },
    });
    expect(response.status()).toBe(200);
    expect(response.headers()['access-control-allow-origin']).toBe(APP_ORIGIN);
    const envelope = (await response.json()) as {
      status: number;
      headers: Record<string, string>;
      body: string;
    };
    expect(envelope.status).toBe(200);
    expect(envelope.headers['content-type']).toContain('application/json');
    expect(JSON.parse(envelope.body)).toMatchObject({
      issuer: IDP_ORIGIN,
      token_endpoint: `${IDP_ORIGIN}/token`,
    });
  });
});
