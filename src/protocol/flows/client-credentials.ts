import { buildClientCredentialsRequest, type ExtraParams } from '../token-request';
import { resolveClientAuth } from './client';
import { readTokenOutcome } from './outcomes';
import { API, AUTHORIZATION_SERVER, CLIENT } from './participants';
import { optional, requireEndpoint } from './steps';
import type { FlowDefinition, FlowRun, StepDefinition } from './types';

/** The run's custom parameters, plus `resource` (RFC 8707) when the user filled it in. */
export function collectExtraParams(run: FlowRun, names: readonly string[] = ['resource']): ExtraParams {
  const extra: [string, string][] = [];
  for (const name of names) {
    const value = run.tokenParams[name];
    if (value !== undefined && value !== '') extra.push([name, value]);
  }
  return [...extra, ...run.extraParams];
}

/**
 * Why a client credentials `scope` will be refused by Entra ID, or `undefined` when it has the one
 * accepted shape: a single `{resource}/.default` (AADSTS70011, AADSTS700022 otherwise). A warning
 * only: the request is sent as the user wrote it.
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#first-case-access-token-request-with-a-shared-secret
 */
export function describeEntraClientCredentialsScope(scope: string): string | undefined {
  const scopes = scope.split(' ').filter(Boolean);
  if (scopes.length === 0)
    return 'Entra ID needs "scope" = {resource}/.default, e.g. https://graph.microsoft.com/.default.';
  if (scopes.length > 1)
    return `Entra ID accepts exactly one scope here, {resource}/.default; "${scope}" has ${scopes.length} (AADSTS70011 or AADSTS700022).`;
  const only = scopes[0] ?? '';
  if (!only.endsWith('/.default'))
    return `Entra ID grants application permissions only through {resource}/.default; "${only}" is not of that form (AADSTS70011). Try ${suggestDefaultScope(only)}.`;
  return undefined;
}

function suggestDefaultScope(scope: string): string {
  const slash = scope.lastIndexOf('/');
  if (slash > 0 && scope.includes('://')) return `${scope.slice(0, slash)}/.default`;
  return 'https://graph.microsoft.com/.default';
}

export const clientCredentialsTokenStep: StepDefinition = {
  id: 'client-credentials-token',
  title: 'Token request (client_credentials)',
  explanation:
    'The app asks for a token for itself, with no user: it authenticates with its secret or a signed assertion and names the API in scope (on Entra: {resource}/.default, which grants the application permissions an admin consented to).',
  spec: { name: 'RFC 6749 §4.4.2', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.4.2' },
  from: 'client',
  to: 'as',
  action: 'send',
  interaction: { kind: 'request' },
  responseLabel: 'App-only access token',
  relayable: true,
  dpop: 'token',
  build: async (run, secrets) => {
    const endpoint = requireEndpoint(run, 'token_endpoint');
    return buildClientCredentialsRequest({
      endpoint,
      clientAuth: await resolveClientAuth(run, secrets, endpoint),
      ...optional('scope', run.tokenParams.scope),
      extra: collectExtraParams(run),
    });
  },
  read: (run, response) => readTokenOutcome(response, 'Client credentials', run.authMethod),
};

/** The client credentials grant: an app-only token, then (as a follow-up) a call to the API. */
export const clientCredentialsFlow: FlowDefinition = {
  id: 'client-credentials',
  parameterWarning: (name, value, providerKind) =>
    name === 'scope' && providerKind === 'entra' ? describeEntraClientCredentialsScope(value) : undefined,
  title: 'Client credentials',
  summary:
    'A daemon or back-end service gets a token for itself, with no user, by proving who it is: a secret, a signed assertion made from its private key (certificate), or a federated assertion. The token carries application permissions (roles), not delegated scopes.',
  channel: 'back',
  participants: [CLIENT, AUTHORIZATION_SERVER, API],
  steps: [clientCredentialsTokenStep],
  requires: ['token_endpoint'],
  authMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'client_assertion'],
  defaultTokenParams: { scope: 'api.read', resource: '' },
  registration:
    'Entra ID: a client secret or an uploaded certificate (Certificates & secrets), application permissions on the API (API permissions → Application permissions) and admin consent; scope = {resource}/.default. The request goes through the local relay: Entra refuses confidential clients from browsers.',
};
