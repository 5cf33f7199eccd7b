// Demo resource servers: they validate bearer tokens the way a real API must (RFC 6750, RFC 9068)
// and API A calls API B on behalf of the user.
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import { DEFAULT_APP_ORIGIN, DEFAULT_PORTS, GRANT_JWT_BEARER } from './config.js';
import { closeServer, createServer, listenOn, sendJson } from './http-util.js';

const KEY_CLAIMS = [
  'iss',
  'aud',
  'sub',
  'client_id',
  'azp',
  'act',
  'scope',
  'roles',
  'groups',
  'iat',
  'exp',
  'jti',
];

class BearerError extends Error {
  constructor(status, error, description, extra = {}) {
    super(description);
    this.status = status;
    this.error = error;
    this.extra = extra;
  }
}

function pickKeyClaims(payload) {
  return Object.fromEntries(
    KEY_CLAIMS.filter((claim) => claim in payload).map((claim) => [claim, payload[claim]]),
  );
}

function quote(value) {
  return `"${String(value).replace(/["\\]/g, '')}"`;
}

function describeJoseError(error, audience) {
  if (error instanceof joseErrors.JWTExpired) return 'the access token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud')
      return `the access token is not for this API (expected audience "${audience}")`;
    if (error.claim === 'iss') return 'the access token was not issued by the local IdP';
    if (error.claim === 'typ')
      return 'the token is not an RFC 9068 access token (header "typ" must be "at+jwt")';
    return `claim "${error.claim}" is invalid: ${error.reason}`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'the signature does not verify against the IdP keys';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the IdP matches the token "kid"';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid)
    return 'the access token is not a valid JWT';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token algorithm is not accepted';
  return 'the access token could not be validated';
}

/**
 * Creates a bearer-token validator bound to the IdP (discovery and JWKS fetched once and cached).
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export function createTokenValidator(issuer) {
  let jwks;
  async function getJwks() {
    if (!jwks) {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`);
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      const discovery = await response.json();
      jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    }
    return jwks;
  }

  return async function validate(req, { audience, scopes, roles = [] }) {
    const header = req.headers.authorization;
    if (!header)
      throw new BearerError(401, undefined, 'no access token: send "Authorization: Bearer <token>"');
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
    if (!match) {
      throw new BearerError(400, 'invalid_request', 'the Authorization header must be "Bearer <token>"');
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1], await getJwks(), {
        issuer,
        audience,
        typ: 'at+jwt',
        algorithms: ['RS256', 'PS256', 'ES256'],
      }));
    } catch (error) {
      if (error instanceof BearerError) throw error;
      throw new BearerError(401, 'invalid_token', describeJoseError(error, audience));
    }
    const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    const tokenRoles = Array.isArray(payload.roles) ? payload.roles : [];
    if (
      !scopes.some((scope) => granted.includes(scope)) &&
      !roles.some((role) => tokenRoles.includes(role))
    ) {
      throw new BearerError(403, 'insufficient_scope', `the token needs scope "${scopes.join(' ')}"`, {
        scope: scopes.join(' '),
      });
    }
    return { token: match[1], payload };
  };
}

function sendBearerError(res, realm, error, corsHeaders) {
  const parts = [`Bearer realm=${quote(realm)}`];
  if (error.error) parts.push(`error=${quote(error.error)}`, `error_description=${quote(error.message)}`);
  if (error.extra.scope) parts.push(`scope=${quote(error.extra.scope)}`);
  sendJson(
    res,
    error.status,
    { error: error.error ?? 'missing_token', error_description: error.message, ...error.extra },
    { ...corsHeaders, 'www-authenticate': parts.join(', ') },
  );
}

function describeCaller(payload) {
  return {
    sub: payload.sub,
    name: payload.name,
    client_id: payload.client_id,
    app_only: payload.sub === payload.client_id,
    scopes: typeof payload.scope === 'string' ? payload.scope.split(' ') : [],
    roles: payload.roles ?? [],
    groups: payload.groups ?? [],
    expires_at: new Date(payload.exp * 1000).toISOString(),
    expires_in: payload.exp - Math.floor(Date.now() / 1000),
  };
}

/**
 * Starts the demo APIs on loopback, or (room mode) on the address given as `host`. `onCall` is told
 * of every call that carried a valid token (the room's presenter view counts them).
 * @param {{ port?: number, host?: string, issuer: string, appOrigin?: string,
 *   onCall?: (call: { path: string, sub: string, clientId: string }) => void }} options
 * @returns {Promise<{ origin: string, port: number, close(): Promise<void> }>}
 */
export async function startApis(options) {
  const appOrigin = options.appOrigin ?? DEFAULT_APP_ORIGIN;
  const { issuer } = options;
  const validateToken = createTokenValidator(issuer);
  const validate = async (req, expected) => {
    const valid = await validateToken(req, expected);
    options.onCall?.({
      path: new URL(req.url, 'http://api.invalid').pathname,
      sub: valid.payload.sub,
      clientId: valid.payload.client_id,
    });
    return valid;
  };
  const server = createServer();
  const port = await listenOn(server, options.port ?? DEFAULT_PORTS.api, options.host ?? '127.0.0.1');
  const origin = `http://${options.host ?? 'localhost'}:${port}`;
  let tokenEndpoint;

  async function getTokenEndpoint() {
    if (!tokenEndpoint) {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`);
      tokenEndpoint = (await response.json()).token_endpoint;
    }
    return tokenEndpoint;
  }

  async function handleChain(req, res, cors) {
    const { token, payload } = await validate(req, { audience: 'api://api-a', scopes: ['api-a.access'] });
    if (payload.sub === payload.client_id) {
      throw new BearerError(
        403,
        'insufficient_scope',
        'API A needs a user token; app-only tokens cannot be used on behalf of a user',
        { scope: 'api-a.access' },
      );
    }
    const oboResponse = await fetch(await getTokenEndpoint(), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('api-a:api-a-secret').toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: GRANT_JWT_BEARER,
        assertion: token,
        scope: 'api-b.read',
        requested_token_use: 'on_behalf_of',
      }),
    });
    const oboBody = await oboResponse.json();
    if (!oboResponse.ok) {
      sendJson(
        res,
        502,
        {
          error: 'obo_failed',
          error_description:
            `the on-behalf-of exchange failed: ${oboBody.error}: ${oboBody.error_description ?? ''}`.trim(),
          apiA: pickKeyClaims(payload),
          obo: oboBody,
        },
        cors,
      );
      return;
    }
    const apiBResponse = await fetch(`${origin}/api-b/data`, {
      headers: { authorization: `Bearer ${oboBody.access_token}` },
    });
    sendJson(
      res,
      apiBResponse.ok ? 200 : 502,
      {
        apiA: pickKeyClaims(payload),
        obo: {
          ...pickKeyClaims(decodeJwt(oboBody.access_token)),
          scope_granted: oboBody.scope,
          expires_in: oboBody.expires_in,
        },
        apiB: { status: apiBResponse.status, body: await apiBResponse.json() },
      },
      cors,
    );
  }

  server.on('request', async (req, res) => {
    const requestOrigin = req.headers.origin;
    const cors =
      requestOrigin === appOrigin
        ? {
            'access-control-allow-origin': appOrigin,
            'access-control-expose-headers': 'WWW-Authenticate',
            vary: 'Origin',
          }
        : { vary: 'Origin' };
    const { pathname } = new URL(req.url, origin);
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          ...cors,
          ...(requestOrigin === appOrigin
            ? {
                'access-control-allow-methods': 'GET, OPTIONS',
                'access-control-allow-headers': 'Authorization, Content-Type, DPoP',
                'access-control-max-age': '600',
              }
            : {}),
        });
        res.end();
        return;
      }
      if (req.method !== 'GET') {
        sendJson(
          res,
          405,
          { error: 'method_not_allowed', error_description: 'only GET is supported' },
          { ...cors, allow: 'GET, OPTIONS' },
        );
        return;
      }
      if (pathname === '/health') {
        sendJson(res, 200, { ok: true }, cors);
      } else if (pathname === '/me') {
        const { payload } = await validate(req, {
          audience: 'api://playground-api',
          scopes: ['api.read'],
          roles: ['Playground.Admin'],
        });
        sendJson(res, 200, { api: 'playground-api', caller: describeCaller(payload) }, cors);
      } else if (pathname === '/api-b/data') {
        const { payload } = await validate(req, { audience: 'api://api-b', scopes: ['api-b.read'] });
        sendJson(
          res,
          200,
          {
            api: 'api-b',
            caller: describeCaller(payload),
            data: { message: `API B data for ${payload.sub}` },
          },
          cors,
        );
      } else if (pathname === '/api-a/chain') {
        await handleChain(req, res, cors);
      } else {
        sendJson(
          res,
          404,
          {
            error: 'not_found',
            error_description: `no route ${pathname}; try /me, /api-a/chain, /api-b/data, /health`,
          },
          cors,
        );
      }
    } catch (error) {
      if (error instanceof BearerError) {
        const realm = pathname.startsWith('/api-a')
          ? 'api-a'
          : pathname.startsWith('/api-b')
            ? 'api-b'
            : 'playground-api';
        sendBearerError(res, realm, error, cors);
        return;
      }
      sendJson(
        res,
        502,
        { error: 'upstream_error', error_description: `could not reach the IdP: ${error.message}` },
        cors,
      );
    }
  });

  return { origin, port, close: () => closeServer(server) };
}
