import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createBrowser, postForm } from '../test-support.js';
import { startRoom } from './room.js';
import { ROOM_TEST_HOST, createFixtureBuild, startLoadBalancer, startRedis } from './test-support.js';

// Two companion instances of one room share Redis; a round-robin balancer serves the public
// ports. The test talks to each instance directly to move one flow from one to the other.
const PUBLIC_PORT = 4140;
const A = { app: 4150, idp: 4151, api: 4152 };
const B = { app: 4160, idp: 4161, api: 4162 };
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const at = (ports) => `http://${ROOM_TEST_HOST}:${ports.idp}`;
const appAt = (ports) => `http://${ROOM_TEST_HOST}:${ports.app}`;
const ISSUER = `http://${ROOM_TEST_HOST}:${PUBLIC_PORT + 1}`;

describe('a room on two instances sharing Redis', () => {
  const fixture = createFixtureBuild();
  let redis;
  let first;
  let second;
  const balancers = [];

  beforeAll(async () => {
    redis = await startRedis();
    const options = {
      host: ROOM_TEST_HOST,
      port: PUBLIC_PORT,
      attendees: 5,
      selfJoin: 3,
      store: redis.url,
      distDir: fixture.dir,
    };
    first = await startRoom({ ...options, ports: A });
    second = await startRoom({ ...options, ports: B });
    for (const key of ['app', 'idp', 'api']) {
      balancers.push(
        await startLoadBalancer(ROOM_TEST_HOST, PUBLIC_PORT + { app: 0, idp: 1, api: 2 }[key], [
          { host: ROOM_TEST_HOST, port: A[key] },
          { host: ROOM_TEST_HOST, port: B[key] },
        ]),
      );
    }
  }, 30_000);

  afterAll(async () => {
    await Promise.all(balancers.map((balancer) => balancer.close()));
    await first?.close();
    await second?.close();
    await redis?.stop();
    fixture.remove();
  });

  it('shares the attendees, the presenter token and the signing keys', async () => {
    expect(second.attendees).toEqual(first.attendees);
    expect(second.presenterToken).toBe(first.presenterToken);
    const keys = async (base) => (await (await fetch(`${base}/jwks`)).json()).keys.map((key) => key.kid);
    expect(await keys(at(A))).toEqual(await keys(at(B)));
    const discovery = await (await fetch(`${at(B)}/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(`http://${ROOM_TEST_HOST}:${PUBLIC_PORT + 1}`);
  });

  it('signs in on one instance, redeems the code on the other, and rotates the refresh token across both', async () => {
    const user = first.attendees[0];
    const browser = createBrowser();
    const verifier = randomBytes(32).toString('base64url');
    const redirectUri = `http://${ROOM_TEST_HOST}:${PUBLIC_PORT}/callback`;
    const authorize = new URL(`${at(A)}/auth`);
    authorize.search = new URLSearchParams({
      client_id: 'playground-spa',
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid profile offline_access api.read',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: 's',
    }).toString();
    // Each step goes to the other instance than the one before: sessions and interactions live in Redis.
    const hosts = [at(A), at(B)];
    let turn = 0;
    const other = (url) => {
      turn += 1;
      const target = new URL(url);
      const base = new URL(hosts[turn % 2]);
      target.host = base.host;
      return target.href;
    };
    let response = await browser(authorize.href);
    expect(response.status).toBe(303);
    let location = new URL(response.headers.get('location'), authorize).href;
    for (const action of ['login', 'consent']) {
      const page = await browser(other(location));
      expect(page.status).toBe(200);
      const fields =
        action === 'login' ? { username: user.username, password: user.password } : { decision: 'allow' };
      const posted = await browser(other(`${location}/${action}`), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      });
      expect(posted.status).toBe(303);
      response = await browser(other(new URL(posted.headers.get('location'), at(A)).href));
      expect(response.status).toBe(303);
      location = new URL(response.headers.get('location'), at(A)).href;
    }
    const code = new URL(location).searchParams.get('code');
    expect(code).toBeTruthy();

    const tokens = await postForm(`${at(B)}/token`, {
      grant_type: 'authorization_code',
      client_id: 'playground-spa',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    const refresh = (base, token) =>
      postForm(`${base}/token`, {
        grant_type: 'refresh_token',
        client_id: 'playground-spa',
        refresh_token: token,
      });
    const rotated = await refresh(at(A), tokens.body.refresh_token);
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(tokens.body.refresh_token);
    const again = await refresh(at(B), rotated.body.refresh_token);
    expect(again.status).toBe(200);
    // The rotated-away token is refused by either instance.
    expect((await refresh(at(B), tokens.body.refresh_token)).body.error).toBe('invalid_grant');

    // The API behind the balancer validates the token issued by the other instance's keys.
    const api = await fetch(`http://${ROOM_TEST_HOST}:${PUBLIC_PORT + 2}/me`, {
      headers: { authorization: `Bearer ${again.body.access_token}` },
    });
    expect(api.status).toBe(200);
    expect((await api.json()).caller.sub).toBe(user.sub);

    // Both instances count into the same presenter view.
    const stats = await (
      await fetch(`http://${ROOM_TEST_HOST}:${B.app}/room/stats.json?token=${first.presenterToken}`)
    ).json();
    expect(stats.flows.find((flow) => flow.id === 'code-pkce').stages).toMatchObject({
      'signed-in': 1,
      tokens: 1,
      refreshed: 1,
      api: 1,
    });

    // Replaying the code at the other instance is refused and revokes the grant's tokens everywhere.
    const replay = await postForm(`${at(A)}/token`, {
      grant_type: 'authorization_code',
      client_id: 'playground-spa',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(replay.body.error).toBe('invalid_grant');
    expect((await refresh(at(B), again.body.refresh_token)).body.error).toBe('invalid_grant');
  }, 30_000);

  it('polls a device code at one instance while the user approves it at the other', async () => {
    const user = first.attendees[1];
    const started = await postForm(`${at(A)}/device/auth`, {
      client_id: 'playground-device',
      scope: 'openid api.read',
    });
    expect(started.status).toBe(200);
    const poll = (base) =>
      postForm(`${base}/token`, {
        grant_type: DEVICE_GRANT,
        client_id: 'playground-device',
        device_code: started.body.device_code,
      });
    expect((await poll(at(B))).body.error).toBe('authorization_pending');

    const browser = createBrowser();
    const form = (fields) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
    const xsrfOf = async (response) => /name="xsrf" value="([^"]+)"/.exec(await response.text())[1];
    const entry = await browser(`${at(B)}/device`);
    const confirmPage = await browser(
      `${at(A)}/device`,
      form({ xsrf: await xsrfOf(entry), user_code: started.body.user_code }),
    );
    const confirmed = await browser(
      `${at(B)}/device`,
      form({ xsrf: await xsrfOf(confirmPage), user_code: started.body.user_code, confirm: 'yes' }),
    );
    expect(confirmed.status).toBe(303);
    let location = new URL(confirmed.headers.get('location'), at(B)).href;
    const bases = [at(A), at(B)];
    for (const [index, action] of ['login', 'consent'].entries()) {
      const base = bases[index % 2];
      const path = new URL(location).pathname;
      const fields =
        action === 'login' ? { username: user.username, password: user.password } : { decision: 'allow' };
      const posted = await browser(`${base}${path}/${action}`, form(fields));
      expect(posted.status).toBe(303);
      const resumed = await browser(
        `${bases[(index + 1) % 2]}${new URL(posted.headers.get('location'), base).pathname}`,
      );
      if (resumed.status === 200) {
        expect(await resumed.text()).toContain('Device connected');
        break;
      }
      expect(resumed.status).toBe(303);
      location = new URL(resumed.headers.get('location'), base).href;
    }
    // Wait out the poll interval (5 s), then collect the tokens at the instance that did not start the flow.
    await new Promise((resolve) => setTimeout(resolve, 5200));
    const tokens = await poll(at(B));
    expect(tokens.status).toBe(200);
    expect(tokens.body.access_token).toEqual(expect.any(String));
  }, 30_000);

  it('answers slow_down across instances: the polling record is shared', async () => {
    const started = await postForm(`${at(A)}/device/auth`, {
      client_id: 'playground-device',
      scope: 'openid',
    });
    const poll = (base) =>
      postForm(`${base}/token`, {
        grant_type: DEVICE_GRANT,
        client_id: 'playground-device',
        device_code: started.body.device_code,
      });
    expect((await poll(at(B))).body.error).toBe('authorization_pending');
    // The next poll comes at once, at the other instance: it knows the first one.
    const tooSoon = await poll(at(A));
    expect(tooSoon.body.error).toBe('slow_down');
    expect(tooSoon.body.error_description).toContain('wait 10 s');
    const again = await poll(at(B));
    expect(again.body.error).toBe('slow_down');
    expect(again.body.error_description).toContain('wait 15 s');
  });

  it('shares the demo assertion key and the public keys attendees upload', async () => {
    const demo = async (ports) => (await (await fetch(`${appAt(ports)}/demo/assertion-key`)).json()).kid;
    expect(await demo(A)).toBe(await demo(B));

    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = `attendee-${randomUUID()}`;
    const appOrigin = `http://${ROOM_TEST_HOST}:${PUBLIC_PORT}`;
    const uploaded = await fetch(`${appAt(A)}/demo/assertion-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: appOrigin },
      body: JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid }),
    });
    expect(uploaded.status).toBe(201);
    // The same kid is refused at the other instance too.
    const twice = await fetch(`${appAt(B)}/demo/assertion-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: appOrigin },
      body: JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid }),
    });
    expect(twice.status).toBe(400);

    // A client assertion signed with the uploaded key is accepted by the instance that did not take it.
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer('playground-assertion')
      .setSubject('playground-assertion')
      .setAudience(ISSUER)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(privateKey);
    const tokens = await postForm(`${at(B)}/token`, {
      grant_type: 'client_credentials',
      client_id: 'playground-assertion',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: 'api.read',
    });
    expect(tokens.body.error_description).toBeUndefined();
    expect(tokens.status).toBe(200);
  });

  it('knows a self-service account at every instance, and counts the bound across them', async () => {
    const join = (ports) => fetch(`${appAt(ports)}/room/join`, { method: 'POST' });
    const created = await join(A);
    expect(created.status).toBe(201);
    const html = await created.text();
    const username = /<dt>Username<\/dt><dd><code>([^<]+)</.exec(html)[1];
    const password = /<dt>Password<\/dt><dd><code>([^<]+)</.exec(html)[1];
    const signIn = () =>
      postForm(`${at(B)}/token`, {
        grant_type: 'password',
        client_id: 'playground-ropc',
        username,
        password,
        scope: 'openid',
      });
    // Instance B learns of the account through Redis (published at once; read again on reconnect).
    await expect.poll(async () => (await signIn()).status, { timeout: 5000 }).toBe(200);
    expect((await join(B)).status).toBe(201);
    expect((await join(A)).status).toBe(201);
    expect((await join(B)).status).toBe(409);
    const stats = await (await fetch(`${appAt(B)}/room/stats.json?token=${first.presenterToken}`)).json();
    expect(stats.selfJoin).toMatchObject({ count: 3, max: 3 });
  });

  it('finds a client registered at one instance from the other', async () => {
    const registered = await fetch(`${at(A)}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'registered in a room',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      }),
    });
    expect(registered.status).toBe(201);
    const client = await registered.json();
    const tokens = await fetch(`${at(B)}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(tokens.status).toBe(200);
    const shared = new Redis(redis.url);
    try {
      expect(await shared.get('tp:idp:registered-clients')).toBe('1');
    } finally {
      shared.disconnect();
    }
  });

  it('keeps the models in Redis, not in either process', async () => {
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('tp:oidc:*');
      for (const model of ['Session', 'Grant', 'DeviceCode', 'userCode'])
        expect(keys.some((key) => key.startsWith(`tp:oidc:${model}:`))).toBe(true);
    } finally {
      client.disconnect();
    }
  });
});
