import { codeConfidentialFlow, codePkceFlow, hybridFlow, implicitFlow } from './browser-flows';
import { FOLLOW_UP_STEPS } from './steps';
import type { FlowDefinition, FlowId } from './types';

/** Every flow the playground runs, in the order the flow list shows them. */
export const FLOWS: readonly FlowDefinition[] = [
  codePkceFlow,
  codeConfidentialFlow,
  implicitFlow,
  hybridFlow,
];

export function findFlow(id: string): FlowDefinition | undefined {
  return FLOWS.find((flow) => flow.id === (id as FlowId));
}

export { FOLLOW_UP_STEPS };
