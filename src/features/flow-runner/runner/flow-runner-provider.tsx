import { useEffect, useState, type ReactNode } from 'react';
import type { FlowRunner } from './effect-runner';
import { RunnerContext } from './runner-context';

/** Makes one effect runner available below; it resumes the stored run's effects and stops on unmount. */
export function FlowRunnerProvider({ create, children }: { create: () => FlowRunner; children: ReactNode }) {
  const [runner] = useState(create);
  useEffect(() => {
    runner.resume();
    return () => runner.dispose();
  }, [runner]);
  return <RunnerContext value={runner}>{children}</RunnerContext>;
}
