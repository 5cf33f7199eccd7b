import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageFor, readCspMeta, startAppServer, toCspHeader, widenConnectSrc } from './static-build.js';

const POLICY =
  "default-src 'self'; script-src 'self'; connect-src 'self' http://localhost:4000 http://localhost:4002 https:";
const page = (body) =>
  `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${POLICY.replaceAll("'", '&#39;')}"><script type="module" src="/assets/index-1.js"></script></head><body>${body}</body></html>`;

describe('the policy of a built page', () => {
  it('is read from the meta element with its entities decoded', () => {
    expect(readCspMeta(page('')).policy).toBe(POLICY);
  });

  it('is refused when the page has none', () => {
    expect(() => readCspMeta('<html></html>')).toThrow(/no Content-Security-Policy meta element/);
  });

  it('gains frame-ancestors as a header, which a meta element cannot carry', () => {
    expect(toCspHeader(`${POLICY}; `)).toBe(`${POLICY}; frame-ancestors 'none'`);
  });
});

describe('widenConnectSrc', () => {
  it('adds sources to connect-src in the meta element and the header alike', () => {
    const widened = widenConnectSrc(page('<main>home</main>'), ['http://localhost:*']);
    const expected = POLICY.replace('https:', 'https: http://localhost:*');
    expect(readCspMeta(widened.html).policy).toBe(expected);
    expect(widened.cspHeader).toBe(`${expected}; frame-ancestors 'none'`);
    expect(widened.html).toContain('<main>home</main>');
  });

  it('leaves the page alone without sources', () => {
    const html = page('');
    expect(widenConnectSrc(html, [])).toEqual({ html, cspHeader: `${POLICY}; frame-ancestors 'none'` });
  });
});

describe('pageFor', () => {
  const files = new Map(['/index.html', '/inspect.html', '/200.html'].map((path) => [path, Buffer.from('')]));
  it.each([
    ['/', '/index.html'],
    ['/inspect', '/inspect.html'],
    ['/inspect/', '/inspect.html'],
    ['/flows/code-pkce', '/200.html'],
    ['/callback', '/200.html'],
    ['/index', '/200.html'],
  ])('%s gets %s', (pathname, expected) => {
    expect(pageFor(files, pathname)).toBe(expected);
  });

  it('falls back to index.html for a build without a shell', () => {
    expect(pageFor(new Map([['/index.html', Buffer.from('')]]), '/callback')).toBe('/index.html');
  });
});

describe('startAppServer', () => {
  let dir;
  let app;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'app-build-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'index-1.js'), 'export {};\n');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'index.html'), page('<main>home</main>'));
    writeFileSync(join(dir, 'inspect.html'), page('<main>inspector</main>'));
    writeFileSync(join(dir, '200.html'), page('<div id="root"></div>'));
    app = await startAppServer({ distDir: dir, port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['/', 'home'],
    ['/inspect', 'inspector'],
    ['/flows/code-pkce?x=1', '<div id="root"></div>'],
  ])('serves %s as a page under the policy', async (path, content) => {
    const response = await fetch(`${app.origin}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(`${POLICY}; frame-ancestors 'none'`);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain(content);
  });

  it('lets the page call more origins when asked, in the header and the page', async () => {
    const wide = await startAppServer({ distDir: dir, port: 0, connectSources: ['http://127.0.0.1:*'] });
    try {
      const response = await fetch(`${wide.origin}/inspect`);
      const expected = POLICY.replace('https:', 'https: http://127.0.0.1:*');
      expect(response.headers.get('content-security-policy')).toBe(`${expected}; frame-ancestors 'none'`);
      expect(readCspMeta(await response.text()).policy).toBe(expected);
    } finally {
      await wide.close();
    }
  });

  it('serves hashed assets as immutable and other files as revalidated', async () => {
    const asset = await fetch(`${app.origin}/assets/index-1.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('export {};\n');
    const icon = await fetch(`${app.origin}/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it.each([
    ['a missing asset', 'GET', '/assets/missing.js', 404],
    ['a path outside the build', 'GET', '/../package.json', 404],
    ['bad percent-encoding', 'GET', '/%E0%A4%A', 400],
    ['a POST', 'POST', '/', 405],
  ])('refuses %s', async (_name, method, path, status) => {
    const response = await fetch(`${app.origin}${path}`, { method });
    expect(response.status).toBe(status);
  });
});
