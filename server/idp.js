// The local demo IdP: oidc-provider 8 with its own pages, demo users, JWT access tokens for the
// demo APIs, and the grants the library lacks (password, on-behalf-of, token exchange).
import { createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import Provider, { errors } from 'oidc-provider';
import {
  ACR_MFA,
  ACR_PASSWORD,
  ACR_VALUES,
  ASSERTION_CLIENT_ID,
  DEFAULT_APP_ORIGIN,
  DEFAULT_PORTS,
  KEY_CLIENT_IDS,
  MAX_REGISTERED_CLIENTS,
  OIDC_SCOPES,
  RESOURCES,
  buildClients,
} from './config.js';
import { PROTECTED_ROUTES } from './apis.js';
import { closeServer, createServerAwaitingHandler, listenOn } from './http-util.js';
import { DEVICE_POLL_INTERVAL_S, registerCustomGrants, tokenActors } from './idp-grants.js';
import {
  PAR_TTL_SECONDS,
  buildExtraClientMetadata,
  buildInteractionPolicy,
  buildModernFeatures,
  describeStepUp,
} from './idp-modern.js';
import { DEFAULT_DATA_DIR, loadAssertionKey, loadCookieKeys, loadSigningKeys } from './keys.js';
import { createMemoryIdpState } from './idp-state.js';
import { createMemoryAdapter } from './memory-adapter.js';
import {
  STYLESHEET,
  STYLESHEET_PATH,
  buildCsp,
  insertBanner,
  renderConsentPage,
  renderDeviceConfirmPage,
  renderDeviceInputPage,
  renderDeviceSuccessPage,
  renderErrorPage,
  renderLoggedOutPage,
  renderLoginPage,
  renderLogoutPage,
} from './pages.js';
import {
  buildUserClaims,
  checkPassword,
  checkSecurityCode,
  findUserBySub,
  findUserByUsername,
} from './users.js';

const GRANT_NOT_ALLOWED = 'requested grant type is not allowed for this client';
const MAX_FORM_BYTES = 16 * 1024;
export const MAX_UPLOADED_KEYS = 20;
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * Resource servers keyed by indicator, and the Entra-style mapping from scopes to a resource. A
 * demo API route's URL (`http://localhost:4001/me`) is accepted as an indicator too, once its
 * origin is added: that URL is the `resource` of its RFC 9728 metadata, which is what a client
 * that found the IdP through that metadata sends (RFC 8707). Its tokens carry the API's id in `aud`.
 */
export function createResourceCatalog(resources = RESOURCES, routes = PROTECTED_ROUTES) {
  const byId = new Map(resources.map((resource) => [resource.id, resource]));
  const apiOrigins = new Set();
  const resolve = (indicator) => {
    if (byId.has(indicator)) return byId.get(indicator);
    let url;
    try {
      url = new URL(indicator);
    } catch {
      return undefined;
    }
    if (!apiOrigins.has(url.origin) || url.search !== '' || url.hash !== '') return undefined;
    const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
    return route && byId.get(route.resource.id);
  };
  return {
    /** Accepts the URLs of the demo API routes served at `origin` as indicators. */
    addApiOrigin(origin) {
      apiOrigins.add(new URL(origin).origin);
    },
    /** @returns {string | string[] | undefined} one indicator, several (an error later), or none */
    resourceForScopes(scopes) {
      const found = new Set();
      for (const scope of scopes) {
        for (const resource of resources) {
          if (resource.scopes.includes(scope) || scope.startsWith(`${resource.id}/`)) found.add(resource.id);
        }
      }
      if (found.size === 0) return undefined;
      return found.size === 1 ? [...found][0] : [...found];
    },
    getInfo(indicator) {
      const resource = resolve(indicator);
      if (!resource) return undefined;
      const accepted = [
        ...resource.scopes,
        ...resource.scopes.map((scope) => `${resource.id}/${scope}`),
        `${resource.id}/.default`,
      ];
      return {
        scope: accepted.join(' '),
        audience: resource.id,
        accessTokenFormat: 'jwt',
        accessTokenTTL: 3600,
        jwt: { sign: { alg: 'RS256' } },
      };
    },
    /** Entra-style full names become short names; `{resource}/.default` becomes all its scopes. */
    normalizeScope(scope, indicator) {
      const resource = resolve(indicator);
      if (!resource || !scope) return scope;
      const out = new Set();
      for (const item of scope.split(' ')) {
        if (item === `${resource.id}/.default`) resource.scopes.forEach((s) => out.add(s));
        else if (item.startsWith(`${resource.id}/`)) out.add(item.slice(resource.id.length + 1));
        else out.add(item);
      }
      return [...out].join(' ');
    },
  };
}

/**
 * What the companion answers at GET /demo/assertion-key: the demo key pair of the private_key_jwt
 * client, a published demo value that protects nothing.
 * @param {{ issuer: string, assertionKey: Awaited<ReturnType<typeof loadAssertionKey>> }} idp
 * @param {string} publisher who hands it out, e.g. "the local companion"
 */
export function describeDemoAssertionKey(idp, publisher) {
  return {
    clientId: ASSERTION_CLIENT_ID,
    kid: idp.assertionKey.kid,
    alg: 'RS256',
    algorithms: ['RS256', 'PS256'],
    privateJwk: idp.assertionKey.privateJwk,
    privateKeyPem: idp.assertionKey.privateKeyPem,
    publicJwk: idp.assertionKey.publicJwk,
    tokenEndpoint: `${idp.issuer}/token`,
    warning: `DEMO KEY: published by ${publisher} for the playground. It protects nothing; never use it outside this local demo IdP.`,
  };
}

function toPublicJwk(jwk) {
  const bare = createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'jwk' });
  return { ...bare, kid: jwk.kid, alg: jwk.alg, use: 'sig' };
}

/**
 * Checks a user-supplied public JWK before it is registered on the private_key_jwt client.
 * @returns {Promise<object>} the key with a `kid`
 */
export async function validateUploadedJwk(jwk) {
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk))
    throw new TypeError('the body must be a JSON Web Key object');
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') throw new TypeError('"kty" must be "RSA" or "EC"');
  const leaked = PRIVATE_JWK_MEMBERS.filter((member) => member in jwk);
  if (leaked.length)
    throw new TypeError(`this is a private key (has ${leaked.join(', ')}); upload the public key only`);
  let key;
  try {
    key = createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    throw new TypeError('the JWK is not a valid public key');
  }
  if (jwk.kty === 'RSA' && key.asymmetricKeyDetails.modulusLength < 2048) {
    throw new TypeError('RSA keys must have at least 2048 bits');
  }
  const bare = key.export({ format: 'jwk' });
  const kid = typeof jwk.kid === 'string' && jwk.kid ? jwk.kid : await calculateJwkThumbprint(bare);
  const result = { ...bare, kid, use: 'sig' };
  if (typeof jwk.alg === 'string') result.alg = jwk.alg;
  return result;
}

/**
 * oidc-provider refuses http and localhost redirect URIs for web clients that may use implicit
 * responses; this local IdP only ever redirects to the loopback app, so exactly those two checks
 * are skipped through the schema's documented `invalidate(message, code)` hook.
 */
function allowLoopbackImplicitRedirects(provider) {
  const skipped = new Set(['implicit-force-https', 'implicit-forbid-localhost']);
  const { invalidate } = provider.Client.Schema.prototype;
  provider.Client.Schema.prototype.invalidate = function invalidateUnlessLoopbackImplicit(message, code) {
    if (skipped.has(code)) return;
    invalidate.call(this, message, code);
  };
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new errors.InvalidRequest('form body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function pickFromForm(form, pattern) {
  return pattern.exec(form)?.[1] ?? '';
}

function sendHtml(ctx, status, html) {
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = html;
}

/**
 * Starts the IdP on loopback, or (room mode) on the address given as `host` with a public `issuer`.
 * `relayOrigin: null` registers no relay redirect URI; `createAdapter` replaces the in-memory
 * storage (e.g. Redis, shared by several instances); `keys` replaces the signing and cookie keys
 * of the data folder (instances of one room share them); `banner` is text shown on every page;
 * `corsForAllClients` lets the app origin call the token endpoint for confidential demo clients too;
 * `formPostReceiver` replaces the relay's form_post receiver as a redirect URI (a room serves its own);
 * `state` holds uploaded keys, device polling and the registration count (shared by a room's
 * instances); `keys.assertionKey` replaces the data folder's demo assertion key.
 * @param {{ port?: number, host?: string, issuer?: string, appOrigin?: string, relayOrigin?: string | null,
 *   dataDir?: string, createAdapter?: typeof createMemoryAdapter,
 *   keys?: { jwks: { keys: object[] }, cookieKeys: string[], assertionKey?: Awaited<ReturnType<typeof loadAssertionKey>> },
 *   banner?: string, corsForAllClients?: boolean, formPostReceiver?: string,
 *   state?: import('./idp-state.js').IdpState, maxUploadedKeys?: number }} [options]
 * @returns {Promise<{ issuer: string, port: number, provider: Provider, addAssertionKey(jwk: object): Promise<object>, addApiOrigin(origin: string): void, assertionKey: object, close(): Promise<void> }>}
 */
export async function startIdp(options = {}) {
  const appOrigin = options.appOrigin ?? DEFAULT_APP_ORIGIN;
  const relayOrigin =
    options.relayOrigin === undefined ? `http://localhost:${DEFAULT_PORTS.relay}` : options.relayOrigin;
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;

  // The issuer names the bound port, so the provider is configured after listening: a request that
  // comes before it is ready (a browser or script polling discovery during start) waits for it.
  const { server, handle } = createServerAwaitingHandler();
  const port = await listenOn(server, options.port ?? DEFAULT_PORTS.idp, options.host ?? '127.0.0.1');
  const issuer = options.issuer ?? `http://${options.host ?? 'localhost'}:${port}`;

  const jwks = options.keys?.jwks ?? (await loadSigningKeys(dataDir));
  const publicJwks = { keys: jwks.keys.map(toPublicJwk) };
  const assertionKey = options.keys?.assertionKey ?? (await loadAssertionKey(dataDir));
  const state = options.state ?? createMemoryIdpState();
  const maxUploadedKeys = options.maxUploadedKeys ?? MAX_UPLOADED_KEYS;
  const resources = createResourceCatalog();
  // The attack lab (server/lab/) starts its own instances with its own clients and switches.
  const clients =
    options.clients ?? buildClients({ appOrigin, relayOrigin, formPostReceiver: options.formPostReceiver });
  const pkceRequired = options.pkceRequired ?? ((client) => client.clientAuthMethod === 'none');
  const keyClients = new Map(
    clients.filter((client) => KEY_CLIENT_IDS.includes(client.client_id)).map((c) => [c.client_id, c]),
  );
  const staticClients = clients.filter((client) => !keyClients.has(client.client_id));
  const csp = buildCsp(relayOrigin ? [appOrigin, relayOrigin] : [appOrigin]);

  // The private_key_jwt and JAR clients are served on every lookup, so uploaded keys count at once.
  const findClient = async (id) => {
    const client = keyClients.get(id);
    if (!client) return undefined;
    return { ...client, jwks: { keys: [assertionKey.publicJwk, ...(await state.uploadedKeys.list())] } };
  };

  const provider = new Provider(issuer, {
    adapter: (options.createAdapter ?? createMemoryAdapter)({
      findClient,
      reusableCodes: options.reusableCodes === true,
    }),
    clients: staticClients,
    jwks,
    cookies: { keys: options.keys?.cookieKeys ?? loadCookieKeys(dataDir) },
    scopes: OIDC_SCOPES,
    acrValues: [...ACR_VALUES],
    extraClientMetadata: buildExtraClientMetadata({ appOrigin }),
    claims: {
      // acr, amr and auth_time always: the playground explains how the user signed in (step-up).
      openid: ['sub', 'roles', 'groups', 'acr', 'amr', 'auth_time'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    conformIdTokenClaims: false,
    responseTypes: [
      'code',
      'id_token',
      'id_token token',
      'code id_token',
      'code token',
      'code id_token token',
      'none',
    ],
    pkce: { methods: ['S256'], required: (_ctx, client) => pkceRequired(client) },
    clientBasedCORS(_ctx, origin, client) {
      if (options.corsForAllClients && origin === appOrigin) return true;
      if (client.clientAuthMethod !== 'none') return false;
      if (origin === appOrigin) return true;
      return client.redirectUris.some((uri) => new URL(uri).origin === origin);
    },
    async findAccount(_ctx, sub) {
      const user = findUserBySub(sub);
      if (!user) return undefined;
      return { accountId: user.sub, claims: async () => buildUserClaims(user) };
    },
    async extraTokenClaims(ctx, token) {
      const extra = {};
      const user = token.accountId ? findUserBySub(token.accountId) : undefined;
      if (user?.roles.length) extra.roles = user.roles;
      if (user?.groups.length) extra.groups = user.groups;
      // RFC 9470 §6.1 / RFC 9068 §2.2.1: a resource server checks how the user signed in.
      const signIn = ctx.oidc.authorizationCode ?? ctx.oidc.refreshToken;
      if (user && signIn?.acr) extra.acr = signIn.acr;
      if (user && signIn?.amr) extra.amr = signIn.amr;
      if (user && signIn?.authTime) extra.auth_time = signIn.authTime;
      Object.assign(extra, tokenActors.get(token));
      return Object.keys(extra).length ? extra : undefined;
    },
    formats: {
      customizers: {
        async jwt(_ctx, token, jwt) {
          jwt.payload.scope = resources.normalizeScope(jwt.payload.scope, token.resourceServer?.identifier());
        },
      },
    },
    // Authorization codes always get a refresh token when the client may use one: oidc-provider
    // drops offline_access at /auth unless prompt=consent is sent (OIDC Core §11).
    async issueRefreshToken(_ctx, client, code) {
      if (!client.grantTypeAllowed('refresh_token')) return false;
      return code.scopes.has('offline_access') || code.kind === 'AuthorizationCode';
    },
    rotateRefreshToken: true,
    interactions: {
      policy: buildInteractionPolicy(),
      url: async (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    features: {
      ...buildModernFeatures(),
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        async allowedPolicy(ctx, client, token) {
          return client.clientAuthMethod !== 'none' || token.clientId === ctx.oidc.client.clientId;
        },
      },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      deviceFlow: {
        enabled: true,
        async userCodeInputSource(ctx, form, _out, err) {
          let error;
          if (err && (err.userCode || err.name === 'NoCodeError'))
            error = 'That code is not valid or has expired. Check the code on your device.';
          else if (err && err.name === 'AbortedError') error = 'The sign-in on the device was cancelled.';
          else if (err) error = 'Something went wrong while checking the code. Try again.';
          sendHtml(
            ctx,
            err ? (err.statusCode ?? 400) : 200,
            renderDeviceInputPage({
              action: pickFromForm(form, /action="([^"]*)"/),
              xsrf: pickFromForm(form, /name="xsrf" value="([^"]*)"/),
              userCode: err?.userCode ?? '',
              error,
            }),
          );
        },
        async userCodeConfirmSource(ctx, form, client, _deviceInfo, userCode) {
          sendHtml(
            ctx,
            200,
            renderDeviceConfirmPage({
              action: pickFromForm(form, /action="([^"]*)"/),
              xsrf: pickFromForm(form, /name="xsrf" value="([^"]*)"/),
              userCode,
              clientName: client.clientName ?? client.clientId,
            }),
          );
        },
        async successSource(ctx) {
          sendHtml(
            ctx,
            200,
            renderDeviceSuccessPage({ clientName: ctx.oidc.client.clientName ?? ctx.oidc.client.clientId }),
          );
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          sendHtml(
            ctx,
            200,
            renderLogoutPage({
              action: pickFromForm(form, /action="([^"]*)"/),
              xsrf: pickFromForm(form, /name="xsrf" value="([^"]*)"/),
              host: ctx.host,
            }),
          );
        },
        async postLogoutSuccessSource(ctx) {
          const client = ctx.oidc.client;
          sendHtml(
            ctx,
            200,
            renderLoggedOutPage({ clientName: client ? (client.clientName ?? client.clientId) : '' }),
          );
        },
      },
      resourceIndicators: {
        enabled: true,
        async defaultResource(ctx, _client, oneOf) {
          const scopes = (ctx.oidc.params.scope ?? '').split(' ').filter(Boolean);
          // Authorization details (RFC 9396) without an API scope are for the playground API.
          const fromScopes =
            resources.resourceForScopes(scopes) ??
            (ctx.oidc.params.authorization_details ? RESOURCES[0].id : undefined);
          if (!oneOf) return fromScopes;
          if (typeof fromScopes === 'string' && oneOf.includes(fromScopes)) return fromScopes;
          return oneOf[0];
        },
        async getResourceServerInfo(_ctx, indicator) {
          const info = resources.getInfo(indicator);
          if (!info) throw new errors.InvalidTarget(`unknown resource "${indicator}"`);
          return info;
        },
        async useGrantedResource() {
          return true;
        },
      },
    },
    async renderError(ctx, out) {
      sendHtml(ctx, ctx.status || 400, renderErrorPage(out));
    },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 3600,
      AuthorizationCode: 120,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 3600,
      DeviceCode: 900,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      PushedAuthorizationRequest: PAR_TTL_SECONDS,
    },
  });

  registerCustomGrants(provider, { resources, publicJwks, devicePolls: state.devicePolls });
  // oidc-provider keeps the reason for invalid_grant and similar refusals in error_detail only; a
  // teaching IdP says it (e.g. which DPoP check failed), so the detail is appended to the description.
  for (const event of ['grant.error', 'pushed_authorization_request.error']) {
    provider.on(event, (ctx, error) => {
      const body = ctx.body;
      if (
        error.error_detail &&
        body &&
        typeof body === 'object' &&
        typeof body.error_description === 'string'
      ) {
        ctx.body = { ...body, error_description: `${body.error_description} (${error.error_detail})` };
      }
    });
  }
  allowLoopbackImplicitRedirects(provider);

  const deviceAuthorizationPath = new URL(provider.urlFor('device_authorization')).pathname;
  const tokenPath = new URL(provider.urlFor('token')).pathname;
  const registrationPath = new URL(provider.urlFor('registration')).pathname;

  if (options.banner) {
    provider.use(async (ctx, next) => {
      await next();
      if (typeof ctx.body === 'string' && ctx.response.is('html'))
        ctx.body = insertBanner(ctx.body, options.banner);
    });
  }

  provider.use(async (ctx, next) => {
    ctx.set('Content-Security-Policy', csp);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (ctx.path === STYLESHEET_PATH && ctx.method === 'GET') {
      ctx.type = 'text/css';
      ctx.set('Cache-Control', 'public, max-age=600');
      ctx.body = STYLESHEET;
      return;
    }
    const match = /^\/interaction\/([\w-]+)(?:\/(login|consent))?$/.exec(ctx.path);
    if (match) {
      await handleInteraction(ctx, match[1], match[2]);
      return;
    }
    if (ctx.path === registrationPath || ctx.path.startsWith(`${registrationPath}/`)) {
      await handleRegistration(ctx, next);
      return;
    }
    await next();
    // RFC 6749 §5.2 names this case unauthorized_client; oidc-provider 8 answers invalid_request.
    if (ctx.path === tokenPath && ctx.status === 400 && ctx.body?.error_description === GRANT_NOT_ALLOWED) {
      ctx.body = { ...ctx.body, error: 'unauthorized_client' };
    }
    if (
      ctx.path === deviceAuthorizationPath &&
      ctx.status === 200 &&
      ctx.body &&
      typeof ctx.body === 'object' &&
      'device_code' in ctx.body &&
      ctx.body.interval === undefined
    ) {
      ctx.body = { ...ctx.body, interval: DEVICE_POLL_INTERVAL_S };
    }
  });

  // Dynamic client registration (RFC 7591) is open for the demo; the playground calls it from the
  // app origin, so that origin (only) gets CORS, and the in-memory store is bounded.
  async function handleRegistration(ctx, next) {
    const fromApp = ctx.get('origin') === appOrigin;
    if (fromApp) {
      ctx.set('Access-Control-Allow-Origin', appOrigin);
      ctx.set('Vary', 'Origin');
    }
    if (ctx.method === 'OPTIONS') {
      if (fromApp) {
        ctx.set('Access-Control-Allow-Methods', 'GET, POST');
        ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        ctx.set('Access-Control-Max-Age', '600');
      }
      ctx.status = 204;
      return;
    }
    const creating = ctx.method === 'POST' && ctx.path === registrationPath;
    if (creating && !(await state.registrations.claim(MAX_REGISTERED_CLIENTS))) {
      ctx.status = 503;
      ctx.body = {
        error: 'temporarily_unavailable',
        error_description: `the local demo IdP accepts at most ${MAX_REGISTERED_CLIENTS} registered clients${options.state ? '' : '; restart the companion to clear them'}`,
      };
      return;
    }
    try {
      await next();
    } finally {
      if (creating && ctx.status !== 201) await state.registrations.release();
    }
  }

  /**
   * Ends an interaction. A consent carries the sign-in of the same request with it (`merge`):
   * without it, the resumed request looks as if nobody had just signed in, and `prompt=login` or
   * an `acr_values` step-up would send the user back to the sign-in page after every consent.
   */
  async function finishInteraction(ctx, result, { merge = false } = {}) {
    const redirectTo = await provider.interactionResult(ctx.req, ctx.res, result, {
      mergeWithLastSubmission: merge,
    });
    ctx.status = 303;
    ctx.redirect(redirectTo);
  }

  async function handleInteraction(ctx, uid, action) {
    ctx.set('Cache-Control', 'no-store');
    let details;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch {
      details = undefined;
    }
    if (!details || details.uid !== uid) {
      sendHtml(
        ctx,
        400,
        renderErrorPage({
          error: 'invalid_request',
          error_description:
            'This sign-in request has expired or is unknown. Start again from the application.',
        }),
      );
      return;
    }
    const clientId = details.params.client_id;
    const client = await provider.Client.find(clientId);
    const clientName = client?.clientName ?? clientId;
    const prompt = details.prompt.name;
    const secondFactor = describeStepUp(details.params);

    if (ctx.method === 'GET' && !action) {
      if (prompt === 'login') {
        sendHtml(
          ctx,
          200,
          renderLoginPage({
            action: `/interaction/${uid}/login`,
            clientName,
            username: details.params.login_hint ?? '',
            secondFactor,
          }),
        );
      } else if (prompt === 'consent') {
        const user = findUserBySub(details.session?.accountId);
        const requested = new Set((details.params.scope ?? '').split(' ').filter(Boolean));
        for (const scopes of Object.values(details.prompt.details.missingResourceScopes ?? {}))
          scopes.forEach((s) => requested.add(s));
        sendHtml(
          ctx,
          200,
          renderConsentPage({
            action: `/interaction/${uid}/consent`,
            clientName,
            clientId,
            username: user?.username ?? details.session?.accountId ?? '',
            scopes: [...requested],
            authorizationDetails: details.prompt.details.rar ?? [],
          }),
        );
      } else {
        sendHtml(
          ctx,
          400,
          renderErrorPage({ error: 'invalid_request', error_description: `unsupported prompt "${prompt}"` }),
        );
      }
      return;
    }

    if (ctx.method !== 'POST' || action !== prompt) {
      sendHtml(
        ctx,
        400,
        renderErrorPage({
          error: 'invalid_request',
          error_description: `this page expects the "${prompt}" step`,
        }),
      );
      return;
    }

    const form = await readForm(ctx.req);
    if (action === 'login') {
      const username = form.get('username') ?? '';
      const user = findUserByUsername(username);
      const refuse = (error) =>
        sendHtml(
          ctx,
          400,
          renderLoginPage({ action: `/interaction/${uid}/login`, clientName, username, error, secondFactor }),
        );
      if (!user || !checkPassword(user, form.get('password') ?? '')) {
        refuse('Wrong username or password. Check both and try again.');
        return;
      }
      const code = form.get('security_code') ?? '';
      const skipped = secondFactor.skippable && form.get('skip_second_factor') === 'yes';
      if (secondFactor.mfa && !skipped) {
        if (code.trim() === '') {
          refuse('This sign-in needs your security code (second factor). Enter it and try again.');
          return;
        }
        if (!checkSecurityCode(user, code)) {
          refuse('Wrong security code. Check it and try again.');
          return;
        }
      }
      const mfa = secondFactor.mfa && !skipped;
      await finishInteraction(ctx, {
        login: {
          accountId: user.sub,
          acr: mfa ? ACR_MFA : ACR_PASSWORD,
          amr: mfa ? ['pwd', 'otp'] : ['pwd'],
        },
      });
      return;
    }

    if (form.get('decision') !== 'allow') {
      await finishInteraction(ctx, {
        error: 'access_denied',
        error_description: 'The user denied the request on the consent page',
      });
      return;
    }
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes, rar } = details.prompt.details;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId });
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    for (const detail of rar ?? []) grant.addRar(detail);
    const grantId = await grant.save();
    await finishInteraction(ctx, { consent: details.grantId ? {} : { grantId } }, { merge: true });
  }

  handle(provider.callback());

  return {
    issuer,
    port,
    provider,
    publicJwks,
    assertionKey,
    async addAssertionKey(jwk) {
      const key = await validateUploadedJwk(jwk);
      const outcome =
        key.kid === assertionKey.kid ? 'duplicate' : await state.uploadedKeys.add(key, maxUploadedKeys);
      if (outcome === 'duplicate') throw new TypeError(`a key with kid "${key.kid}" is already registered`);
      if (outcome === 'full') throw new TypeError(`at most ${maxUploadedKeys} keys can be added`);
      return key;
    },
    /** The demo APIs' origin: their route URLs become resource indicators (RFC 8707, RFC 9728). */
    addApiOrigin: (origin) => resources.addApiOrigin(origin),
    close: () => closeServer(server),
  };
}
