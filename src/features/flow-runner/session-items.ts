import type { FlowRun } from '@/protocol/flows/types';
import type { SessionItem } from '@/transport/export';
import { definitionOf } from '@/protocol/flows/engine';

/**
 * The run in the order things happened: its HTTP exchanges, with a note for each step a person did
 * in a browser (sign in, consent, enter a code), which a script cannot repeat.
 */
export function toSessionItems(run: FlowRun): SessionItem[] {
  const timed: { at: string; order: number; item: SessionItem }[] = run.exchanges.map((exchange, order) => ({
    at: exchange.startedAt,
    order,
    item: exchange,
  }));
  let lastAt = run.createdAt;
  for (const step of run.steps) {
    const definition = definitionOf(run, step);
    const ownExchanges = run.exchanges.filter((exchange) => step.record.exchangeIds.includes(exchange.id));
    const stepAt = step.record.finishedAt ?? ownExchanges.at(-1)?.startedAt ?? lastAt;
    lastAt = stepAt;
    if (definition.action === 'user' && ownExchanges.length === 0 && step.record.status === 'done') {
      timed.push({
        at: stepAt,
        order: -1,
        item: {
          kind: 'note',
          text: `${definition.title}: a person does this in a browser; do it there before the next request.`,
        },
      });
    }
  }
  return timed
    .sort((a, b) => (a.at === b.at ? a.order - b.order : a.at < b.at ? -1 : 1))
    .map((entry) => entry.item);
}
