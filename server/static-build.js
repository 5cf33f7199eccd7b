// Serving the production build (dist/) from memory: `npm start` (startAppServer) and the workshop
// room (server/room/room.js) both use it. The build is a few hundred kB, so every request is a
// map lookup and no request path ever reaches the file system.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { closeServer, createServer, listenOn } from './http-util.js';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

/** The page for addresses without a page rendered at build time (decision 0160). */
export const SHELL_PAGE = '/200.html';

/**
 * What `npm start` (and the e2e app, served the same way) lets pages call besides the companion: any
 * loopback port over plain http, where people run their own providers (a local Keycloak, say).
 */
export const LOOPBACK_CONNECT_SOURCES = ['http://localhost:*', 'http://127.0.0.1:*'];

/**
 * Reads the whole production build into memory, keyed by URL path (`/assets/index-1a2b.js`).
 * @param {string} distDir
 * @returns {Map<string, Buffer>}
 */
export function loadBuild(distDir) {
  const files = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(`/${relative(distDir, path).split(sep).join('/')}`, readFileSync(path));
    }
  };
  walk(distDir);
  if (!files.has('/index.html')) throw new Error(`no production build in ${distDir}: run "npm run build"`);
  return files;
}

/**
 * The policy of a built page's Content-Security-Policy meta element, entities decoded.
 * @param {string} html
 * @returns {{ element: string, policy: string }}
 */
export function readCspMeta(html) {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"\s*\/?>/.exec(html);
  if (!meta) throw new Error('the built page has no Content-Security-Policy meta element');
  return { element: meta[0], policy: decodeAttribute(meta[1]) };
}

function decodeAttribute(value) {
  const named = { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" };
  return value.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(\w+));/gi, (entity, decimal, hex, name) =>
    decimal
      ? String.fromCodePoint(Number(decimal))
      : hex
        ? String.fromCodePoint(parseInt(hex, 16))
        : (named[name] ?? entity),
  );
}

/**
 * The header form of a page's policy: the meta element's directives plus `frame-ancestors`,
 * which browsers ignore in a meta element.
 * @param {string} policy
 */
export function toCspHeader(policy) {
  const directives = policy
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive && !directive.startsWith('frame-ancestors'));
  return [...directives, "frame-ancestors 'none'"].join('; ');
}

/**
 * Answers a GET or HEAD for a file of the build other than a page: hashed assets may be cached
 * for good, everything else is revalidated. Returns false when `pathname` is not such a file.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Map<string, Buffer>} files
 * @param {string} pathname
 */
export function sendBuildFile(req, res, files, pathname) {
  const file = files.get(pathname);
  if (!file || extname(pathname) === '.html') return false;
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(pathname)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : file);
  return true;
}

/**
 * The page of the build an address gets: `/` the home page, `/inspect` inspect.html when it was
 * rendered at build time, every other route of the single-page app the shell (200.html).
 * @param {Map<string, Buffer>} files
 * @param {string} pathname
 */
export function pageFor(files, pathname) {
  if (pathname === '/') return '/index.html';
  const rendered = pathname.endsWith('.html') ? pathname : `${pathname.replace(/\/$/, '')}.html`;
  // index.html holds the home page's content, which must not paint under another address.
  if (rendered !== '/index.html' && files.has(rendered)) return rendered;
  return files.has(SHELL_PAGE) ? SHELL_PAGE : '/index.html';
}

/** Escapes a value for a double-quoted HTML attribute. */
export function escapeAttribute(value) {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A built page whose policy's `connect-src` also allows `sources`, in its meta element and in the
 * returned header form. Without sources the page is left as it is.
 * @param {string} html
 * @param {string[]} sources
 * @returns {{ html: string, cspHeader: string }}
 */
export function widenConnectSrc(html, sources) {
  const meta = readCspMeta(html);
  if (sources.length === 0) return { html, cspHeader: toCspHeader(meta.policy) };
  const policy = meta.policy
    .split(';')
    .map((directive) => directive.trim())
    .filter(Boolean)
    .map((directive) =>
      directive.startsWith('connect-src ') ? `${directive} ${sources.join(' ')}` : directive,
    )
    .join('; ');
  const element = `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(policy)}">`;
  return { html: html.replace(meta.element, element), cspHeader: toCspHeader(policy) };
}

/**
 * Serves the production build on loopback for `npm start`: the app's pages with their policy as a
 * header too, and its assets. The build's policy already lets the page reach the local companion;
 * `connectSources` adds origins the page may also call (npm start: any loopback port, where people
 * run their own providers over plain http).
 * @param {{ distDir: string, port: number, host?: string, connectSources?: string[] }} options
 * @returns {Promise<{ origin: string, port: number, close(): Promise<void> }>}
 */
export async function startAppServer({ distDir, port, host = '127.0.0.1', connectSources = [] }) {
  const files = loadBuild(distDir);
  const pageHeaders = new Map();
  for (const [path, file] of files) {
    if (extname(path) !== '.html') continue;
    const page = widenConnectSrc(file.toString('utf8'), connectSources);
    files.set(path, Buffer.from(page.html));
    pageHeaders.set(path, {
      'content-type': CONTENT_TYPES['.html'],
      'content-security-policy': page.cspHeader,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
  }
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Only GET and HEAD are served here.\n');
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://app.invalid').pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The address is not valid percent-encoding.\n');
      return;
    }
    if (sendBuildFile(req, res, files, pathname)) return;
    if (extname(pathname) && extname(pathname) !== '.html') {
      res.writeHead(404, {
        'content-type': 'text/plain; charset=utf-8',
        'x-content-type-options': 'nosniff',
      });
      res.end('No such file in the build.\n');
      return;
    }
    const page = pageFor(files, pathname);
    res.writeHead(200, pageHeaders.get(page));
    res.end(req.method === 'HEAD' ? undefined : files.get(page));
  });
  const bound = await listenOn(server, port, host);
  return { origin: `http://localhost:${bound}`, port: bound, close: () => closeServer(server) };
}
