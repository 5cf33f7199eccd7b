// The login host of the local Entra-shaped tenant (http://localhost:4003): discovery, keys,
// authorize (with a sign-in and consent page), token, device code and logout, per tenant segment.
// Written on node:http + jose rather than oidc-provider: Entra's tenant-segmented URLs, its
// {tenantid} issuer template, per-platform CORS rules, AADSTS bodies and error page, and its v1
// Graph tokens are each a point where oidc-provider would have to be fought (see docs/local-entra.md).
import { createHash, createPublicKey, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import {
  closeServer,
  createServer,
  listenLoopback,
  readBody,
  sendJson,
  BodyTooLargeError,
} from '../http-util.js';
import { CLIENT_IDS, PERSONAL_TENANT_ID, USERS, WORK_DOMAIN, WORK_TENANT_ID, buildApps } from './config.js';
import { buildError, escapeHtml, sendErrorPage, sendPage } from './errors.js';
import { ScopeError, formatScopes, parseScopes } from './scopes.js';
import {
  TOKEN_LIFETIME_SECONDS,
  createOpaque,
  createSessionId,
  createSigningKey,
  issueAccessToken,
  issueIdToken,
} from './tokens.js';

export const DEMO_CERTIFICATE_PEM = readFileSync(new URL('./demo-certificate.pem', import.meta.url), 'utf8');
export const DEMO_CERTIFICATE_KEY_PEM = readFileSync(
  new URL('./demo-certificate-key.pem', import.meta.url),
  'utf8',
);

const CODE_LIFETIME_MS = 10 * 60_000;
const SPA_REFRESH_LIFETIME_MS = 24 * 3600_000;
const REFRESH_LIFETIME_MS = 90 * 24 * 3600_000;
const DEVICE_LIFETIME_S = 900;
const GRANT_DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';
const GRANT_JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** `message` of the device-code response in the languages `mkt` may ask for. */
const DEVICE_MESSAGES = {
  en: (uri, code) =>
    `To sign in, use a web browser to open the page ${uri} and enter the code ${code} to authenticate.`,
  de: (uri, code) =>
    `Um sich anzumelden, verwenden Sie einen Webbrowser, um die Seite ${uri} zu öffnen, und geben Sie den Code ${code} ein, um sich zu authentifizieren.`,
  fr: (uri, code) =>
    `Pour vous connecter, utilisez un navigateur web pour ouvrir la page ${uri} et entrez le code ${code} pour vous authentifier.`,
};

/**
 * What a tenant segment of the URL means.
 * @see https://learn.microsoft.com/entra/identity-platform/msal-client-application-configuration#authority
 */
export function resolveTenant(segment) {
  const value = decodeURIComponent(segment ?? '').toLowerCase();
  if (value === 'common' || value === 'organizations')
    return { segment: value, multi: true, accepts: value === 'common' ? 'any' : 'work' };
  if (value === 'consumers')
    return { segment: value, multi: false, tenantId: PERSONAL_TENANT_ID, accepts: 'personal' };
  if (value === WORK_DOMAIN)
    return { segment: value, multi: false, tenantId: WORK_TENANT_ID, accepts: 'work' };
  if (value === WORK_TENANT_ID)
    return { segment: value, multi: false, tenantId: WORK_TENANT_ID, accepts: 'work' };
  if (value === PERSONAL_TENANT_ID)
    return { segment: value, multi: false, tenantId: PERSONAL_TENANT_ID, accepts: 'personal' };
  return undefined;
}

function userFitsTenant(user, tenant) {
  if (tenant.accepts === 'any') return true;
  if (tenant.accepts === 'personal') return user.tid === PERSONAL_TENANT_ID;
  if (tenant.tenantId) return user.tid === tenant.tenantId;
  return user.tid !== PERSONAL_TENANT_ID;
}

function parseCookies(header) {
  const out = {};
  for (const part of String(header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) out[part.slice(0, index).trim()] = part.slice(index + 1).trim();
  }
  return out;
}

function sha256(value) {
  return createHash('sha256').update(value).digest();
}

function halfHash(value) {
  const digest = sha256(value);
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/**
 * Starts the login host.
 * @param {{ port?: number, appOrigin: string, relayOrigin: string, graphOrigin: string }} options
 */
export async function startEntraLogin({ port = 4003, appOrigin, relayOrigin, graphOrigin }) {
  const key = await createSigningKey();
  const apps = buildApps({ appOrigin, relayOrigin });
  const certificate = new X509Certificate(DEMO_CERTIFICATE_PEM);
  const certificateThumbprints = {
    'x5t#S256': sha256(certificate.raw).toString('base64url'),
    x5t: createHash('sha1').update(certificate.raw).digest('base64url'),
  };
  const certificateKey = await importX509(DEMO_CERTIFICATE_PEM, 'PS256');
  const certificateKeyRs = createPublicKey(DEMO_CERTIFICATE_PEM);
  const sessions = new Map();
  const pending = new Map();
  const codes = new Map();
  const refreshTokens = new Map();
  const deviceCodes = new Map();
  const userGrants = new Map();
  const usedAssertionIds = new Set();
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (error instanceof BodyTooLargeError)
        sendJson(res, 413, { error: 'invalid_request', error_description: error.message });
      else
        sendJson(res, 500, {
          error: 'server_error',
          error_description: 'The local tenant failed: see its console.',
        });
      if (!(error instanceof BodyTooLargeError)) process.stderr.write(`local Entra tenant: ${error.stack}\n`);
    });
  });
  const boundPort = await listenLoopback(server, port);
  const origin = `http://localhost:${boundPort}`;

  const fail = (res, status, code, detail, headers = {}) =>
    sendJson(res, status, buildError(code, detail, origin), headers);
  const findApp = (clientId) => apps.find((app) => app.appId === clientId);
  const platformOf = (app, redirectUri) =>
    Object.entries(app.platforms).find(([, uris]) => uris.includes(redirectUri))?.[0];
  const issuerFor = (tenant) => `${origin}/${tenant.multi ? '{tenantid}' : tenant.tenantId}/v2.0`;

  function consentedScopes(app, user) {
    return new Set([
      ...(app.consented ?? []),
      ...(user ? (userGrants.get(`${user.oid}|${app.appId}`) ?? []) : []),
    ]);
  }

  /** Scopes the user or an admin has not consented to, written as the app requested them. */
  function missingConsent(app, user, parsed) {
    const granted = consentedScopes(app, user);
    const wanted = [
      ...parsed.oidc,
      ...parsed.resources.flatMap((resource) =>
        resource.scopes
          .filter((scope) => scope !== '.default')
          .map((scope) => (resource.kind === 'graph' ? scope : `${resource.id}/${scope}`)),
      ),
    ];
    return wanted.filter((scope) => !granted.has(scope));
  }

  /** The delegated scopes granted for one resource, `.default` expanded to everything consented. */
  function grantedFor(app, user, resource) {
    const granted = consentedScopes(app, user);
    const named = (scope) => (resource.kind === 'graph' ? scope : `${resource.id}/${scope}`);
    if (resource.scopes.includes('.default'))
      return resource.known.filter((scope) => granted.has(named(scope)));
    return resource.scopes;
  }

  function describeDiscovery(tenant) {
    const base = `${origin}/${tenant.segment}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: issuerFor(tenant),
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${graphOrigin}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'cloud_instance_name',
        'cloud_instance_host_name',
        'cloud_graph_host_name',
        'msgraph_host',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: tenant.tenantId === PERSONAL_TENANT_ID ? null : 'EU',
      cloud_instance_name: 'localhost',
      cloud_graph_host_name: new URL(graphOrigin).host,
      msgraph_host: new URL(graphOrigin).host,
      rbac_url: `${graphOrigin}`,
    };
  }

  // ---- authorize -------------------------------------------------------------------------------

  /** Sends the authorization response to the registered redirect URI in the requested mode. */
  function respondToApp(res, request, values) {
    const params = new URLSearchParams({
      ...values,
      ...(request.state === undefined ? {} : { state: request.state }),
    });
    const mode = request.response_mode;
    if (mode === 'form_post') {
      const inputs = [...params]
        .map(
          ([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
        )
        .join('');
      sendPage(
        res,
        200,
        'Working...',
        `<form method="post" action="${escapeHtml(request.redirect_uri)}">${inputs}<p>Script-free form post: press Continue to return to the application.</p><button type="submit">Continue</button></form>`,
      );
      return;
    }
    const target = new URL(request.redirect_uri);
    if (mode === 'fragment') target.hash = params.toString();
    else for (const [name, value] of params) target.searchParams.append(name, value);
    res.writeHead(302, { location: target.href, 'cache-control': 'no-store' });
    res.end();
  }

  function redirectError(res, request, code, detail, errorOverride) {
    const body = buildError(code, detail, origin);
    respondToApp(res, request, {
      error: errorOverride ?? body.error,
      error_description: body.error_description,
      error_uri: body.error_uri,
    });
  }

  async function handleAuthorize(req, res, tenant, url) {
    const query = Object.fromEntries(url.searchParams);
    const app = findApp(query.client_id);
    if (!app)
      return sendErrorPage(
        res,
        700016,
        `Application with identifier '${query.client_id ?? ''}' was not found in the directory '${tenant.segment}'.`,
        origin,
      );
    const redirectUri = query.redirect_uri ?? Object.values(app.platforms).flat()[0];
    const platform = platformOf(app, redirectUri);
    if (!platform)
      return sendErrorPage(
        res,
        50011,
        `The redirect URI '${redirectUri ?? ''}' specified in the request does not match the redirect URIs configured for the application '${app.appId}'.`,
        origin,
      );
    const types = String(query.response_type ?? '')
      .split(' ')
      .filter(Boolean);
    const wantsToken = types.includes('token') || types.includes('id_token');
    const request = {
      ...query,
      redirect_uri: redirectUri,
      response_mode: query.response_mode ?? (wantsToken ? 'fragment' : 'query'),
    };
    if (types.length === 0 || types.some((type) => !['code', 'id_token', 'token'].includes(type)))
      return redirectError(
        res,
        request,
        9002313,
        `response_type '${query.response_type ?? ''}' is not supported.`,
        'unsupported_response_type',
      );
    if (types.includes('id_token') && !app.idTokenIssuance) return redirectError(res, request, 700054);
    if (types.includes('token') && !app.accessTokenIssuance) return redirectError(res, request, 700051);
    let parsed;
    try {
      parsed = parseScopes(query.scope, apps);
    } catch (error) {
      if (error instanceof ScopeError) return redirectError(res, request, error.code, error.message);
      throw error;
    }
    if (types.includes('id_token') && !query.nonce)
      return redirectError(
        res,
        request,
        900144,
        "The request body must contain the following parameter: 'nonce'.",
      );
    if (query.code_challenge_method && !['S256', 'plain'].includes(query.code_challenge_method))
      return redirectError(
        res,
        request,
        9002313,
        `code_challenge_method '${query.code_challenge_method}' is not supported.`,
      );
    const id = randomUUID();
    pending.set(id, { request, tenant, app, platform, parsed, types, created: Date.now() });
    const session = sessions.get(parseCookies(req.headers.cookie).ESTSAUTH ?? '');
    const user = session && USERS.find((candidate) => candidate.oid === session.oid);
    if (query.prompt === 'none') {
      if (!user || !userFitsTenant(user, tenant))
        return redirectError(res, request, 50058, undefined, 'login_required');
      if (missingConsent(app, user, parsed).length > 0)
        return redirectError(res, request, 65001, undefined, 'consent_required');
      return completeAuthorize(res, pending.get(id), user, session.sid);
    }
    if (
      user &&
      userFitsTenant(user, tenant) &&
      query.prompt !== 'login' &&
      query.prompt !== 'select_account' &&
      missingConsent(app, user, parsed).length === 0
    )
      return completeAuthorize(res, pending.get(id), user, session.sid);
    return showSignIn(res, id, app, parsed, undefined, query.login_hint);
  }

  function showSignIn(res, id, app, parsed, problem, loginHint) {
    const pendingRequest = pending.get(id);
    const tenant = pendingRequest.tenant;
    const options = USERS.filter((user) => userFitsTenant(user, tenant))
      .map(
        (user) =>
          `<option value="${escapeHtml(user.username)}"${user.username === loginHint ? ' selected' : ''}>${escapeHtml(user.username)}</option>`,
      )
      .join('');
    const wanted = [
      ...parsed.oidc,
      ...parsed.resources.flatMap((resource) => formatScopes(resource, resource.scopes)),
    ];
    sendPage(
      res,
      problem ? 400 : 200,
      'Sign in to your account',
      `<h1>Sign in</h1><p>to <strong>${escapeHtml(app.displayName)}</strong> (tenant <code>${escapeHtml(tenant.segment)}</code>)</p>
${problem ? `<p class="err" role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/login">
<input type="hidden" name="request" value="${escapeHtml(id)}">
<label>Account <select name="username">${options}</select></label>
<label>Password <input type="password" name="password" autocomplete="off" required></label>
<fieldset><legend>Permissions requested (you consent by accepting)</legend><ul>${wanted.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('')}</ul></fieldset>
<button type="submit" name="action" value="accept">Accept</button><button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</form><p>Demo accounts and passwords: see docs/local-entra.md.</p>`,
    );
  }

  async function handleLoginPost(req, res) {
    const form = new URLSearchParams(await readBody(req, 16 * 1024));
    const entry = pending.get(form.get('request') ?? '');
    if (!entry)
      return sendPage(
        res,
        400,
        'Sign in',
        '<p class="err">This sign-in request expired or was already used. Start again from the application.</p>',
      );
    if (form.get('action') === 'cancel') {
      pending.delete(form.get('request'));
      if (entry.device) {
        entry.device.status = 'declined';
        return sendPage(
          res,
          200,
          'Sign in',
          '<p>You declined to sign in on the other device. You may close this window.</p>',
        );
      }
      return redirectError(res, entry.request, 65004, undefined, 'access_denied');
    }
    const user = USERS.find(
      (candidate) => candidate.username === String(form.get('username') ?? '').toLowerCase(),
    );
    const valid =
      user &&
      createHash('sha256')
        .update(user.password)
        .digest()
        .equals(
          createHash('sha256')
            .update(form.get('password') ?? '')
            .digest(),
        );
    if (!valid || !userFitsTenant(user, entry.tenant))
      return showSignIn(
        res,
        form.get('request'),
        entry.app,
        entry.parsed,
        valid
          ? buildError(50020, undefined, origin).error_description
          : buildError(50126, undefined, origin).error_description,
      );
    pending.delete(form.get('request'));
    const grantKey = `${user.oid}|${entry.app.appId}`;
    const granted = new Set(userGrants.get(grantKey) ?? []);
    for (const scope of missingConsent(entry.app, user, entry.parsed)) granted.add(scope);
    userGrants.set(grantKey, [...granted]);
    const sid = randomUUID();
    const cookie = randomBytes(32).toString('base64url');
    sessions.set(cookie, { oid: user.oid, sid, authTime: Math.floor(Date.now() / 1000) });
    res.setHeader('set-cookie', `ESTSAUTH=${cookie}; Path=/; HttpOnly; SameSite=Lax`);
    if (entry.device) {
      entry.device.status = 'approved';
      entry.device.user = user;
      entry.device.sid = sid;
      return sendPage(
        res,
        200,
        'Sign in',
        `<h1>You have signed in</h1><p>You have signed in to ${escapeHtml(entry.app.displayName)} on your device. You may now close this window.</p>`,
      );
    }
    return completeAuthorize(res, entry, user, sid);
  }

  async function completeAuthorize(res, entry, user, sid) {
    const { request, app, platform, parsed, types, tenant } = entry;
    const values = {};
    const resource = parsed.resources[0];
    const claimsCapabilities = readCapabilities(request.claims);
    if (types.includes('code')) {
      const code = createOpaque(180);
      codes.set(code, {
        appId: app.appId,
        redirectUri: request.redirect_uri,
        spa: platform === 'spa',
        user,
        sid,
        tenant,
        parsed,
        nonce: request.nonce,
        codeChallenge: request.code_challenge,
        codeChallengeMethod: request.code_challenge_method ?? (request.code_challenge ? 'plain' : undefined),
        expiresAt: Date.now() + CODE_LIFETIME_MS,
        used: false,
        capabilities: claimsCapabilities,
      });
      values.code = code;
    }
    if (types.includes('token')) {
      const target = resource ?? parseScopes('User.Read', apps).resources[0];
      values.access_token = await issueAccessToken({
        key,
        loginOrigin: origin,
        resource: { ...target, clientName: app.displayName },
        user,
        appId: app.appId,
        tenantId: user.tid,
        scp: grantedFor(app, user, target),
        acr: '0',
        xmsCc: claimsCapabilities,
      });
      values.token_type = 'Bearer';
      values.expires_in = String(TOKEN_LIFETIME_SECONDS);
      values.scope = formatScopes(target, grantedFor(app, user, target)).join(' ');
    }
    if (types.includes('id_token')) {
      const hashes = {
        ...(values.code ? { c_hash: halfHash(values.code) } : {}),
        ...(values.access_token ? { at_hash: halfHash(values.access_token) } : {}),
      };
      values.id_token = await issueIdToken({
        key,
        loginOrigin: origin,
        user,
        appId: app.appId,
        sid,
        nonce: request.nonce,
        scopes: parsed.oidc,
        hashes,
      });
    }
    if (request.client_info === '1') values.client_info = encodeClientInfo(user);
    values.session_state = sid;
    return respondToApp(res, request, values);
  }

  // ---- token endpoint -------------------------------------------------------------------------

  /** Client authentication: secret (post or Basic), certificate assertion, or none for public clients. */
  async function authenticateClient(form, headers, tokenEndpoint) {
    let clientId = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic\s+(.+)$/i.exec(headers.authorization ?? '');
    if (basic) {
      const [id, pass] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      clientId = decodeURIComponent(id ?? '');
      secret = decodeURIComponent(pass ?? '');
    }
    const assertion = form.get('client_assertion');
    const app = findApp(clientId);
    if (!app)
      return {
        error: [
          400,
          700016,
          `Application with identifier '${clientId ?? ''}' was not found in the directory.`,
        ],
      };
    const confidential = Boolean(app.secrets || app.certificate);
    if (!confidential) {
      if (secret || assertion) return { error: [401, 700025] };
      return { app, acr: '0' };
    }
    if (assertion) {
      if (form.get('client_assertion_type') !== ASSERTION_TYPE)
        return {
          error: [
            400,
            9002313,
            "client_assertion_type must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.",
          ],
        };
      if (!app.certificate) return { error: [401, 700027, undefined] };
      let header;
      try {
        header = decodeProtectedHeader(assertion);
      } catch {
        return { error: [401, 50013, 'The client assertion is not a JWT.'] };
      }
      const thumbprintOk =
        header['x5t#S256'] === certificateThumbprints['x5t#S256'] ||
        header.x5t === certificateThumbprints.x5t;
      if (!thumbprintOk)
        return {
          error: [
            401,
            50013,
            'No certificate with this thumbprint (x5t#S256 or x5t) is uploaded to the application.',
          ],
        };
      try {
        const verifyKey = header.alg === 'RS256' ? certificateKeyRs : certificateKey;
        const { payload } = await jwtVerify(assertion, verifyKey, {
          algorithms: ['PS256', 'RS256'],
          audience: tokenEndpoint,
          issuer: app.appId,
          subject: app.appId,
          requiredClaims: ['exp', 'jti'],
        });
        if (usedAssertionIds.has(payload.jti))
          return { error: [401, 50013, 'The assertion jti was already used.'] };
        usedAssertionIds.add(payload.jti);
      } catch (error) {
        return { error: [401, 50013, `Client assertion is not valid: ${error.message}`] };
      }
      return { app, acr: '2' };
    }
    if (!secret) return { error: [401, 7000218] };
    if (!(app.secrets ?? []).includes(secret))
      return {
        error: [
          401,
          7000215,
          `Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
        ],
      };
    return { app, acr: '1' };
  }

  async function handleToken(req, res, tenant) {
    const requestOrigin = req.headers.origin;
    const body = await readBody(req, 64 * 1024);
    const form = new URLSearchParams(body);
    const grant = form.get('grant_type');
    const cors = requestOrigin ? { 'access-control-allow-origin': requestOrigin, vary: 'Origin' } : {};
    // Cross-origin redemption is allowed only for codes and refresh tokens issued to a SPA redirect
    // URI; everything else from a browser is refused with NO CORS headers, so the page sees only a
    // network error. @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes (9002326)
    const spaIssued =
      (grant === 'authorization_code' && codes.get(form.get('code') ?? '')?.spa) ||
      (grant === 'refresh_token' && refreshTokens.get(form.get('refresh_token') ?? '')?.spa);
    if (requestOrigin && !spaIssued) return fail(res, 400, 9002326, `Request origin: '${requestOrigin}'.`);
    if (!requestOrigin && spaIssued) return fail(res, 400, 9002327, undefined);
    const tokenEndpoint = `${origin}/${tenant.segment}/oauth2/v2.0/token`;
    const client = await authenticateClient(form, req.headers, tokenEndpoint);
    if (client.error) {
      const [status, code, detail] = client.error;
      return fail(res, status, code, detail, cors);
    }
    const { app, acr } = client;
    const capabilities = readCapabilities(form.get('claims'));
    const send = (value) => sendJson(res, 200, value, { ...cors, pragma: 'no-cache' });
    switch (grant) {
      case 'authorization_code':
        return redeemCode(form, app, acr, cors, send, res);
      case 'refresh_token':
        return redeemRefresh(form, app, acr, cors, send, res, capabilities);
      case 'client_credentials':
        return clientCredentials(form, app, acr, tenant, cors, send, res);
      case 'password':
        return passwordGrant(form, app, tenant, cors, send, res, capabilities);
      case GRANT_DEVICE:
        return deviceGrant(form, app, cors, send, res);
      case GRANT_JWT_BEARER:
        return onBehalfOf(form, app, acr, cors, send, res);
      case null:
        return fail(
          res,
          400,
          900144,
          "The request body must contain the following parameter: 'grant_type'.",
          cors,
        );
      default:
        return fail(res, 400, 9002313, `grant_type '${grant}' is not supported.`, cors);
    }
  }

  /** Issues the token response for a user: one resource per access token, ID token for openid. */
  async function issueForUser({
    app,
    acr,
    user,
    sid,
    parsed,
    nonce,
    spa,
    capabilities,
    clientInfo,
    idToken = true,
  }) {
    const resource = parsed.resources[0] ?? parseScopes('User.Read', apps).resources[0];
    const scp = grantedFor(app, user, resource);
    const response = {
      token_type: 'Bearer',
      scope: [
        ...formatScopes(resource, scp),
        ...parsed.oidc.filter((scope) => scope !== 'offline_access'),
      ].join(' '),
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: await issueAccessToken({
        key,
        loginOrigin: origin,
        resource: { ...resource, clientName: app.displayName },
        user,
        appId: app.appId,
        tenantId: user.tid,
        scp,
        acr,
        xmsCc: capabilities,
      }),
    };
    if (parsed.oidc.includes('offline_access')) {
      const refreshToken = createOpaque(300);
      refreshTokens.set(refreshToken, {
        appId: app.appId,
        user,
        sid,
        scope: [...parsed.oidc, ...parsed.resources.flatMap((item) => formatScopes(item, item.scopes))].join(
          ' ',
        ),
        spa,
        expiresAt: Date.now() + (spa ? SPA_REFRESH_LIFETIME_MS : REFRESH_LIFETIME_MS),
      });
      response.refresh_token = refreshToken;
    }
    if (idToken && parsed.oidc.includes('openid'))
      response.id_token = await issueIdToken({
        key,
        loginOrigin: origin,
        user,
        appId: app.appId,
        sid,
        nonce,
        scopes: parsed.oidc,
      });
    if (clientInfo) response.client_info = encodeClientInfo(user);
    return response;
  }

  async function redeemCode(form, app, acr, cors, send, res) {
    const code = form.get('code');
    if (!code)
      return fail(res, 400, 900144, "The request body must contain the following parameter: 'code'.", cors);
    const entry = codes.get(code);
    if (!entry || entry.appId !== app.appId)
      return fail(res, 400, 70000, 'The code was not issued to this client.', cors);
    if (entry.used) return fail(res, 400, 54005, undefined, cors);
    if (entry.expiresAt < Date.now()) return fail(res, 400, 70008, undefined, cors);
    if (form.get('redirect_uri') !== entry.redirectUri)
      return fail(
        res,
        400,
        50011,
        `The redirect_uri '${form.get('redirect_uri') ?? ''}' is not the one the code was issued to.`,
        cors,
      );
    const verifier = form.get('code_verifier');
    if (entry.spa && !entry.codeChallenge) return fail(res, 400, 9002325, undefined, cors);
    if (entry.codeChallenge) {
      if (!verifier)
        return fail(
          res,
          400,
          900144,
          "The request body must contain the following parameter: 'code_verifier'.",
          cors,
        );
      const computed =
        entry.codeChallengeMethod === 'S256' ? sha256(verifier).toString('base64url') : verifier;
      if (computed !== entry.codeChallenge) return fail(res, 400, 501481, undefined, cors);
    }
    entry.used = true;
    let parsed = entry.parsed;
    if (form.get('scope')) {
      try {
        parsed = parseScopes(form.get('scope'), apps);
      } catch (error) {
        if (error instanceof ScopeError) return fail(res, 400, error.code, error.message, cors);
        throw error;
      }
    }
    return send(
      await issueForUser({
        app,
        acr,
        user: entry.user,
        sid: entry.sid,
        parsed,
        nonce: entry.nonce,
        spa: entry.spa,
        capabilities: entry.capabilities,
        clientInfo: form.get('client_info') === '1',
      }),
    );
  }

  async function redeemRefresh(form, app, acr, cors, send, res, capabilities) {
    const entry = refreshTokens.get(form.get('refresh_token') ?? '');
    if (!entry || entry.appId !== app.appId)
      return fail(res, 400, 9002313, 'The refresh token is not valid for this client.', cors);
    if (entry.expiresAt < Date.now()) return fail(res, 400, entry.spa ? 700084 : 70008, undefined, cors);
    let parsed;
    try {
      parsed = parseScopes(form.get('scope') || entry.scope, apps);
    } catch (error) {
      if (error instanceof ScopeError) return fail(res, 400, error.code, error.message, cors);
      throw error;
    }
    const missing = missingConsent(app, entry.user, parsed);
    if (missing.length > 0)
      return fail(
        res,
        400,
        65001,
        `Send an interactive authorization request for: ${missing.join(' ')}.`,
        cors,
      );
    // Using a refresh token does not revoke it (Entra): the old one keeps working until it expires.
    return send(
      await issueForUser({
        app,
        acr,
        user: entry.user,
        sid: entry.sid,
        parsed,
        spa: entry.spa,
        capabilities,
        clientInfo: form.get('client_info') === '1',
      }),
    );
  }

  async function clientCredentials(form, app, acr, tenant, cors, send, res) {
    if (tenant.multi || tenant.tenantId === PERSONAL_TENANT_ID)
      return fail(res, 400, 9001023, undefined, cors);
    if (acr === '0') return fail(res, 401, 7000218, undefined, cors);
    const scopes = String(form.get('scope') ?? '')
      .split(/\s+/)
      .filter(Boolean);
    if (scopes.length !== 1 || !scopes[0].endsWith('/.default'))
      return fail(
        res,
        400,
        scopes.length > 1 && scopes.every((scope) => scope.endsWith('/.default')) ? 70011 : 1002012,
        `The provided value '${form.get('scope') ?? ''}' must be exactly one '{resource}/.default'.`,
        cors,
      );
    let parsed;
    try {
      parsed = parseScopes(scopes[0], apps);
    } catch (error) {
      if (error instanceof ScopeError) return fail(res, 400, error.code, error.message, cors);
      throw error;
    }
    const resource = parsed.resources[0];
    const roles = app.appRoles?.[resource.id] ?? [];
    return send({
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: await issueAccessToken({
        key,
        loginOrigin: origin,
        resource: { ...resource, clientName: app.displayName },
        appId: app.appId,
        tenantId: tenant.tenantId,
        roles,
        acr,
      }),
    });
  }

  async function passwordGrant(form, app, tenant, cors, send, res, capabilities) {
    if (tenant.segment === 'common' || tenant.segment === 'consumers')
      return fail(res, 400, 9001023, undefined, cors);
    if (!app.allowPublicClient && !app.secrets)
      return fail(
        res,
        401,
        7000218,
        'Public client flows are not enabled for this application ("Allow public client flows" is off).',
        cors,
      );
    const user = USERS.find(
      (candidate) => candidate.username === String(form.get('username') ?? '').toLowerCase(),
    );
    const valid =
      user &&
      createHash('sha256')
        .update(user.password)
        .digest()
        .equals(
          createHash('sha256')
            .update(form.get('password') ?? '')
            .digest(),
        );
    if (!valid || !userFitsTenant(user, tenant)) return fail(res, 400, 50126, undefined, cors);
    let parsed;
    try {
      parsed = parseScopes(form.get('scope'), apps);
    } catch (error) {
      if (error instanceof ScopeError) return fail(res, 400, error.code, error.message, cors);
      throw error;
    }
    const missing = missingConsent(app, user, parsed);
    if (missing.length > 0)
      return fail(
        res,
        400,
        65001,
        `Send an interactive authorization request for this user and resource: ${missing.join(' ')}.`,
        cors,
      );
    return send(
      await issueForUser({
        app,
        acr: '0',
        user,
        sid: createSessionId(),
        parsed,
        spa: false,
        capabilities,
        clientInfo: form.get('client_info') === '1',
      }),
    );
  }

  async function deviceGrant(form, app, cors, send, res) {
    if (!app.allowPublicClient)
      return fail(
        res,
        401,
        7000218,
        'Public client flows are not enabled for this application ("Allow public client flows" is off).',
        cors,
      );
    const entry = deviceCodes.get(form.get('device_code') ?? '');
    if (!entry || entry.appId !== app.appId)
      return sendJson(
        res,
        400,
        { ...buildError(70000, 'Unknown device_code.', origin), error: 'bad_verification_code' },
        cors,
      );
    if (entry.expiresAt < Date.now()) return sendJson(res, 400, buildError(70019, undefined, origin), cors);
    if (entry.status === 'pending') return sendJson(res, 400, buildError(70016, undefined, origin), cors);
    if (entry.status === 'declined')
      return sendJson(
        res,
        400,
        {
          ...buildError(70000, 'The end user denied the authorization request.', origin),
          error: 'authorization_declined',
        },
        cors,
      );
    if (entry.status === 'redeemed')
      return sendJson(
        res,
        400,
        {
          ...buildError(70000, 'The device code was already redeemed.', origin),
          error: 'bad_verification_code',
        },
        cors,
      );
    entry.status = 'redeemed';
    return send(
      await issueForUser({
        app,
        acr: '0',
        user: entry.user,
        sid: entry.sid,
        parsed: entry.parsed,
        spa: false,
        capabilities: [],
        clientInfo: form.get('client_info') === '1',
      }),
    );
  }

  /** On-behalf-of: API A trades the user's token (aud = API A) for one to API B. */
  async function onBehalfOf(form, app, acr, cors, send, res) {
    if (acr === '0') return fail(res, 401, 7000218, undefined, cors);
    if (form.get('requested_token_use') !== 'on_behalf_of')
      return fail(
        res,
        400,
        900144,
        "The request body must contain the following parameter: 'requested_token_use' (on_behalf_of).",
        cors,
      );
    const assertion = form.get('assertion');
    if (!assertion)
      return fail(
        res,
        400,
        900144,
        "The request body must contain the following parameter: 'assertion'.",
        cors,
      );
    let payload;
    try {
      ({ payload } = await jwtVerify(assertion, createLocalJWKSet({ keys: [key.publicJwk] }), {
        algorithms: ['RS256'],
      }));
    } catch (error) {
      return fail(
        res,
        400,
        50013,
        `The assertion is not a valid token of this tenant: ${error.message}`,
        cors,
      );
    }
    if (payload.aud !== app.appId)
      return fail(
        res,
        400,
        50013,
        `The assertion's audience is ${payload.aud}, not this API (${app.appId}).`,
        cors,
      );
    if (payload.idtyp === 'app' || !payload.scp)
      return fail(res, 400, 50013, 'On-behalf-of needs a user token; this one is app-only.', cors);
    const user = USERS.find((candidate) => candidate.oid === payload.oid);
    if (!user) return fail(res, 400, 50013, 'The assertion names an unknown user.', cors);
    let parsed;
    try {
      parsed = parseScopes(form.get('scope'), apps);
    } catch (error) {
      if (error instanceof ScopeError) return fail(res, 400, error.code, error.message, cors);
      throw error;
    }
    const missing = missingConsent(app, user, parsed);
    if (missing.length > 0)
      return fail(res, 400, 65001, `API ${app.displayName} has no consent for: ${missing.join(' ')}.`, cors);
    return send(
      await issueForUser({
        app,
        acr,
        user,
        sid: createSessionId(),
        parsed,
        spa: false,
        capabilities: [],
        idToken: false,
      }),
    );
  }

  // ---- device code ------------------------------------------------------------------------------

  async function handleDeviceCode(req, res, tenant, url) {
    // No CORS headers at all: a browser page cannot read this response.
    const form = new URLSearchParams(await readBody(req, 16 * 1024));
    const app = findApp(form.get('client_id'));
    if (!app)
      return fail(
        res,
        400,
        700016,
        `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory.`,
      );
    let parsed;
    try {
      parsed = parseScopes(form.get('scope'), apps);
    } catch (error) {
      if (error instanceof ScopeError) return fail(res, 400, error.code, error.message);
      throw error;
    }
    const deviceCode = createOpaque(60);
    const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    const userCode = Array.from(randomBytes(9), (byte) => letters[byte % letters.length]).join('');
    deviceCodes.set(deviceCode, {
      appId: app.appId,
      userCode,
      tenant,
      parsed,
      status: 'pending',
      expiresAt: Date.now() + DEVICE_LIFETIME_S * 1000,
    });
    const verificationUri = `${origin}/devicelogin`;
    const language = String(url.searchParams.get('mkt') ?? 'en-US')
      .slice(0, 2)
      .toLowerCase();
    const message = (DEVICE_MESSAGES[language] ?? DEVICE_MESSAGES.en)(verificationUri, userCode);
    return sendJson(res, 200, {
      user_code: userCode,
      device_code: deviceCode,
      verification_uri: verificationUri,
      expires_in: DEVICE_LIFETIME_S,
      interval: 5,
      message,
    });
  }

  async function handleDeviceLogin(req, res) {
    if (req.method === 'GET')
      return sendPage(
        res,
        200,
        'Enter code',
        `<h1>Enter code</h1><p>Enter the code displayed on your app or device.</p><form method="post" action="/devicelogin"><label>Code <input name="otc" autocomplete="off" required></label><button type="submit">Next</button></form>`,
      );
    const form = new URLSearchParams(await readBody(req, 4096));
    const code = String(form.get('otc') ?? '')
      .trim()
      .toUpperCase();
    const found = [...deviceCodes.values()].find(
      (entry) => entry.userCode === code && entry.status === 'pending' && entry.expiresAt > Date.now(),
    );
    if (!found)
      return sendPage(
        res,
        400,
        'Enter code',
        `<h1>Enter code</h1><p class="err" role="alert">That code didn't work. Check the code and try again.</p><form method="post" action="/devicelogin"><label>Code <input name="otc" autocomplete="off" required></label><button type="submit">Next</button></form>`,
      );
    const id = randomUUID();
    const app = findApp(found.appId);
    pending.set(id, {
      request: {},
      tenant: found.tenant,
      app,
      parsed: found.parsed,
      device: found,
      created: Date.now(),
    });
    return showSignIn(res, id, app, found.parsed);
  }

  // ---- logout -----------------------------------------------------------------------------------

  function handleLogout(req, res, url) {
    const cookie = parseCookies(req.headers.cookie).ESTSAUTH;
    if (cookie) sessions.delete(cookie);
    res.setHeader('set-cookie', 'ESTSAUTH=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
    const target = url.searchParams.get('post_logout_redirect_uri');
    const registered =
      target &&
      apps.some(
        (app) =>
          (app.logoutUrls ?? []).includes(target) || Object.values(app.platforms).flat().includes(target),
      );
    if (registered) {
      const location = new URL(target);
      const state = url.searchParams.get('state');
      if (state) location.searchParams.set('state', state);
      res.writeHead(302, { location: location.href, 'cache-control': 'no-store' });
      return res.end();
    }
    return sendPage(
      res,
      200,
      'Sign out',
      `<h1>You signed out of your account</h1><p>It's a good idea to close all browser windows.${target ? ` The post_logout_redirect_uri ${escapeHtml(target)} is not registered for any application, so you were not sent back.` : ''}</p>`,
    );
  }

  // ---- routing ----------------------------------------------------------------------------------

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', origin);
    const parts = url.pathname.split('/').filter(Boolean);
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/login' && req.method === 'POST') return handleLoginPost(req, res);
    if (url.pathname === '/devicelogin') return handleDeviceLogin(req, res);
    if (url.pathname === '/error')
      return sendPage(
        res,
        200,
        'Error',
        `<p>Look up AADSTS${escapeHtml(url.searchParams.get('code') ?? '')} in docs/local-entra.md or Microsoft's error-code reference.</p>`,
      );
    if (url.pathname === '/demo/certificate') {
      return sendJson(
        res,
        200,
        {
          warning:
            'DEMO CERTIFICATE of the local Entra tenant: its private key is published and protects nothing.',
          clientIds: [CLIENT_IDS.web, CLIENT_IDS.daemon],
          certificatePem: DEMO_CERTIFICATE_PEM,
          privateKeyPem: DEMO_CERTIFICATE_KEY_PEM,
          thumbprints: certificateThumbprints,
        },
        { 'access-control-allow-origin': appOrigin },
      );
    }
    const tenant = resolveTenant(parts[0]);
    const rest = parts.slice(1).join('/');
    const anyOrigin = { 'access-control-allow-origin': '*' };
    if (!tenant) {
      return fail(res, 400, 90002, `Tenant '${decodeURIComponent(parts[0] ?? '')}' not found.`, anyOrigin);
    }
    if (rest === 'v2.0/.well-known/openid-configuration' && req.method === 'GET')
      return sendJson(res, 200, describeDiscovery(tenant), anyOrigin);
    if (rest === 'discovery/v2.0/keys' && req.method === 'GET') {
      const issuer = issuerFor(tenant);
      return sendJson(res, 200, { keys: [{ ...key.publicJwk, issuer }] }, anyOrigin);
    }
    if (rest === 'oauth2/v2.0/authorize' && req.method === 'GET')
      return handleAuthorize(req, res, tenant, url);
    if (rest === 'oauth2/v2.0/token') {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-origin': req.headers.origin ?? '*',
          'access-control-allow-methods': 'POST, OPTIONS',
          'access-control-allow-headers': 'content-type',
          'access-control-max-age': '86400',
        });
        return res.end();
      }
      if (req.method === 'POST') return handleToken(req, res, tenant);
    }
    if (rest === 'oauth2/v2.0/devicecode' && req.method === 'POST')
      return handleDeviceCode(req, res, tenant, url);
    if (rest === 'oauth2/v2.0/logout' && (req.method === 'GET' || req.method === 'POST'))
      return handleLogout(req, res, url);
    return sendJson(res, 404, {
      error: 'not_found',
      error_description: `No route ${req.method} ${url.pathname} on the local Entra tenant.`,
    });
  }

  return {
    origin,
    port: boundPort,
    publicJwk: key.publicJwk,
    apps,
    close: () => closeServer(server),
  };
}

/** `client_info`: base64url JSON with the user's object id and home tenant id (MSAL's account key). */
function encodeClientInfo(user) {
  return Buffer.from(JSON.stringify({ uid: user.oid, utid: user.tid })).toString('base64url');
}

/**
 * Client capabilities from a `claims` request parameter: `{"access_token":{"xms_cc":{"values":["cp1"]}}}`.
 * @see https://learn.microsoft.com/entra/identity-platform/claims-challenge
 */
function readCapabilities(claims) {
  if (!claims) return [];
  try {
    const values = JSON.parse(claims)?.access_token?.xms_cc?.values;
    return Array.isArray(values) ? values.filter((value) => typeof value === 'string') : [];
  } catch {
    return [];
  }
}
