import { memo, useState } from 'react';
import { saveSetup, type SetupContent } from '@/state/setups';

/**
 * "Save as setup" for a flow page: names the current provider, client and parameters, never a secret.
 * `readContent` is asked when the setup is saved, so the form does not render with each keystroke.
 */
export const SaveSetupForm = memo(function SaveSetupForm({
  readContent,
  defaultName,
}: {
  readContent: () => Omit<SetupContent, 'name'>;
  defaultName: string;
}) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(defaultName);
  const [saved, setSaved] = useState<string>();
  return (
    <div className="space-y-2">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        className="rounded-md border border-slate-400 px-3 py-1.5 text-sm font-medium dark:border-slate-500"
      >
        Save as setup
      </button>
      {open && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            setSaved(saveSetup({ ...readContent(), name }).name);
            setOpen(false);
          }}
        >
          <label className="text-sm">
            <span className="block font-medium">Setup name</span>
            <input
              value={name}
              onChange={(event) => setName(event.target.value)}
              required
              maxLength={100}
              className="mt-1 rounded-md border border-slate-400 bg-white px-2 py-1 dark:border-slate-500 dark:bg-slate-950"
            />
          </label>
          <button
            type="submit"
            className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-semibold text-white dark:bg-indigo-300 dark:text-slate-950"
          >
            Save setup
          </button>
          <p className="w-full text-xs text-slate-700 dark:text-slate-300">
            Saved: provider, client id, authentication method and parameters. Not saved: secrets, passwords,
            keys and assertions (you type them again after switching), nor per-run values such as state, nonce
            and the PKCE verifier.
          </p>
        </form>
      )}
      {saved && (
        <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
          Saved as &quot;{saved}&quot;. Find it under Setups.
        </p>
      )}
    </div>
  );
});
