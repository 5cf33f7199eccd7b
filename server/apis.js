// Demo resource servers: they validate access tokens the way a real API must (RFC 6750, RFC 9068),
// enforce DPoP-bound tokens (RFC 9449) and step-up authentication (RFC 9470), publish their
// protected resource metadata (RFC 9728), and API A calls API B on behalf of the user.
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import { ACR_MFA, DEFAULT_APP_ORIGIN, DEFAULT_PORTS, GRANT_JWT_BEARER, RESOURCES } from './config.js';
import { DPOP_ALGORITHMS, DpopError, checkDpopProof, createReplayCache } from './dpop-check.js';
import { closeServer, createServer, listenOn, sendJson } from './http-util.js';

/** How recent the sign-in must be for the step-up API (RFC 9470 `max_age`, seconds). */
export const STEP_UP_MAX_AGE_S = 600;
export const RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';

const PLAYGROUND_API = RESOURCES[0];

/**
 * What each protected route demands. `dpop`: only DPoP-bound tokens (RFC 9449 §7.1); `acr`,
 * `maxAge`: how the user must have signed in (RFC 9470 §3).
 */
export const PROTECTED_ROUTES = Object.freeze({
  '/me': {
    realm: 'playground-api',
    name: 'Playground API',
    resource: PLAYGROUND_API,
    scopes: ['api.read'],
    roles: ['Playground.Admin'],
  },
  '/dpop/me': {
    realm: 'playground-api',
    name: 'Playground API (DPoP-bound tokens only)',
    resource: PLAYGROUND_API,
    scopes: ['api.read'],
    roles: ['Playground.Admin'],
    dpop: true,
  },
  '/step-up/me': {
    realm: 'playground-api',
    name: 'Playground API (second factor within the last 10 minutes)',
    resource: PLAYGROUND_API,
    scopes: ['api.read'],
    roles: ['Playground.Admin'],
    acr: ACR_MFA,
    maxAge: STEP_UP_MAX_AGE_S,
  },
  '/api-a/chain': { realm: 'api-a', name: 'API A', resource: RESOURCES[1], scopes: ['api-a.access'] },
  '/api-b/data': { realm: 'api-b', name: 'API B', resource: RESOURCES[2], scopes: ['api-b.read'] },
});

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
  /** `extra` may hold `scope`, `acr_values`, `max_age` (sent in the challenge too) and `scheme`. */
  constructor(status, error, description, extra = {}) {
    super(description);
    this.status = status;
    this.error = error;
    const { scheme, ...rest } = extra;
    this.scheme = scheme;
    this.extra = rest;
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

  const replay = createReplayCache();

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {{ audience: string, scopes: string[], roles?: string[], dpop?: boolean, acr?: string, maxAge?: number, url?: string }} rules
   */
  return async function validate(req, { audience, scopes, roles = [], dpop = false, acr, maxAge, url }) {
    const header = req.headers.authorization;
    const expectedScheme = dpop ? 'DPoP' : 'Bearer';
    if (!header)
      throw new BearerError(
        401,
        undefined,
        `no access token: send "Authorization: ${expectedScheme} <token>"`,
        {
          scheme: expectedScheme,
        },
      );
    const match = /^(Bearer|DPoP) ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
    if (!match) {
      throw new BearerError(
        400,
        'invalid_request',
        `the Authorization header must be "${expectedScheme} <token>"`,
        { scheme: expectedScheme },
      );
    }
    const scheme = match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
    const token = match[2];
    let payload;
    try {
      ({ payload } = await jwtVerify(token, await getJwks(), {
        issuer,
        audience,
        typ: 'at+jwt',
        algorithms: ['RS256', 'PS256', 'ES256'],
      }));
    } catch (error) {
      if (error instanceof BearerError) throw error;
      throw new BearerError(401, 'invalid_token', describeJoseError(error, audience), { scheme });
    }
    const jkt = typeof payload.cnf?.jkt === 'string' ? payload.cnf.jkt : undefined;
    if (scheme === 'Bearer' && jkt !== undefined) {
      throw new BearerError(
        401,
        'invalid_token',
        'this access token is DPoP-bound ("cnf.jkt"): send it as "Authorization: DPoP <token>" with a DPoP proof',
        { scheme: 'DPoP' },
      );
    }
    if (scheme === 'Bearer' && dpop) {
      throw new BearerError(
        401,
        'invalid_token',
        'this API accepts DPoP-bound tokens only: get the token with a DPoP proof at the token endpoint',
        { scheme: 'DPoP' },
      );
    }
    if (scheme === 'DPoP') {
      try {
        await checkDpopProof({
          proof: req.headers.dpop,
          method: req.method,
          url,
          accessToken: token,
          jkt,
          replay,
        });
      } catch (error) {
        if (error instanceof DpopError) throw new BearerError(401, error.error, error.message, { scheme });
        throw error;
      }
    }
    const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    const tokenRoles = Array.isArray(payload.roles) ? payload.roles : [];
    if (
      !scopes.some((scope) => granted.includes(scope)) &&
      !roles.some((role) => tokenRoles.includes(role))
    ) {
      throw new BearerError(403, 'insufficient_scope', `the token needs scope "${scopes.join(' ')}"`, {
        scope: scopes.join(' '),
        scheme,
      });
    }
    if (acr !== undefined && payload.acr !== acr) {
      throw new BearerError(
        401,
        'insufficient_user_authentication',
        payload.acr === undefined
          ? `the token does not say how the user signed in ("acr"); this API needs acr "${acr}"`
          : `the user signed in with acr "${payload.acr}"; this API needs acr "${acr}"`,
        { acr_values: acr, scheme },
      );
    }
    if (maxAge !== undefined) {
      const age =
        typeof payload.auth_time === 'number' ? Math.floor(Date.now() / 1000) - payload.auth_time : undefined;
      if (age === undefined || age > maxAge) {
        throw new BearerError(
          401,
          'insufficient_user_authentication',
          age === undefined
            ? `the token has no "auth_time"; this API needs a sign-in within the last ${maxAge} seconds`
            : `the user signed in ${age} seconds ago; this API needs a sign-in within the last ${maxAge} seconds`,
          { max_age: String(maxAge), ...(acr === undefined ? {} : { acr_values: acr }), scheme },
        );
      }
    }
    return { token, payload, scheme };
  };
}

/**
 * The RFC 9728 metadata of one protected route, or of the whole host when `path` is empty.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-2
 */
export function buildResourceMetadata({ origin, issuer, path }) {
  const route = PROTECTED_ROUTES[path];
  const scopes = route ? route.resource.scopes : RESOURCES.flatMap((resource) => resource.scopes);
  return {
    resource: `${origin}${path}`,
    authorization_servers: [issuer],
    scopes_supported: scopes,
    bearer_methods_supported: ['header'],
    resource_name: route ? route.name : 'Token Playground demo APIs',
    dpop_signing_alg_values_supported: [...DPOP_ALGORITHMS],
    dpop_bound_access_tokens_required: route?.dpop === true,
  };
}

function sendBearerError(res, realm, error, corsHeaders, metadataUrl) {
  const scheme = error.scheme ?? 'Bearer';
  const parts = [`${scheme} realm=${quote(realm)}`];
  if (error.error) parts.push(`error=${quote(error.error)}`, `error_description=${quote(error.message)}`);
  for (const name of ['scope', 'acr_values', 'max_age']) {
    if (error.extra[name]) parts.push(`${name}=${quote(error.extra[name])}`);
  }
  if (scheme === 'DPoP') parts.push(`algs=${quote(DPOP_ALGORITHMS.join(' '))}`);
  if (metadataUrl) parts.push(`resource_metadata=${quote(metadataUrl)}`);
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
    ...(payload.acr === undefined ? {} : { acr: payload.acr }),
    ...(payload.amr === undefined ? {} : { amr: payload.amr }),
    ...(payload.auth_time === undefined ? {} : { auth_time: payload.auth_time }),
    ...(payload.cnf?.jkt === undefined ? {} : { dpop_jkt: payload.cnf.jkt }),
    ...(payload.authorization_details === undefined
      ? {}
      : { authorization_details: payload.authorization_details }),
    expires_at: new Date(payload.exp * 1000).toISOString(),
    expires_in: payload.exp - Math.floor(Date.now() / 1000),
  };
}

/**
 * Starts the demo APIs on loopback, or (room mode) on the address given as `host`. `onCall` is told
 * of every call that carried a valid token (the room's presenter view counts them). `publicOrigin`
 * is the address callers use when it differs from the bound one (a room behind a load balancer):
 * it names the resources in their metadata and is the `htu` DPoP proofs must carry.
 * @param {{ port?: number, host?: string, issuer: string, appOrigin?: string, publicOrigin?: string,
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
  const boundOrigin = `http://${options.host ?? 'localhost'}:${port}`;
  const origin = options.publicOrigin ?? boundOrigin;
  let tokenEndpoint;

  async function getTokenEndpoint() {
    if (!tokenEndpoint) {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`);
      tokenEndpoint = (await response.json()).token_endpoint;
    }
    return tokenEndpoint;
  }

  const rulesFor = (path) => {
    const route = PROTECTED_ROUTES[path];
    return {
      audience: route.resource.id,
      scopes: route.scopes,
      roles: route.roles ?? [],
      dpop: route.dpop === true,
      acr: route.acr,
      maxAge: route.maxAge,
      url: `${origin}${path}`,
    };
  };

  async function handleChain(req, res, cors) {
    const { token, payload } = await validate(req, rulesFor('/api-a/chain'));
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
    // API A reaches API B on this instance directly, not through the room's load balancer.
    const apiBResponse = await fetch(`${boundOrigin}/api-b/data`, {
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
      } else if (pathname === RESOURCE_METADATA_PATH || pathname.startsWith(`${RESOURCE_METADATA_PATH}/`)) {
        const path = pathname.slice(RESOURCE_METADATA_PATH.length);
        if (path !== '' && !PROTECTED_ROUTES[path]) {
          sendJson(
            res,
            404,
            { error: 'not_found', error_description: `no protected resource at ${path}` },
            { ...cors, 'access-control-allow-origin': '*' },
          );
          return;
        }
        // RFC 9728 metadata is public, like a discovery document: any origin may read it.
        sendJson(res, 200, buildResourceMetadata({ origin, issuer, path }), {
          ...cors,
          'access-control-allow-origin': '*',
          'cache-control': 'no-cache',
        });
      } else if (pathname === '/me' || pathname === '/dpop/me' || pathname === '/step-up/me') {
        const { payload, scheme } = await validate(req, rulesFor(pathname));
        sendJson(
          res,
          200,
          { api: 'playground-api', route: pathname, token_type: scheme, caller: describeCaller(payload) },
          cors,
        );
      } else if (pathname === '/api-b/data') {
        const { payload } = await validate(req, rulesFor('/api-b/data'));
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
            error_description: `no route ${pathname}; try /me, /dpop/me, /step-up/me, /api-a/chain, /api-b/data, /health, ${RESOURCE_METADATA_PATH}`,
          },
          cors,
        );
      }
    } catch (error) {
      if (error instanceof BearerError) {
        const route = PROTECTED_ROUTES[pathname];
        sendBearerError(
          res,
          route?.realm ?? 'playground-api',
          error,
          cors,
          route ? `${origin}${RESOURCE_METADATA_PATH}${pathname}` : undefined,
        );
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
