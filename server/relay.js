// Loopback relay: forwards one token-endpoint style request for the browser when the real
// endpoint refuses cross-origin calls. See docs/decisions/0001-relay.md for what it refuses and why.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import {
  DEFAULT_APP_ORIGIN,
  DEFAULT_PORTS,
  RELAY_ALLOWED_HOSTS,
  RELAY_MAX_BODY_BYTES,
  RELAY_TIMEOUT_MS,
} from './config.js';
import {
  BodyTooLargeError,
  closeServer,
  createServer,
  listenLoopback,
  readBody,
  sendJson,
} from './http-util.js';

const FORWARDED_HEADERS = new Set([
  'content-type',
  'accept',
  'accept-language',
  'authorization',
  'dpop',
  'client-request-id',
  'return-client-request-id',
]);
const HOST_PATTERN =
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

class RelayError extends Error {
  constructor(status, error, description) {
    super(description);
    this.status = status;
    this.error = error;
  }
}

/** Whether a header may be forwarded: the OAuth ones, and x- client telemetry except proxy headers. */
export function isForwardableHeader(name) {
  const lower = name.toLowerCase();
  if (FORWARDED_HEADERS.has(lower)) return true;
  return lower.startsWith('x-') && !lower.startsWith('x-forwarded-') && lower !== 'x-real-ip';
}

/** Whether an address is loopback, private, link-local, unspecified, or otherwise not public. */
export function isNonPublicAddress(address) {
  if (isIP(address) === 4) {
    const [a, b] = address.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a >= 224
    );
  }
  const lower = address.toLowerCase();
  if (lower === '::' || lower === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return isNonPublicAddress(mapped[1]);
  return /^(fc|fd|fe8|fe9|fea|feb|ff)/.test(lower);
}

function normalizeHost(value) {
  const host = String(value ?? '')
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  if (!HOST_PATTERN.test(host) || isIP(host)) {
    throw new RelayError(
      400,
      'invalid_request',
      `"host" must be a DNS host name such as "login.example.com", got ${JSON.stringify(value)}`,
    );
  }
  return host;
}

/**
 * Starts the relay on loopback.
 * @param {{ port?: number, appOrigin?: string, localOrigins?: string[], lookupHost?: typeof lookup,
 *   getAssertionKey?: () => object, addAssertionKey?: (jwk: object) => Promise<object> }} [options]
 *   `localOrigins` are the exact http origins allowed besides https (the local IdP and APIs).
 * @returns {Promise<{ origin: string, port: number, allowHost(host: string): void, close(): Promise<void> }>}
 */
export async function startRelay(options = {}) {
  const appOrigin = options.appOrigin ?? DEFAULT_APP_ORIGIN;
  const localOrigins = new Set(
    options.localOrigins ?? [
      `http://localhost:${DEFAULT_PORTS.idp}`,
      `http://localhost:${DEFAULT_PORTS.api}`,
      `http://localhost:${DEFAULT_PORTS.entraLogin}`,
      `http://localhost:${DEFAULT_PORTS.entraGraph}`,
    ],
  );
  const resolveHost = options.lookupHost ?? ((host) => lookup(host, { all: true }));
  const timeoutMs = options.timeoutMs ?? RELAY_TIMEOUT_MS;
  const allowedHosts = new Set(RELAY_ALLOWED_HOSTS);
  const server = createServer();
  const port = await listenLoopback(server, options.port ?? DEFAULT_PORTS.relay);
  const origin = `http://localhost:${port}`;
  const expectedHosts = new Set([`localhost:${port}`, `127.0.0.1:${port}`]);

  function corsHeaders(req) {
    return req.headers.origin === appOrigin
      ? { 'access-control-allow-origin': appOrigin, vary: 'Origin' }
      : { vary: 'Origin' };
  }

  function checkHost(req) {
    if (!expectedHosts.has(String(req.headers.host ?? '').toLowerCase())) {
      throw new RelayError(
        421,
        'misdirected_request',
        `Host header must be localhost:${port} or 127.0.0.1:${port} (DNS rebinding protection)`,
      );
    }
  }

  function checkOrigin(req, { required }) {
    const requestOrigin = req.headers.origin;
    if (requestOrigin === undefined && !required) return;
    if (requestOrigin !== appOrigin) {
      throw new RelayError(
        403,
        'origin_not_allowed',
        `Origin ${JSON.stringify(requestOrigin ?? null)} is not allowed; only ${appOrigin} may use the relay`,
      );
    }
  }

  async function readJson(req) {
    const type = String(req.headers['content-type'] ?? '');
    if (!type.toLowerCase().startsWith('application/json')) {
      throw new RelayError(
        415,
        'invalid_request',
        'the request body must be JSON (Content-Type: application/json)',
      );
    }
    let text;
    try {
      text = await readBody(req, RELAY_MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        throw new RelayError(
          413,
          'payload_too_large',
          `the relay accepts at most ${RELAY_MAX_BODY_BYTES} bytes: ${error.message}`,
        );
      throw error;
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new RelayError(400, 'invalid_request', 'the request body is not valid JSON');
    }
  }

  async function checkTarget(rawUrl) {
    let url;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new RelayError(
        400,
        'invalid_request',
        `"url" must be an absolute URL, got ${JSON.stringify(rawUrl)}`,
      );
    }
    if (url.username || url.password)
      throw new RelayError(400, 'invalid_request', '"url" must not contain credentials');
    if (localOrigins.has(url.origin)) return url;
    if (url.protocol !== 'https:') {
      throw new RelayError(
        403,
        'target_not_allowed',
        `only https targets are relayed (besides ${[...localOrigins].join(', ')}); got ${url.protocol}//${url.host}`,
      );
    }
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (isIP(host))
      throw new RelayError(
        403,
        'target_not_allowed',
        `IP address targets are refused (${host}); use a host name`,
      );
    if (!allowedHosts.has(host)) {
      throw new RelayError(
        403,
        'host_not_allowed',
        `host "${host}" is not on the relay allow-list; add it first (POST /relay/allow-list)`,
      );
    }
    let addresses;
    try {
      addresses = await resolveHost(host);
    } catch {
      throw new RelayError(502, 'dns_failed', `host "${host}" could not be resolved`);
    }
    const bad = addresses.find((entry) => isNonPublicAddress(entry.address));
    if (bad)
      throw new RelayError(
        403,
        'target_not_allowed',
        `host "${host}" resolves to a non-public address (${bad.address}); refused`,
      );
    return url;
  }

  function buildForwardHeaders(headers) {
    if (
      headers !== undefined &&
      (typeof headers !== 'object' || headers === null || Array.isArray(headers))
    ) {
      throw new RelayError(400, 'invalid_request', '"headers" must be an object of strings');
    }
    const forwarded = {};
    const dropped = [];
    for (const [name, value] of Object.entries(headers ?? {})) {
      if (typeof value !== 'string')
        throw new RelayError(400, 'invalid_request', `header "${name}" must be a string`);
      if (isForwardableHeader(name)) forwarded[name.toLowerCase()] = value;
      else dropped.push(name.toLowerCase());
    }
    return { forwarded, dropped };
  }

  async function relay(req, res, cors) {
    checkOrigin(req, { required: true });
    const input = await readJson(req);
    if (!input || typeof input !== 'object')
      throw new RelayError(400, 'invalid_request', 'the body must be a JSON object');
    const { method, url, headers, body } = input;
    if (method !== 'GET' && method !== 'POST')
      throw new RelayError(400, 'invalid_request', '"method" must be "GET" or "POST"');
    if (body !== undefined && typeof body !== 'string')
      throw new RelayError(400, 'invalid_request', '"body" must be a string when present');
    if (method === 'GET' && body)
      throw new RelayError(400, 'invalid_request', 'a GET request cannot have a body');
    const target = await checkTarget(url);
    const { forwarded, dropped } = buildForwardHeaders(headers);
    const started = performance.now();
    let upstream;
    let text;
    // One deadline covers the headers and the body: an upstream that stalls mid-body is a timeout too.
    try {
      upstream = await fetch(target, {
        method,
        headers: forwarded,
        body: method === 'POST' ? (body ?? '') : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await upstream.text();
    } catch (error) {
      if (error.name === 'TimeoutError')
        throw new RelayError(
          504,
          'upstream_timeout',
          `${target.host} did not answer within ${timeoutMs / 1000} s`,
        );
      throw new RelayError(
        502,
        'upstream_unreachable',
        `could not reach ${target.host}: ${error.cause?.code ?? error.message}`,
      );
    }
    const responseHeaders = {};
    upstream.headers.forEach((value, name) => {
      responseHeaders[name.toLowerCase()] = value;
    });
    sendJson(
      res,
      200,
      {
        status: upstream.status,
        statusText: upstream.statusText,
        headers: responseHeaders,
        body: text,
        durationMs: Math.round(performance.now() - started),
        droppedHeaders: dropped,
      },
      cors,
    );
  }

  async function handleAllowList(req, res, cors) {
    if (req.method === 'GET') {
      checkOrigin(req, { required: false });
      sendJson(res, 200, { hosts: [...allowedHosts], localOrigins: [...localOrigins] }, cors);
      return;
    }
    checkOrigin(req, { required: true });
    const input = await readJson(req);
    const host = normalizeHost(input?.host);
    allowedHosts.add(host);
    sendJson(res, 200, { hosts: [...allowedHosts], added: host }, cors);
  }

  async function handleFormPost(req, res) {
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      throw new RelayError(
        415,
        'invalid_request',
        'form_post responses must be application/x-www-form-urlencoded',
      );
    }
    let text;
    try {
      text = await readBody(req, RELAY_MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw new RelayError(413, 'payload_too_large', error.message);
      throw error;
    }
    const params = new URLSearchParams(text);
    res.writeHead(303, {
      location: `${appOrigin}/callback#${params.toString()}`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end();
  }

  async function handleAssertionKeys(req, res, cors) {
    if (req.method === 'GET') {
      checkOrigin(req, { required: false });
      if (!options.getAssertionKey)
        throw new RelayError(404, 'not_found', 'no demo assertion key in this process');
      sendJson(res, 200, options.getAssertionKey(), cors);
      return;
    }
    checkOrigin(req, { required: true });
    if (!options.addAssertionKey)
      throw new RelayError(404, 'not_found', 'key upload is not available in this process');
    const jwk = await readJson(req);
    try {
      const added = await options.addAssertionKey(jwk);
      sendJson(res, 201, { clientId: 'playground-assertion', added }, cors);
    } catch (error) {
      if (error instanceof TypeError) throw new RelayError(400, 'invalid_key', error.message);
      throw error;
    }
  }

  server.on('request', async (req, res) => {
    const cors = corsHeaders(req);
    const { pathname } = new URL(req.url, origin);
    try {
      checkHost(req);
      if (req.method === 'OPTIONS') {
        checkOrigin(req, { required: true });
        res.writeHead(204, {
          ...cors,
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': 'Content-Type',
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
      const route = `${req.method} ${pathname}`;
      if (route === 'GET /health') sendJson(res, 200, { ok: true }, cors);
      else if (route === 'POST /relay') await relay(req, res, cors);
      else if (pathname === '/relay/allow-list' && (req.method === 'GET' || req.method === 'POST'))
        await handleAllowList(req, res, cors);
      else if (route === 'POST /form-post') await handleFormPost(req, res);
      else if (route === 'GET /demo/assertion-key' || route === 'POST /demo/assertion-keys')
        await handleAssertionKeys(req, res, cors);
      else throw new RelayError(404, 'not_found', `no route ${req.method} ${pathname}`);
    } catch (error) {
      if (error instanceof RelayError) {
        sendJson(res, error.status, { error: error.error, error_description: error.message }, cors);
        return;
      }
      sendJson(res, 500, { error: 'relay_error', error_description: 'the relay failed unexpectedly' }, cors);
    }
  });

  return {
    origin,
    port,
    /** Adds an exact http origin (the local IdP or APIs) that is relayed without https and DNS checks. */
    allowLocalOrigin(value) {
      localOrigins.add(new URL(value).origin);
    },
    allowHost(host) {
      allowedHosts.add(normalizeHost(host));
    },
    close: () => closeServer(server),
  };
}
