// Helpers for the companion's own tests: real servers on free loopback ports, a tiny cookie jar.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
