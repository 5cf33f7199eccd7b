// Loopback relay: forwards one token-endpoint style request for the browser when the real
// endpoint refuses cross-origin calls. See docs/decisions/0001-relay.md for what it refuses and why.
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
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
  redirectFormPostToApp,
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

/** The 16 bytes of an IPv6 address (any spelling the URL parser accepts), or undefined. */
function readIpv6Bytes(address) {
  let canonical;
  try {
    canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const [head, tail = ''] = canonical.split('::');
  const parse = (part) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = canonical.includes('::') ? parse(tail) : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return groups.flatMap((group) => [group >> 8, group & 0xff]);
}

function isNonPublicIpv4(a, b, c) {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    a >= 224
  );
}

/**
 * Whether an address is loopback, private, link-local, unspecified, documentation, or otherwise not
 * public, including IPv4 addresses carried inside IPv6 (mapped, compatible, NAT64, 6to4, Teredo).
 */
export function isNonPublicAddress(address) {
  if (isIP(address) === 4) {
    const [a, b, c] = address.split('.').map(Number);
    return isNonPublicIpv4(a, b, c);
  }
  const bytes = readIpv6Bytes(address);
  if (!bytes) return true;
  const zeros = (from, to) => bytes.slice(from, to).every((byte) => byte === 0);
  const embedded = (at) => isNonPublicIpv4(bytes[at], bytes[at + 1], bytes[at + 2]);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return embedded(12); // ::ffff:a.b.c.d
  if (zeros(0, 12)) return true; // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b) {
    return zeros(4, 12) ? embedded(12) : true; // NAT64 64:ff9b::/96, local-use 64:ff9b:1::/48
  }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return embedded(2); // 6to4 2002::/16
  if (bytes[0] === 0x20 && bytes[1] === 0x01 && bytes[2] === 0x00 && bytes[3] === 0x00) return true; // Teredo
  if (bytes[0] === 0x20 && bytes[1] === 0x01 && bytes[2] === 0x0d && bytes[3] === 0xb8) return true; // documentation
  if (bytes[0] === 0x01 && zeros(1, 8)) return true; // discard 100::/64
  if ((bytes[0] & 0xfe) === 0xfc) return true; // unique local fc00::/7
  if (bytes[0] === 0xfe && (bytes[1] & 0x80) === 0x80) return true; // link-local fe80::/10, site-local fec0::/10
  return bytes[0] === 0xff; // multicast
}

/**
 * Whether a URL host names this machine's loopback interface: `localhost` and its subdomains
 * (RFC 6761 §6.3: always loopback, never asked of DNS), 127.0.0.0/8 and ::1.
 */
export function isLoopbackHost(hostname) {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/**
 * The addresses a loopback host is connected to, decided without DNS so that no answer can move it
 * off the machine: an IP literal as it is, `localhost` names as 127.0.0.1 then ::1.
 */
function loopbackAddresses(hostname) {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return [{ address: host, family: isIP(host) }];
  return [
    { address: '127.0.0.1', family: 4 },
    { address: '::1', family: 6 },
  ];
}

/**
 * A `lookup` for `http.request` that answers with the addresses already checked, so that the
 * connection goes where the check looked (no second DNS answer: DNS rebinding). The host name
 * still goes into the Host header and the TLS server name.
 */
export function createPinnedLookup(addresses) {
  return (_hostname, options, callback) => {
    const done = typeof options === 'function' ? options : callback;
    const all = typeof options === 'object' && options !== null && options.all === true;
    if (all)
      done(
        null,
        addresses.map(({ address, family }) => ({ address, family })),
      );
    else done(null, addresses[0].address, addresses[0].family);
  };
}

/**
 * Parses an origin the user allows on loopback (a developer's own IdP such as Keycloak on
 * http://localhost:8080): scheme http or https, a loopback host, nothing but the origin.
 */
export function normalizeLoopbackOrigin(value) {
  let url;
  try {
    url = new URL(String(value ?? '').trim());
  } catch {
    url = undefined;
  }
  const bare =
    url &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    !url.username &&
    !url.password &&
    url.pathname === '/' &&
    !url.search &&
    !url.hash &&
    isLoopbackHost(url.hostname);
  if (!bare) {
    throw new RelayError(
      400,
      'invalid_request',
      `"origin" must be a loopback origin such as "http://localhost:8080" (scheme, loopback host, port; no path), got ${JSON.stringify(value)}`,
    );
  }
  return url.origin;
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
  if (isLoopbackHost(host)) {
    throw new RelayError(
      400,
      'invalid_request',
      `"${host}" is this machine: allow its exact origin instead ({"origin": "http://${host}:8080"})`,
    );
  }
  return host;
}

/**
 * Sends one request upstream, connected to exactly `addresses`, never following a redirect, with
 * one deadline for the headers and the whole body.
 */
function requestUpstream(target, addresses, { method, headers, body }, timeoutMs) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (action, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action(value);
    };
    const client = target.protocol === 'https:' ? https : http;
    const sentHeaders = { ...headers };
    if (body !== undefined) sentHeaders['content-length'] = String(Buffer.byteLength(body));
    const req = client.request(
      target,
      { method, headers: sentHeaders, lookup: createPinnedLookup(addresses), agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('error', (error) => settle(reject, error));
        res.on('aborted', () => settle(reject, new Error('the upstream closed the connection')));
        res.on('end', () =>
          settle(resolve, {
            status: res.statusCode,
            statusText: res.statusMessage ?? '',
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    const timer = setTimeout(() => {
      const timeout = new Error('upstream timeout');
      timeout.name = 'TimeoutError';
      settle(reject, timeout);
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => settle(reject, error));
    req.end(body);
  });
}

/**
 * Starts the relay on loopback.
 * @param {{ port?: number, appOrigin?: string, localOrigins?: string[], lookupHost?: typeof lookup,
 *   isRefusedAddress?: (address: string) => boolean, timeoutMs?: number,
 *   getAssertionKey?: () => object, addAssertionKey?: (jwk: object) => Promise<object> }} [options]
 *   `localOrigins` are the exact loopback origins of the companion's own IdP and APIs; the user may
 *   add others (POST /relay/allow-list {"origin"}). `lookupHost` and `isRefusedAddress` let tests
 *   play DNS (rebinding) without sending anything off the machine.
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
  const isRefusedAddress = options.isRefusedAddress ?? isNonPublicAddress;
  // Loopback origins the user allowed for this process (a developer's own IdP): never built in.
  const userLoopbackOrigins = new Set();
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

  /**
   * Checks a target and returns it with the addresses to connect to: loopback origins the companion
   * serves or the user allowed (pinned to loopback, no DNS), or an https host on the allow-list
   * whose every DNS answer is public (pinned to those answers).
   */
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
    if ((url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname)) {
      if (localOrigins.has(url.origin) || userLoopbackOrigins.has(url.origin))
        return { url, addresses: loopbackAddresses(url.hostname) };
      throw new RelayError(
        403,
        'loopback_not_allowed',
        `loopback origin "${url.origin}" is not on the relay allow-list; allow it first if it is your own server (POST /relay/allow-list {"origin": "${url.origin}"})`,
      );
    }
    if (url.protocol !== 'https:') {
      throw new RelayError(
        403,
        'target_not_allowed',
        `only https targets are relayed (besides allowed loopback origins); got ${url.protocol}//${url.host}`,
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
    if (!Array.isArray(addresses) || addresses.length === 0)
      throw new RelayError(502, 'dns_failed', `host "${host}" has no address`);
    const bad = addresses.find((entry) => isRefusedAddress(entry.address));
    if (bad)
      throw new RelayError(
        403,
        'target_not_allowed',
        `host "${host}" resolves to a non-public address (${bad.address}); refused`,
      );
    return { url, addresses };
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
    const { url: target, addresses } = await checkTarget(url);
    const { forwarded, dropped } = buildForwardHeaders(headers);
    const started = performance.now();
    let upstream;
    // Connected to the addresses checked above; one deadline covers the headers and the body.
    try {
      upstream = await requestUpstream(
        target,
        addresses,
        { method, headers: forwarded, body: method === 'POST' ? (body ?? '') : undefined },
        timeoutMs,
      );
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
        `could not reach ${target.host} at ${addresses.map((entry) => entry.address).join(', ')}: ${error.code ?? error.message}`,
      );
    }
    const text = upstream.text;
    const responseHeaders = {};
    for (const [name, value] of Object.entries(upstream.headers)) {
      responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
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

  function listAllowed() {
    return {
      hosts: [...allowedHosts],
      localOrigins: [...localOrigins],
      loopbackOrigins: [...userLoopbackOrigins],
    };
  }

  async function handleAllowList(req, res, cors) {
    if (req.method === 'GET') {
      checkOrigin(req, { required: false });
      sendJson(res, 200, listAllowed(), cors);
      return;
    }
    checkOrigin(req, { required: true });
    const input = await readJson(req);
    if (input && typeof input === 'object' && 'origin' in input) {
      const added = normalizeLoopbackOrigin(input.origin);
      userLoopbackOrigins.add(added);
      sendJson(res, 200, { ...listAllowed(), added }, cors);
      return;
    }
    const host = normalizeHost(input?.host);
    allowedHosts.add(host);
    sendJson(res, 200, { ...listAllowed(), added: host }, cors);
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
    redirectFormPostToApp(res, appOrigin, text);
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
    /** Adds a loopback origin as the user does from the app (a developer's own IdP). */
    allowLoopbackOrigin(value) {
      userLoopbackOrigins.add(normalizeLoopbackOrigin(value));
    },
    close: () => closeServer(server),
  };
}
