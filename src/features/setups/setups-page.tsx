import { useId, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { findFlow } from '@/protocol/flows/registry';
import { updateSettings } from '@/state/settings';
import {
  buildShareFragment,
  deleteSetup,
  duplicateSetup,
  importSetups,
  parseSetupFileText,
  readShareFragment,
  renameSetup,
  requestSetupActivation,
  saveSetup,
  toSetupFile,
  toShareJson,
  toSettingsPatch,
  useSetups,
  type Setup,
  type SetupContent,
} from '@/state/setups';
import { copyText } from '@/ui/clipboard';
import { downloadFile } from '@/ui/download-file';
import { usePresenter } from '@/ui/presenter/use-presenter';
import { SetupPreview } from './setup-preview';
import { ENTRA_TEMPLATES, buildLocalSetups } from './templates';

const button =
  'rounded-md border border-slate-400 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60 dark:border-slate-500 dark:text-slate-100 dark:hover:bg-slate-800';
const primaryButton =
  'rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-800 disabled:opacity-60 dark:bg-indigo-300 dark:text-slate-950 dark:hover:bg-indigo-200';

function downloadJson(content: unknown, fileName: string) {
  downloadFile(JSON.stringify(content, null, 2), fileName, 'application/json');
}

function toFileName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `token-playground-setup-${slug || 'setup'}.json`;
}

/** Applies a setup's provider, hands its parameters to the flow page, and opens the flow. */
function useActivate() {
  const navigate = useNavigate();
  return (setup: SetupContent) => {
    updateSettings(toSettingsPatch(setup.provider));
    requestSetupActivation(setup);
    void navigate(`/flows/${setup.flowId}`);
  };
}

export function SetupsPage() {
  const setups = useSetups();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const fileInput = useRef<HTMLInputElement>(null);
  const importId = useId();

  const importFile = async (file: File) => {
    const result = parseSetupFileText(await file.text());
    if (!result.ok) {
      setMessage({ kind: 'error', text: `${file.name}: ${result.message} Nothing was imported.` });
      return;
    }
    const added = importSetups(result.setups);
    setMessage({
      kind: 'ok',
      text: `Imported ${added.length} setup${added.length === 1 ? '' : 's'}: ${added.map((setup) => setup.name).join(', ')}.`,
    });
  };

  return (
    <div className="space-y-8">
      <section className="max-w-4xl space-y-2">
        <h1 className="text-2xl font-semibold">Setups</h1>
        <p className="text-slate-700 dark:text-slate-300">
          A setup is a named provider, client and set of flow parameters. Switch between them during a
          workshop, export them as a file, or hand one out as a link.
        </p>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Setups never contain a secret: client secrets, passwords, private keys and client assertions are
          asked for again after you switch. Setups live in this browser&apos;s local storage, which stays on
          disk and is readable by any script on this page, and they travel in files and links; a secret does
          not belong in any of those.
        </p>
      </section>

      <SharedSetup />

      <section aria-labelledby="saved-heading" className="space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="saved-heading" className="mr-auto text-lg font-semibold">
            Your setups ({setups.length})
          </h2>
          <button
            type="button"
            className={button}
            disabled={setups.length === 0}
            onClick={() => downloadJson(toSetupFile(setups), 'token-playground-setups.json')}
          >
            Export all
          </button>
          <label htmlFor={importId} className={`${button} cursor-pointer focus-within:outline-3`}>
            Import from a JSON file
          </label>
          <input
            id={importId}
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            className="sr-only"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void importFile(file);
              if (fileInput.current) fileInput.current.value = '';
            }}
          />
        </div>
        {message && (
          <p
            role={message.kind === 'error' ? 'alert' : 'status'}
            className={
              message.kind === 'error'
                ? 'rounded-md border border-red-700 bg-red-50 p-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100'
                : 'text-sm text-emerald-800 dark:text-emerald-300'
            }
          >
            {message.text}
          </p>
        )}
        {setups.length === 0 ? (
          <p className="text-sm text-slate-700 dark:text-slate-300">
            No saved setups yet. Use &quot;Save as setup&quot; on a flow page, or start from a ready-made
            setup below.
          </p>
        ) : (
          <ul className="space-y-3">
            {setups.map((setup) => (
              <SavedSetupItem key={setup.id} setup={setup} />
            ))}
          </ul>
        )}
      </section>

      <ReadyMade />
    </div>
  );
}

function SavedSetupItem({ setup }: { setup: Setup }) {
  const activate = useActivate();
  const [mode, setMode] = useState<'idle' | 'rename' | 'share' | 'delete'>('idle');
  const [name, setName] = useState(setup.name);
  const [problem, setProblem] = useState<string>();
  const flow = findFlow(setup.flowId);
  const headingId = useId();
  return (
    <li
      aria-labelledby={headingId}
      className="space-y-2 rounded-lg border border-slate-300 bg-white p-4 dark:border-slate-700 dark:bg-slate-900"
    >
      <h3 id={headingId} className="font-semibold break-words">
        {setup.name}
      </h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {flow?.title ?? setup.flowId} ·{' '}
        {setup.provider.kind === 'local'
          ? 'Local IdP'
          : setup.provider.kind === 'entra'
            ? `Entra ID (${setup.provider.entraTenant})`
            : setup.provider.customUrl}{' '}
        · client <span className="font-mono">{setup.clientId || '(none)'}</span>
      </p>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={primaryButton}
          disabled={!flow}
          onClick={() => activate(setup)}
          aria-label={`Switch to ${setup.name}`}
        >
          Switch to this setup
        </button>
        <button
          type="button"
          className={button}
          onClick={() => setMode(mode === 'rename' ? 'idle' : 'rename')}
        >
          Rename
        </button>
        <button type="button" className={button} onClick={() => duplicateSetup(setup.id)}>
          Duplicate
        </button>
        <button
          type="button"
          className={button}
          onClick={() => downloadJson(toSetupFile([setup]), toFileName(setup.name))}
        >
          Export
        </button>
        <button
          type="button"
          className={button}
          aria-expanded={mode === 'share'}
          onClick={() => setMode(mode === 'share' ? 'idle' : 'share')}
        >
          Share link
        </button>
        <button type="button" className={button} onClick={() => setMode('delete')}>
          Delete
        </button>
      </div>
      {!flow && (
        <p className="text-sm text-amber-900 dark:text-amber-200">
          This version of the playground does not run the flow &quot;{setup.flowId}&quot;.
        </p>
      )}
      {mode === 'rename' && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const result = renameSetup(setup.id, name);
            setProblem(result);
            if (!result) setMode('idle');
          }}
        >
          <label className="text-sm">
            <span className="block font-medium">New name</span>
            <input
              value={name}
              onChange={(event) => setName(event.target.value)}
              className="mt-1 rounded-md border border-slate-400 bg-white px-2 py-1 dark:border-slate-500 dark:bg-slate-950"
            />
          </label>
          <button type="submit" className={primaryButton}>
            Save name
          </button>
          {problem && (
            <p role="alert" className="w-full text-sm text-red-800 dark:text-red-300">
              {problem}
            </p>
          )}
        </form>
      )}
      {mode === 'delete' && (
        <div role="group" aria-label="Confirm deletion" className="flex flex-wrap items-center gap-2 text-sm">
          <span>Delete &quot;{setup.name}&quot; from this browser?</span>
          <button
            type="button"
            className={`${button} border-red-700 text-red-800 dark:text-red-300`}
            onClick={() => deleteSetup(setup.id)}
          >
            Yes, delete
          </button>
          <button type="button" className={button} onClick={() => setMode('idle')}>
            Keep it
          </button>
        </div>
      )}
      {mode === 'share' && <SharePanel setup={setup} />}
    </li>
  );
}

/** Shows exactly what the link carries before it is copied. */
function SharePanel({ setup }: { setup: SetupContent }) {
  const presenter = usePresenter();
  const link = `${window.location.origin}/setups${buildShareFragment(setup)}`;
  const json = JSON.stringify(JSON.parse(toShareJson(setup)), null, 2);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <div className="space-y-2 rounded-md border border-slate-300 p-3 dark:border-slate-600">
      <p className="text-sm">
        The link carries this setup in its fragment (after <span className="font-mono">#</span>), which
        browsers never send to a server. It contains exactly the JSON below, and no secret:
      </p>
      <pre
        aria-label="What the link contains"
        className="max-h-64 overflow-auto rounded bg-slate-100 p-2 font-mono text-xs whitespace-pre-wrap break-all dark:bg-slate-950"
      >
        {presenter.text(json)}
      </pre>
      <p className="font-mono text-xs break-all" aria-label="Share link">
        {link}
      </p>
      <button
        type="button"
        className={primaryButton}
        onClick={() => {
          void copyText(link).then((result) => setCopied(result.ok ? 'copied' : 'failed'));
        }}
      >
        {copied === 'copied'
          ? 'Link copied'
          : copied === 'failed'
            ? 'Copy failed: select the link above'
            : 'Copy link'}
      </button>
    </div>
  );
}

/** A setup that arrived in the URL fragment: shown as text, imported only when the user says so. */
function SharedSetup() {
  const location = useLocation();
  const navigate = useNavigate();
  const activate = useActivate();
  const shared = readShareFragment(location.hash);
  const [imported, setImported] = useState<string>();
  if (!shared && !imported) return null;
  const dismiss = () => void navigate({ pathname: '/setups', hash: '' }, { replace: true });
  return (
    <section
      aria-labelledby="shared-heading"
      className="max-w-4xl space-y-3 rounded-lg border-2 border-indigo-700 bg-white p-4 dark:border-indigo-400 dark:bg-slate-900"
    >
      <h2 id="shared-heading" className="text-lg font-semibold">
        A setup shared with you
      </h2>
      {imported && (
        <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
          Saved as &quot;{imported}&quot;.
        </p>
      )}
      {shared && !shared.ok && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          This link cannot be used: {shared.message}
        </p>
      )}
      {shared?.ok &&
        shared.setups.map((setup, index) => (
          <div key={index} className="space-y-3">
            <p className="text-sm">
              Check what it contains before you import it. It holds no secret; you will type those yourself.
            </p>
            <SetupPreview setup={setup} />
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                className={primaryButton}
                onClick={() => {
                  const [added] = importSetups([setup]);
                  setImported(added?.name);
                  dismiss();
                }}
              >
                Import this setup
              </button>
              <button
                type="button"
                className={button}
                disabled={!findFlow(setup.flowId)}
                onClick={() => activate(setup)}
              >
                Open without saving
              </button>
              <button type="button" className={button} onClick={dismiss}>
                Dismiss
              </button>
            </div>
          </div>
        ))}
      {shared && !shared.ok && (
        <button type="button" className={button} onClick={dismiss}>
          Dismiss
        </button>
      )}
    </section>
  );
}

function ReadyMade() {
  const activate = useActivate();
  const [saved, setSaved] = useState<string>();
  const local = buildLocalSetups();
  return (
    <section aria-labelledby="ready-heading" className="space-y-6">
      <h2 id="ready-heading" className="text-lg font-semibold">
        Ready-made setups
      </h2>
      {saved && (
        <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
          Saved as &quot;{saved}&quot;.
        </p>
      )}
      <div className="space-y-2">
        <h3 className="font-semibold">Local IdP (works offline)</h3>
        <ul className="grid gap-3 md:grid-cols-2">
          {local.map((setup) => (
            <li
              key={setup.flowId}
              className="space-y-2 rounded-lg border border-slate-300 bg-white p-3 dark:border-slate-700 dark:bg-slate-900"
            >
              <p className="font-medium">{setup.name}</p>
              <p className="text-sm text-slate-700 dark:text-slate-300">{setup.description}</p>
              <div className="flex flex-wrap gap-2">
                <button
                  type="button"
                  className={primaryButton}
                  aria-label={`Open ${setup.name}`}
                  onClick={() => activate(setup)}
                >
                  Open
                </button>
                <button
                  type="button"
                  className={button}
                  aria-label={`Save ${setup.name} to your setups`}
                  onClick={() => setSaved(saveSetup(setup).name)}
                >
                  Save to your setups
                </button>
              </div>
            </li>
          ))}
        </ul>
      </div>
      <div className="space-y-2">
        <h3 className="font-semibold">Microsoft Entra ID templates</h3>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Each template needs an app registration in your tenant (Azure portal → Microsoft Entra ID → App
          registrations). Fill in its Application (client) ID on the flow page, then save it as your own
          setup.
        </p>
        <ul className="space-y-3">
          {ENTRA_TEMPLATES.map((template) => {
            const available = Boolean(findFlow(template.setup.flowId));
            return (
              <li
                key={template.key}
                className="space-y-2 rounded-lg border border-slate-300 bg-white p-3 dark:border-slate-700 dark:bg-slate-900"
              >
                <h4 className="font-medium">{template.title}</h4>
                <p className="text-sm font-medium">What the app registration needs:</p>
                <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800 dark:text-slate-200">
                  {template.registration.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                <p className="text-sm">
                  Read:{' '}
                  <a
                    href={template.docs.url}
                    target="_blank"
                    rel="noreferrer noopener"
                    className="text-indigo-700 underline dark:text-indigo-300"
                  >
                    {template.docs.name}
                  </a>
                </p>
                {!available && (
                  <p className="text-sm text-amber-900 dark:text-amber-200">
                    This version of the playground does not run this flow yet; you can still save the
                    template.
                  </p>
                )}
                <div className="flex flex-wrap gap-2">
                  <button
                    type="button"
                    className={primaryButton}
                    disabled={!available}
                    aria-label={`Open ${template.setup.name}`}
                    onClick={() => activate(template.setup)}
                  >
                    Open
                  </button>
                  <button
                    type="button"
                    className={button}
                    aria-label={`Save ${template.setup.name} to your setups`}
                    onClick={() => setSaved(saveSetup(template.setup).name)}
                  >
                    Save to your setups
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
