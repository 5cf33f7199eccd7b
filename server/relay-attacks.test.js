// Attacks on the relay (issue 7): each must be refused or cut off with a clear status, and no
// companion server may listen beyond loopback. The count of refused attacks is printed once.
import http from 'node:http';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELAY_MAX_BODY_BYTES } from './config.js';

// A short relay deadline keeps the slow-upstream cases quick; the production value is TEST_TIMEOUT_MS.
const TEST_TIMEOUT_MS = 1_500;
import { startRelay } from './relay.js';
import { APP_ORIGIN, startTestCompanion } from './test-support.js';

const TOKEN_URL = 'https://login.microsoftonline.com/common/oauth2/v2.0/token';
const FAKE_ADDRESSES = {
  'loopback.example': [{ address: '127.0.0.1', family: 4 }],
  'v6-loopback.example': [{ address: '::1', family: 6 }],
  'metadata.example': [{ address: '169.254.169.254', family: 4 }],
  'mixed.example': [
    { address: '93.184.215.14', family: 4 },
    { address: '192.168.0.7', family: 4 },
  ],
  'mapped.example': [{ address: '::ffff:10.0.0.5', family: 6 }],
  // Issue 11: IPv4 inside IPv6 in other spellings, and ranges that are not public either.
  'hex-mapped.example': [{ address: '::ffff:7f00:1', family: 6 }],
  'long-loopback.example': [{ address: '0:0:0:0:0:0:0:1', family: 6 }],
  'nat64-metadata.example': [{ address: '64:ff9b::a9fe:a9fe', family: 6 }],
  'sixtofour-private.example': [{ address: '2002:c0a8:101::1', family: 6 }],
  'compatible-loopback.example': [{ address: '::7f00:1', family: 6 }],
  'benchmark.example': [{ address: '198.18.0.1', family: 4 }],
};

let companion;
let relay;
let upstream;
let upstreamOrigin;
let canary;
let canaryHits = 0;
let refused = 0;
const listening = [];

beforeAll(async () => {
  // Every server the companion and the relay start is recorded, to check where it listens.
  const originalListen = net.Server.prototype.listen;
  net.Server.prototype.listen = function recordListen(...args) {
    listening.push(this);
    return originalListen.apply(this, args);
  };
  try {
    companion = await startTestCompanion();
    canary = http.createServer((_req, res) => {
      canaryHits += 1;
      res.end('reached');
    });
    upstream = http.createServer((req, res) => {
      if (req.url === '/redirect-private') {
        res.writeHead(302, { location: `http://127.0.0.1:${canary.address().port}/latest/meta-data/` });
        res.end();
      } else if (req.url === '/redirect-metadata') {
        res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/iam/' });
        res.end();
      } else if (req.url === '/silent') {
        // Never answers at all.
      } else if (req.url === '/slow') {
        // Never answers: the relay has to cut the request off itself.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{');
      } else {
        res.end('ok');
      }
    });
    relay = await startRelay({
      port: 0,
      appOrigin: APP_ORIGIN,
      localOrigins: [],
      timeoutMs: TEST_TIMEOUT_MS,
      lookupHost: async (host) => FAKE_ADDRESSES[host] ?? [{ address: '93.184.215.14', family: 4 }],
    });
  } finally {
    net.Server.prototype.listen = originalListen;
  }
  await new Promise((resolve) => canary.listen(0, '127.0.0.1', resolve));
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamOrigin = `http://localhost:${upstream.address().port}`;
  relay.allowLocalOrigin(upstreamOrigin);
  for (const host of Object.keys(FAKE_ADDRESSES)) relay.allowHost(host);
});

afterAll(async () => {
  console.log(`relay attacks refused: ${refused}`);
  await relay?.close();
  upstream?.closeAllConnections();
  await new Promise((resolve) => upstream?.close(resolve));
  await new Promise((resolve) => canary?.close(resolve));
  await companion?.close();
});

/** Sends a raw request to the relay; `body` may be a string or an array of chunks (sent chunked). */
function send({
  path = '/relay',
  method = 'POST',
  headers = {},
  body,
  port = relay.port,
  address = '127.0.0.1',
}) {
  return new Promise((resolve, reject) => {
    const chunked = Array.isArray(body);
    const defaults = {
      host: `localhost:${port}`,
      origin: APP_ORIGIN,
      'content-type': 'application/json',
      ...(body !== undefined && !chunked ? { 'content-length': Buffer.byteLength(body) } : {}),
    };
    // A header given as null is left out of the request.
    const merged = Object.fromEntries(
      Object.entries({ ...defaults, ...headers }).filter(([, value]) => value !== null),
    );
    const req = http.request(
      {
        host: address,
        port,
        method,
        path,
        headers: merged,
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (data += chunk));
        res.on('end', () => {
          let parsed;
          try {
            parsed = JSON.parse(data);
          } catch {
            parsed = data;
          }
          resolve({ status: res.statusCode, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    if (chunked) {
      for (const chunk of body) req.write(chunk);
      req.end();
    } else {
      req.end(body);
    }
  });
}

function relayTo(url, extra = {}) {
  return JSON.stringify({
    method: 'POST',
    url,
    headers: {},
    body: 'grant_type=client_credentials',
    ...extra,
  });
}

function expectRefused(response, status, error) {
  expect(response.status).toBe(status);
  expect(response.body.error).toBe(error);
  expect(response.body.error_description).toMatch(/\w{3,}/);
  refused += 1;
}

describe('targets the relay refuses', () => {
  it.each([
    ['a host not on the allow-list', 'https://token.attacker.example/token', 403, 'host_not_allowed'],
    ['localhost by name over https', 'https://localhost/token', 403, 'loopback_not_allowed'],
    ['localhost on a port that is not the IdP or APIs', 'http://localhost:22/', 403, 'loopback_not_allowed'],
    [
      'the companion IdP by IP instead of its allowed origin',
      'http://127.0.0.1:4000/token',
      403,
      'loopback_not_allowed',
    ],
    ['127.0.0.1', 'https://127.0.0.1/token', 403, 'loopback_not_allowed'],
    ['127.0.0.1 spelled as one hex number', 'https://0x7f000001/token', 403, 'loopback_not_allowed'],
    ['127.1 shorthand', 'https://127.1/token', 403, 'loopback_not_allowed'],
    ['10.0.0.1', 'https://10.0.0.1/token', 403, 'target_not_allowed'],
    ['172.16.5.4', 'https://172.16.5.4/token', 403, 'target_not_allowed'],
    ['192.168.1.1', 'https://192.168.1.1/token', 403, 'target_not_allowed'],
    [
      'the cloud metadata address over https',
      'https://169.254.169.254/latest/meta-data/',
      403,
      'target_not_allowed',
    ],
    [
      'the cloud metadata address over http',
      'http://169.254.169.254/latest/meta-data/',
      403,
      'target_not_allowed',
    ],
    ['[::1]', 'https://[::1]/token', 403, 'loopback_not_allowed'],
    ['an IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/token', 403, 'target_not_allowed'],
    ['0.0.0.0', 'https://0.0.0.0/token', 403, 'target_not_allowed'],
    [
      'an allowed host name resolving to 127.0.0.1',
      'https://loopback.example/token',
      403,
      'target_not_allowed',
    ],
    ['an allowed host name resolving to ::1', 'https://v6-loopback.example/token', 403, 'target_not_allowed'],
    [
      'an allowed host name resolving to the metadata address',
      'https://metadata.example/',
      403,
      'target_not_allowed',
    ],
    [
      'a host name with one public and one private address',
      'https://mixed.example/token',
      403,
      'target_not_allowed',
    ],
    [
      'a host name resolving to an IPv4-mapped private address',
      'https://mapped.example/token',
      403,
      'target_not_allowed',
    ],
    ...[
      'hex-mapped',
      'long-loopback',
      'nat64-metadata',
      'sixtofour-private',
      'compatible-loopback',
      'benchmark',
    ].map((name) => [
      `an allowed host name resolving to ${FAKE_ADDRESSES[`${name}.example`][0].address}`,
      `https://${name}.example/token`,
      403,
      'target_not_allowed',
    ]),
    ['a file: URL', 'file:///etc/passwd', 403, 'target_not_allowed'],
    ['a URL with credentials', 'https://user:pass@login.microsoftonline.com/token', 400, 'invalid_request'],
    ['a relative URL', '/etc/passwd', 400, 'invalid_request'],
  ])('refuses %s', async (_label, url, status, error) => {
    expectRefused(await send({ body: relayTo(url) }), status, error);
  });
});

describe('callers the relay refuses', () => {
  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }, 403, 'origin_not_allowed'],
    ['the app origin on another port', { origin: 'http://localhost:5174' }, 403, 'origin_not_allowed'],
    ['Origin "null" (sandboxed frame, file page)', { origin: 'null' }, 403, 'origin_not_allowed'],
    ['no Origin at all', { origin: null }, 403, 'origin_not_allowed'],
    // A DNS-rebinding page is served from the attacker's name, so both Origin and Host carry it.
    [
      'a rebinding Host name',
      { origin: 'http://rebind.attacker.example', host: 'rebind.attacker.example' },
      421,
      'misdirected_request',
    ],
    [
      'a rebinding Host with the relay port',
      { origin: 'http://attacker.example:4002', host: 'attacker.example:4002' },
      421,
      'misdirected_request',
    ],
    [
      'a Host on another port',
      { origin: 'http://localhost:1', host: 'localhost:1' },
      421,
      'misdirected_request',
    ],
  ])('refuses %s', async (_label, headers, status, error) => {
    const response = await send({ headers, body: relayTo(TOKEN_URL) });
    expectRefused(response, status, error);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a foreign page adding a host to the allow-list', async () => {
    const response = await send({
      path: '/relay/allow-list',
      headers: { origin: 'https://evil.example' },
      body: JSON.stringify({ host: 'evil.example' }),
    });
    expectRefused(response, 403, 'origin_not_allowed');
  });

  it.each([['127.0.0.1'], ['[::1]'], ['localhost:4000'], ['evil.example/path']])(
    'refuses %s as an allow-list entry',
    async (host) => {
      const response = await send({ path: '/relay/allow-list', body: JSON.stringify({ host }) });
      expectRefused(response, 400, 'invalid_request');
    },
  );
});

describe('bodies and upstreams the relay cuts off', () => {
  it('refuses a body whose declared length is over the limit', async () => {
    const response = await send({ body: relayTo(TOKEN_URL, { body: 'a'.repeat(RELAY_MAX_BODY_BYTES) }) });
    expectRefused(response, 413, 'payload_too_large');
  });

  it('refuses a chunked body that grows over the limit', async () => {
    const chunk = 'a'.repeat(16 * 1024);
    const response = await send({ body: ['{"body":"', ...Array.from({ length: 6 }, () => chunk), '"}'] });
    expectRefused(response, 413, 'payload_too_large');
  });

  it('refuses a body that is not JSON', async () => {
    expectRefused(await send({ body: 'url=https://evil.example' }), 400, 'invalid_request');
  });

  it('refuses a body sent as a form', async () => {
    const response = await send({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'url=https://evil.example',
    });
    expectRefused(response, 415, 'invalid_request');
  });

  it.each([
    ['a private address', '/redirect-private'],
    ['the cloud metadata address', '/redirect-metadata'],
  ])('returns a redirect to %s without following it', async (_label, path) => {
    const before = canaryHits;
    const response = await send({
      body: relayTo(`${upstreamOrigin}${path}`, { method: 'GET', body: undefined }),
    });
    expect(response.status).toBe(200);
    expect([302, 307]).toContain(response.body.status);
    expect(response.body.headers.location).toMatch(/^http:\/\/(127\.0\.0\.1|169\.254\.169\.254)/);
    expect(canaryHits).toBe(before);
    refused += 1;
  });

  it(
    'cuts off an upstream that never sends its headers with 504 upstream_timeout',
    async () => {
      const started = Date.now();
      const response = await send({
        body: relayTo(`${upstreamOrigin}/silent`, { method: 'GET', body: undefined }),
      });
      expectRefused(response, 504, 'upstream_timeout');
      expect(Date.now() - started).toBeLessThan(TEST_TIMEOUT_MS + 5_000);
    },
    TEST_TIMEOUT_MS + 10_000,
  );

  it(
    'cuts off an upstream that stalls in the middle of its body with 504 upstream_timeout',
    async () => {
      const response = await send({
        body: relayTo(`${upstreamOrigin}/slow`, { method: 'GET', body: undefined }),
      });
      expect(response.status).toBe(504);
      expect(response.body.error).toBe('upstream_timeout');
    },
    TEST_TIMEOUT_MS + 10_000,
  );
});

describe('where the companion listens', () => {
  it('binds every server (IdP, APIs, relay) to loopback only', () => {
    expect(listening.length).toBeGreaterThanOrEqual(4);
    for (const server of listening) {
      const address = server.address();
      expect(address, 'server started but not listening').not.toBeNull();
      expect(['127.0.0.1', '::1']).toContain(address.address);
    }
  });

  it('cannot be reached through a non-loopback interface', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((entry) => entry && !entry.internal && entry.family === 'IPv4')
      .map((entry) => entry.address);
    for (const address of external) {
      const outcome = await new Promise((resolve) => {
        const socket = net.connect({ host: address, port: relay.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (error) => resolve(error.code));
      });
      expect(outcome, `relay reachable on ${address}:${relay.port}`).not.toBe('connected');
      refused += 1;
    }
  });
});

/** A TCP server that counts connections and closes each at once (enough to see where a relay connects). */
function countingServer() {
  const server = net.createServer((socket) => {
    server.hits += 1;
    socket.destroy();
  });
  server.hits = 0;
  return server;
}

function listenOn(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

// Issue 11: the relay used to check one DNS answer and let fetch resolve the name again. Here the
// test plays DNS: the first answer is the "public" address (127.0.0.1, which this relay is told to
// accept), every later answer is a refused one (::1) where a canary listens on the same port.
describe('DNS rebinding between the check and the connection', () => {
  let rebindRelay;
  let checked;
  let rebound;
  let port;
  const calls = [];

  beforeAll(async () => {
    checked = countingServer();
    rebound = countingServer();
    port = await listenOn(checked, 0, '127.0.0.1');
    await listenOn(rebound, port, '::1');
    rebindRelay = await startRelay({
      port: 0,
      appOrigin: APP_ORIGIN,
      localOrigins: [],
      timeoutMs: TEST_TIMEOUT_MS,
      lookupHost: async (host) => {
        calls.push(host);
        return calls.length === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '::1', family: 6 }];
      },
      isRefusedAddress: (address) => address !== '127.0.0.1',
    });
    rebindRelay.allowHost('rebind.example');
  });

  afterAll(async () => {
    await rebindRelay?.close();
    await new Promise((resolve) => checked?.close(resolve));
    await new Promise((resolve) => rebound?.close(resolve));
  });

  it('connects to the address it checked, never to a second answer', async () => {
    const response = await send({
      port: rebindRelay.port,
      body: relayTo(`https://rebind.example:${port}/token`),
    });
    // The checked server closes the connection before TLS: the relay says so, naming the address.
    expect(response.status).toBe(502);
    expect(response.body.error).toBe('upstream_unreachable');
    expect(response.body.error_description).toContain('127.0.0.1');
    expect(calls).toEqual(['rebind.example']);
    expect(checked.hits).toBe(1);
    expect(rebound.hits).toBe(0);
    refused += 1;
  });

  it('refuses when the answer it checks is the refused one', async () => {
    const before = rebound.hits;
    const response = await send({
      port: rebindRelay.port,
      body: relayTo(`https://rebind.example:${port}/token`),
    });
    expectRefused(response, 403, 'target_not_allowed');
    expect(rebound.hits).toBe(before);
  });
});

// Issue 11: a developer's own IdP on this machine (Keycloak on http://localhost:8080 and the like)
// is relayed only when the user allowed its exact origin; every other protection stays.
describe('loopback origins the user allows', () => {
  let devIdp;
  let devOrigin;
  let devHits = 0;

  beforeAll(async () => {
    devIdp = http.createServer((req, res) => {
      devHits += 1;
      if (req.url === '/redirect-private') {
        res.writeHead(302, { location: `http://127.0.0.1:${canary.address().port}/` });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ host: req.headers.host, origin: req.headers.origin ?? null }));
    });
    const devPort = await listenOn(devIdp, 0, '127.0.0.1');
    devOrigin = `http://localhost:${devPort}`;
  });

  afterAll(async () => {
    devIdp?.closeAllConnections();
    await new Promise((resolve) => devIdp?.close(resolve));
  });

  it('refuses a loopback origin the user has not added, without connecting', async () => {
    const before = devHits;
    const response = await send({ body: relayTo(`${devOrigin}/token`) });
    expectRefused(response, 403, 'loopback_not_allowed');
    expect(response.body.error_description).toContain(devOrigin);
    expect(devHits).toBe(before);
  });

  it('refuses a foreign page adding a loopback origin', async () => {
    const response = await send({
      path: '/relay/allow-list',
      headers: { origin: 'https://evil.example' },
      body: JSON.stringify({ origin: devOrigin }),
    });
    expectRefused(response, 403, 'origin_not_allowed');
  });

  it.each([
    ['a public host', 'http://evil.example:8080'],
    ['the cloud metadata address', 'http://169.254.169.254'],
    ['a private address', 'http://192.168.1.1:8080'],
    ['0.0.0.0', 'http://0.0.0.0:8080'],
    ['an origin with a path', 'http://localhost:8080/realms/dev'],
    ['an origin with credentials', 'http://user:pw@localhost:8080'],
    ['a file URL', 'file:///etc/passwd'],
    ['not a URL', 'localhost:8080'],
  ])('refuses %s as a loopback origin', async (_label, origin) => {
    const response = await send({ path: '/relay/allow-list', body: JSON.stringify({ origin }) });
    expectRefused(response, 400, 'invalid_request');
  });

  it('relays to the exact origin once the app added it, and only to that origin', async () => {
    const added = await send({ path: '/relay/allow-list', body: JSON.stringify({ origin: devOrigin }) });
    expect(added.status).toBe(200);
    expect(added.body.added).toBe(devOrigin);
    expect(added.body.loopbackOrigins).toContain(devOrigin);

    const response = await send({ body: relayTo(`${devOrigin}/token`) });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe(200);
    // The relay sends no Origin and the Host of the origin the user named.
    expect(JSON.parse(response.body.body)).toEqual({ host: devOrigin.slice('http://'.length), origin: null });

    const port = Number(new URL(devOrigin).port);
    for (const other of [
      `http://127.0.0.1:${port}`,
      `https://localhost:${port}`,
      `http://localhost:${port + 1}`,
    ]) {
      expectRefused(await send({ body: relayTo(`${other}/token`) }), 403, 'loopback_not_allowed');
    }
  });

  it('keeps every other protection for an allowed loopback origin', async () => {
    await send({ path: '/relay/allow-list', body: JSON.stringify({ origin: devOrigin }) });
    const canaryBefore = canaryHits;
    const redirect = await send({
      body: relayTo(`${devOrigin}/redirect-private`, { method: 'GET', body: undefined }),
    });
    expect(redirect.body.status).toBe(302);
    expect(canaryHits).toBe(canaryBefore);
    expectRefused(
      await send({ headers: { origin: 'https://evil.example' }, body: relayTo(`${devOrigin}/token`) }),
      403,
      'origin_not_allowed',
    );
    expectRefused(
      await send({ headers: { host: 'attacker.example' }, body: relayTo(`${devOrigin}/token`) }),
      421,
      'misdirected_request',
    );
    expectRefused(
      await send({ body: relayTo(`${devOrigin}/token`, { body: 'a'.repeat(RELAY_MAX_BODY_BYTES) }) }),
      413,
      'payload_too_large',
    );
  });
});
