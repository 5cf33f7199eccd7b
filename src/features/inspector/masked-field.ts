import type { ClipboardEvent } from 'react';
import type { Presenter } from '@/ui/presenter/use-presenter';

/**
 * A token text field in presenter mode: the text is shown masked and cannot be edited piece by
 * piece (the masked form is not the token); pasting replaces it whole. Unmasked text edits as usual.
 */
export function maskedFieldProps(presenter: Presenter, value: string, replace: (text: string) => void) {
  const shown = presenter.text(value);
  if (shown === value) return { value, masked: false };
  return {
    value: shown,
    masked: true,
    readOnly: true,
    onPaste: (event: ClipboardEvent<HTMLTextAreaElement>) => {
      event.preventDefault();
      replace(event.clipboardData.getData('text'));
    },
  };
}
