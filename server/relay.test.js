import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay } from './relay.js';
import { APP_ORIGIN, basicAuth, startTestCompanion } from './test-support.js';

let companion;
let relay;
let echo;
let echoOrigin;
let lastEchoHeaders;

beforeAll(async () => {
  companion = await startTestCompanion();
  echo = http.createServer((req, res) => {
    lastEchoHeaders = req.headers;
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'https://elsewhere.example/' });
      res.end();
      return;
    }
    res.writeHead(201, { 'content-type': 'text/plain', 'x-upstream': 'yes' });
    res.end('  raw body, not JSON  ');
  });
  await new Promise((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoOrigin = `http://localhost:${echo.address().port}`;
  relay = await startRelay({
    port: 0,
    appOrigin: APP_ORIGIN,
    localOrigins: [echoOrigin, companion.issuer],
    lookupHost: async (host) =>
      host === 'private.example'
        ? [{ address: '10.1.2.3', family: 4 }]
        : [{ address: '93.184.215.14', family: 4 }],
  });
  relay.allowHost('private.example');
});

afterAll(async () => {
  await relay?.close();
  await new Promise((resolve) => echo?.close(resolve));
  await companion?.close();
});

function callRelay(payload, { origin = APP_ORIGIN, host, body } = {}) {
  return new Promise((resolve, reject) => {
    const text = body ?? JSON.stringify(payload);
    const req = http.request(
      {
        host: '127.0.0.1',
        port: relay.port,
        method: 'POST',
        path: '/relay',
        headers: {
          'content-type': 'application/json',
          host: host ?? `localhost:${relay.port}`,
          ...(origin ? { origin } : {}),
          'content-length': Buffer.byteLength(text),
        },
      },
      (res) => {
        let data = '';
        res.on('data', (chunk) => (data += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: JSON.parse(data) }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

describe('POST /relay refusals', () => {
  it.each([
    [
      'a foreign Origin',
      { url: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' },
      { origin: 'https://evil.example' },
      403,
      'origin_not_allowed',
    ],
    [
      'a missing Origin',
      { url: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' },
      { origin: null },
      403,
      'origin_not_allowed',
    ],
    [
      'a rebinding Host',
      { url: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' },
      { host: 'attacker.example:80' },
      421,
      'misdirected_request',
    ],
    [
      'a host not on the allow-list',
      { url: 'https://token.attacker.example/token' },
      {},
      403,
      'host_not_allowed',
    ],
    ['an IP literal', { url: 'https://10.0.0.1/token' }, {}, 403, 'target_not_allowed'],
    [
      'a host resolving to a private address',
      { url: 'https://private.example/token' },
      {},
      403,
      'target_not_allowed',
    ],
    [
      'plain http to a non-local origin',
      { url: 'http://login.microsoftonline.com/token' },
      {},
      403,
      'target_not_allowed',
    ],
    [
      'an unsupported method',
      { method: 'DELETE', url: 'https://login.microsoftonline.com/x' },
      {},
      400,
      'invalid_request',
    ],
  ])('refuses %s', async (_label, payload, options, status, error) => {
    const response = await callRelay(
      { method: 'POST', headers: {}, body: '', ...payload },
      { ...options, origin: options.origin === null ? '' : (options.origin ?? APP_ORIGIN) },
    );
    expect(response.status).toBe(status);
    expect(response.body.error).toBe(error);
    expect(response.body.error_description).toEqual(expect.any(String));
  });

  it('names the refused host', async () => {
    const response = await callRelay({ method: 'GET', url: 'https://token.attacker.example/x', headers: {} });
    expect(response.body.error_description).toContain('token.attacker.example');
  });

  it('refuses a body over 64 KiB', async () => {
    const response = await callRelay({
      method: 'POST',
      url: `${echoOrigin}/x`,
      headers: {},
      body: 'a'.repeat(70 * 1024),
    });
    expect(response.status).toBe(413);
    expect(response.body.error).toBe('payload_too_large');
  });
});

describe('POST /relay forwarding', () => {
  it('forwards safe headers only, without Origin or cookies, and returns the response untouched', async () => {
    const response = await callRelay({
      method: 'POST',
      url: `${echoOrigin}/token`,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'client-request-id': 'abc',
        Cookie: 'a=b',
        Origin: APP_ORIGIN,
        Referer: 'http://x/',
      },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
    expect(response.body).toMatchObject({
      status: 201,
      body: '  raw body, not JSON  ',
      headers: { 'x-upstream': 'yes', 'content-type': 'text/plain' },
    });
    expect(response.body.durationMs).toEqual(expect.any(Number));
    expect(response.body.droppedHeaders.sort()).toEqual(['cookie', 'origin', 'referer']);
    expect(lastEchoHeaders).toMatchObject({
      'content-type': 'application/x-www-form-urlencoded',
      'client-request-id': 'abc',
    });
    expect(lastEchoHeaders).not.toHaveProperty('origin');
    expect(lastEchoHeaders).not.toHaveProperty('cookie');
    expect(lastEchoHeaders).not.toHaveProperty('referer');
  });

  it('returns a redirect as is instead of following it', async () => {
    const response = await callRelay({ method: 'GET', url: `${echoOrigin}/redirect`, headers: {} });
    expect(response.body).toMatchObject({ status: 302, headers: { location: 'https://elsewhere.example/' } });
  });

  it('lets a confidential client reach the local IdP token endpoint', async () => {
    const response = await callRelay({
      method: 'POST',
      url: `${companion.issuer}/token`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuth('playground-web', 'playground-web-secret'),
      },
      body: 'grant_type=client_credentials&scope=api.read',
    });
    expect(response.body.status).toBe(200);
    expect(JSON.parse(response.body.body).token_type).toBe('Bearer');
  });
});

describe('companion relay endpoints', () => {
  const relayUrl = (path) => `${companion.relayOrigin}${path}`;

  it('redirects a form_post response to the app callback fragment', async () => {
    const response = await fetch(relayUrl('/form-post'), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'code=abc&state=s%201&iss=http%3A%2F%2Flocalhost%3A4000',
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location'));
    expect(`${location.origin}${location.pathname}`).toBe(`${APP_ORIGIN}/callback`);
    expect(Object.fromEntries(new URLSearchParams(location.hash.slice(1)))).toEqual({
      code: 'abc',
      state: 's 1',
      iss: 'http://localhost:4000',
    });
  });

  it('adds a host to the allow-list and lists it', async () => {
    const add = await fetch(relayUrl('/relay/allow-list'), {
      method: 'POST',
      headers: { origin: APP_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ host: 'login.example.org' }),
    });
    expect(add.status).toBe(200);
    const list = await (
      await fetch(relayUrl('/relay/allow-list'), { headers: { origin: APP_ORIGIN } })
    ).json();
    expect(list.hosts).toEqual(expect.arrayContaining(['login.microsoftonline.com', 'login.example.org']));
    const bad = await fetch(relayUrl('/relay/allow-list'), {
      method: 'POST',
      headers: { origin: APP_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ host: '127.0.0.1' }),
    });
    expect(bad.status).toBe(400);
  });

  it('serves the demo assertion key and accepts an uploaded public key', async () => {
    const key = await (
      await fetch(relayUrl('/demo/assertion-key'), { headers: { origin: APP_ORIGIN } })
    ).json();
    expect(key).toMatchObject({
      clientId: 'playground-assertion',
      alg: 'RS256',
      privateJwk: { kty: 'RSA', d: expect.any(String) },
      warning: expect.stringContaining('DEMO'),
    });
    expect(key.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    const upload = (jwk) =>
      fetch(relayUrl('/demo/assertion-keys'), {
        method: 'POST',
        headers: { origin: APP_ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify(jwk),
      });
    const { publicKey } = await import('node:crypto').then(({ generateKeyPairSync }) =>
      generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    );
    expect((await upload(publicKey.export({ format: 'jwk' }))).status).toBe(201);
    const refused = await upload(key.privateJwk);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toBe('invalid_key');
  });

  it('answers /health', async () => {
    expect(await (await fetch(relayUrl('/health'))).json()).toEqual({ ok: true });
  });
});
