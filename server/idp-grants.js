// Grants that oidc-provider does not ship, registered through its custom-grant API. Each one
// validates its input for real and issues tokens through the provider's own models.
import { createLocalJWKSet, jwtVerify, errors as joseErrors } from 'jose';
import { errors } from 'oidc-provider';
import { handler as deviceCodeHandler } from 'oidc-provider/lib/actions/grants/device_code.js';
import {
  API_CLIENT_RESOURCES,
  GRANT_DEVICE_CODE,
  GRANT_JWT_BEARER,
  GRANT_PASSWORD,
  GRANT_TOKEN_EXCHANGE,
  OIDC_SCOPES,
} from './config.js';
import { findUserByUsername, findUserBySub, checkPassword } from './users.js';

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const DEVICE_POLL_INTERVAL_S = 5;

/** Actor claims (azp, act) of tokens issued by on-behalf-of or token exchange, read by extraTokenClaims. */
export const tokenActors = new WeakMap();

function requireParam(ctx, name) {
  const value = ctx.oidc.params[name];
  if (!value) throw new errors.InvalidRequest(`missing required parameter "${name}"`);
  return value;
}

function splitScope(scope) {
  return scope ? [...new Set(String(scope).split(' ').filter(Boolean))] : [];
}

/**
 * Picks the resource server for a token request from `resource` or, Entra-style, from the scopes.
 * @returns {Promise<{ indicator: string, server: object, scopes: string[] } | undefined>}
 */
async function resolveResourceServer(ctx, resources, requestedScopes) {
  const indicator = ctx.oidc.params.resource ?? resources.resourceForScopes(requestedScopes);
  if (indicator === undefined) return undefined;
  if (Array.isArray(indicator)) {
    throw new errors.InvalidTarget(
      'the requested scopes span several resources; request one resource per token',
    );
  }
  const info = resources.getInfo(indicator);
  if (!info) throw new errors.InvalidTarget(`unknown resource "${indicator}"`);
  const allowed = new Set(info.scope.split(' '));
  return {
    indicator,
    server: new ctx.oidc.provider.ResourceServer(indicator, info),
    scopes: requestedScopes.filter((scope) => allowed.has(scope)),
  };
}

async function issueUserTokens(ctx, { account, scopes, resource, gty, actor, grant }) {
  const { AccessToken, IdToken, RefreshToken } = ctx.oidc.provider;
  const { client } = ctx.oidc;
  const oidcScopes = scopes.filter((scope) => OIDC_SCOPES.includes(scope));

  if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
  if (resource) grant.addResourceScope(resource.indicator, resource.scopes.join(' '));
  const grantId = await grant.save();
  ctx.oidc.entity('Grant', grant);
  ctx.oidc.entity('Account', account);

  const authTime = Math.floor(Date.now() / 1000);
  const at = new AccessToken({
    accountId: account.accountId,
    client,
    grantId,
    gty,
    expiresWithSession: false,
  });
  if (resource) {
    at.resourceServer = resource.server;
    at.scope = resource.scopes.join(' ') || undefined;
  } else {
    at.scope = oidcScopes.join(' ') || undefined;
  }
  if (actor) tokenActors.set(at, actor);
  ctx.oidc.entity('AccessToken', at);
  const accessToken = await at.save();

  let refreshToken;
  if (scopes.includes('offline_access') && client.grantTypeAllowed('refresh_token')) {
    const rt = new RefreshToken({
      accountId: account.accountId,
      authTime,
      client,
      expiresWithSession: false,
      grantId,
      gty,
      resource: resource?.indicator,
      rotations: 0,
      scope: scopes.join(' '),
    });
    ctx.oidc.entity('RefreshToken', rt);
    refreshToken = await rt.save();
  }

  let idToken;
  if (oidcScopes.includes('openid')) {
    const claims = await account.claims('id_token', oidcScopes.join(' '), {}, []);
    const token = new IdToken({ ...claims, auth_time: authTime }, { ctx });
    token.scope = oidcScopes.join(' ');
    token.mask = {};
    token.rejected = [];
    token.set('at_hash', accessToken);
    idToken = await token.issue({ use: 'idtoken' });
  }

  ctx.body = {
    access_token: accessToken,
    expires_in: at.expiration,
    token_type: at.tokenType,
    scope: [...oidcScopes, ...(resource?.scopes ?? [])].join(' ') || undefined,
    refresh_token: refreshToken,
    id_token: idToken,
  };
}

/**
 * Resource Owner Password Credentials grant (RFC 6749 §4.3).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 */
function createPasswordHandler(resources) {
  return async function passwordGrant(ctx, next) {
    const username = requireParam(ctx, 'username');
    const password = requireParam(ctx, 'password');
    const user = findUserByUsername(username);
    if (!user || !checkPassword(user, password)) {
      throw new errors.InvalidGrant('the username or password is incorrect');
    }
    const scopes = splitScope(ctx.oidc.params.scope);
    const resource = await resolveResourceServer(ctx, resources, scopes);
    const account = await ctx.oidc.provider.Account.findAccount(ctx, user.sub);
    const grant = new ctx.oidc.provider.Grant({ accountId: user.sub, clientId: ctx.oidc.client.clientId });
    await issueUserTokens(ctx, { account, scopes, resource, gty: 'password', grant });
    await next();
  };
}

/**
 * Verifies that an incoming access token was issued here, for the calling API, to a user.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
async function verifyIncomingUserToken(ctx, token, publicJwks, paramName) {
  const { clientId } = ctx.oidc.client;
  const audience = API_CLIENT_RESOURCES[clientId];
  if (!audience) {
    throw new errors.UnauthorizedClient(
      `client "${clientId}" is not an API and cannot act on behalf of a user`,
    );
  }
  let payload;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(publicJwks), {
      issuer: ctx.oidc.issuer,
      typ: 'at+jwt',
      algorithms: ['RS256', 'PS256', 'ES256'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new errors.InvalidGrant(`"${paramName}" has expired`);
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      throw new errors.InvalidGrant(`"${paramName}" claim "${error.claim}" is invalid: ${error.reason}`);
    }
    throw new errors.InvalidGrant(
      `"${paramName}" is not an access token issued by ${ctx.oidc.issuer} (${error.code ?? 'invalid'})`,
    );
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(audience)) {
    throw new errors.InvalidGrant(
      `"${paramName}" audience is ${JSON.stringify(payload.aud)}, expected "${audience}" (the calling API)`,
    );
  }
  const user = typeof payload.sub === 'string' ? findUserBySub(payload.sub) : undefined;
  if (!user) {
    throw new errors.InvalidGrant(
      `"${paramName}" is not a user token (sub ${JSON.stringify(payload.sub)} is not a user); only user tokens can be exchanged`,
    );
  }
  return { payload, user };
}

async function exchangeUserToken(ctx, { incoming, user, resources, gty }) {
  const scopes = splitScope(ctx.oidc.params.scope);
  const resource = await resolveResourceServer(ctx, resources, scopes);
  if (!resource || !resource.scopes.length) {
    throw new errors.InvalidScope('"scope" must name a scope of a downstream API, for example "api-b.read"');
  }
  if (resource.indicator === API_CLIENT_RESOURCES[ctx.oidc.client.clientId]) {
    throw new errors.InvalidTarget('the new token must be for another API than the caller itself');
  }
  const account = await ctx.oidc.provider.Account.findAccount(ctx, user.sub);
  const grant = new ctx.oidc.provider.Grant({ accountId: user.sub, clientId: ctx.oidc.client.clientId });
  const actor = {
    azp: ctx.oidc.client.clientId,
    act: { sub: ctx.oidc.client.clientId, client_id: incoming.client_id },
  };
  await issueUserTokens(ctx, { account, scopes: resource.scopes, resource, gty, actor, grant });
}

/**
 * JWT bearer grant used as Entra-style on-behalf-of (`requested_token_use=on_behalf_of`).
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.1
 */
function createOnBehalfOfHandler(resources, publicJwks) {
  return async function onBehalfOfGrant(ctx, next) {
    const assertion = requireParam(ctx, 'assertion');
    const use = requireParam(ctx, 'requested_token_use');
    if (use !== 'on_behalf_of') {
      throw new errors.InvalidRequest('"requested_token_use" must be "on_behalf_of"');
    }
    const { payload, user } = await verifyIncomingUserToken(ctx, assertion, publicJwks, 'assertion');
    await exchangeUserToken(ctx, { incoming: payload, user, resources, gty: 'on_behalf_of' });
    await next();
  };
}

/**
 * OAuth 2.0 Token Exchange (impersonation of the subject towards a downstream API).
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1
 */
function createTokenExchangeHandler(resources, publicJwks) {
  return async function tokenExchangeGrant(ctx, next) {
    const subjectToken = requireParam(ctx, 'subject_token');
    const subjectTokenType = requireParam(ctx, 'subject_token_type');
    if (subjectTokenType !== ACCESS_TOKEN_TYPE) {
      throw new errors.InvalidRequest(`"subject_token_type" must be "${ACCESS_TOKEN_TYPE}"`);
    }
    const requested = ctx.oidc.params.requested_token_type;
    if (requested && requested !== ACCESS_TOKEN_TYPE) {
      throw new errors.InvalidRequest(`"requested_token_type" must be "${ACCESS_TOKEN_TYPE}" when present`);
    }
    const { payload, user } = await verifyIncomingUserToken(ctx, subjectToken, publicJwks, 'subject_token');
    await exchangeUserToken(ctx, { incoming: payload, user, resources, gty: 'token_exchange' });
    ctx.body.issued_token_type = ACCESS_TOKEN_TYPE;
    await next();
  };
}

/**
 * Wraps the built-in device_code grant to answer `slow_down` (adding 5 s) when a client polls
 * faster than the interval; oidc-provider 8 defines the error but never sends it. The polling
 * record lives in `devicePolls` (shared by the instances of a room on Redis).
 * @param {import('./idp-state.js').IdpState['devicePolls']} devicePolls
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
function createDeviceCodeHandler(devicePolls) {
  return async function deviceCodeGrant(ctx, next) {
    const deviceCode = ctx.oidc.params.device_code;
    if (deviceCode) {
      const decision = await devicePolls.poll(deviceCode, DEVICE_POLL_INTERVAL_S);
      if (decision.slowDown) {
        throw new errors.SlowDown(
          `polling faster than every ${decision.interval - 5} s; wait ${decision.interval} s between requests`,
        );
      }
    }
    await deviceCodeHandler(ctx, next);
  };
}

/** Registers the custom grants on a provider. */
export function registerCustomGrants(provider, { resources, publicJwks, devicePolls }) {
  const resourceDupes = ['resource'];
  provider.registerGrantType(
    GRANT_PASSWORD,
    createPasswordHandler(resources),
    ['username', 'password', 'scope', 'resource'],
    resourceDupes,
  );
  provider.registerGrantType(
    GRANT_JWT_BEARER,
    createOnBehalfOfHandler(resources, publicJwks),
    ['assertion', 'requested_token_use', 'scope', 'resource'],
    resourceDupes,
  );
  provider.registerGrantType(
    GRANT_TOKEN_EXCHANGE,
    createTokenExchangeHandler(resources, publicJwks),
    ['subject_token', 'subject_token_type', 'requested_token_type', 'audience', 'scope', 'resource'],
    resourceDupes,
  );
  provider.registerGrantType(
    GRANT_DEVICE_CODE,
    createDeviceCodeHandler(devicePolls),
    ['device_code', 'resource'],
    resourceDupes,
  );
}

export { DEVICE_POLL_INTERVAL_S };
