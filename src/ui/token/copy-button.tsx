import { useState } from 'react';
import { copyText, describeCopyFailure } from '../clipboard';

export interface CopyButtonProps {
  /**
   * What to copy, or a function that makes it when the button is pressed: a large text that the
   * page does not show (a token's whole decoded JSON) is then not built on every render.
   */
  text: string | (() => string);
  /** Accessible name, for example "Copy payload JSON". */
  label: string;
}

/** The last copy and what it copied. */
type CopyState =
  | { kind: 'idle' }
  | { kind: 'copied'; of: CopyButtonProps['text'] }
  | { kind: 'failed'; of: CopyButtonProps['text']; why: string };

/**
 * Copies text to the clipboard and says whether it worked. The answer belongs to the text that was
 * copied: when the button is given another text (the view shows another token in place), it offers
 * to copy again instead of saying "Copied".
 */
export function CopyButton({ text, label }: CopyButtonProps) {
  const [last, setLast] = useState<CopyState>({ kind: 'idle' });
  const state = last.kind !== 'idle' && last.of !== text ? { kind: 'idle' as const } : last;
  const copy = () => {
    void copyText(typeof text === 'function' ? text() : text).then((result) =>
      setLast(
        result.ok
          ? { kind: 'copied', of: text }
          : { kind: 'failed', of: text, why: describeCopyFailure(result) },
      ),
    );
  };
  return (
    <button
      type="button"
      onClick={copy}
      aria-label={label}
      title={state.kind === 'failed' ? state.why : undefined}
      className="rounded border border-slate-300 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800"
    >
      {state.kind === 'copied' ? 'Copied' : state.kind === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
