import { codeConfidentialFlow, codePkceFlow, hybridFlow, implicitFlow } from './browser-flows';
import { clientCredentialsFlow } from './client-credentials';
import { deviceCodeFlow } from './device-code';
import { onBehalfOfFlow } from './on-behalf-of';
import { passwordFlow } from './password';
import { FOLLOW_UP_STEPS as BASE_FOLLOW_UP_STEPS } from './steps';
import { tokenExchangeFlow } from './token-exchange';
import { TOKEN_MANAGEMENT_STEPS } from './token-management';
import type { FlowDefinition, FlowId, StepDefinition } from './types';

/** Every flow the playground runs, in the order the flow list shows them. */
export const FLOWS: readonly FlowDefinition[] = [
  codePkceFlow,
  codeConfidentialFlow,
  implicitFlow,
  hybridFlow,
  clientCredentialsFlow,
  deviceCodeFlow,
  onBehalfOfFlow,
  passwordFlow,
  tokenExchangeFlow,
];

export function findFlow(id: string): FlowDefinition | undefined {
  return FLOWS.find((flow) => flow.id === (id as FlowId));
}

/** Steps any token-bearing run may add: refresh, userinfo, API call, logout, introspection, revocation. */
export const FOLLOW_UP_STEPS: readonly StepDefinition[] = [
  ...BASE_FOLLOW_UP_STEPS,
  ...TOKEN_MANAGEMENT_STEPS,
];
