// Demo configuration of the local companion. Every value here is a published demo value: the
// secrets and passwords below protect nothing and must never be reused elsewhere.

export const DEFAULT_PORTS = Object.freeze({
  idp: 4000,
  api: 4001,
  relay: 4002,
  entraLogin: 4003,
  entraGraph: 4004,
});
export const DEFAULT_APP_ORIGIN = 'http://localhost:5173';

/** Resource servers (RFC 8707 resource indicators) and the scopes each one accepts. */
export const RESOURCES = Object.freeze([
  { id: 'api://playground-api', name: 'Playground API', scopes: ['api.read', 'api.write'] },
  { id: 'api://api-a', name: 'API A (calls API B on behalf of the user)', scopes: ['api-a.access'] },
  { id: 'api://api-b', name: 'API B', scopes: ['api-b.read'] },
]);

/** OpenID scopes (not tied to a resource server). */
export const OIDC_SCOPES = Object.freeze(['openid', 'offline_access', 'profile', 'email']);

export const GRANT_PASSWORD = 'password';
export const GRANT_JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const GRANT_TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const GRANT_DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * Authentication context classes (OIDC Core §2 `acr`) of the local IdP: a password alone, or a
 * password plus the user's demo security code (a second factor). Step-up asks for the second.
 */
export const ACR_PASSWORD = 'urn:playground:acr:password';
export const ACR_MFA = 'urn:playground:acr:mfa';
export const ACR_VALUES = Object.freeze([ACR_PASSWORD, ACR_MFA]);

/**
 * The RFC 9396 authorization details type the IdP accepts, with the demo limit it checks
 * (a payment above it is refused with `invalid_authorization_details`).
 */
export const RAR_PAYMENT_TYPE = 'payment_initiation';
export const RAR_PAYMENT_LIMIT = 1000;
export const RAR_PAYMENT_CURRENCIES = Object.freeze(['EUR', 'USD', 'GBP']);
export const RAR_PAYMENT_ACTIONS = Object.freeze(['initiate', 'status', 'cancel']);

/** Most clients that dynamic client registration (RFC 7591) keeps in memory at once. */
export const MAX_REGISTERED_CLIENTS = 200;

export const USERS = Object.freeze([
  {
    sub: 'a1f6c3e2-5b7d-4e0a-9c1f-000000000a11',
    username: 'alice',
    password: 'alice-password-1',
    name: 'Alice Example',
    given_name: 'Alice',
    family_name: 'Example',
    email: 'alice@example.test',
    email_verified: true,
    roles: ['Playground.Admin'],
    groups: ['demo-admins'],
    security_code: '246810',
  },
  {
    sub: 'b0b5e7a4-2c9d-4f3b-8e6a-000000000b0b',
    username: 'bob',
    password: 'bob-password-1',
    name: 'Bob Example',
    given_name: 'Bob',
    family_name: 'Example',
    email: 'bob@example.test',
    email_verified: true,
    roles: [],
    groups: [],
    security_code: '135791',
  },
]);

/**
 * Builds the static client list for the IdP.
 * @param {{ appOrigin: string, relayOrigin: string | null, formPostReceiver?: string }} origins the
 *   form_post receiver is the relay's unless given (a workshop room serves its own); no relay and
 *   no receiver: no form_post redirect URI
 */
export function buildClients({ appOrigin, relayOrigin, formPostReceiver }) {
  const receiver = formPostReceiver ?? (relayOrigin ? `${relayOrigin}/form-post` : undefined);
  const redirectUris = [`${appOrigin}/callback`, ...(receiver ? [receiver] : [])];
  const postLogoutRedirectUris = [`${appOrigin}/logged-out`];
  const userFacing = { redirect_uris: redirectUris, post_logout_redirect_uris: postLogoutRedirectUris };
  return [
    {
      client_id: 'playground-spa',
      client_name: 'Token Playground (SPA, public)',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token', 'implicit'],
      response_types: [
        'code',
        'id_token',
        'id_token token',
        'code id_token',
        'code token',
        'code id_token token',
      ],
      ...userFacing,
    },
    {
      client_id: 'playground-web',
      client_name: 'Token Playground (web app, client_secret_basic)',
      client_secret: 'playground-web-secret',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
      ...userFacing,
    },
    {
      client_id: 'playground-web-post',
      client_name: 'Token Playground (web app, client_secret_post)',
      client_secret: 'playground-web-post-secret',
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
      ...userFacing,
    },
    {
      client_id: 'playground-assertion',
      client_name: 'Token Playground (private_key_jwt)',
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['client_credentials', 'authorization_code', 'refresh_token'],
      response_types: ['code'],
      ...userFacing,
    },
    {
      client_id: JAR_CLIENT_ID,
      client_name: 'Token Playground (signed request objects required, private_key_jwt)',
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      require_signed_request_object: true,
      ...userFacing,
    },
    {
      client_id: 'playground-par',
      client_name: 'Token Playground (pushed authorization requests required)',
      client_secret: 'playground-par-secret',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      require_pushed_authorization_requests: true,
      ...userFacing,
    },
    {
      client_id: 'playground-dpop',
      client_name: 'Token Playground (SPA, DPoP-bound tokens)',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      dpop_bound_access_tokens: true,
      ...userFacing,
    },
    {
      client_id: 'playground-rar',
      client_name: 'Token Playground (SPA, rich authorization requests)',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      authorization_details_types: [RAR_PAYMENT_TYPE],
      ...userFacing,
    },
    {
      client_id: 'playground-jarm',
      client_name: 'Token Playground (SPA, JWT-secured responses, ES256)',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      authorization_signed_response_alg: 'ES256',
      ...userFacing,
    },
    {
      client_id: 'playground-device',
      client_name: 'Token Playground (device)',
      token_endpoint_auth_method: 'none',
      grant_types: [GRANT_DEVICE_CODE, 'refresh_token'],
      response_types: [],
      redirect_uris: [],
    },
    {
      client_id: 'playground-ropc',
      client_name: 'Token Playground (password grant)',
      token_endpoint_auth_method: 'none',
      grant_types: [GRANT_PASSWORD, 'refresh_token'],
      response_types: [],
      redirect_uris: [],
    },
    {
      client_id: 'api-a',
      client_name: 'API A',
      client_secret: 'api-a-secret',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: [GRANT_JWT_BEARER, GRANT_TOKEN_EXCHANGE, 'client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
    {
      client_id: 'api-b',
      client_name: 'API B',
      client_secret: 'api-b-secret',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
  ];
}

/** The resource an API client acts as when it performs on-behalf-of or token exchange. */
export const API_CLIENT_RESOURCES = Object.freeze({ 'api-a': 'api://api-a', 'api-b': 'api://api-b' });

export const ASSERTION_CLIENT_ID = 'playground-assertion';

/**
 * The client that must sign its authorization requests (RFC 9101 JAR). It authenticates and signs
 * with the same keys as the private_key_jwt client: the demo key and any key uploaded through the relay.
 */
export const JAR_CLIENT_ID = 'playground-jar';

/** The clients whose key set is the demo assertion key plus the keys uploaded through the relay. */
export const KEY_CLIENT_IDS = Object.freeze([ASSERTION_CLIENT_ID, JAR_CLIENT_ID]);

/** Hosts the relay forwards to without being asked (the Microsoft clouds and Graph). */
export const RELAY_ALLOWED_HOSTS = Object.freeze([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
  'login.chinacloudapi.cn',
  'graph.microsoft.com',
]);

export const RELAY_MAX_BODY_BYTES = 64 * 1024;
export const RELAY_TIMEOUT_MS = 15_000;

/**
 * Resolves ports and origins from options, then the environment, then the defaults.
 * @param {{ idpPort?: number, apiPort?: number, relayPort?: number, entraLoginPort?: number, entraGraphPort?: number, appOrigin?: string }} [options]
 */
export function resolveSettings(options = {}) {
  const port = (value, env, fallback) => {
    if (value !== undefined) return value;
    if (process.env[env]) {
      const parsed = Number(process.env[env]);
      if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
        throw new Error(`${env} must be a port number, got "${process.env[env]}"`);
      }
      return parsed;
    }
    return fallback;
  };
  return {
    idpPort: port(options.idpPort, 'IDP_PORT', DEFAULT_PORTS.idp),
    apiPort: port(options.apiPort, 'API_PORT', DEFAULT_PORTS.api),
    relayPort: port(options.relayPort, 'RELAY_PORT', DEFAULT_PORTS.relay),
    entraLoginPort: port(options.entraLoginPort, 'ENTRA_LOGIN_PORT', DEFAULT_PORTS.entraLogin),
    entraGraphPort: port(options.entraGraphPort, 'ENTRA_GRAPH_PORT', DEFAULT_PORTS.entraGraph),
    appOrigin: options.appOrigin ?? process.env.APP_ORIGIN ?? DEFAULT_APP_ORIGIN,
  };
}
