import type { ReactNode } from 'react';
import { availableChoice } from '@/protocol/flows/engine';
import type { FlowRun, RunStep } from '@/protocol/flows/types';
import type { Via } from '@/protocol/http';
import { findRefusedHost, findRefusedLoopbackOrigin } from '@/state/relay-allow-list';
import { runtimeConfig } from '@/state/runtime-config';
import { AllowRelayHost } from '../allow-relay-host';
import { useFlowRunner } from '../runner/runner-context';

const secondary = 'rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600';

/** What a finished or failed step offers, as the engine decides it (see `availableChoice`). */
export function StepChoices({ run, step }: { run: FlowRun; step: RunStep }) {
  const runner = useFlowRunner();
  // A room serves remote browsers, which the loopback-only relay never serves: it is not offered there.
  const choice = availableChoice(run, step, { relayOffered: runtimeConfig.relay !== false });
  const retry = () => runner.dispatch({ type: 'retry', stepKey: step.key });
  switch (choice.kind) {
    case 'none':
      return null;
    case 'resend':
      return (
        <button type="button" onClick={retry} className={secondary}>
          Send this request again (e.g. replay the code to see it refused)
        </button>
      );
    case 'override-state':
      return (
        <div className="space-y-2">
          <p className="text-sm">
            A real client must stop here. To see what would happen next, you may continue on purpose; the run
            stays marked as overridden.
          </p>
          <button
            type="button"
            onClick={() => runner.dispatch({ type: 'state-overridden' })}
            className="rounded-md border border-red-700 px-3 py-1.5 text-sm text-red-800 dark:text-red-300"
          >
            Continue anyway (learning override)
          </button>
        </div>
      );
    case 'switch-route': {
      const refusedHost =
        step.record.errorCode === 'RELAY_REFUSED'
          ? (findRefusedHost(step.record.message) ?? findRefusedLoopbackOrigin(step.record.message))
          : undefined;
      return choice.to === 'relay' ? (
        <RouteSwitch
          step={step}
          to="relay"
          switchLabel="Send through the relay"
          retryLabel="Try directly again"
        />
      ) : (
        <RouteSwitch
          step={step}
          to="direct"
          switchLabel="Send directly instead"
          retryLabel="Try this step again"
        >
          {refusedHost && <AllowRelayHost run={run} step={step} host={refusedHost} />}
        </RouteSwitch>
      );
    }
    case 'retry':
      return (
        <button type="button" onClick={retry} className={secondary}>
          Try this step again
        </button>
      );
    case 'start-over':
      return <p className="text-sm">Start a new run to try again; your parameters are kept.</p>;
  }
}

/** After a failure that depends on the route (CORS, relay): switch the run's route and retry, or retry as is. */
function RouteSwitch({
  step,
  to,
  switchLabel,
  retryLabel,
  children,
}: {
  step: RunStep;
  to: Via;
  switchLabel: string;
  retryLabel: string;
  children?: ReactNode;
}) {
  const runner = useFlowRunner();
  return (
    <div className="flex flex-wrap gap-2">
      {children}
      <button
        type="button"
        onClick={() => runner.dispatch({ type: 'route-chosen', stepKey: step.key, via: to })}
        className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white"
      >
        {switchLabel}
      </button>
      <button
        type="button"
        onClick={() => runner.dispatch({ type: 'retry', stepKey: step.key })}
        className={secondary}
      >
        {retryLabel}
      </button>
    </div>
  );
}
