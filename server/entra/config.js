// The local Entra-shaped tenant: tenants, app registrations, users. Every secret, password and the
// demo certificate's private key here are PUBLISHED DEMO VALUES that protect nothing.
// Facts follow Microsoft's identity-platform documentation (see docs/local-entra.md for each source).

export const ENTRA_PORTS = Object.freeze({ login: 4003, graph: 4004 });

/** The tenant every personal Microsoft account belongs to. @see https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference (tid) */
export const PERSONAL_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
export const WORK_TENANT_ID = '6f3e1c2a-8b4d-4e5f-9a0b-1c2d3e4f5a6b';
export const WORK_DOMAIN = 'contoso.onmicrosoft.com';

/** Microsoft Graph's well-known application id (the `aud` of v1 Graph tokens). */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
/** Delegated Graph permissions this Graph-like API knows (a bare scope means a Graph scope). */
export const GRAPH_SCOPES = Object.freeze(['User.Read', 'User.ReadBasic.All', 'Mail.Read']);
export const OIDC_SCOPES = Object.freeze(['openid', 'profile', 'email', 'offline_access']);

export const USERS = Object.freeze([
  {
    oid: '0a11ce00-0000-4000-8000-00000000a11c',
    tid: WORK_TENANT_ID,
    username: 'alice@contoso.onmicrosoft.com',
    password: 'alice-password-1',
    name: 'Alice Example',
    givenName: 'Alice',
    surname: 'Example',
    jobTitle: 'Identity engineer',
  },
  {
    oid: '0b0b0000-0000-4000-8000-000000000b0b',
    tid: WORK_TENANT_ID,
    username: 'bob@contoso.onmicrosoft.com',
    password: 'bob-password-1',
    name: 'Bob Example',
    givenName: 'Bob',
    surname: 'Example',
    jobTitle: 'Developer',
  },
  {
    oid: '0da7a000-0000-4000-8000-00000000da7a',
    tid: PERSONAL_TENANT_ID,
    username: 'dana@outlook.example',
    password: 'dana-password-1',
    name: 'Dana Personal',
    givenName: 'Dana',
    surname: 'Personal',
    jobTitle: null,
  },
]);

export const CLIENT_IDS = Object.freeze({
  spa: '5a0c1b9e-0001-4c00-9000-00000000a001',
  web: '5a0c1b9e-0002-4c00-9000-00000000a002',
  daemon: '5a0c1b9e-0003-4c00-9000-00000000a003',
  publicClient: '5a0c1b9e-0004-4c00-9000-00000000a004',
  apiA: '5a0c1b9e-0005-4c00-9000-00000000a005',
  apiB: '5a0c1b9e-0006-4c00-9000-00000000a006',
});

export const DEMO_CLIENT_SECRETS = Object.freeze({
  web: 'local-entra-web-secret~demo',
  daemon: 'local-entra-daemon-secret~demo',
  apiA: 'local-entra-api-a-secret~demo',
});

/**
 * App registrations, shaped as the Azure portal shows them: platforms with redirect URIs, the
 * implicit-grant checkboxes, credentials, "Allow public client flows", exposed scopes and app
 * roles, and the permissions an admin has already consented to.
 * @param {{ appOrigin: string, relayOrigin: string }} origins
 */
export function buildApps({ appOrigin, relayOrigin }) {
  const callback = `${appOrigin}/callback`;
  const logout = `${appOrigin}/logged-out`;
  return [
    {
      appId: CLIENT_IDS.spa,
      displayName: 'Token Playground SPA',
      signInAudience: 'AzureADandPersonalMicrosoftAccount',
      platforms: { spa: [callback] },
      idTokenIssuance: true,
      accessTokenIssuance: true,
      logoutUrls: [logout],
      consented: ['openid', 'profile', 'email', 'offline_access', 'User.Read', 'api://api-a/access_as_user'],
    },
    {
      appId: CLIENT_IDS.web,
      displayName: 'Token Playground Web app',
      signInAudience: 'AzureADandPersonalMicrosoftAccount',
      platforms: { web: [callback, `${relayOrigin}/form-post`] },
      idTokenIssuance: false,
      accessTokenIssuance: false,
      logoutUrls: [logout],
      secrets: [DEMO_CLIENT_SECRETS.web],
      certificate: true,
      consented: ['openid', 'profile', 'email', 'offline_access', 'User.Read', 'api://api-a/access_as_user'],
    },
    {
      appId: CLIENT_IDS.daemon,
      displayName: 'Token Playground daemon',
      signInAudience: 'AzureADMyOrg',
      platforms: {},
      secrets: [DEMO_CLIENT_SECRETS.daemon],
      certificate: true,
      appRoles: { [GRAPH_RESOURCE]: ['User.Read.All'], 'api://api-b': ['Data.Read.All'] },
      consented: [],
    },
    {
      appId: CLIENT_IDS.publicClient,
      displayName: 'Token Playground CLI (public client flows allowed)',
      signInAudience: 'AzureADandPersonalMicrosoftAccount',
      platforms: { mobile: ['https://login.microsoftonline.com/common/oauth2/nativeclient'] },
      allowPublicClient: true,
      consented: ['openid', 'profile', 'email', 'offline_access', 'User.Read', 'api://api-a/access_as_user'],
    },
    {
      appId: CLIENT_IDS.apiA,
      displayName: 'API A (calls API B on behalf of the user)',
      signInAudience: 'AzureADMyOrg',
      identifierUri: 'api://api-a',
      scopes: ['access_as_user'],
      accessTokenAcceptedVersion: 2,
      platforms: {},
      secrets: [DEMO_CLIENT_SECRETS.apiA],
      consented: ['api://api-b/read', 'User.Read'],
    },
    {
      appId: CLIENT_IDS.apiB,
      displayName: 'API B',
      signInAudience: 'AzureADMyOrg',
      identifierUri: 'api://api-b',
      scopes: ['read'],
      roles: ['Data.Read.All'],
      accessTokenAcceptedVersion: 2,
      platforms: {},
      consented: [],
    },
  ];
}
