import { useState } from 'react';
import { useNextActionHosted } from '../next-action';
import { useFlowRunner } from '../runner/runner-context';
import type { InteractionProps } from './types';

/** Leaves the page for the provider: in this tab, or (when the step allows it) in a popup. */
export function RedirectLauncher({ step, definition }: InteractionProps) {
  const runner = useFlowRunner();
  const [problem, setProblem] = useState<string>();
  // Where the page has a next-action bar, it carries the same-tab button.
  const hosted = useNextActionHosted();
  if (definition.interaction.kind !== 'redirect') return null;
  const { popup, label } = definition.interaction;
  return (
    <div className="flex flex-wrap gap-2">
      {!hosted && (
        <button
          type="button"
          onClick={() => setProblem(runner.startStep(step.key, 'same-tab'))}
          className="rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white"
        >
          {label}
        </button>
      )}
      {popup && (
        <button
          type="button"
          onClick={() => setProblem(runner.startStep(step.key, 'popup'))}
          className="rounded-md border border-indigo-600 px-4 py-2 font-semibold text-indigo-700 dark:text-indigo-300"
        >
          Open in a popup
        </button>
      )}
      {problem && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {problem}
        </p>
      )}
    </div>
  );
}
