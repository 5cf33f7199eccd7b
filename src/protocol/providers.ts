import { PlaygroundError } from './errors';

/**
 * The Microsoft clouds Entra ID runs in, with their sign-in and Graph origins. `local` is the
 * companion's offline Entra-shaped tenant: only its origins differ, every rule is the same.
 * @see https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud
 */
export const ENTRA_CLOUDS = {
  global: {
    label: 'Global (login.microsoftonline.com)',
    loginOrigin: 'https://login.microsoftonline.com',
    graphOrigin: 'https://graph.microsoft.com',
  },
  usgov: {
    label: 'US Government (login.microsoftonline.us)',
    loginOrigin: 'https://login.microsoftonline.us',
    graphOrigin: 'https://graph.microsoft.us',
  },
  china: {
    label: 'China, operated by 21Vianet (login.partner.microsoftonline.cn)',
    loginOrigin: 'https://login.partner.microsoftonline.cn',
    graphOrigin: 'https://microsoftgraph.chinacloudapi.cn',
  },
  local: {
    label: 'Local Entra tenant (offline)',
    loginOrigin: 'http://localhost:4003',
    graphOrigin: 'http://localhost:4004',
  },
} as const;

export const ENTRA_CLOUD_IDS = Object.keys(ENTRA_CLOUDS) as EntraCloud[];

export type EntraCloud = keyof typeof ENTRA_CLOUDS;

export type ProviderConfig =
  | { kind: 'local'; issuer: string }
  | { kind: 'entra'; tenant: string; cloud: EntraCloud }
  | { kind: 'custom'; url: string };

export type ProviderKind = ProviderConfig['kind'];

/** The provider kinds, in the order the settings offer them. */
export const PROVIDER_KINDS = ['local', 'entra', 'custom'] as const satisfies readonly ProviderKind[];

/**
 * A provider as a person fills it in: every kind's fields are kept (switching kind loses nothing)
 * and `kind` says which one is in use. The settings hold one; a setup carries one.
 */
export interface ProviderChoice {
  kind: ProviderKind;
  localIssuer: string;
  entraTenant: string;
  entraCloud: EntraCloud;
  customUrl: string;
}

/** The provider a choice stands for. */
export function resolveProviderChoice(choice: ProviderChoice): ProviderConfig {
  switch (choice.kind) {
    case 'local':
      return { kind: 'local', issuer: choice.localIssuer };
    case 'entra':
      return { kind: 'entra', tenant: choice.entraTenant, cloud: choice.entraCloud };
    case 'custom':
      return { kind: 'custom', url: choice.customUrl };
  }
}

/** The endpoints a flow may use, named as in OpenID Provider Metadata. */
export interface ProviderEndpoints {
  issuer: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  device_authorization_endpoint?: string;
  userinfo_endpoint?: string;
  jwks_uri?: string;
  end_session_endpoint?: string;
  introspection_endpoint?: string;
  revocation_endpoint?: string;
}

export const ENTRA_PERSONAL_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * What is wrong with an Entra tenant value, or `undefined` when it is one of `common`,
 * `organizations`, `consumers`, a tenant id (GUID) or a domain name.
 * @see https://learn.microsoft.com/entra/identity-platform/v2-protocols (tenant values)
 */
export function describeEntraTenantProblem(tenant: string): string | undefined {
  const value = tenant.trim();
  if (value === '')
    return 'The tenant is empty: use common, organizations, consumers, a tenant id or a domain.';
  if (['common', 'organizations', 'consumers'].includes(value.toLowerCase())) return undefined;
  if (GUID.test(value)) return undefined;
  if (DOMAIN.test(value)) return undefined;
  return `"${value}" is not a tenant: use common, organizations, consumers, a tenant id (GUID) or a verified domain such as contoso.onmicrosoft.com.`;
}

/**
 * Endpoints of the Entra ID v2.0 platform for a tenant and cloud, derived without a network call.
 * Discovery may still be fetched to confirm them.
 * @see https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc
 */
export function deriveEntraEndpoints(
  tenant: string,
  cloud: EntraCloud,
): ProviderEndpoints & { discoveryUrl: string } {
  const base = `${ENTRA_CLOUDS[cloud].loginOrigin}/${encodeURIComponent(tenant.trim())}`;
  return {
    issuer: `${base}/v2.0`,
    discoveryUrl: `${base}/v2.0/.well-known/openid-configuration`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/oauth2/v2.0/token`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    userinfo_endpoint: `${ENTRA_CLOUDS[cloud].graphOrigin}/oidc/userinfo`,
  };
}

/**
 * Accepts an issuer or a full discovery URL and returns the discovery URL to fetch and the
 * issuer the document must name.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationRequest
 */
export function resolveDiscoveryUrl(input: string): { discoveryUrl: string; expectedIssuer: string } {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PlaygroundError(
      'DISCOVERY_INVALID_URL',
      text === ''
        ? 'Enter an issuer or discovery URL, for example https://login.example.com/ or …/.well-known/openid-configuration.'
        : `"${text}" is not a URL: an issuer starts with https:// (or http://localhost for a local provider).`,
      { cause: { expected: 'absolute URL', actual: text } },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PlaygroundError(
      'DISCOVERY_INVALID_URL',
      `Discovery needs an http(s) URL, not "${url.protocol}".`,
      {
        cause: { expected: 'https:', actual: url.protocol },
      },
    );
  }
  if (url.search || url.hash) {
    url.hash = '';
  }
  const wellKnown = '/.well-known/openid-configuration';
  const oauthWellKnown = '/.well-known/oauth-authorization-server';
  if (url.pathname.endsWith(wellKnown)) {
    const issuerPath = url.pathname.slice(0, -wellKnown.length);
    return { discoveryUrl: url.href, expectedIssuer: `${url.origin}${issuerPath}` };
  }
  if (url.pathname.startsWith(oauthWellKnown)) {
    // RFC 8414 §3: the issuer's path is appended after the well-known segment.
    const issuerPath = url.pathname.slice(oauthWellKnown.length);
    return { discoveryUrl: url.href, expectedIssuer: `${url.origin}${issuerPath}` };
  }
  const issuer = `${url.origin}${url.pathname}`.replace(/\/$/, '') || url.origin;
  return { discoveryUrl: `${issuer}${wellKnown}`, expectedIssuer: `${url.origin}${url.pathname}` };
}

/** The discovery URL and expected issuer for any provider configuration. */
export function getDiscoveryTarget(provider: ProviderConfig): {
  discoveryUrl: string;
  expectedIssuer: string;
} {
  switch (provider.kind) {
    case 'local':
      return resolveDiscoveryUrl(provider.issuer);
    case 'custom':
      return resolveDiscoveryUrl(provider.url);
    case 'entra': {
      const derived = deriveEntraEndpoints(provider.tenant, provider.cloud);
      return { discoveryUrl: derived.discoveryUrl, expectedIssuer: derived.issuer };
    }
  }
}

/** Human name of a provider configuration, for headings and logs. */
export function describeProvider(provider: ProviderConfig): string {
  switch (provider.kind) {
    case 'local':
      return `Local demo IdP (${provider.issuer})`;
    case 'entra':
      return `Microsoft Entra ID, tenant ${provider.tenant} (${new URL(ENTRA_CLOUDS[provider.cloud].loginOrigin).host})`;
    case 'custom':
      return `Custom provider (${provider.url})`;
  }
}

/**
 * The origins a provider configuration names: where the user chose to send requests. Verification
 * fetches keys from these without asking; any other host needs the user's explicit request.
 */
export function listProviderOrigins(provider: ProviderConfig): string[] {
  const originOf = (value: string): string[] => {
    try {
      return [new URL(value.trim()).origin];
    } catch {
      return [];
    }
  };
  switch (provider.kind) {
    case 'local':
      return originOf(provider.issuer);
    case 'custom':
      return originOf(provider.url);
    case 'entra':
      return [ENTRA_CLOUDS[provider.cloud].loginOrigin, ENTRA_CLOUDS[provider.cloud].graphOrigin];
  }
}
