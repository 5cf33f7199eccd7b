import { useCallback, useEffect, useState, type RefObject } from 'react';
import type { FlowDefinition } from '@/protocol/flows/types';
import { findMissingFields, type MissingField, type RequiredFieldsInput } from '@/protocol/required-fields';
import type { FlowDraft } from './draft';

/** Opens every folded group (`<details>`) around the first field marked missing, then focuses it. */
export function focusFirstMissing(container: HTMLElement | null): HTMLElement | undefined {
  const field = container?.querySelector<HTMLElement>('[data-missing-field]');
  if (!field) return undefined;
  for (let group = field.closest('details'); group; group = group.parentElement?.closest('details') ?? null) {
    group.open = true;
  }
  field.focus();
  return field;
}

export interface RequiredCheck {
  /** The message for a field, once the person has tried to start with it empty; gone as soon as it is filled. */
  errorFor: (field: string) => string | undefined;
  /** The missing fields the page reports (empty until a start was attempted). */
  shown: MissingField[];
  /** True when nothing required is missing; otherwise marks the fields and focuses the first. */
  check: () => boolean;
}

/** What the required-value check reads from a flow's setup form. */
export function requiredFieldsInput(
  flow: Pick<FlowDefinition, 'id' | 'channel'>,
  providerKind: string,
  draft: Pick<FlowDraft, 'clientId' | 'authMethod' | 'authorizeParams' | 'tokenParams'>,
  secrets: RequiredFieldsInput['secrets'],
): RequiredFieldsInput {
  return {
    flowId: flow.id,
    channel: flow.channel,
    providerKind,
    clientId: draft.clientId,
    authMethod: draft.authMethod,
    authorizeParams: draft.authorizeParams,
    tokenParams: draft.tokenParams,
    secrets,
  };
}

/** Nothing marked missing: one array, so that a memoised field given it does not render again. */
export const NO_MISSING_FIELDS: MissingField[] = [];

/** Two lists of missing fields that read the same. */
export function sameMissingFields(a: MissingField[], b: MissingField[]): boolean {
  return (
    a.length === b.length &&
    a.every((item, index) => item.field === b[index]?.field && item.message === b[index].message)
  );
}

/** The required-value check of a setup form: one list, told at each field and in the form's summary. */
export function useRequiredCheck(
  input: RequiredFieldsInput,
  formRef: RefObject<HTMLFormElement | null>,
): RequiredCheck {
  const [attempted, setAttempted] = useState(false);
  const missing = findMissingFields(input);
  return useMissingFieldsCheck(
    attempted ? missing : NO_MISSING_FIELDS,
    () => missing,
    () => {
      setAttempted(true);
    },
    formRef,
  );
}

/**
 * The check for a form that does not hold its values while rendering: `shown` is what it marks
 * (empty until a start was attempted), `readMissing` what is missing when the person starts, and
 * `markAttempted` tells the form to show the list from now on.
 */
export function useMissingFieldsCheck(
  shown: MissingField[],
  readMissing: () => MissingField[],
  markAttempted: () => void,
  formRef: RefObject<HTMLFormElement | null>,
): RequiredCheck {
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    if (focusRequest > 0) focusFirstMissing(formRef.current);
  }, [focusRequest, formRef]);
  const errorFor = useCallback(
    (field: string) => shown.find((item) => item.field === field)?.message,
    [shown],
  );
  return {
    errorFor,
    shown,
    check: () => {
      if (readMissing().length === 0) return true;
      markAttempted();
      setFocusRequest((count) => count + 1);
      return false;
    },
  };
}
