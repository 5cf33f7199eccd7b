import type { FlowRun } from '@/protocol/flows/types';
import { useFlowRunner } from './runner/runner-context';
import { focusElement, NEXT_ACTION_ID } from './focus-next-action';
import { describeNextAction, requestFormId } from './next-action';

const primary =
  'rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700 disabled:opacity-50 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-700';

/**
 * The run's one primary action, fixed to the bottom of the viewport so that it never scrolls away:
 * send the current request, go to the provider, poll now, or read the tokens when the run is over.
 * The step it belongs to is named beside it.
 */
export function NextActionBar({
  run,
  selectedKey,
  onSelect,
}: {
  run: FlowRun;
  selectedKey: string | undefined;
  onSelect: (stepKey: string) => void;
}) {
  const runner = useFlowRunner();
  const action = describeNextAction(run);
  // The request form lives in the step panel, which shows the selected step.
  const showsCurrent =
    action.kind === 'tokens' || selectedKey === undefined || selectedKey === action.stepKey;
  const goToCurrent = (stepKey: string) => {
    onSelect(stepKey);
    requestAnimationFrame(() => focusElement('step-detail-heading'));
  };

  let control: React.ReactNode;
  let status: string;
  switch (action.kind) {
    case 'send':
      status = `Next: ${action.title}`;
      control = showsCurrent ? (
        <button
          key="send"
          id={NEXT_ACTION_ID}
          type="submit"
          form={requestFormId(action.stepKey)}
          className={primary}
        >
          Send request
        </button>
      ) : (
        // Its own key: React must not turn this very element into the submit button above while
        // its click is still being dispatched, or the browser would send the request at once.
        <button
          key="back"
          id={NEXT_ACTION_ID}
          type="button"
          onClick={() => goToCurrent(action.stepKey)}
          className={primary}
        >
          Back to the current step
        </button>
      );
      break;
    case 'redirect':
      status = `Next: ${action.title}`;
      control = (
        <button
          id={NEXT_ACTION_ID}
          type="button"
          onClick={() => runner.startStep(action.stepKey, 'same-tab')}
          className={primary}
        >
          {action.label}
        </button>
      );
      break;
    case 'continue':
      status = `Now: ${action.title}`;
      control = action.url ? (
        <a id={NEXT_ACTION_ID} href={action.url} className={primary}>
          Continue to the provider
        </a>
      ) : (
        <button
          id={NEXT_ACTION_ID}
          type="button"
          onClick={() => goToCurrent(action.stepKey)}
          className={primary}
        >
          Go to the sign-in step
        </button>
      );
      break;
    case 'poll':
      status = `Now: ${action.title} (the next poll waits for the interval)`;
      control = (
        <button
          id={NEXT_ACTION_ID}
          type="button"
          onClick={() => runner.dispatch({ type: 'poll-tick' })}
          className={primary}
        >
          Poll now
        </button>
      );
      break;
    case 'busy':
      status = `${action.title}: ${action.status}`;
      control = (
        <button id={NEXT_ACTION_ID} type="button" disabled className={primary}>
          {action.status}
        </button>
      );
      break;
    case 'look':
      status = `${action.title} needs you: see the step`;
      control = (
        <button
          id={NEXT_ACTION_ID}
          type="button"
          onClick={() => goToCurrent(action.stepKey)}
          className={primary}
        >
          Next step: see what to do
        </button>
      );
      break;
    case 'tokens':
      status = action.hasTokens ? 'Done: the flow is over.' : 'Done: the flow is over; no token came back.';
      control = (
        <button
          id={NEXT_ACTION_ID}
          type="button"
          onClick={() => focusElement(action.hasTokens ? 'tokens-heading' : 'step-detail-heading')}
          className={primary}
        >
          {action.hasTokens ? 'Done → tokens' : 'Done → last step'}
        </button>
      );
      break;
  }

  return (
    <div
      role="region"
      aria-label="Next action"
      data-next-action-bar=""
      className="fixed inset-x-0 bottom-0 z-30 border-t border-slate-300 bg-white/95 px-4 py-2 shadow-[0_-2px_6px_rgba(0,0,0,0.08)] dark:border-slate-700 dark:bg-slate-900/95"
    >
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-1 [.presenter_&]:max-w-none">
        {control}
        <p className="min-w-0 flex-1 text-sm text-slate-700 dark:text-slate-300">{status}</p>
      </div>
    </div>
  );
}
