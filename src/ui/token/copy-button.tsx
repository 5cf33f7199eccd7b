import { useState } from 'react';
import { copyText, describeCopyFailure } from '../clipboard';

export interface CopyButtonProps {
  text: string;
  /** Accessible name, for example "Copy payload JSON". */
  label: string;
}

/** Copies text to the clipboard and says whether it worked. */
export function CopyButton({ text, label }: CopyButtonProps) {
  const [state, setState] = useState<{ kind: 'idle' | 'copied' } | { kind: 'failed'; why: string }>({
    kind: 'idle',
  });
  const copy = () => {
    void copyText(text).then((result) =>
      setState(result.ok ? { kind: 'copied' } : { kind: 'failed', why: describeCopyFailure(result) }),
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
