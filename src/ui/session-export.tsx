import { useId, useState } from 'react';
import { toBashScript, toHttpFile, toPowerShellScript, type SessionItem } from '@/transport/export';
import { downloadFile } from '@/ui/download-file';

/**
 * The whole run as a script that repeats it outside the browser: bash with curl, PowerShell with
 * Invoke-RestMethod, or an `.http` file. Redacted into named placeholders unless the user opts out
 * for this one export.
 */
export function SessionExport({
  items,
  fileName,
  title,
}: {
  items: readonly SessionItem[];
  fileName: string;
  title: string;
}) {
  const headingId = useId();
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const empty = !items.some((item) => !('kind' in item));
  const options = () => ({ redact: !includeSecrets, title, exportedAt: new Date().toISOString() });
  const buttonClass =
    'rounded-md border border-slate-400 px-3 py-1.5 text-sm font-medium disabled:opacity-60 dark:border-slate-500';
  return (
    <section
      aria-labelledby={headingId}
      className="space-y-2 rounded-lg border border-slate-300 p-4 dark:border-slate-700"
    >
      <h2 id={headingId} className="text-lg font-semibold">
        Export this run as a script
      </h2>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Repeat every request of this run outside the browser. Secrets and tokens become named placeholders
        (environment variables such as <span className="font-mono">CLIENT_SECRET</span>) unless you choose
        otherwise for this export; steps done in a browser (sign-in, consent) become comments that say what to
        do.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          disabled={empty}
          className={buttonClass}
          onClick={() => downloadFile(toBashScript(items, options()), `${fileName}.sh`, 'text/x-shellscript')}
        >
          Export as bash (curl)
        </button>
        <button
          type="button"
          disabled={empty}
          className={buttonClass}
          onClick={() => downloadFile(toPowerShellScript(items, options()), `${fileName}.ps1`, 'text/plain')}
        >
          Export as PowerShell (Invoke-RestMethod)
        </button>
        <button
          type="button"
          disabled={empty}
          className={buttonClass}
          onClick={() => downloadFile(toHttpFile(items, options()), `${fileName}.http`, 'text/plain')}
        >
          Export as .http file
        </button>
        <label className="flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            checked={includeSecrets}
            onChange={(event) => setIncludeSecrets(event.target.checked)}
          />
          Include secrets and tokens in this export
        </label>
      </div>
      {includeSecrets && (
        <p role="note" className="text-sm font-medium text-amber-900 dark:text-amber-200">
          This export will contain the secrets and tokens as they were sent: keep the file private.
        </p>
      )}
    </section>
  );
}
