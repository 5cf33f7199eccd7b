// Two APIs for the audience experiment, both trusting the lab issuer's keys: a careless one that
// checks the signature, issuer and expiry but not who the token is for, and a correct one that
// also requires its own audience (RFC 9068 §4, RFC 7519 §4.1.3).
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { closeServer, createServer, listenLoopback, sendJson } from '../http-util.js';

export const STRICT_API_AUDIENCE = 'api://playground-api';

/** @param {{ port: number, issuer: string, appOrigin: string }} options */
export async function startLabApis({ port, issuer, appOrigin }) {
  const keys = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== appOrigin) {
      sendJson(res, 403, { error: 'forbidden', error_description: `origin ${origin} is not the lab's` });
      return;
    }
    const careless = url.pathname === '/careless/me';
    if (req.method !== 'GET' || (!careless && url.pathname !== '/strict/me')) {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) {
      sendJson(res, 401, { error: 'invalid_request' }, { 'www-authenticate': 'Bearer' });
      return;
    }
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        ...(careless ? {} : { audience: STRICT_API_AUDIENCE }),
      });
      sendJson(res, 200, {
        api: careless ? 'careless API (no audience check)' : `correct API (audience ${STRICT_API_AUDIENCE})`,
        sub: payload.sub,
        aud: payload.aud,
        scope: payload.scope,
      });
    } catch (error) {
      const description = String(error.message).replace(/"/g, "'");
      sendJson(
        res,
        401,
        { error: 'invalid_token', error_description: description },
        { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` },
      );
    }
  });
  const bound = await listenLoopback(server, port);
  return { origin: `http://localhost:${bound}`, close: () => closeServer(server) };
}
