// The local Entra tenant's APIs (http://localhost:4004). A Graph-like API: /v1.0/me and
// /oidc/userinfo, validating the v1 tokens the tenant issues for Graph (header nonce undone as the
// tenant signs it), CORS as Graph (any origin, Authorization allowed), and a switch that makes it
// demand a Continuous Access Evaluation claims challenge. And API B (/api-b/data), the end of the
// on-behalf-of chain client -> API A -> API B: a custom API that validates the v2 tokens issued for
// its app registration, as any API protected by Entra does.
// @see https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-tokens
// @see https://learn.microsoft.com/graph/api/user-get
// @see https://learn.microsoft.com/entra/identity-platform/userinfo
// @see https://learn.microsoft.com/entra/identity-platform/claims-challenge
import { base64url, compactVerify, createLocalJWKSet } from 'jose';
import { closeServer, createServer, listenLoopback, readBody, sendJson } from '../http-util.js';
import { CLIENT_IDS, GRAPH_APP_ID, USERS } from './config.js';
import { hashGraphNonce, pairwiseSubject } from './tokens.js';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'WWW-Authenticate, request-id, client-request-id',
};

/**
 * @param {{ port?: number, getLoginOrigin: () => string, getPublicJwk: () => object }} options
 */
export async function startEntraGraph({ port = 4004, getLoginOrigin, getPublicJwk }) {
  /** When set, tokens issued before this time (seconds) get a claims challenge (CAE). */
  let challengeSince;
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      process.stderr.write(`local Graph-like API: ${error.stack}\n`);
      sendJson(res, 500, { error: { code: 'InternalServerError', message: 'see the console' } }, CORS);
    });
  });
  const boundPort = await listenLoopback(server, port);
  const origin = `http://localhost:${boundPort}`;

  function unauthorized(res, code, message, extra = '') {
    sendJson(
      res,
      401,
      { error: { code, message, innerError: { date: new Date().toISOString() } } },
      {
        ...CORS,
        'www-authenticate': `Bearer realm="", authorization_uri="${getLoginOrigin()}/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"${extra}`,
      },
    );
  }

  /** Verifies a v1 Graph token: the signature over the header with the nonce hashed, iss, aud, exp. */
  async function readToken(req, res) {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) {
      unauthorized(res, 'InvalidAuthenticationToken', 'Access token is empty.');
      return undefined;
    }
    const [header64, payload64, signature] = match[1].split('.');
    let header;
    let payload;
    try {
      header = JSON.parse(Buffer.from(header64, 'base64url').toString('utf8'));
      payload = JSON.parse(Buffer.from(payload64, 'base64url').toString('utf8'));
    } catch {
      unauthorized(res, 'InvalidAuthenticationToken', 'IDX14100: JWT is not well formed.');
      return undefined;
    }
    if (typeof header.nonce !== 'string') {
      unauthorized(res, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
      return undefined;
    }
    const signedHeader = base64url.encode(JSON.stringify({ ...header, nonce: hashGraphNonce(header.nonce) }));
    try {
      await compactVerify(
        `${signedHeader}.${payload64}.${signature}`,
        createLocalJWKSet({ keys: [getPublicJwk()] }),
      );
    } catch {
      unauthorized(res, 'InvalidAuthenticationToken', 'Access token validation failure: signature.');
      return undefined;
    }
    const now = Math.floor(Date.now() / 1000);
    if (payload.aud !== GRAPH_APP_ID || !/^https:\/\/sts\.windows\.net\/[0-9a-f-]{36}\/$/.test(payload.iss)) {
      unauthorized(
        res,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience or issuer.',
      );
      return undefined;
    }
    if (typeof payload.exp !== 'number' || payload.exp < now - 300) {
      unauthorized(res, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
      return undefined;
    }
    // Continuous Access Evaluation: only a client that declared capability cp1 gets a claims
    // challenge; others keep their token until it expires.
    const capable = Array.isArray(payload.xms_cc) && payload.xms_cc.includes('cp1');
    if (challengeSince !== undefined && capable && payload.iat < challengeSince) {
      const claims = Buffer.from(
        JSON.stringify({ access_token: { nbf: { essential: true, value: String(challengeSince) } } }),
      ).toString('base64');
      unauthorized(
        res,
        'InvalidAuthenticationToken',
        'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
        `, error="insufficient_claims", claims="${claims}"`,
      );
      return undefined;
    }
    return payload;
  }

  /** Reads a bearer JWT and verifies its signature with the tenant's key; `undefined` when it was refused. */
  async function readSignedBearer(req, res, refuse) {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) {
      refuse(res, '', 'No bearer token.');
      return undefined;
    }
    try {
      const { payload } = await compactVerify(match[1], createLocalJWKSet({ keys: [getPublicJwk()] }));
      return JSON.parse(new TextDecoder().decode(payload));
    } catch {
      refuse(res, 'invalid_token', 'The signature does not verify with the tenant keys (a Graph token?).');
      return undefined;
    }
  }

  /** API B's refusal: an RFC 6750 Bearer challenge (descriptions hold no double quote). */
  function refuseApiB(res, error, description, status = 401) {
    const challenge = error ? `, error="${error}", error_description="${description}"` : '';
    sendJson(
      res,
      status,
      { error: error || 'invalid_request', error_description: description },
      {
        ...CORS,
        'www-authenticate': `Bearer realm="api-b"${challenge}`,
      },
    );
  }

  /**
   * API B: a v2 token of the tenant (iss with the token's tid), for API B (aud = its client id),
   * unexpired, granting the delegated scope "read" or the application permission Data.Read.All.
   */
  async function serveApiB(req, res) {
    const payload = await readSignedBearer(req, res, refuseApiB);
    if (!payload) return undefined;
    const now = Math.floor(Date.now() / 1000);
    if (payload.iss !== `${getLoginOrigin()}/${payload.tid}/v2.0` || payload.ver !== '2.0')
      return refuseApiB(res, 'invalid_token', `The issuer ${payload.iss} is not this tenant's v2.0 issuer.`);
    if (payload.aud !== CLIENT_IDS.apiB)
      return refuseApiB(
        res,
        'invalid_token',
        `The audience ${payload.aud} is not API B (${CLIENT_IDS.apiB}).`,
      );
    if (typeof payload.exp !== 'number' || payload.exp < now - 300)
      return refuseApiB(res, 'invalid_token', 'The token is expired.');
    const scopes = String(payload.scp ?? '').split(' ');
    const roles = Array.isArray(payload.roles) ? payload.roles : [];
    if (!scopes.includes('read') && !roles.includes('Data.Read.All'))
      return refuseApiB(
        res,
        'insufficient_scope',
        'API B needs the scope read or the app role Data.Read.All.',
        403,
      );
    const user = USERS.find((candidate) => candidate.oid === payload.oid);
    return sendJson(
      res,
      200,
      {
        api: 'API B',
        calledBy: payload.azp,
        onBehalfOf: user ? { oid: user.oid, name: user.name } : null,
        granted: user ? scopes : roles,
        data: ['record-1', 'record-2'],
      },
      CORS,
    );
  }

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', origin);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS,
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': 'Authorization, Content-Type, client-request-id',
        'access-control-max-age': '3600',
      });
      return res.end();
    }
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' }, CORS);
    if (url.pathname === '/demo/claims-challenge' && req.method === 'POST') {
      const body = await readBody(req, 1024);
      const off = body.includes('"off"');
      challengeSince = off ? undefined : Math.floor(Date.now() / 1000) + 1;
      return sendJson(res, 200, { challengeSince: challengeSince ?? null }, CORS);
    }
    if (url.pathname === '/api-b/data') return serveApiB(req, res);
    if (url.pathname !== '/v1.0/me' && url.pathname !== '/oidc/userinfo')
      return sendJson(
        res,
        404,
        { error: { code: 'BadRequest', message: `Resource not found for the segment '${url.pathname}'.` } },
        CORS,
      );
    const payload = await readToken(req, res);
    if (!payload) return undefined;
    const user = USERS.find((candidate) => candidate.oid === payload.oid);
    if (!user)
      return sendJson(
        res,
        403,
        { error: { code: 'Authorization_RequestDenied', message: 'App-only tokens cannot read /me.' } },
        CORS,
      );
    const scopes = String(payload.scp ?? '').split(' ');
    if (url.pathname === '/oidc/userinfo') {
      if (!scopes.includes('openid') && !scopes.includes('User.Read'))
        return sendJson(
          res,
          403,
          {
            error: {
              code: 'Authorization_RequestDenied',
              message: 'The token needs the openid or User.Read scope.',
            },
          },
          CORS,
        );
      return sendJson(
        res,
        200,
        {
          sub: pairwiseSubject(user.oid, payload.appid),
          name: user.name,
          family_name: user.surname,
          given_name: user.givenName,
          email: user.username,
        },
        CORS,
      );
    }
    if (!scopes.includes('User.Read') && !scopes.includes('User.ReadBasic.All'))
      return sendJson(
        res,
        403,
        {
          error: {
            code: 'Authorization_RequestDenied',
            message: 'Insufficient privileges to complete the operation.',
          },
        },
        CORS,
      );
    return sendJson(
      res,
      200,
      {
        '@odata.context': `${origin}/v1.0/$metadata#users/$entity`,
        businessPhones: [],
        displayName: user.name,
        givenName: user.givenName,
        jobTitle: user.jobTitle,
        mail: user.username,
        mobilePhone: null,
        officeLocation: null,
        preferredLanguage: 'en-US',
        surname: user.surname,
        userPrincipalName: user.username,
        id: user.oid,
      },
      CORS,
    );
  }

  return { origin, port: boundPort, close: () => closeServer(server) };
}
