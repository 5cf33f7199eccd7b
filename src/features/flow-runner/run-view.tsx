import { useEffect, useRef, useState } from 'react';
import { definitionOf } from '@/protocol/flows/engine';
import { FOLLOW_UP_STEPS } from '@/protocol/flows/registry';
import { findCurrentStep, toDiagramMessages } from '@/protocol/flows/run';
import type { FlowDefinition, FlowRun, RunStep } from '@/protocol/flows/types';
import { ErrorExplanation } from '@/ui/error-explanation';
import { ExchangeView } from '@/ui/exchange-view';
import { RequestLog } from '@/ui/request-log';
import { SequenceDiagram } from '@/ui/sequence-diagram';
import { usePresenter } from '@/ui/presenter/use-presenter';
import { SessionExport } from '@/ui/session-export';
import { FollowUps } from './follow-ups';
import {
  CallbackMoment,
  IdTokenChecks,
  PkceMoment,
  ScopeMoment,
  TokenRequestValues,
} from './learning-moments-view';
import { NextActionHostContext } from './next-action';
import { NextActionBar } from './next-action-bar';
import { DevicePresenterView } from './device-presenter-view';
import { ModernStepDetail } from './modern-step-detail';
import { StepInteraction } from './interactions/step-interaction';
import { StepChoices } from './interactions/step-choices';
import { ApiChainDemo, OboComparison } from './obo-panel';
import { PresenterStage } from './presenter-stage';
import { toSessionItems } from './session-items';
import { TokensPanel } from './tokens-panel';

const statusText: Record<RunStep['record']['status'], string> = {
  pending: 'Pending',
  current: 'Current',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
};

const statusClass: Record<RunStep['record']['status'], string> = {
  pending: 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
  current: 'bg-indigo-600 text-white',
  done: 'bg-emerald-700 text-white',
  failed: 'bg-red-700 text-white',
  skipped: 'bg-slate-100 text-slate-600 dark:bg-slate-900 dark:text-slate-400',
};

export function RunView({
  run,
  flow,
  onNewRun,
}: {
  run: FlowRun;
  flow: FlowDefinition;
  onNewRun: () => void;
}) {
  const messages = toDiagramMessages(flow, FOLLOW_UP_STEPS, run);
  const current = findCurrentStep(run);
  const [selectedKey, setSelectedKey] = useState<string>();
  // With no step left to do, the panel shows the last step that ran.
  const lastRan = run.steps
    .filter((step) => step.record.status === 'done' || step.record.status === 'failed')
    .at(-1);
  const selected = run.steps.find((step) => step.key === selectedKey) ?? current ?? lastRan;
  const selectedExchangeId = selected?.record.exchangeIds.at(-1);
  const presenter = usePresenter();
  useFollowCurrentStep(run, current, setSelectedKey);
  const deviceStage = presenter.on && flow.id === 'device-code' && Boolean(run.values.user_code);
  // The presenter stage tells the selected step in large type: the list and the panel do not repeat it.
  const stageTellsStep = presenter.on && !deviceStage;

  return (
    <NextActionHostContext.Provider value={true}>
      <div className="space-y-6 pb-24">
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Run <span className="font-mono">{presenter.text(run.id)}</span> ·{' '}
            {presenter.text(run.providerLabel)} · client{' '}
            <span className="font-mono">{run.clientId ? presenter.text(run.clientId) : '(none)'}</span>
          </p>
          <button
            type="button"
            onClick={onNewRun}
            className="ml-auto rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
          >
            New run (keep parameters)
          </button>
        </div>

        {deviceStage ? (
          <DevicePresenterView
            run={run}
            flow={flow}
            messages={messages}
            selectedKey={selected?.key}
            onSelect={setSelectedKey}
          />
        ) : presenter.on ? (
          <PresenterStage
            run={run}
            flow={flow}
            messages={messages}
            selectedKey={selected?.key}
            onSelect={setSelectedKey}
          />
        ) : (
          <section aria-labelledby="diagram-heading" className="space-y-2">
            <h2 id="diagram-heading" className="text-lg font-semibold">
              Sequence
            </h2>
            <SequenceDiagram
              participants={flow.participants}
              messages={messages}
              {...(selected ? { selectedId: selected.key } : {})}
              onSelect={(id) => setSelectedKey(id.replace(/:response$/, ''))}
              title={`${flow.title}: sequence diagram`}
            />
          </section>
        )}

        <div className="grid gap-6 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
          <section aria-labelledby="steps-heading">
            <h2 id="steps-heading" className="mb-2 text-lg font-semibold">
              Steps
            </h2>
            <ol className="space-y-2">
              {run.steps.map((step, index) => {
                const definition = definitionOf(run, step);
                return (
                  <li key={step.key}>
                    <button
                      type="button"
                      onClick={() => setSelectedKey(step.key)}
                      aria-current={selected?.key === step.key ? 'step' : undefined}
                      className="w-full rounded-md border border-slate-200 p-2 text-left aria-[current=step]:border-indigo-600 aria-[current=step]:ring-1 aria-[current=step]:ring-indigo-600 dark:border-slate-700"
                    >
                      <span className="flex items-center gap-2">
                        <span className="font-mono text-xs">{index + 1}.</span>
                        <span className="min-w-0 flex-1 font-medium [overflow-wrap:anywhere]">
                          {definition.title}
                        </span>
                        <span className={`rounded px-1.5 py-0.5 text-xs ${statusClass[step.record.status]}`}>
                          {statusText[step.record.status]}
                        </span>
                      </span>
                      {/* The outcome in one line, so the list reads as a summary; the panel tells the step.
                          In presenter mode the stage above tells the selected step's outcome in large
                          type, so the list keeps it for screen readers only. */}
                      {step.record.message && (
                        <span
                          className={
                            stageTellsStep
                              ? 'sr-only'
                              : 'mt-1 block text-xs text-slate-600 [overflow-wrap:anywhere] dark:text-slate-400'
                          }
                        >
                          {presenter.text(step.record.message)}
                        </span>
                      )}
                    </button>
                  </li>
                );
              })}
            </ol>
          </section>

          <section aria-labelledby="step-detail-heading" className="min-w-0 space-y-4">
            <h2
              id="step-detail-heading"
              tabIndex={-1}
              className="scroll-mt-4 text-lg font-semibold focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600"
            >
              {selected ? definitionOf(run, selected).title : 'Steps'}
            </h2>
            {/* Right after the heading that takes the focus, so that one Tab reaches it. */}
            <NextActionBar run={run} selectedKey={selected?.key} onSelect={setSelectedKey} />
            {selected && (
              <StepDetail
                run={run}
                step={selected}
                isCurrent={selected.key === current?.key || selected.record.status === 'current'}
                toldAbove={stageTellsStep}
              />
            )}
            {selectedExchangeId && <SelectedExchange run={run} exchangeId={selectedExchangeId} />}
          </section>
        </div>

        <TokensPanel run={run} />
        {flow.panels?.includes('on-behalf-of') && (
          <>
            <OboComparison run={run} />
            <ApiChainDemo run={run} />
          </>
        )}
        <FollowUps run={run} onAdded={setSelectedKey} />

        <SessionExport
          items={toSessionItems(run)}
          fileName={`token-playground-${run.flowId}`}
          title={flow.title}
        />

        <RequestLog
          exchanges={run.exchanges}
          {...(selectedExchangeId ? { selectedId: selectedExchangeId } : {})}
          fileName={`token-playground-${run.flowId}`}
        />
      </div>
    </NextActionHostContext.Provider>
  );
}

/**
 * After every redirect back and every answer (the current step or its status changes), the step
 * panel follows the current step and takes the focus, so that it never falls to the page body.
 */
function useFollowCurrentStep(
  run: FlowRun,
  current: RunStep | undefined,
  select: (key: string | undefined) => void,
) {
  const signature = `${run.id}|${current?.key ?? 'end'}|${current?.record.status ?? ''}|${run.steps.filter((step) => step.record.status === 'done').length}`;
  const seen = useRef<string>(undefined);
  useEffect(() => {
    if (seen.current === signature) return;
    const first = seen.current === undefined;
    seen.current = signature;
    // A run that only just started has nothing to show yet: the focus stays where the person put it.
    if (first && run.steps.every((step) => step.record.status !== 'done' && step.record.status !== 'failed'))
      return;
    select(undefined);
    const heading = document.getElementById('step-detail-heading');
    if (!heading) return;
    // The device flow's presenter view keeps the code on screen; elsewhere the step comes into view.
    (document.querySelector('[data-scroll-target]') ?? heading).scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }, [signature, run.steps, select]);
}

function SelectedExchange({ run, exchangeId }: { run: FlowRun; exchangeId: string }) {
  const exchange = run.exchanges.find((item) => item.id === exchangeId);
  if (!exchange) return null;
  return (
    <details open className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <summary className="cursor-pointer font-semibold">HTTP exchange: {exchange.label}</summary>
      <ExchangeView exchange={exchange} />
    </details>
  );
}

function StepDetail({
  run,
  step,
  isCurrent,
  toldAbove,
}: {
  run: FlowRun;
  step: RunStep;
  isCurrent: boolean;
  /** Whether the presenter stage above already tells this step (kept here for screen readers only). */
  toldAbove: boolean;
}) {
  const definition = definitionOf(run, step);
  const status = step.record.status;
  const presenter = usePresenter();
  return (
    <div className="space-y-3 [.presenter_&]:text-xl">
      <p className={`text-slate-700 dark:text-slate-300 ${toldAbove ? 'sr-only' : ''}`}>
        {definition.explanation}{' '}
        {definition.spec && (
          <a
            href={definition.spec.url}
            target="_blank"
            rel="noreferrer noopener"
            className="text-sm underline"
          >
            {definition.spec.name}
          </a>
        )}
      </p>
      {step.record.message && status !== 'failed' && (
        <p className={toldAbove ? 'sr-only' : 'text-sm'}>{presenter.text(step.record.message)}</p>
      )}
      {status === 'failed' && (
        <ErrorExplanation
          oauthError={step.record.oauthError}
          errorCode={step.record.errorCode}
          message={step.record.message}
        />
      )}
      <ModernStepDetail run={run} step={step} />
      {(isCurrent || (status === 'done' && definition.action === 'send')) && (
        <StepAction run={run} step={step} />
      )}
      <StepMoments run={run} step={step} />
    </div>
  );
}

function StepAction({ run, step }: { run: FlowRun; step: RunStep }) {
  const status = step.record.status;
  if (status === 'done' || status === 'failed') return <StepChoices run={run} step={step} />;
  return <StepInteraction run={run} step={step} definition={definitionOf(run, step)} />;
}

/** What a learner came to see at this step, with this run's real values. */
function StepMoments({ run, step }: { run: FlowRun; step: RunStep }) {
  const status = step.record.status;
  if (status === 'pending' || status === 'skipped') return null;
  switch (step.stepId) {
    case 'callback':
      return status === 'current' ? null : <CallbackMoment run={run} />;
    case 'code-exchange':
      if (status === 'current') return null;
      return (
        <>
          <TokenRequestValues run={run} step={step} />
          <PkceMoment run={run} step={step} />
          {status === 'done' && <ScopeMoment run={run} />}
        </>
      );
    case 'validate-id-token':
      return status === 'current' ? null : <IdTokenChecks run={run} />;
    default:
      return null;
  }
}
