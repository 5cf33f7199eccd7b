import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfJoin } from './accounts.js';
import { runRoomLoad } from './load.js';
import { checkRoomHost, createAttendees, prepareIndexHtml, startRoom } from './room.js';
import { ROOM_TEST_HOST, createFixtureBuild, isListening } from './test-support.js';

const ROOM_SCRIPT = fileURLToPath(new URL('../../scripts/room.mjs', import.meta.url));

describe('room address', () => {
  it.each([
    [undefined, /--host/],
    ['', /--host/],
    ['0.0.0.0', /every interface/],
    ['::', /every interface/],
    ['evil host', /not an IP address or host name/],
  ])('refuses %j', (host, message) => {
    expect(() => checkRoomHost(host)).toThrow(message);
  });

  it.each(['192.168.1.20', 'presenter.local', '127.0.0.2', 'fe80::1'])('accepts %s', (host) => {
    expect(checkRoomHost(host)).toBe(host);
  });
});

describe('attendee accounts', () => {
  it('numbers the accounts and gives each its own password', () => {
    const attendees = createAttendees(12);
    expect(attendees.map((user) => user.username).slice(0, 2)).toEqual(['attendee-01', 'attendee-02']);
    expect(attendees.at(-1).username).toBe('attendee-12');
    expect(new Set(attendees.map((user) => user.password)).size).toBe(12);
    expect(new Set(attendees.map((user) => user.sub)).size).toBe(12);
    for (const user of attendees) expect(user.password).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  });

  it.each([0, -1, 1.5, 1000])('refuses %s accounts', (count) => {
    expect(() => createAttendees(count)).toThrow(/from 1 to 999/);
  });
});

describe('the built page for a room', () => {
  const fixture = createFixtureBuild();
  afterAll(() => fixture.remove());

  it('connects to the room IdP and APIs instead of the loopback companion, and adds no script', async () => {
    const { readFileSync } = await import('node:fs');
    const { html, cspHeader } = prepareIndexHtml(readFileSync(`${fixture.dir}/index.html`, 'utf8'), {
      appOrigin: 'http://10.0.0.5:4100',
      issuer: 'http://10.0.0.5:4101',
      apiOrigin: 'http://10.0.0.5:4102',
      notice: 'Workshop room <b>',
    });
    expect(cspHeader).toContain("connect-src 'self' http://10.0.0.5:4101 http://10.0.0.5:4102 https:");
    expect(cspHeader).toContain("script-src 'self'");
    expect(cspHeader).toContain("frame-ancestors 'none'");
    expect(cspHeader).not.toContain('localhost');
    expect(html).not.toContain('localhost:4002');
    expect(html).toContain('name="token-playground-config"');
    expect(html).toContain('&quot;relay&quot;:false');
    // The room's own form_post receiver and demo key routes, on the app's origin.
    expect(html).toContain('&quot;formPostReceiver&quot;:&quot;http://10.0.0.5:4100/form-post&quot;');
    expect(html).toContain('&quot;demoKeyOrigin&quot;:&quot;http://10.0.0.5:4100&quot;');
    expect(html).toContain('Workshop room &lt;b&gt;');
    expect(html.match(/<script\b/g)).toHaveLength(1);
  });

  it('refuses a build without its CSP', () => {
    expect(() =>
      prepareIndexHtml('<html><body></body></html>', { issuer: 'x', apiOrigin: 'y', notice: '' }),
    ).toThrow(/Content-Security-Policy/);
  });
});

describe('a room on 127.0.0.2', () => {
  const fixture = createFixtureBuild();
  let room;
  beforeAll(async () => {
    room = await startRoom({ host: ROOM_TEST_HOST, port: 4130, attendees: 25, distDir: fixture.dir });
  });
  afterAll(async () => {
    await room?.close();
    fixture.remove();
  });

  it('publishes the IdP under the room address, with the room origin as redirect URI and no relay', async () => {
    expect(room.joinUrl).toBe('http://127.0.0.2:4130/');
    const discovery = await (await fetch(`${room.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe('http://127.0.0.2:4131');
    const authorize = (redirectUri) =>
      fetch(
        `${discovery.authorization_endpoint}?${new URLSearchParams({
          client_id: 'playground-spa',
          response_type: 'code',
          scope: 'openid',
          redirect_uri: redirectUri,
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        })}`,
        { redirect: 'manual' },
      );
    expect((await authorize('http://127.0.0.2:4130/callback')).status).toBe(303);
    expect((await authorize('http://127.0.0.2:4130/form-post')).status).toBe(303);
    const relay = await authorize('http://localhost:4002/form-post');
    expect(relay.status).toBe(400);
    expect(await relay.text()).toContain('redirect_uri');
  });

  it('lets the room origin call the token endpoint (CORS) and no other origin', async () => {
    const preflight = (origin) =>
      fetch(`${room.issuer}/token`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('http://127.0.0.2:4130');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.2:4130');
    const token = await fetch(`${room.issuer}/token`, {
      method: 'POST',
      headers: { origin: 'http://attacker.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'playground-web' }),
    });
    expect(token.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('shows the room notice on the app and on the IdP pages', async () => {
    const app = await fetch(`${room.appOrigin}/flows/code-pkce`);
    expect(app.status).toBe(200);
    expect(app.headers.get('content-security-policy')).toContain(room.issuer);
    expect(await app.text()).toContain('demo identity provider for this room only');
    const device = await fetch(`${room.issuer}/device`);
    expect(await device.text()).toMatch(
      /<body>\s*<p class="banner" role="note">Workshop room: a demo identity provider/,
    );
    const asset = await fetch(`${room.appOrigin}/assets/index-test.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('keeps the presenter pages behind the presenter token', async () => {
    for (const path of ['/room/print', '/room/presenter', '/room/stats.json']) {
      expect((await fetch(`${room.appOrigin}${path}`)).status).toBe(401);
      expect((await fetch(`${room.appOrigin}${path}?token=wrong`)).status).toBe(401);
    }
    const print = await fetch(room.printUrl);
    expect(print.status).toBe(200);
    const html = await print.text();
    expect(html).toContain('http://127.0.0.2:4130/');
    expect(html).toContain('<svg');
    expect(html).toContain(`attendee-25 / ${room.attendees[24].password}`);
    expect(print.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('plays 20 attendees through code + PKCE and device code with zero errors, and the presenter view counts them', async () => {
    const result = await runRoomLoad({
      issuer: room.issuer,
      appOrigin: room.appOrigin,
      apiUrl: `${room.apiOrigin}/me`,
      attendees: room.attendees,
      count: 20,
      timeLimitMs: 60_000,
    });
    expect(result.errors).toEqual([]);
    expect(Object.keys(result.exchanges)).toEqual(
      expect.arrayContaining([
        'authorize',
        'sign-in',
        'consent',
        'token (code)',
        'token (refresh)',
        'userinfo',
        'demo API',
        'device authorization',
        'token (device poll)',
        'device confirm',
      ]),
    );
    const stats = await (
      await fetch(`${room.appOrigin}/room/stats.json`, {
        headers: { authorization: `Bearer ${room.presenterToken}` },
      })
    ).json();
    const flow = (id) => stats.flows.find((entry) => entry.id === id).stages;
    expect(flow('code-pkce')).toEqual({ 'signed-in': 20, tokens: 20, refreshed: 20, api: 20 });
    expect(flow('device-code')).toEqual({ 'signed-in': 20, tokens: 20, refreshed: 0, api: 20 });
    const page = await (await fetch(room.presenterUrl)).text();
    expect(page).toContain('data-flow="code-pkce" data-stage="api">20</td>');
  }, 90_000);

  it('has no self-service join unless asked for', async () => {
    expect(room.selfJoinUrl).toBeUndefined();
    expect((await fetch(`${room.appOrigin}/room/join`)).status).toBe(404);
    expect((await fetch(`${room.appOrigin}/room/join`, { method: 'POST' })).status).toBe(404);
  });

  it('does not count accounts outside the room (the fixed demo users)', async () => {
    const before = await room.stats.snapshot();
    const response = await fetch(`${room.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'playground-ropc',
        username: 'alice',
        password: 'alice-password-1',
        scope: 'openid',
      }),
    });
    expect(response.status).toBe(200);
    expect(await room.stats.snapshot()).toEqual(before);
    const attendee = await fetch(`${room.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'playground-ropc',
        username: room.attendees[0].username,
        password: room.attendees[0].password,
        scope: 'openid',
      }),
    });
    expect(attendee.status).toBe(200);
    await expect
      .poll(async () => (await room.stats.snapshot()).flows.find((f) => f.id === 'password').stages.tokens)
      .toBe(1);
  });
});

describe('what a room serves instead of the relay', () => {
  const fixture = createFixtureBuild();
  let room;
  beforeAll(async () => {
    room = await startRoom({
      host: ROOM_TEST_HOST,
      port: 4144,
      attendees: 2,
      selfJoin: 2,
      distDir: fixture.dir,
    });
  });
  afterAll(async () => {
    await room?.close();
    fixture.remove();
  });
  const post = (path, body, headers = {}) =>
    fetch(`${room.appOrigin}${path}`, { method: 'POST', body, headers, redirect: 'manual' });
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

  it('hands a form_post response back to the browser that posted it, in the callback fragment', async () => {
    const answer = await post('/form-post', 'code=abc&state=x%20y&iss=http%3A%2F%2Fi', {
      ...FORM,
      'sec-fetch-site': 'same-site',
    });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(
      `${room.appOrigin}/callback#code=abc&state=x+y&iss=http%3A%2F%2Fi`,
    );
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it.each([
    ['sent as JSON', '{"code":"a"}', { 'content-type': 'application/json' }, 415],
    ['with a body over 16 kB', `code=${'a'.repeat(17 * 1024)}`, FORM, 413],
  ])('refuses a form_post %s', async (_label, body, headers, status) => {
    expect((await post('/form-post', body, headers)).status).toBe(status);
  });

  it('serves the demo assertion key and takes public keys from its own pages only', async () => {
    const demo = await (await fetch(`${room.appOrigin}/demo/assertion-key`)).json();
    expect(demo).toMatchObject({ clientId: 'playground-assertion', tokenEndpoint: `${room.issuer}/token` });
    expect(demo.warning).toContain('this workshop room');
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid: 'attendee-key' });
    const JSON_TYPE = { 'content-type': 'application/json', origin: room.appOrigin };
    for (const origin of ['http://attacker.example', 'null', undefined]) {
      const headers = { 'content-type': 'application/json', ...(origin ? { origin } : {}) };
      expect((await post('/demo/assertion-keys', jwk, headers)).status).toBe(403);
    }
    expect(
      (await post('/demo/assertion-keys', jwk, { ...JSON_TYPE, 'content-type': 'text/plain' })).status,
    ).toBe(415);
    const added = await post('/demo/assertion-keys', jwk, JSON_TYPE);
    expect(added.status).toBe(201);
    expect((await added.json()).added.kid).toBe('attendee-key');
    const again = await post('/demo/assertion-keys', jwk, JSON_TYPE);
    expect(again.status).toBe(400);
    expect((await again.json()).error_description).toContain('already registered');
  });

  it('creates self-service accounts that sign in, shows each once, and stops at the bound', async () => {
    const page = await fetch(`${room.appOrigin}/room/join`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(await page.text()).toContain('<form method="post" action="/room/join">');
    expect((await post('/room/join', '', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);

    const created = await post('/room/join', '', { 'sec-fetch-site': 'same-origin' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const html = await created.text();
    const username = /<dt>Username<\/dt><dd><code>([^<]+)<\/code>/.exec(html)?.[1];
    const password = /<dt>Password<\/dt><dd><code>([^<]+)<\/code>/.exec(html)?.[1];
    expect(username).toBe('guest-01');
    expect(password).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const token = await fetch(`${room.issuer}/token`, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'playground-ropc',
        username,
        password,
        scope: 'openid',
      }),
    });
    expect(token.status).toBe(200);
    // The presenter sees how many exist, never their passwords.
    const stats = await (
      await fetch(`${room.appOrigin}/room/stats.json?token=${room.presenterToken}`)
    ).json();
    expect(stats.selfJoin).toEqual({ url: `${room.appOrigin}/room/join`, count: 1, max: 2 });
    expect(await (await fetch(room.printUrl)).text()).not.toContain(password);

    expect((await post('/room/join', '')).status).toBe(201);
    const full = await post('/room/join', '');
    expect(full.status).toBe(409);
    expect(await full.text()).toContain('All 2 self-service accounts of this room are taken');
  });
});

describe('self-service accounts', () => {
  it('refuses more than the rate allows within a minute, then more than the bound', async () => {
    const told = [];
    const join = await createSelfJoin({
      max: 3,
      perMinute: 2,
      onAccount: (account) => told.push(account.username),
    });
    expect((await join.join()).account.username).toBe('guest-01');
    expect((await join.join()).account.username).toBe('guest-02');
    expect(await join.join()).toEqual({ refused: 'busy' });
    expect(told).toEqual(['guest-01', 'guest-02']);
    expect(await join.count()).toBe(2);
    await join.close();
  });

  it.each([0, 1000, 2.5])('refuses a bound of %s', async (max) => {
    await expect(createSelfJoin({ max, onAccount: () => undefined })).rejects.toThrow(/from 1 to 999/);
  });
});

describe('npm run room', () => {
  it('stops on Ctrl-C and leaves nothing listening', async () => {
    const fixture = createFixtureBuild();
    const child = spawn(
      process.execPath,
      [
        ROOM_SCRIPT,
        '--host',
        ROOM_TEST_HOST,
        '--port',
        '4133',
        '--attendees',
        '3',
        '--self-join',
        '5',
        '--dist',
        fixture.dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      await expect.poll(() => output, { timeout: 20_000 }).toContain('Room ready');
      expect(output).toContain('Join URL      http://127.0.0.2:4133/');
      expect(output).toContain(
        'Self-service join (at most 5 demo accounts): http://127.0.0.2:4133/room/join',
      );
      expect(output).toMatch(
        /Presenter view[^\n]*\n\s+http:\/\/127\.0\.0\.2:4133\/room\/presenter\?token=\S+/,
      );
      expect(output).toContain('▄'); // the QR code, drawn with block characters
      for (const port of [4133, 4134, 4135]) expect(await isListening(ROOM_TEST_HOST, port)).toBe(true);
      const exited = new Promise((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      child.kill('SIGINT');
      expect(await exited).toEqual({ code: 0, signal: null });
      for (const port of [4133, 4134, 4135]) expect(await isListening(ROOM_TEST_HOST, port)).toBe(false);
      expect(output).toContain('Room stopped');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fixture.remove();
    }
  }, 30_000);

  it.each([
    [[], /--host/],
    [['--host', '0.0.0.0'], /every interface/],
    [['--host', '127.0.0.2', '--store', 'http://x'], /redis:\/\//],
    [['--host', '127.0.0.2', '--self-join', '0'], /--self-join must be from 1 to 999/],
  ])(
    'refuses %j with a clear message',
    async (args, message) => {
      const fixture = createFixtureBuild();
      const child = spawn(process.execPath, [ROOM_SCRIPT, '--port', '4136', '--dist', fixture.dir, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stderr.on('data', (chunk) => (output += chunk));
      const code = await new Promise((resolve) => child.once('exit', resolve));
      fixture.remove();
      expect(code).toBe(2);
      expect(output).toMatch(message);
    },
    20_000,
  );
});
