// Small helpers shared by the companion's plain node:http servers.
import http from 'node:http';

export class BodyTooLargeError extends Error {}

/** Reads a request body up to `limit` bytes; rejects with BodyTooLargeError beyond it. */
export function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new BodyTooLargeError(`body is ${declared} bytes, the limit is ${limit}`));
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError(`body exceeds the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Hands a `response_mode=form_post` authorization response to the app: a 303 to its callback with
 * the POSTed fields in the fragment, which the browser keeps to itself (never sent to a server, not
 * in logs). Nothing is stored: the answer goes back to the browser that posted, and only to it.
 * @param {import('node:http').ServerResponse} res
 * @param {string} appOrigin
 * @param {string} formText the urlencoded body
 * @see https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html
 */
export function redirectFormPostToApp(res, appOrigin, formText) {
  res.writeHead(303, {
    location: `${appOrigin}/callback#${new URLSearchParams(formText).toString()}`,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  res.end();
}

export function sendJson(res, status, value, headers = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

/** Listens on loopback only and resolves with the bound port. */
export function listenLoopback(server, port) {
  return listenOn(server, port, '127.0.0.1');
}

/** Listens on one explicit address (room mode: the interface the presenter chose). */
export function listenOn(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

export function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

export function createServer(handler) {
  return http.createServer(handler);
}

/**
 * A server that listens before its handler exists, for a server whose configuration needs its own
 * bound port (the IdP's issuer). A request that arrives meanwhile waits and is answered once
 * `handle` is called; without this it would get no answer at all, since Node does not replay a
 * request to a listener added later.
 * @returns {{ server: http.Server, handle(handler: http.RequestListener): void }}
 */
export function createServerAwaitingHandler() {
  let handler;
  const waiting = [];
  const server = http.createServer((req, res) => {
    if (handler) handler(req, res);
    else waiting.push([req, res]);
  });
  return {
    server,
    handle(ready) {
      handler = ready;
      for (const [req, res] of waiting.splice(0)) ready(req, res);
    },
  };
}
