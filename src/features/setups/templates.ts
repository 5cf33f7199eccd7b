import { FLOWS } from '@/protocol/flows/registry';
import type { FlowId } from '@/protocol/flows/types';
import { defaultLocalClient } from '@/state/presets';
import { LOCAL_ISSUER } from '@/state/settings';
import type { SetupContent, SetupProvider } from '@/state/setups';

const LOCAL_PROVIDER: SetupProvider = {
  kind: 'local',
  localIssuer: LOCAL_ISSUER,
  entraTenant: 'common',
  entraCloud: 'global',
  customUrl: '',
};

function entraProvider(tenant: string): SetupProvider {
  return {
    kind: 'entra',
    localIssuer: LOCAL_ISSUER,
    entraTenant: tenant,
    entraCloud: 'global',
    customUrl: '',
  };
}

/**
 * One ready-made setup per flow this build runs, with the local IdP's demo client for it. Empty
 * parameter lists mean "the flow's defaults", which the flow page fills in.
 */
export function buildLocalSetups(): SetupContent[] {
  return FLOWS.map((flow) => {
    const client = defaultLocalClient(flow.id);
    return {
      name: `Local IdP: ${flow.title}`,
      description: client
        ? `Demo client ${client.label}. Its demo secret, if any, is filled in for you; it protects nothing.`
        : 'No demo client of the local IdP fits this flow: enter a client id on the flow page.',
      provider: LOCAL_PROVIDER,
      flowId: flow.id,
      clientId: client?.clientId ?? '',
      authMethod: client?.authMethod ?? flow.authMethods[0] ?? 'none',
      via: client?.via ?? 'relay',
      authorizeParams: {},
      tokenParams: {},
      extraParams: [],
    };
  });
}

/** An Entra ID template: a setup to complete with your own ids, and what the app registration needs. */
export interface EntraTemplate {
  key: string;
  title: string;
  setup: SetupContent;
  /** The app registration, step by step, as the Azure portal names things. */
  registration: string[];
  /** The Microsoft Learn page to read, by its title. */
  docs: { name: string; url: string };
}

const REDIRECT_URI = 'http://localhost:5173/callback';

function entraSetup(
  name: string,
  flowId: FlowId,
  tenant: string,
  fields: Partial<SetupContent>,
): SetupContent {
  return {
    name,
    provider: entraProvider(tenant),
    flowId,
    clientId: '',
    authMethod: 'none',
    via: 'direct',
    authorizeParams: {},
    tokenParams: {},
    extraParams: [],
    ...fields,
  };
}

export const ENTRA_TEMPLATES: readonly EntraTemplate[] = [
  {
    key: 'spa',
    title: 'Single-page app (authorization code + PKCE)',
    setup: entraSetup('Entra ID: SPA sign-in', 'code-pkce', 'common', {
      authMethod: 'none',
      via: 'direct',
      authorizeParams: { scope: 'openid profile offline_access User.Read' },
    }),
    registration: [
      'Supported account types: as you need; with a single-tenant app, replace "common" by your tenant id in Settings.',
      `Authentication → Add a platform → "Single-page application", redirect URI ${REDIRECT_URI} (and http://localhost:5173/logged-out as front-channel logout URL if you want).`,
      'No client secret: a SPA is a public client and PKCE is required (AADSTS9002325 without).',
      'API permissions: Microsoft Graph, delegated User.Read (present by default); users can consent to it themselves, no admin consent needed unless your tenant blocks user consent.',
      'Copy the Application (client) ID into the client id field.',
    ],
    docs: {
      name: 'Microsoft identity platform and OAuth 2.0 authorization code flow',
      url: 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow',
    },
  },
  {
    key: 'web',
    title: 'Web app (authorization code, confidential client)',
    setup: entraSetup('Entra ID: web app sign-in', 'code-confidential', 'organizations', {
      authMethod: 'client_secret_post',
      via: 'relay',
      authorizeParams: { scope: 'openid profile offline_access User.Read' },
    }),
    registration: [
      `Authentication → Add a platform → "Web", redirect URI ${REDIRECT_URI}. Entra refuses to redeem such codes from a browser (AADSTS9002326), so the token request goes through the local relay.`,
      'Certificates & secrets → New client secret (or upload a certificate for private_key_jwt). You type it on the flow page each time: it is never saved.',
      'API permissions: Microsoft Graph, delegated User.Read; no admin consent needed for it.',
      'Copy the Application (client) ID into the client id field.',
    ],
    docs: {
      name: 'Microsoft identity platform and OAuth 2.0 authorization code flow',
      url: 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow',
    },
  },
  {
    key: 'daemon',
    title: 'Daemon (client credentials)',
    setup: entraSetup('Entra ID: daemon', 'client-credentials', 'organizations', {
      authMethod: 'client_secret_post',
      via: 'relay',
      tokenParams: { scope: 'https://graph.microsoft.com/.default' },
    }),
    registration: [
      'Replace "organizations" by your tenant id or domain in Settings: client credentials needs a specific tenant.',
      'No platform and no redirect URI: nobody signs in.',
      'Certificates & secrets → New client secret, or a certificate for a signed client assertion.',
      'API permissions → Add → Microsoft Graph → Application permissions (for example User.Read.All), then "Grant admin consent": application permissions always need an administrator.',
      'The scope must be "{resource}/.default" for a single resource; the token carries roles, not scp.',
    ],
    docs: {
      name: 'Microsoft identity platform and the OAuth 2.0 client credentials flow',
      url: 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow',
    },
  },
  {
    key: 'device',
    title: 'Command-line tool (device code)',
    setup: entraSetup('Entra ID: device-code CLI', 'device-code', 'organizations', {
      authMethod: 'none',
      via: 'relay',
      tokenParams: { scope: 'openid profile offline_access User.Read' },
    }),
    registration: [
      'Authentication → Advanced settings → "Allow public client flows": Yes (otherwise AADSTS7000218).',
      'No redirect URI is used by the device code flow; no client secret (public client).',
      'API permissions: Microsoft Graph, delegated User.Read; users can consent themselves.',
      'The device code endpoint refuses browser calls, so the requests go through the local relay.',
    ],
    docs: {
      name: 'Microsoft identity platform and the OAuth 2.0 device authorization grant flow',
      url: 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code',
    },
  },
  {
    key: 'obo',
    title: 'API calling an API (on-behalf-of)',
    setup: entraSetup('Entra ID: API calling API (OBO)', 'on-behalf-of', 'organizations', {
      authMethod: 'client_secret_post',
      via: 'relay',
      tokenParams: { scope: 'https://graph.microsoft.com/User.Read' },
    }),
    registration: [
      'Two registrations: the client app (a SPA as above) and the middle-tier API whose id goes into the client id field here.',
      'Middle-tier API: Expose an API → Application ID URI (api://<its client id>) and a scope such as access_as_user; Certificates & secrets → a client secret.',
      'Middle-tier API: API permissions → Microsoft Graph, delegated User.Read, and "Grant admin consent" (or list the client app in knownClientApplications for combined consent), since the user never sees the API\'s own consent screen.',
      "Client app: API permissions → My APIs → the middle-tier API's access_as_user; sign in with scope api://<API client id>/access_as_user and hand that access token to this flow.",
      `Redirect URI (client app, "Single-page application"): ${REDIRECT_URI}. Only user tokens can be exchanged, never app-only tokens.`,
    ],
    docs: {
      name: 'Microsoft identity platform and OAuth 2.0 On-Behalf-Of flow',
      url: 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow',
    },
  },
];
