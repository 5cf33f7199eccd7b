import type { KeyboardEvent } from 'react';
import type { FlowDefinition, FlowRun } from '@/protocol/flows/types';
import type { SequenceMessage } from '@/ui/sequence-diagram';
import { SequenceDiagram } from '@/ui/sequence-diagram';
import { usePresenter } from '@/ui/presenter/use-presenter';
import { definitionOf } from '@/protocol/flows/engine';

const NEXT_KEYS = new Set(['j', 'ArrowRight', 'ArrowDown']);
const PREVIOUS_KEYS = new Set(['k', 'ArrowLeft', 'ArrowUp']);

/**
 * Presenter mode's view of a run: the diagram large, the selected step's explanation beside it,
 * and the next or previous step by keyboard while the stage has focus.
 */
export function PresenterStage({
  run,
  flow,
  messages,
  selectedKey,
  onSelect,
}: {
  run: FlowRun;
  flow: FlowDefinition;
  messages: readonly SequenceMessage[];
  selectedKey: string | undefined;
  onSelect: (key: string) => void;
}) {
  const index = Math.max(
    0,
    run.steps.findIndex((step) => step.key === selectedKey),
  );
  const step = run.steps[index];
  const presenter = usePresenter();
  const definition = step ? definitionOf(run, step) : undefined;
  const move = (delta: number) => {
    const target = run.steps[Math.min(run.steps.length - 1, Math.max(0, index + delta))];
    if (target) onSelect(target.key);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    if (NEXT_KEYS.has(event.key)) {
      event.preventDefault();
      move(1);
    } else if (PREVIOUS_KEYS.has(event.key)) {
      event.preventDefault();
      move(-1);
    }
  };
  return (
    <section
      aria-labelledby="diagram-heading"
      aria-describedby="presenter-keys"
      tabIndex={0}
      onKeyDown={onKeyDown}
      className="space-y-3 rounded-lg p-1"
    >
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="diagram-heading" className="text-2xl font-semibold">
          Sequence
        </h2>
        <p id="presenter-keys" className="text-base">
          Keys (when this area has focus): <kbd className="font-mono">j</kbd> or{' '}
          <kbd className="font-mono">→</kbd> next step, <kbd className="font-mono">k</kbd> or{' '}
          <kbd className="font-mono">←</kbd> previous step.
        </p>
      </div>
      {/* The diagram takes the whole width; the current step is told under it in large type. */}
      <div className="grid gap-6" data-presenter-stage="">
        <SequenceDiagram
          participants={flow.participants}
          messages={messages}
          size="large"
          {...(step ? { selectedId: step.key } : {})}
          onSelect={(id) => onSelect(id.replace(/:response$/, ''))}
          title={`${flow.title}: sequence diagram`}
        />
        {definition && step && (
          <div
            role="group"
            aria-label="Current step"
            aria-live="polite"
            className="max-w-6xl space-y-3 text-2xl leading-snug"
          >
            <p className="text-base font-medium">
              Step {index + 1} of {run.steps.length} · {step.record.status}
            </p>
            <h3 className="text-3xl font-semibold">{definition.title}</h3>
            <p>{definition.explanation}</p>
            {definition.spec && (
              <p className="text-base">
                <a href={definition.spec.url} target="_blank" rel="noreferrer noopener" className="underline">
                  {definition.spec.name}
                </a>
              </p>
            )}
            {step.record.message && (
              <p className="text-2xl font-medium">{presenter.text(step.record.message)}</p>
            )}
            <div className="flex gap-2 text-base">
              <button
                type="button"
                onClick={() => move(-1)}
                disabled={index === 0}
                className="rounded-md border-2 border-slate-700 px-4 py-2 font-semibold disabled:opacity-60 dark:border-slate-300"
              >
                Previous step
              </button>
              <button
                type="button"
                onClick={() => move(1)}
                disabled={index >= run.steps.length - 1}
                className="rounded-md border-2 border-slate-700 px-4 py-2 font-semibold disabled:opacity-60 dark:border-slate-300"
              >
                Next step
              </button>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
