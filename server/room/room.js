// A workshop room: the production build of the app, the demo IdP and the demo APIs served on an
// address the presenter chose, so that attendees need nothing but a browser. The relay is not part
// of a room: it stays a loopback-only tool of one person's own machine.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { resolve } from 'node:path';
import QRCode from 'qrcode';
import { startApis } from '../apis.js';
import { ASSERTION_CLIENT_ID } from '../config.js';
import {
  BodyTooLargeError,
  closeServer,
  createServer,
  listenOn,
  readBody,
  redirectFormPostToApp,
  sendJson,
} from '../http-util.js';
import { MAX_UPLOADED_KEYS, describeDemoAssertionKey, startIdp } from '../idp.js';
import {
  createAssertionKeyMaterial,
  createCookieKeys,
  createSigningKeyMaterial,
  toAssertionKey,
  toSigningKeySet,
} from '../keys.js';
import { createMemoryAdapter } from '../memory-adapter.js';
import { SHELL_PAGE, escapeAttribute, loadBuild, readCspMeta, sendBuildFile } from '../static-build.js';
import { addDemoUsers } from '../users.js';
import { createAttendees, createSelfJoin } from './accounts.js';
import {
  JOIN_PAGE_CSP,
  PRESENTER_SCRIPT,
  PRESENTER_SCRIPT_PATH,
  ROOM_PAGE_CSP,
  ROOM_STYLESHEET,
  ROOM_STYLESHEET_PATH,
  renderBanner,
  renderJoinPage,
  renderPresenterPage,
  renderPrintPage,
  roomNotice,
} from './pages.js';
import { DEFAULT_ATTENDEES, DEFAULT_ROOM_PORT, MAX_ATTENDEES } from './defaults.js';
import { connectRedis, createRedisAdapter, createRedisIdpState, createSharedValues } from './redis-store.js';
import { createRoomStats, createStatsStore } from './stats.js';

export { DEFAULT_ATTENDEES, DEFAULT_ROOM_PORT, MAX_ATTENDEES, createAttendees };

/** The largest body the room's form_post receiver and key upload accept. */
const MAX_POST_BYTES = 16 * 1024;

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

function sameSecret(given, expected) {
  const digest = (value) => createHash('sha256').update(String(value)).digest();
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(expected));
}

function formatHost(host) {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Rewrites the built index.html for the room: its CSP may connect to the room's IdP and APIs
 * instead of the loopback companion, the runtime configuration names them, and the room notice
 * is shown above the app. No script is added.
 */
export function prepareIndexHtml(html, { appOrigin, issuer, apiOrigin, notice }) {
  const cspMeta = readCspMeta(html);
  const directives = cspMeta.policy
    .split(';')
    .map((directive) => directive.trim())
    .filter(Boolean)
    .map((directive) =>
      directive.startsWith('connect-src ') ? `connect-src 'self' ${issuer} ${apiOrigin} https:` : directive,
    );
  const csp = directives.join('; ');
  // The room serves the form_post receiver and the demo key routes itself, on the app's origin.
  const config = {
    localIssuer: issuer,
    apiUrl: `${apiOrigin}/me`,
    relay: false,
    formPostReceiver: `${appOrigin}/form-post`,
    demoKeyOrigin: appOrigin,
  };
  const configMeta = `<meta name="token-playground-config" content="${escapeAttribute(JSON.stringify(config))}">`;
  const out = html
    .replace(
      cspMeta.element,
      `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">\n${configMeta}\n<link rel="stylesheet" href="${ROOM_STYLESHEET_PATH}">`,
    )
    .replace(/<body([^>]*)>/, (body) => `${body}\n${renderBanner(notice)}`);
  return { html: out, cspHeader: `${csp}; frame-ancestors 'none'` };
}

/**
 * Starts one instance of a room. Several instances given the same `publicHost`, `port` and Redis
 * `store` serve one room behind a load balancer.
 * @param {{ host: string, port?: number, publicHost?: string, attendees?: number, store?: string,
 *   selfJoin?: number, distDir: string, dataDir?: string, ports?: { app: number, idp: number, api: number } }} options
 *   `ports` binds this instance elsewhere than the public ports (an instance behind a load balancer);
 *   `selfJoin` lets attendees create up to that many demo accounts on /room/join.
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
  const selfJoinUrl = options.selfJoin ? `${appOrigin}/room/join` : undefined;
  const notice = roomNotice(joinUrl, selfJoinUrl);
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
    let state;
    if (options.store) {
      redis = await connectRedis(options.store);
      cleanups.push(() => redis.quit().catch(() => redis.disconnect()));
      shared = createSharedValues(redis);
      createAdapter = createRedisAdapter(redis);
      keys = {
        jwks: await toSigningKeySet(await shared.once('signing-keys', createSigningKeyMaterial)),
        cookieKeys: await shared.once('cookie-keys', createCookieKeys),
        assertionKey: await toAssertionKey(await shared.once('assertion-key', createAssertionKeyMaterial)),
      };
      state = createRedisIdpState(redis);
    }
    const once = (name, create) => (shared ? shared.once(name, create) : create());
    const attendees = await once('attendees', () => createAttendees(options.attendees ?? DEFAULT_ATTENDEES));
    const presenterToken = await once('presenter-token', () => randomBytes(18).toString('base64url'));
    cleanups.push(addDemoUsers(attendees));
    const bySub = new Map(attendees.map((user) => [user.sub, user]));
    const selfJoin = options.selfJoin
      ? await createSelfJoin({
          max: options.selfJoin,
          redis,
          onAccount(account) {
            cleanups.push(addDemoUsers([account]));
            bySub.set(account.sub, account);
          },
        })
      : undefined;
    if (selfJoin) cleanups.push(() => selfJoin.close());

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
      formPostReceiver: `${appOrigin}/form-post`,
      state,
      // Every attendee may upload a public key for the private_key_jwt client.
      maxUploadedKeys: Math.max(MAX_UPLOADED_KEYS, attendees.length + (options.selfJoin ?? 0)),
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
      publicOrigin: apiOrigin,
      onCall: (call) => stats.recordApiCall(call),
    });
    cleanups.push(() => apis.close());
    idp.addApiOrigin(apis.origin);

    // Every app route gets the header-only shell (200.html): index.html holds the home page rendered
    // at build time, which must not paint under another route's address (decision 0160).
    const shell = files.get(SHELL_PAGE) ?? files.get('/index.html');
    const index = prepareIndexHtml(shell.toString('utf8'), { appOrigin, issuer, apiOrigin, notice });
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
      const route = `${req.method} ${url.pathname}`;
      if (route === 'POST /form-post') {
        await receiveFormPost(req, res);
        return;
      }
      if (route === 'GET /demo/assertion-key' || route === 'POST /demo/assertion-keys') {
        await serveDemoKeys(req, res);
        return;
      }
      if (route === 'POST /room/join') {
        await serveJoin(req, res);
        return;
      }
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
      if (sendBuildFile(req, res, files, url.pathname)) return;
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

    /** Refuses a request that a page of another site made (Fetch Metadata), with a plain reason. */
    function refuseOtherSites(req, res, allowed) {
      const site = req.headers['sec-fetch-site'];
      if (site === undefined || allowed.includes(site)) return false;
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', ...pageHeaders });
      res.end(`Refused: this request came from another site (Sec-Fetch-Site: ${site}).\n`);
      return true;
    }

    async function readSmallBody(req, res) {
      try {
        return await readBody(req, MAX_POST_BYTES);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        sendJson(res, 413, { error: 'payload_too_large', error_description: error.message });
        return undefined;
      }
    }

    // The room's form_post receiver (instead of the loopback relay's): an IdP's auto-submit page
    // posts the authorization response here, from the attendee's own browser, and that browser gets
    // it back in the callback's fragment. Nothing is kept, so no attendee can see another's
    // response. Like the relay's, it takes a POST from any site (an attendee's own provider may use
    // it): a forged POST gains nothing a forged link to /callback would not, since the app accepts
    // only a response whose state it is waiting for.
    async function receiveFormPost(req, res) {
      const type = String(req.headers['content-type'] ?? '').toLowerCase();
      if (!type.startsWith('application/x-www-form-urlencoded')) {
        sendJson(res, 415, {
          error: 'invalid_request',
          error_description: 'form_post responses must be application/x-www-form-urlencoded',
        });
        return;
      }
      const text = await readSmallBody(req, res);
      if (text !== undefined) redirectFormPostToApp(res, appOrigin, text);
    }

    // The demo assertion key (a published demo value, as in the relay of npm start) and the upload of
    // attendees' own public keys for the private_key_jwt client, from the room's app only.
    async function serveDemoKeys(req, res) {
      if (req.method === 'GET') {
        sendJson(res, 200, describeDemoAssertionKey(idp, 'this workshop room'));
        return;
      }
      // The app's own fetch sends its Origin, as the relay of npm start requires too.
      if (req.headers.origin !== appOrigin) {
        sendJson(res, 403, {
          error: 'origin_not_allowed',
          error_description: `keys are taken from the room's own app only (Origin ${appOrigin})`,
        });
        return;
      }
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        sendJson(res, 415, {
          error: 'invalid_request',
          error_description: 'send the public JWK as application/json',
        });
        return;
      }
      const text = await readSmallBody(req, res);
      if (text === undefined) return;
      try {
        const added = await idp.addAssertionKey(JSON.parse(text));
        sendJson(res, 201, { clientId: ASSERTION_CLIENT_ID, added });
      } catch (error) {
        if (!(error instanceof TypeError || error instanceof SyntaxError)) throw error;
        sendJson(res, 400, { error: 'invalid_key', error_description: error.message });
      }
    }

    async function serveJoin(req, res) {
      if (!selfJoin) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...pageHeaders });
        res.end('This room has no self-service join; ask the presenter for an account.\n');
        return;
      }
      if (refuseOtherSites(req, res, ['same-origin'])) return;
      req.resume();
      const result = await selfJoin.join();
      const refusal =
        'refused' in result
          ? result.refused === 'full'
            ? `All ${selfJoin.max} self-service accounts of this room are taken; ask the presenter for an account from the join sheet.`
            : 'Too many accounts were created in the last minute; wait a minute and try again.'
          : undefined;
      res.writeHead('refused' in result ? (result.refused === 'full' ? 409 : 429) : 201, {
        'content-type': 'text/html; charset=utf-8',
        ...pageHeaders,
        'content-security-policy': JOIN_PAGE_CSP,
      });
      res.end(
        renderJoinPage({
          notice,
          joinUrl,
          max: selfJoin.max,
          ...('account' in result ? { account: result.account } : { refusal }),
        }),
      );
    }

    async function serveRoomPage(req, res, url) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const token = url.searchParams.get('token') ?? bearer;
      if (url.pathname === '/room/qr.svg') {
        res.writeHead(200, { 'content-type': 'image/svg+xml', ...pageHeaders });
        res.end(qrSvg);
        return;
      }
      if (url.pathname === '/room/join' && selfJoin) {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          ...pageHeaders,
          'content-security-policy': JOIN_PAGE_CSP,
        });
        res.end(req.method === 'HEAD' ? undefined : renderJoinPage({ notice, joinUrl, max: selfJoin.max }));
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
      const joined = selfJoin
        ? { url: selfJoinUrl, count: await selfJoin.count(), max: selfJoin.max }
        : undefined;
      if (url.pathname === '/room/stats.json') {
        sendJson(res, 200, {
          joinUrl,
          attendees: attendees.length,
          ...(joined ? { selfJoin: joined } : {}),
          ...(await stats.snapshot()),
        });
        return;
      }
      const html =
        url.pathname === '/room/print'
          ? renderPrintPage({ joinUrl, qrSvg, notice, attendees, selfJoinUrl })
          : renderPresenterPage({
              notice,
              joinUrl,
              attendeeCount: attendees.length,
              snapshot: await stats.snapshot(),
              ...(joined ? { selfJoin: joined } : {}),
            });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...pageHeaders });
      res.end(html);
    }

    await listenOn(app, bind.app, host);
    cleanups.push(() => closeServer(app));

    return {
      joinUrl,
      selfJoinUrl,
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
