import { createRun, type CreateRunInput } from './run';
import type { FlowDefinition, FlowRun } from './types';

/** Endpoints of a fictional provider, for the flow tests. */
export const TEST_ENDPOINTS = {
  issuer: 'https://as.example',
  token_endpoint: 'https://as.example/token',
  device_authorization_endpoint: 'https://as.example/device',
  introspection_endpoint: 'https://as.example/introspect',
  revocation_endpoint: 'https://as.example/revoke',
  jwks_uri: 'https://as.example/jwks',
};

/** A fresh run of a flow against the fictional provider, with its default parameters unless overridden. */
export function createTestRun(flow: FlowDefinition, overrides: Partial<CreateRunInput> = {}): FlowRun {
  return createRun(flow, {
    provider: { kind: 'custom', url: 'https://as.example' },
    providerLabel: 'Custom',
    issuer: TEST_ENDPOINTS.issuer,
    endpoints: TEST_ENDPOINTS,
    clientId: 'app',
    authMethod: 'none',
    via: 'direct',
    companionOrigin: 'http://localhost:4002',
    authorizeParams: {},
    tokenParams: { ...flow.defaultTokenParams },
    extraParams: [],
    ...overrides,
  });
}

/** The body of a form request as ordered pairs. */
export function readForm(body: string | undefined): [string, string][] {
  return [...new URLSearchParams(body ?? '').entries()];
}
