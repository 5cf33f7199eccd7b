import { createContext, useContext } from 'react';
import { definitionOf, isBusy } from '@/protocol/flows/engine';
import { findCurrentStep } from '@/protocol/flows/run';
import type { FlowRun } from '@/protocol/flows/types';

/** The id of the one primary action on a flow page; the skip link and the focus moves aim at it. */

/**
 * The one thing a person can do next in a run, as the run's state says it:
 * - `send`: the current step's request waits to be sent (the step panel's form is submitted);
 * - `redirect`: leave for the provider (the authorization request);
 * - `continue`: the provider's page is open (popup or this tab): go on there;
 * - `poll`: the device flow waits between polls: poll now instead of waiting;
 * - `busy`: a request or check is under way: nothing to press;
 * - `look`: the current step failed or needs a choice: the step panel says what can be done;
 * - `tokens`: the flow is over: read the tokens.
 */
export type NextAction =
  | { kind: 'send'; stepKey: string; title: string }
  | { kind: 'redirect'; stepKey: string; title: string; label: string }
  | { kind: 'continue'; stepKey: string; title: string; url?: string }
  | { kind: 'poll'; stepKey: string; title: string }
  | { kind: 'busy'; stepKey: string; title: string; status: string }
  | { kind: 'look'; stepKey: string; title: string }
  | { kind: 'tokens'; hasTokens: boolean };

/** What the next action is for a run (see `NextAction`). */
export function describeNextAction(run: FlowRun): NextAction {
  const current = findCurrentStep(run);
  if (!current) {
    const hasTokens = Boolean(run.values.access_token ?? run.values.id_token ?? run.values.refresh_token);
    return { kind: 'tokens', hasTokens };
  }
  const definition = definitionOf(run, current);
  const base = { stepKey: current.key, title: definition.title };
  if (current.record.status === 'failed') return { kind: 'look', ...base };
  const effect = run.effect;
  if (run.polling?.running) {
    if (effect?.type === 'wait') return { kind: 'poll', ...base };
    return { kind: 'busy', ...base, status: 'Polling the token endpoint…' };
  }
  if (isBusy(run)) {
    return {
      kind: 'busy',
      ...base,
      status: effect?.type === 'check' ? 'Checking…' : 'Sending…',
    };
  }
  switch (definition.interaction.kind) {
    case 'request':
      return { kind: 'send', ...base };
    case 'redirect':
      return { kind: 'redirect', ...base, label: definition.interaction.label };
    case 'sign-in':
    case 'await-callback':
      return {
        kind: 'continue',
        ...base,
        ...(effect?.type === 'redirect' || effect?.type === 'popup' ? { url: effect.url } : {}),
      };
    case 'other-device':
      return { kind: 'busy', ...base, status: 'Waiting for the sign-in on the other device…' };
    case 'automatic':
      return { kind: 'busy', ...base, status: definition.interaction.status };
    case 'credentials':
      return { kind: 'look', ...base };
  }
}

/** The id of the form of a step's request, so that the next-action bar can submit it. */
export function requestFormId(stepKey: string): string {
  return `request-form-${stepKey.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * Whether a next-action bar on the page carries the primary button: interactions then leave theirs
 * out, so that each action exists once.
 */
export const NextActionHostContext = createContext(false);

export function useNextActionHosted(): boolean {
  return useContext(NextActionHostContext);
}
