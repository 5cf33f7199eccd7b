import { useEffect, useState, type RefObject } from 'react';
import { findMissingFields, type MissingField, type RequiredFieldsInput } from '@/protocol/required-fields';

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

/** The required-value check of a setup form: one list, told at each field and in the form's summary. */
export function useRequiredCheck(
  input: RequiredFieldsInput,
  formRef: RefObject<HTMLFormElement | null>,
): RequiredCheck {
  const [attempted, setAttempted] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const missing = findMissingFields(input);
  useEffect(() => {
    if (focusRequest > 0) focusFirstMissing(formRef.current);
  }, [focusRequest, formRef]);
  const shown = attempted ? missing : [];
  return {
    errorFor: (field) => shown.find((item) => item.field === field)?.message,
    shown,
    check: () => {
      if (missing.length === 0) return true;
      setAttempted(true);
      setFocusRequest((count) => count + 1);
      return false;
    },
  };
}
