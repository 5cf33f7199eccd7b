// Plays workshop attendees against a room through the real HTTP exchanges a browser and the app
// make: authorization code + PKCE (authorize, sign-in, consent, token, refresh, userinfo, demo API)
// and the device code flow (device authorization, polling, the verification pages). Used by
// `npm run bench:room` and, at a small count, by the test suite.
import { createHash, randomBytes } from 'node:crypto';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

class ExchangeError extends Error {
  constructor(exchange, message) {
    super(`${exchange}: ${message}`);
    this.exchange = exchange;
  }
}

/** One browser (cookies for one site) that records how long each named exchange took. */
function createAttendeeClient(timings, origin) {
  const cookies = new Map();
  return async function exchange(name, url, init = {}, expected = [200]) {
    const cookie = [...cookies].map(([key, value]) => `${key}=${value}`).join('; ');
    const headers = {
      ...(init.headers ?? {}),
      ...(cookie && new URL(url).origin === origin ? { cookie } : {}),
    };
    const begun = performance.now();
    let response;
    let text;
    try {
      response = await fetch(url, {
        ...init,
        headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(30_000),
      });
      text = await response.text();
    } catch (error) {
      throw new ExchangeError(name, error.cause?.code ?? error.message);
    } finally {
      const list = timings.get(name) ?? [];
      list.push(performance.now() - begun);
      timings.set(name, list);
    }
    if (new URL(url).origin === origin) {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const index = pair.indexOf('=');
        const key = pair.slice(0, index);
        const value = pair.slice(index + 1);
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(key);
        else cookies.set(key, value);
      }
    }
    if (!expected.includes(response.status)) {
      throw new ExchangeError(
        name,
        `HTTP ${response.status} (expected ${expected.join(' or ')}): ${text.slice(0, 200)}`,
      );
    }
    const location = response.headers.get('location');
    return { status: response.status, text, location: location ? new URL(location, url).href : undefined };
  };
}

const form = (fields) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});

function pick(text, pattern, what, exchange) {
  const found = pattern.exec(text)?.[1];
  if (!found) throw new ExchangeError(exchange, `no ${what} in the page`);
  return found;
}

function parseJson(text, exchange) {
  try {
    return JSON.parse(text);
  } catch {
    throw new ExchangeError(exchange, 'the answer is not JSON');
  }
}

/** Signs in and consents on the IdP's pages, starting from a redirect to an interaction. */
async function signInAndConsent(exchange, firstLocation, user) {
  let location = firstLocation;
  for (let step = 0; step < 6; step += 1) {
    const interaction = /\/interaction\/([\w-]+)$/.exec(new URL(location).pathname);
    if (!interaction) return location;
    const page = await exchange('interaction page', location);
    const action = new URL(
      pick(page.text, /<form method="post" action="([^"]+)"/, 'form', 'interaction page'),
      location,
    ).href;
    const isLogin = action.endsWith('/login');
    const submitted = isLogin
      ? await exchange('sign-in', action, form({ username: user.username, password: user.password }), [303])
      : await exchange('consent', action, form({ decision: 'allow' }), [303]);
    const resumed = await exchange('authorize (resume)', submitted.location, {}, [303, 200]);
    if (resumed.status === 200) return resumed;
    location = resumed.location;
  }
  throw new ExchangeError('interaction', 'more than six sign-in steps');
}

/** One authorization code + PKCE run of the SPA, signing in on the IdP's pages when needed. */
async function authorizeWithPkce(exchange, { appOrigin, discovery, user }, scope, extra = {}) {
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: 'playground-spa',
    response_type: 'code',
    redirect_uri: `${appOrigin}/callback`,
    scope,
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
  const started = await exchange('authorize', authorize.href, {}, [303]);
  const callback = await signInAndConsent(exchange, started.location, user);
  const code = typeof callback === 'string' ? new URL(callback).searchParams.get('code') : null;
  if (!code) throw new ExchangeError('authorize', 'no code in the redirect to the app');
  return tokenRequest(exchange, 'token (code)', discovery, appOrigin, {
    grant_type: 'authorization_code',
    client_id: 'playground-spa',
    code,
    redirect_uri: `${appOrigin}/callback`,
    code_verifier: verifier,
  });
}

/** A token request as the SPA sends it (from the app's origin, CORS). */
async function tokenRequest(exchange, name, discovery, appOrigin, fields) {
  const request = form(fields);
  const answer = await exchange(name, discovery.token_endpoint, {
    ...request,
    headers: { ...request.headers, origin: appOrigin },
  });
  return parseJson(answer.text, name);
}

/**
 * Authorization code + PKCE as an attendee runs it in the app: sign-in and consent, tokens for the
 * demo API, a refresh, the API call; then a second run for OpenID scopes only (single sign-on, no
 * pages), whose access token is for the IdP itself and so is accepted by UserInfo.
 */
async function playCodeFlow(context) {
  const { issuer, appOrigin, apiUrl, discovery, user, timings } = context;
  const exchange = createAttendeeClient(timings, issuer);
  const tokens = await authorizeWithPkce(exchange, context, 'openid profile offline_access api.read', {
    prompt: 'consent',
  });
  if (!tokens.refresh_token) throw new ExchangeError('token (code)', 'no refresh token');
  const refreshed = await tokenRequest(exchange, 'token (refresh)', discovery, appOrigin, {
    grant_type: 'refresh_token',
    client_id: 'playground-spa',
    refresh_token: tokens.refresh_token,
  });
  await exchange('demo API', apiUrl, {
    headers: { authorization: `Bearer ${refreshed.access_token}`, origin: appOrigin },
  });
  const openid = await authorizeWithPkce(exchange, context, 'openid profile');
  const claims = parseJson(
    (
      await exchange('userinfo', discovery.userinfo_endpoint, {
        headers: { authorization: `Bearer ${openid.access_token}`, origin: appOrigin },
      })
    ).text,
    'userinfo',
  );
  if (claims.preferred_username !== user.username) throw new ExchangeError('userinfo', 'wrong user');
}

/** The device code flow: the device polls while the attendee enters the code on the IdP's pages. */
async function playDeviceFlow({ issuer, appOrigin, apiUrl, discovery, user, timings, pollFloorMs }) {
  const device = createAttendeeClient(timings, issuer);
  const browser = createAttendeeClient(timings, issuer);
  const authorization = parseJson(
    (
      await device(
        'device authorization',
        discovery.device_authorization_endpoint,
        form({ client_id: 'playground-device', scope: 'openid profile api.read' }),
      )
    ).text,
    'device authorization',
  );
  let intervalMs = Math.max(authorization.interval * 1000, pollFloorMs);
  const poll = async () => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      const answer = await device(
        'token (device poll)',
        discovery.token_endpoint,
        form({
          grant_type: DEVICE_GRANT,
          client_id: 'playground-device',
          device_code: authorization.device_code,
        }),
        [200, 400],
      );
      const body = parseJson(answer.text, 'token (device poll)');
      if (answer.status === 200) return body;
      if (body.error === 'slow_down') intervalMs += 5000;
      else if (body.error !== 'authorization_pending')
        throw new ExchangeError('token (device poll)', `${body.error}: ${body.error_description}`);
    }
    throw new ExchangeError('token (device poll)', 'still pending after 20 polls');
  };
  const approve = async () => {
    const entry = await browser('device page', authorization.verification_uri);
    const xsrf = pick(entry.text, /name="xsrf" value="([^"]+)"/, 'xsrf', 'device page');
    const confirmPage = await browser(
      'device code entry',
      authorization.verification_uri,
      form({ xsrf, user_code: authorization.user_code }),
    );
    const confirmed = await browser(
      'device confirm',
      authorization.verification_uri,
      form({
        xsrf: pick(confirmPage.text, /name="xsrf" value="([^"]+)"/, 'xsrf', 'device code entry'),
        user_code: authorization.user_code,
        confirm: 'yes',
      }),
      [303],
    );
    const done = await signInAndConsent(browser, confirmed.location, user);
    if (typeof done === 'string' || !/success|signed in|done/i.test(done.text))
      throw new ExchangeError('device confirm', 'no success page at the end');
  };
  const [tokens] = await Promise.all([poll(), approve()]);
  await device('demo API', apiUrl, {
    headers: { authorization: `Bearer ${tokens.access_token}`, origin: appOrigin },
  });
}

function percentile(sorted, fraction) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/**
 * Plays `count` attendees concurrently, each through one code + PKCE flow and one device code flow.
 * `rampMs` spreads their start times evenly over that span (0: all at the same instant).
 * @param {{ issuer: string, appOrigin: string, apiUrl: string, attendees: Array<{ username: string, password: string }>,
 *   count: number, timeLimitMs?: number, pollFloorMs?: number, rampMs?: number }} options
 * @returns {Promise<{ count: number, errors: string[], exchanges: Record<string, { n: number, p50: number, p95: number, max: number }>, worstP95: number, seconds: number }>}
 */
export async function runRoomLoad({
  issuer,
  appOrigin,
  apiUrl,
  attendees,
  count,
  timeLimitMs = 120_000,
  pollFloorMs = 0,
  rampMs = 0,
}) {
  if (count > attendees.length)
    throw new Error(`only ${attendees.length} attendee accounts for ${count} players`);
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const timings = new Map();
  const errors = [];
  const begun = performance.now();
  const deadline = new Promise((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`time limit of ${timeLimitMs} ms reached`)), timeLimitMs);
    timer.unref();
  });
  const players = attendees.slice(0, count).map(async (user, index) => {
    // Arrivals spread evenly over the ramp: a room where everyone starts within rampMs of "go".
    if (rampMs > 0) await new Promise((resolve) => setTimeout(resolve, (rampMs * index) / count));
    const context = { issuer, appOrigin, apiUrl, discovery, user, timings, pollFloorMs };
    const results = await Promise.allSettled([playCodeFlow(context), playDeviceFlow(context)]);
    for (const result of results)
      if (result.status === 'rejected') errors.push(`${user.username} ${result.reason.message}`);
  });
  try {
    await Promise.race([Promise.all(players), deadline]);
  } catch (error) {
    errors.push(error.message);
  }
  const exchanges = {};
  for (const [name, list] of timings) {
    const sorted = [...list].sort((a, b) => a - b);
    const round = (value) => Math.round(value * 10) / 10;
    exchanges[name] = {
      n: sorted.length,
      p50: round(percentile(sorted, 0.5)),
      p95: round(percentile(sorted, 0.95)),
      max: round(sorted.at(-1)),
    };
  }
  const worstP95 = Math.max(0, ...Object.values(exchanges).map((entry) => entry.p95));
  return { count, errors, exchanges, worstP95, seconds: Math.round((performance.now() - begun) / 100) / 10 };
}
