import type { FlowRun, RunStep, StepDefinition } from '@/protocol/flows/types';

/** What every interaction component receives: the run, the step and its definition. */
export interface InteractionProps {
  run: FlowRun;
  step: RunStep;
  definition: StepDefinition;
}
