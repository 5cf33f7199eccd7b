import { useId, useRef, useState } from 'react';

export interface ResetButtonProps {
  /** Something the reset would lose (a run, tokens, typed secrets, edited parameters, the log): ask first. */
  wouldLoseWork: boolean;
  /** Clears the session; with `signOut` it then ends the session at the identity provider. */
  onReset: (options: { signOut: boolean }) => void;
  /** The provider whose session "sign out" ends, named in the dialog. */
  providerName: string;
}

/**
 * "Reset" in one click: the caller clears runs, tokens, secrets, drafts and the log, and the page
 * stays where it is. A confirmation appears only when something would be lost; it also offers to
 * end the session at the provider, so that the next demo shows the sign-in page again.
 */
export function ResetButton({ wouldLoseWork, onReset, providerName }: ResetButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [done, setDone] = useState(false);
  const reset = (signOut: boolean) => {
    onReset({ signOut });
    setDone(true);
    dialog.current?.close();
  };
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setDone(false);
          if (wouldLoseWork) dialog.current?.showModal();
          else reset(false);
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
          request log and this tab&apos;s session storage; you stay on this page with fresh state, nonce and
          PKCE values. Saved setups and settings are kept.
        </p>
        <p className="mt-2 text-sm">
          &quot;Clear and sign out&quot; also ends your session at {providerName} (RP-initiated logout), so
          the next run shows the sign-in page again.
        </p>
        <form method="dialog" className="mt-4 flex flex-wrap justify-end gap-2">
          <button
            type="submit"
            autoFocus
            className="rounded-md border border-slate-400 px-3 py-1.5 text-sm dark:border-slate-500"
          >
            Cancel
          </button>
          <button
            type="button"
            onClick={() => reset(true)}
            className="rounded-md border border-red-700 px-3 py-1.5 text-sm font-semibold text-red-800 dark:border-red-400 dark:text-red-200"
          >
            Clear and sign out
          </button>
          <button
            type="button"
            onClick={() => reset(false)}
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
