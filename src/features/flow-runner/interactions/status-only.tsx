import type { InteractionProps } from './types';

/** Nothing to do: the provider redirects back by itself. */
export function AwaitCallback() {
  return <p className="text-sm">Waiting for the provider to redirect back to the app.</p>;
}

/** A check the app runs by itself (the effect runner performs it); only its progress shows. */
export function AutomaticCheck({ definition }: InteractionProps) {
  if (definition.interaction.kind !== 'automatic') return null;
  return <p role="status">{definition.interaction.status}</p>;
}
