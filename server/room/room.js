// A workshop room: the production build of the app, the demo IdP and the demo APIs served on an
// address the presenter chose, so that attendees need nothing but a browser. The relay is not part
// of a room: it stays a loopback-only tool of one person's own machine.
import { randomBytes, randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import QRCode from 'qrcode';
import { startApis } from '../apis.js';
import { closeServer, createServer, listenOn, sendJson } from '../http-util.js';
import { startIdp } from '../idp.js';
import { createCookieKeys, createSigningKeyMaterial, toSigningKeySet } from '../keys.js';
import { createMemoryAdapter } from '../memory-adapter.js';
import { addDemoUsers } from '../users.js';
import {
  PRESENTER_SCRIPT,
  PRESENTER_SCRIPT_PATH,
  ROOM_PAGE_CSP,
  ROOM_STYLESHEET,
  ROOM_STYLESHEET_PATH,
  renderBanner,
  renderPresenterPage,
  renderPrintPage,
  roomNotice,
} from './pages.js';
import { DEFAULT_ATTENDEES, DEFAULT_ROOM_PORT, MAX_ATTENDEES } from './defaults.js';
import { connectRedis, createRedisAdapter, createSharedValues } from './redis-store.js';
import { createRoomStats, createStatsStore } from './stats.js';

export { DEFAULT_ATTENDEES, DEFAULT_ROOM_PORT, MAX_ATTENDEES };

const CONTENT_TYPES = {
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

/** Letters and digits that cannot be mistaken for one another on a projector or a printout. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * Checks the address the room listens on: it must be named, and never "every interface".
 * @param {string | undefined} host
 */
export function checkRoomHost(host) {
  if (!host) {
    throw new Error(
      'choose the address attendees will use: --host <interface address or host name>, e.g. --host 192.168.1.20',
    );
  }
  if (['0.0.0.0', '::', '[::]', '*'].includes(host)) {
    throw new Error(
      `--host ${host} would listen on every interface; give the one address of the network the room uses`,
    );
  }
  if (!/^[A-Za-z0-9.-]+$/.test(host) && !/^\[?[0-9a-fA-F:]+\]?$/.test(host)) {
    throw new Error(`--host "${host}" is not an IP address or host name`);
  }
  return host;
}

/** Generates the room's attendee accounts: attendee-01 … with random demo passwords. */
export function createAttendees(count) {
  if (!Number.isInteger(count) || count < 1 || count > MAX_ATTENDEES) {
    throw new Error(
      `the number of attendees must be a whole number from 1 to ${MAX_ATTENDEES}, got ${count}`,
    );
  }
  const width = String(count).length < 2 ? 2 : String(count).length;
  return Array.from({ length: count }, (_, index) => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((byte) => PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length]).join('');
    const number = String(index + 1).padStart(width, '0');
    return {
      sub: randomUUID(),
      username: `attendee-${number}`,
      password: `${chars.slice(0, 5)}-${chars.slice(5)}`,
      name: `Attendee ${number}`,
      given_name: 'Attendee',
      family_name: number,
      email: `attendee-${number}@room.example.test`,
      email_verified: true,
      roles: [],
      groups: ['workshop-attendees'],
    };
  });
}

function sameSecret(given, expected) {
  const digest = (value) => createHash('sha256').update(String(value)).digest();
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));
}

function formatHost(host) {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Reads the whole production build into memory (a few hundred kB): every request is a map lookup. */
function loadBuild(distDir) {
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
 * Rewrites the built index.html for the room: its CSP may connect to the room's IdP and APIs
 * instead of the loopback companion, the runtime configuration names them, and the room notice
 * is shown above the app. No script is added.
 */
export function prepareIndexHtml(html, { issuer, apiOrigin, notice }) {
  const cspMeta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"\s*\/?>/.exec(html);
  if (!cspMeta) throw new Error('the built index.html has no Content-Security-Policy meta element');
  const directives = decodeAttribute(cspMeta[1])
    .split(';')
    .map((directive) => directive.trim())
    .filter(Boolean)
    .map((directive) =>
      directive.startsWith('connect-src ') ? `connect-src 'self' ${issuer} ${apiOrigin} https:` : directive,
    );
  const csp = directives.join('; ');
  const config = { localIssuer: issuer, apiUrl: `${apiOrigin}/me`, relay: false };
  const configMeta = `<meta name="token-playground-config" content="${escapeAttribute(JSON.stringify(config))}">`;
  const out = html
    .replace(
      cspMeta[0],
      `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">\n${configMeta}\n<link rel="stylesheet" href="${ROOM_STYLESHEET_PATH}">`,
    )
    .replace(/<body([^>]*)>/, (body) => `${body}\n${renderBanner(notice)}`);
  return { html: out, cspHeader: `${csp}; frame-ancestors 'none'` };
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

function escapeAttribute(value) {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Starts one instance of a room. Several instances given the same `publicHost`, `port` and Redis
 * `store` serve one room behind a load balancer.
 * @param {{ host: string, port?: number, publicHost?: string, attendees?: number, store?: string,
 *   distDir: string, dataDir?: string, ports?: { app: number, idp: number, api: number } }} options
 *   `ports` binds this instance elsewhere than the public ports (an instance behind a load balancer).
 */
export async function startRoom(options) {
  const host = checkRoomHost(options.host);
  const port = options.port ?? DEFAULT_ROOM_PORT;
  const publicHost = formatHost(options.publicHost ?? host);
  const bind = options.ports ?? { app: port, idp: port + 1, api: port + 2 };
  const appOrigin = `http://${publicHost}:${port}`;
  const issuer = `http://${publicHost}:${port + 1}`;
  const apiOrigin = `http://${publicHost}:${port + 2}`;
  const joinUrl = `${appOrigin}/`;
  const notice = roomNotice(joinUrl);
  const files = loadBuild(options.distDir);

  const cleanups = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  };
  try {
    let shared;
    let createAdapter = createMemoryAdapter;
    let keys;
    let redis;
    if (options.store) {
      redis = await connectRedis(options.store);
      cleanups.push(() => redis.quit().catch(() => redis.disconnect()));
      shared = createSharedValues(redis);
      createAdapter = createRedisAdapter(redis);
      keys = {
        jwks: await toSigningKeySet(await shared.once('signing-keys', createSigningKeyMaterial)),
        cookieKeys: await shared.once('cookie-keys', createCookieKeys),
      };
    }
    const once = (name, create) => (shared ? shared.once(name, create) : create());
    const attendees = await once('attendees', () => createAttendees(options.attendees ?? DEFAULT_ATTENDEES));
    const presenterToken = await once('presenter-token', () => randomBytes(18).toString('base64url'));
    cleanups.push(addDemoUsers(attendees));
    const bySub = new Map(attendees.map((user) => [user.sub, user]));

    const idp = await startIdp({
      host,
      port: bind.idp,
      issuer,
      appOrigin,
      relayOrigin: null,
      dataDir: options.dataDir,
      createAdapter,
      keys,
      banner: notice,
      corsForAllClients: true,
    });
    cleanups.push(() => idp.close());
    const stats = createRoomStats({
      provider: idp.provider,
      store: createStatsStore(redis),
      usernameOf: (sub) => bySub.get(sub)?.username,
      onError: (error) => process.stderr.write(`room statistics: ${error.message}\n`),
    });
    cleanups.push(() => stats.stop());
    const apis = await startApis({
      host,
      port: bind.api,
      issuer,
      appOrigin,
      onCall: (call) => stats.recordApiCall(call),
    });
    cleanups.push(() => apis.close());

    // Every app route gets the header-only shell (200.html): index.html holds the home page rendered
    // at build time, which must not paint under another route's address (decision 0160).
    const shell = files.get('/200.html') ?? files.get('/index.html');
    const index = prepareIndexHtml(shell.toString('utf8'), { issuer, apiOrigin, notice });
    const qrSvg = await QRCode.toString(joinUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    const app = createServer((req, res) => {
      serveApp(req, res).catch((error) => {
        if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: error.message });
        else res.destroy();
      });
    });
    const pageHeaders = {
      'content-security-policy': ROOM_PAGE_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };

    async function serveApp(req, res) {
      const url = new URL(req.url, appOrigin);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
        res.end('Only GET and HEAD are served here.\n');
        return;
      }
      if (url.pathname === ROOM_STYLESHEET_PATH) {
        res.writeHead(200, {
          'content-type': 'text/css; charset=utf-8',
          'cache-control': 'public, max-age=600',
        });
        res.end(req.method === 'HEAD' ? undefined : ROOM_STYLESHEET);
        return;
      }
      if (url.pathname === PRESENTER_SCRIPT_PATH) {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', ...pageHeaders });
        res.end(req.method === 'HEAD' ? undefined : PRESENTER_SCRIPT);
        return;
      }
      if (url.pathname.startsWith('/room/')) {
        await serveRoomPage(req, res, url);
        return;
      }
      const file = files.get(url.pathname);
      if (file && url.pathname !== '/index.html') {
        res.writeHead(200, {
          'content-type': CONTENT_TYPES[extname(url.pathname)] ?? 'application/octet-stream',
          'x-content-type-options': 'nosniff',
          'cache-control': url.pathname.startsWith('/assets/')
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        });
        res.end(req.method === 'HEAD' ? undefined : file);
        return;
      }
      // Every other path is a route of the single-page app.
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': index.cspHeader,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : index.html);
    }

    async function serveRoomPage(req, res, url) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const token = url.searchParams.get('token') ?? bearer;
      if (url.pathname === '/room/qr.svg') {
        res.writeHead(200, { 'content-type': 'image/svg+xml', ...pageHeaders });
        res.end(qrSvg);
        return;
      }
      const known = ['/room/print', '/room/presenter', '/room/stats.json'];
      if (!known.includes(url.pathname)) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...pageHeaders });
        res.end('No such room page.\n');
        return;
      }
      if (!sameSecret(token, presenterToken)) {
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', ...pageHeaders });
        res.end(
          'This page is for the presenter: open the link printed in the terminal that started the room.\n',
        );
        return;
      }
      if (url.pathname === '/room/stats.json') {
        sendJson(res, 200, { joinUrl, attendees: attendees.length, ...(await stats.snapshot()) });
        return;
      }
      const html =
        url.pathname === '/room/print'
          ? renderPrintPage({ joinUrl, qrSvg, notice, attendees })
          : renderPresenterPage({
              notice,
              joinUrl,
              attendeeCount: attendees.length,
              snapshot: await stats.snapshot(),
            });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...pageHeaders });
      res.end(html);
    }

    await listenOn(app, bind.app, host);
    cleanups.push(() => closeServer(app));

    return {
      joinUrl,
      appOrigin,
      issuer,
      apiOrigin,
      attendees,
      presenterToken,
      printUrl: `${appOrigin}/room/print?token=${presenterToken}`,
      presenterUrl: `${appOrigin}/room/presenter?token=${presenterToken}`,
      provider: idp.provider,
      stats,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The production build's folder (repository `dist/`). */
export const DEFAULT_DIST_DIR = resolve(new URL('../../dist/', import.meta.url).pathname);
