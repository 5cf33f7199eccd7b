import type { FlowDefinition, FlowRun } from '@/protocol/flows/types';
import type { DraftPatch, FlowDraft } from './draft';

/** Whether a flow gets tokens from a request that can carry a DPoP proof. */
export function flowSupportsDpop(flow: FlowDefinition): boolean {
  return flow.steps.some((step) => step.dpop === 'token');
}

/** What a new run records about DPoP: the key's thumbprint (the key itself stays in memory). */
export function dpopForRun(draft: FlowDraft, keyJkt: string | undefined): { dpop?: FlowRun['dpop'] } {
  if (draft.dpop !== true) return {};
  return { dpop: { jkt: keyJkt ?? draft.authorizeParams.dpop_jkt ?? '', nonces: {} } };
}

/** The draft with DPoP on (and `dpop_jkt` for a flow with an authorization request) or off. */
export function patchDpopDraft(on: boolean, jkt: string | undefined, front: boolean): DraftPatch {
  return (current) => {
    const rest = Object.fromEntries(
      Object.entries(current.authorizeParams).filter(([name]) => name !== 'dpop_jkt'),
    );
    return {
      dpop: on,
      ...(front ? { authorizeParams: on && jkt ? { ...rest, dpop_jkt: jkt } : rest } : {}),
    };
  };
}
