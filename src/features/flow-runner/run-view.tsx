import { useEffect, useRef, useState } from 'react';
import { FOLLOW_UP_STEPS } from '@/protocol/flows/registry';
import { findCurrentStep, toDiagramMessages } from '@/protocol/flows/run';
import type { FlowDefinition, FlowRun, RunStep } from '@/protocol/flows/types';
import type { Via } from '@/protocol/http';
import { LOCAL_USERS } from '@/state/presets';
import { findRefusedHost, findRefusedLoopbackOrigin } from '@/state/relay-allow-list';
import { updateRun } from '@/state/runs';
import { runtimeConfig } from '@/state/runtime-config';
import { ErrorExplanation } from '@/ui/error-explanation';
import { ExchangeView } from '@/ui/exchange-view';
import { RequestLog } from '@/ui/request-log';
import { SequenceDiagram } from '@/ui/sequence-diagram';
import { usePresenter } from '@/ui/presenter/use-presenter';
import { SessionExport } from '@/ui/session-export';
import { AllowRelayHost } from './allow-relay-host';
import { PresenterStage } from './presenter-stage';
import { toSessionItems } from './session-items';
import { checkRunIdToken } from './id-token-check';
import { RequestEditor } from './request-editor';
import {
  completeLocalStep,
  getDefinition,
  handleCallbackUrl,
  launchAuthorization,
  launchNavigation,
  overrideStateCheck,
  retry,
} from './run-actions';
import { TokensPanel } from './tokens-panel';
import { FollowUps } from './follow-ups';
import { DevicePanel } from './device-panel';
import { BackChannelLocalStep } from './local-steps';
import { ApiChainDemo, OboComparison } from './obo-panel';

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
  const selected = run.steps.find((step) => step.key === selectedKey) ?? current;
  const selectedExchangeId = selected?.record.exchangeIds.at(-1);
  const presenter = usePresenter();

  return (
    <div className="space-y-6">
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

      {presenter.on ? (
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
              const definition = getDefinition(run, step);
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
                      <span className="flex-1 font-medium">{definition.title}</span>
                      <span className={`rounded px-1.5 py-0.5 text-xs ${statusClass[step.record.status]}`}>
                        {statusText[step.record.status]}
                      </span>
                    </span>
                    {step.record.message && (
                      <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">
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
          {selected && (
            <StepDetail
              run={run}
              step={selected}
              isCurrent={selected.key === current?.key || selected.record.status === 'current'}
            />
          )}
          {selectedExchangeId && <SelectedExchange run={run} exchangeId={selectedExchangeId} />}
        </section>
      </div>

      <TokensPanel run={run} />
      {run.flowId === 'on-behalf-of' && (
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
  );
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
  children?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      {children}
      <button
        type="button"
        onClick={() => {
          updateRun((current) => ({ ...current, via: to }));
          retry(step);
        }}
        className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white"
      >
        {switchLabel}
      </button>
      <button
        type="button"
        onClick={() => retry(step)}
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
      >
        {retryLabel}
      </button>
    </div>
  );
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

function StepDetail({ run, step, isCurrent }: { run: FlowRun; step: RunStep; isCurrent: boolean }) {
  const definition = getDefinition(run, step);
  const status = step.record.status;
  const presenter = usePresenter();
  return (
    <div className="space-y-3">
      <h2 id="step-detail-heading" className="text-lg font-semibold">
        {definition.title}
      </h2>
      <p className="text-slate-700 dark:text-slate-300">
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
        <p className="text-sm">{presenter.text(step.record.message)}</p>
      )}
      {status === 'failed' && (
        <ErrorExplanation
          oauthError={step.record.oauthError}
          errorCode={step.record.errorCode}
          message={step.record.message}
        />
      )}
      {(isCurrent || (status === 'done' && definition.action === 'send')) && (
        <StepAction run={run} step={step} />
      )}
    </div>
  );
}

function StepAction({ run, step }: { run: FlowRun; step: RunStep }) {
  const definition = getDefinition(run, step);
  const status = step.record.status;
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string>();

  if (status === 'done' && definition.action === 'send') {
    return (
      <button
        type="button"
        onClick={() => retry(step)}
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
      >
        Send this request again (e.g. replay the code to see it refused)
      </button>
    );
  }
  if (status === 'failed') {
    if (
      definition.id === 'callback' &&
      (step.record.errorCode === 'STATE_MISMATCH' ||
        step.record.errorCode === 'STATE_MISSING' ||
        step.record.errorCode === 'ISSUER_MISMATCH' ||
        step.record.errorCode === 'ISSUER_MISSING')
    ) {
      return (
        <div className="space-y-2">
          <p className="text-sm">
            A real client must stop here. To see what would happen next, you may continue on purpose; the run
            stays marked as overridden.
          </p>
          <button
            type="button"
            onClick={() => overrideStateCheck(run)}
            className="rounded-md border border-red-700 px-3 py-1.5 text-sm text-red-800 dark:text-red-300"
          >
            Continue anyway (learning override)
          </button>
        </div>
      );
    }
    if (
      step.record.errorCode === 'CORS_BLOCKED' &&
      definition.relayable &&
      run.via === 'direct' &&
      runtimeConfig.relay !== false
    ) {
      return (
        <RouteSwitch
          step={step}
          to="relay"
          switchLabel="Send through the relay"
          retryLabel="Try directly again"
        />
      );
    }
    if (
      (step.record.errorCode === 'RELAY_REFUSED' || step.record.errorCode === 'RELAY_UNAVAILABLE') &&
      definition.relayable &&
      run.via === 'relay'
    ) {
      const refusedHost =
        step.record.errorCode === 'RELAY_REFUSED'
          ? (findRefusedHost(step.record.message) ?? findRefusedLoopbackOrigin(step.record.message))
          : undefined;
      return (
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
    if (definition.action === 'send' || definition.action === 'local' || definition.action === 'poll') {
      return (
        <button
          type="button"
          onClick={() => retry(step)}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
        >
          Try this step again
        </button>
      );
    }
    if (definition.id === 'sign-in' || definition.id === 'callback') {
      return <p className="text-sm">Start a new run to try again; your parameters are kept.</p>;
    }
    return null;
  }

  switch (definition.action) {
    case 'navigate':
      return definition.id === 'authorize' ? (
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            onClick={() => setProblem(launchAuthorization(run, 'same-tab'))}
            className="rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white"
          >
            Open the authorization request
          </button>
          <button
            type="button"
            onClick={() => setProblem(launchAuthorization(run, 'popup'))}
            className="rounded-md border border-indigo-600 px-4 py-2 font-semibold text-indigo-700 dark:text-indigo-300"
          >
            Open in a popup
          </button>
          {problem && (
            <p role="alert" className="text-sm text-red-800 dark:text-red-300">
              {problem}
            </p>
          )}
        </div>
      ) : (
        <button
          type="button"
          onClick={() => launchNavigation(step)}
          className="rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white"
        >
          Go to the provider
        </button>
      );
    case 'user':
      if (definition.id === 'enter-user-code') return <DevicePanel run={run} step={step} />;
      return (
        <div className="space-y-3">
          <p role="status">
            Waiting for you to sign in at the provider (in the popup, or in this tab after the redirect)…
          </p>
          {run.provider.kind === 'local' && (
            <p className="text-sm text-slate-700 dark:text-slate-300">
              Demo users of the local IdP:{' '}
              {LOCAL_USERS.map((user) => (
                <span key={user.username} className="mr-3 font-mono">
                  {user.username} / {user.password}
                </span>
              ))}
            </p>
          )}
          <form
            className="space-y-1"
            onSubmit={(event) => {
              event.preventDefault();
              if (!pasted.trim()) return;
              try {
                handleCallbackUrl(pasted.trim());
              } catch (error) {
                setProblem(error instanceof Error ? error.message : String(error));
              }
            }}
          >
            <label className="block text-sm">
              <span className="font-medium">Or paste the URL the provider redirected to</span> (when the
              redirect URI is not this app)
              <input
                className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
                value={pasted}
                onChange={(event) => setPasted(event.target.value)}
              />
            </label>
            <button
              type="submit"
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
            >
              Read this callback
            </button>
            {problem && (
              <p role="alert" className="text-sm text-red-800 dark:text-red-300">
                {problem}
              </p>
            )}
          </form>
        </div>
      );
    case 'send':
    case 'poll':
      return <RequestEditor run={run} step={step} />;
    case 'local':
      return definition.id === 'validate-id-token' ? (
        <LocalCheck run={run} step={step} />
      ) : (
        <BackChannelLocalStep run={run} step={step} />
      );
    case 'callback':
      return <p className="text-sm">Waiting for the provider to redirect back to the app.</p>;
  }
}

/** Runs a browser-side check (the ID token validation) as soon as it becomes current. */
function LocalCheck({ run, step }: { run: FlowRun; step: RunStep }) {
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void checkRunIdToken(run).then((result) => completeLocalStep(step, result.outcome));
  }, [run, step]);
  return <p role="status">Validating the ID token…</p>;
}
