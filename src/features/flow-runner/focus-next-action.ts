/** The id of the run page's primary action (Start, Send request…), the target of the skip link. */
export const NEXT_ACTION_ID = 'next-action';

/** Brings an element into view and gives it focus (it must be focusable, e.g. tabIndex -1). */
export function focusElement(id: string): void {
  const element = document.getElementById(id);
  if (!element) return;
  element.scrollIntoView({ block: 'start' });
  element.focus({ preventScroll: true });
}

/**
 * Moves the focus to the page's primary action; when it cannot take the focus now (a request is
 * under way), to the current step instead. Kept apart from the next-action logic so the layout can
 * offer the skip link without loading the flow engine on the start page.
 */
export function focusNextAction(): void {
  const action = document.getElementById(NEXT_ACTION_ID);
  if (action && !(action instanceof HTMLButtonElement && action.disabled)) {
    action.scrollIntoView({ block: 'nearest' });
    action.focus();
    return;
  }
  focusElement('step-detail-heading');
}
