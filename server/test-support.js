// Helpers for the companion's own tests: real servers on free loopback ports, a tiny cookie jar.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, generateKeyPair, importJWK } from 'jose';
import { startCompanion } from './index.js';

export const APP_ORIGIN = 'http://localhost:5173';

export async function startTestCompanion() {
  const dataDir = mkdtempSync(join(tmpdir(), 'companion-test-'));
  const companion = await startCompanion({
    idpPort: 0,
    apiPort: 0,
    relayPort: 0,
    entraLoginPort: 0,
    entraGraphPort: 0,
    appOrigin: APP_ORIGIN,
    dataDir,
  });
  return {
    ...companion,
    dataDir,
    async close() {
      await companion.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function basicAuth(clientId, secret) {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

export async function postForm(url, params, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export function decodePart(jwt, index) {
  return JSON.parse(Buffer.from(jwt.split('.')[index], 'base64url').toString('utf8'));
}

/** Follows no redirects itself; keeps cookies between calls like a browser on one site. */
export function createBrowser() {
  const cookies = new Map();
  return async function request(url, init = {}) {
    const cookieHeader = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), ...(cookieHeader ? { cookie: cookieHeader } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  };
}

/** Signs an access token with the IdP's own RSA key (or a forged one), as the IdP would. */
export async function signAccessToken(companion, claims = {}, { forged = false, expired = false } = {}) {
  const stored = JSON.parse(readFileSync(join(companion.dataDir, 'signing-keys.json'), 'utf8'));
  const jwks = await (await fetch(`${companion.issuer}/jwks`)).json();
  const kid = jwks.keys.find((key) => key.kty === 'RSA').kid;
  const key = forged ? (await generateKeyPair('RS256')).privateKey : await importJWK(stored.rsa, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: 'api.read', client_id: 'playground-web', ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
    .setIssuer(companion.issuer)
    .setAudience('api://playground-api')
    .setSubject('playground-web')
    .setIssuedAt(expired ? now - 7200 : now)
    .setExpirationTime(expired ? now - 3600 : now + 600)
    .sign(key);
}

export async function submitForm(browser, url, fields) {
  return browser(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

/**
 * Drives the IdP's pages like a user: from an authorization URL through sign-in (with the security
 * code when given, or "continue with the password only" when `skipSecondFactor`) and consent (allow
 * unless `deny`), to the redirect. Returns the final response (a redirect to the client, or a page).
 */
export async function signInThroughPages(
  browser,
  issuer,
  authorizationUrl,
  {
    username = 'alice',
    password,
    securityCode,
    skipSecondFactor = false,
    deny = false,
    onLogin,
    onConsent,
  } = {},
) {
  let response = await browser(authorizationUrl);
  for (let hop = 0; hop < 10; hop += 1) {
    const location = response.headers.get('location');
    if (response.status !== 303 && response.status !== 302) return response;
    const next = new URL(location, issuer);
    if (next.origin !== new URL(issuer).origin) return response;
    const match = /^\/interaction\/([\w-]+)$/.exec(next.pathname);
    if (!match) {
      response = await browser(next);
      continue;
    }
    const page = await browser(next);
    const html = await page.text();
    if (html.includes('name="password"')) {
      await onLogin?.(html);
      const fields = { username, password: password ?? `${username}-password-1` };
      if (securityCode !== undefined) fields.security_code = securityCode;
      if (skipSecondFactor) fields.skip_second_factor = 'yes';
      response = await submitForm(browser, `${next}/login`, fields);
      if (response.status === 400) return response;
    } else {
      await onConsent?.(html);
      response = await submitForm(browser, `${next}/consent`, { decision: deny ? 'deny' : 'allow' });
    }
  }
  throw new Error('too many redirects');
}
