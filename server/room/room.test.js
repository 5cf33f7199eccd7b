import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('npm run room', () => {
  it('stops on Ctrl-C and leaves nothing listening', async () => {
    const fixture = createFixtureBuild();
    const child = spawn(
      process.execPath,
      [ROOM_SCRIPT, '--host', ROOM_TEST_HOST, '--port', '4133', '--attendees', '3', '--dist', fixture.dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      await expect.poll(() => output, { timeout: 20_000 }).toContain('Room ready');
      expect(output).toContain('Join URL      http://127.0.0.2:4133/');
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
