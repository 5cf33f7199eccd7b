import { useId, useRef, useState } from 'react';

/**
 * "Reset" with a confirmation: the caller clears runs, tokens, secrets, drafts and the log. Saved
 * setups and settings are kept, and the dialog says so.
 */
export function ResetButton({ onReset }: { onReset: () => Promise<void> }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [done, setDone] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setDone(false);
          dialog.current?.showModal();
        }}
        className="rounded-md border border-slate-400 px-3 py-1.5 text-sm font-medium text-slate-800 dark:border-slate-500 dark:text-slate-100"
      >
        Reset
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={headingId}
        className="m-auto max-w-md rounded-lg border border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-950/60 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
      >
        <h2 id={headingId} className="text-lg font-semibold">
          Reset the playground?
        </h2>
        <p className="mt-2 text-sm">
          This clears the current run, its tokens, the secrets you typed, the parameters of every flow, the
          request log and this tab&apos;s session storage. Saved setups and settings are kept.
        </p>
        <form method="dialog" className="mt-4 flex justify-end gap-2">
          <button
            type="submit"
            autoFocus
            className="rounded-md border border-slate-400 px-3 py-1.5 text-sm dark:border-slate-500"
          >
            Cancel
          </button>
          <button
            type="button"
            onClick={() => {
              dialog.current?.close();
              // Said once it is true: the clearing code loads on first use.
              void onReset().then(() => setDone(true));
            }}
            className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-semibold text-white"
          >
            Clear everything
          </button>
        </form>
      </dialog>
      {done && (
        <p role="status" className="sr-only">
          The playground was reset.
        </p>
      )}
    </>
  );
}
