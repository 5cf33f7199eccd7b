import type { ClientAuthMethod, FlowId } from '@/protocol/flows/types';
import { runtimeConfig } from './runtime-config';
import type { ProviderKind } from './settings';

/**
 * Demo clients of the local IdP (docs/local-idp.md). Their secrets are published demo values
 * that protect nothing; they are filled into the in-memory secret store, never saved.
 */
export interface ClientPreset {
  clientId: string;
  label: string;
  authMethod: ClientAuthMethod;
  demoSecret?: string;
  via: 'direct' | 'relay';
  flows: FlowId[];
  /** Request modes the client is registered to require (pre-selected when it is chosen). */
  requires?: { par?: boolean; jar?: boolean };
}

export const LOCAL_CLIENTS: readonly ClientPreset[] = [
  {
    clientId: 'playground-spa',
    label: 'playground-spa: public SPA (PKCE, implicit and hybrid allowed)',
    authMethod: 'none',
    via: 'direct',
    flows: ['code-pkce', 'implicit', 'hybrid'],
  },
  {
    clientId: 'playground-dpop',
    label: 'playground-dpop: public SPA whose access tokens must be DPoP-bound (RFC 9449)',
    authMethod: 'none',
    via: 'direct',
    flows: ['code-pkce'],
  },
  {
    clientId: 'playground-web',
    label: 'playground-web: confidential web app (secret in Basic header)',
    authMethod: 'client_secret_basic',
    demoSecret: 'playground-web-secret',
    via: 'relay',
    flows: ['code-confidential', 'client-credentials'],
  },
  {
    clientId: 'playground-web-post',
    label: 'playground-web-post: confidential web app (secret in body)',
    authMethod: 'client_secret_post',
    demoSecret: 'playground-web-post-secret',
    via: 'relay',
    flows: ['code-confidential', 'client-credentials'],
  },
  {
    clientId: 'playground-assertion',
    label: 'playground-assertion: signed client assertion (private_key_jwt)',
    authMethod: 'private_key_jwt',
    via: 'relay',
    flows: ['code-confidential', 'client-credentials'],
  },
  {
    clientId: 'playground-par',
    label: 'playground-par: confidential web app that must push its requests (PAR, secret in Basic header)',
    authMethod: 'client_secret_basic',
    demoSecret: 'playground-par-secret',
    via: 'relay',
    flows: ['code-confidential'],
    requires: { par: true },
  },
  {
    clientId: 'playground-jar',
    label: 'playground-jar: confidential web app that must sign its requests (JAR, private_key_jwt)',
    authMethod: 'private_key_jwt',
    via: 'relay',
    flows: ['code-confidential'],
    requires: { jar: true },
  },
  {
    clientId: 'playground-rar',
    label: 'playground-rar: public SPA with rich authorization requests (payment_initiation)',
    authMethod: 'none',
    via: 'direct',
    flows: ['code-pkce'],
  },
  {
    clientId: 'playground-jarm',
    label: 'playground-jarm: public SPA whose responses are signed JWTs (JARM, ES256)',
    authMethod: 'none',
    via: 'direct',
    flows: ['code-pkce'],
  },
  {
    clientId: 'playground-device',
    label: 'playground-device: public device-flow client',
    authMethod: 'none',
    via: 'direct',
    flows: ['device-code'],
  },
  {
    clientId: 'playground-ropc',
    label: 'playground-ropc: public client allowed the password grant',
    authMethod: 'none',
    via: 'direct',
    flows: ['password'],
  },
  {
    clientId: 'api-a',
    label: 'api-a: API A, may act on behalf of users (secret in Basic header)',
    authMethod: 'client_secret_basic',
    demoSecret: 'api-a-secret',
    via: 'relay',
    flows: ['on-behalf-of', 'token-exchange'],
  },
];

/** The local demo client a flow starts with. */
export function defaultLocalClient(flowId: FlowId): ClientPreset | undefined {
  return LOCAL_CLIENTS.find((client) => client.flows.includes(flowId));
}

export function findLocalClient(clientId: string): ClientPreset | undefined {
  return LOCAL_CLIENTS.find((client) => client.clientId === clientId);
}

/** Demo users of the local IdP, shown next to its login step. */
export const LOCAL_USERS = [
  {
    username: 'alice',
    password: 'alice-password-1',
    note: 'has the app role Playground.Admin and the group demo-admins',
  },
  { username: 'bob', password: 'bob-password-1', note: 'no roles' },
] as const;

/** Scopes that make sense per provider kind, for the scope helper buttons. */
export function scopeSuggestions(kind: ProviderKind): string[] {
  switch (kind) {
    case 'local':
      return ['openid', 'profile', 'email', 'offline_access', 'api.read', 'api.write', 'api-a.access'];
    case 'entra':
      return [
        'openid',
        'profile',
        'email',
        'offline_access',
        'User.Read',
        'https://graph.microsoft.com/.default',
        'https://graph.microsoft.com/User.Read',
        'Mail.Read',
      ];
    case 'custom':
      return ['openid', 'profile', 'email', 'offline_access'];
  }
}

/** The local demo API a run calls by default (`/me`), from the runtime configuration in a room. */
export const LOCAL_API_URL = runtimeConfig.apiUrl ?? 'http://localhost:4001/me';

/** The origin of the local demo APIs (the playground API, API A's chain route, API B). */
export const LOCAL_API_ORIGIN = new URL(LOCAL_API_URL).origin;

/** The API a run calls by default with its access token. */
export function defaultApiUrl(kind: ProviderKind, graphOrigin = 'https://graph.microsoft.com'): string {
  return kind === 'entra' ? `${graphOrigin}/v1.0/me` : kind === 'local' ? LOCAL_API_URL : '';
}

/**
 * Where the local IdP's demo assertion key is served and public keys are uploaded: the relay of
 * `npm start`, or the site serving this app when it says so (a workshop room).
 */
export function demoKeyOrigin(companionOrigin: string): string {
  return runtimeConfig.demoKeyOrigin ?? companionOrigin;
}
