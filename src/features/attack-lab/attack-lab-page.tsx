import { useState } from 'react';
import { SequenceDiagram, type SequenceMessage } from '@/ui/sequence-diagram';
import { usePresenter } from '@/ui/presenter/use-presenter';
import { EXPERIMENTS, type Experiment } from './experiments';
import { runExperiment, type LabResult, type LabStep } from './run-experiment';

type RunState =
  { status: 'running' } | { status: 'done'; result: LabResult } | { status: 'error'; message: string };

function toMessages(steps: readonly LabStep[], failedOutcome: boolean): SequenceMessage[] {
  return steps.map((step, index) => {
    const failedStatus = step.response !== undefined && step.response.status >= 400;
    const refused = step.outcome === 'refused';
    return {
      id: `s${index}`,
      from: step.from,
      to: step.to,
      label: step.response ? `${step.label} → ${step.response.status}` : step.label,
      status: refused || (failedStatus && failedOutcome) ? 'failed' : 'done',
      kind: step.response?.location !== undefined ? 'redirect' : step.request ? 'request' : 'note',
      ...(step.via === undefined ? {} : { via: step.via }),
    };
  });
}

function Outcome({ result, experiment }: { result: LabResult; experiment: Experiment }) {
  const presenter = usePresenter();
  const succeeded = result.outcome === 'attack-succeeded';
  const expected = (result.defence === 'off') === succeeded;
  return (
    <section
      aria-label={`Result with the defence ${result.defence}`}
      className="min-w-0 space-y-3 rounded-lg border border-slate-200 p-3 dark:border-slate-700"
    >
      <p
        role="status"
        className={`rounded px-2 py-1 font-semibold ${
          succeeded
            ? 'bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100'
            : 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100'
        }`}
      >
        Defence {result.defence}: {succeeded ? 'the attack succeeded' : 'the attack was refused'}.{' '}
        <span className="font-normal">{presenter.text(result.headline)}</span>
      </p>
      {!expected && (
        <p role="alert" className="text-sm text-amber-900 dark:text-amber-200">
          This is not the expected outcome for this experiment: look at the steps below.
        </p>
      )}
      <SequenceDiagram
        participants={experiment.participants}
        messages={toMessages(result.steps, result.defence === 'on')}
        title={`${experiment.title}, defence ${result.defence}`}
      />
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">
          Every exchange of this run ({result.steps.length} steps)
        </summary>
        <ol className="mt-2 list-decimal space-y-1 pl-6">
          {result.steps.map((step, index) => (
            <li key={index} className="min-w-0">
              <span className="font-medium">{presenter.text(step.label)}</span>
              {step.request && (
                <span className="block font-mono text-xs break-all">
                  {step.request.method} {presenter.text(step.request.url)}
                  {step.request.body ? ` · ${presenter.text(step.request.body)}` : ''}
                </span>
              )}
              {step.response && (
                <span className="block font-mono text-xs break-all">
                  → {step.response.status}
                  {step.response.location ? ` Location: ${presenter.text(step.response.location)}` : ''}
                  {step.response.body ? ` ${presenter.text(step.response.body)}` : ''}
                </span>
              )}
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}

function ExperimentCard({ experiment }: { experiment: Experiment }) {
  const [runs, setRuns] = useState<Partial<Record<'off' | 'on', RunState>>>({});
  const headingId = `lab-${experiment.id}`;
  const start = (defence: 'off' | 'on') => {
    setRuns((current) => ({ ...current, [defence]: { status: 'running' } }));
    runExperiment(experiment.id, defence).then(
      (result) => setRuns((current) => ({ ...current, [defence]: { status: 'done', result } })),
      (error: unknown) =>
        setRuns((current) => ({
          ...current,
          [defence]: { status: 'error', message: error instanceof Error ? error.message : String(error) },
        })),
    );
  };
  return (
    <section
      aria-labelledby={headingId}
      className="min-w-0 space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={headingId} className="text-xl font-semibold">
        {experiment.title}
      </h2>
      <p>
        <strong>Defence:</strong> {experiment.defence} ·{' '}
        <a href={experiment.spec.url} target="_blank" rel="noreferrer noopener" className="underline">
          {experiment.spec.name}
        </a>
      </p>
      <p>
        <strong>The attack:</strong> {experiment.attack}
      </p>
      <p>
        <strong>Why the defence works:</strong> {experiment.why}
      </p>
      <div className="flex flex-wrap gap-2">
        {(['off', 'on'] as const).map((defence) => (
          <button
            key={defence}
            type="button"
            disabled={runs[defence]?.status === 'running'}
            onClick={() => start(defence)}
            className={`rounded-md px-3 py-1.5 font-semibold text-white disabled:opacity-60 ${defence === 'off' ? 'bg-red-700' : 'bg-emerald-700'}`}
          >
            {runs[defence]?.status === 'running'
              ? `Running with the defence ${defence}…`
              : `Run with the defence ${defence}`}
          </button>
        ))}
      </div>
      <div className="grid min-w-0 gap-3 xl:grid-cols-2">
        {(['off', 'on'] as const).map((defence) => {
          const run = runs[defence];
          if (run?.status === 'error')
            return (
              <p key={defence} role="alert" className="text-red-800 dark:text-red-300">
                {run.message}
              </p>
            );
          if (run?.status === 'done')
            return <Outcome key={defence} result={run.result} experiment={experiment} />;
          return null;
        })}
      </div>
    </section>
  );
}

/** Guided attacks against the local lab issuers: each first succeeds with its defence off, then fails with it on. */
export function AttackLabPage() {
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Attack lab</h1>
        <p className="max-w-4xl text-slate-700 dark:text-slate-300">
          Why does OAuth need state, PKCE, iss, one-time codes, aud and nonce? Each experiment below is a real
          run against the lab&apos;s own issuers and APIs in the local companion (ports 4005–4009, only the
          lab&apos;s demo clients, separate from the demo IdP). The user&apos;s browser is scripted by the lab
          so that every step can be recorded: run it first with the defence off and watch the attack work,
          then with the defence on and watch it fail.
        </p>
      </header>
      {EXPERIMENTS.map((experiment) => (
        <ExperimentCard key={experiment.id} experiment={experiment} />
      ))}
    </div>
  );
}
