import { createContext, useContext } from 'react';
import type { FlowRunner } from './effect-runner';

export const RunnerContext = createContext<FlowRunner | undefined>(undefined);

/** The effect runner of the page (see `FlowRunnerProvider`). */
export function useFlowRunner(): FlowRunner {
  const runner = useContext(RunnerContext);
  if (!runner) throw new Error('useFlowRunner needs a FlowRunnerProvider above it.');
  return runner;
}
