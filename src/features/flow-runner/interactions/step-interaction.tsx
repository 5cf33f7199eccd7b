import { INTERACTIONS } from './registry';
import type { InteractionProps } from './types';

/** Renders the interaction a step declares, through the registry. */
export function StepInteraction(props: InteractionProps) {
  const Interaction = INTERACTIONS[props.definition.interaction.kind];
  return <Interaction {...props} />;
}
