import { useId, useState } from 'react';
import type { Exchange } from '@/protocol/http';
import { isInteractiveExchange, toBashScript, toHttpFile, toPowerShellScript } from '@/transport/export';
import { redactUrl } from '@/transport/redact';
import { downloadFile } from '@/ui/download-file';
import { ExchangeView } from '@/ui/exchange-view';

export interface RequestLogProps {
  exchanges: readonly Exchange[];
  onClear?: () => void;
  /** The exchange to open and highlight, e.g. the one behind the arrow clicked in the diagram. */
  selectedId?: string;
  /** Base name of downloaded files, without extension. */
  fileName?: string;
}

function describeTarget(url: string): string {
  try {
    const parsed = new URL(redactUrl(url));
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return redactUrl(url);
  }
}

function describeStatus(exchange: Exchange): string {
  if (exchange.response) return String(exchange.response.status);
  if (exchange.failure) return `failed (${exchange.failure.code})`;
  return isInteractiveExchange(exchange) ? 'browser' : 'no response';
}

/**
 * Every exchange of the session in order, each expandable to its full request and response, with
 * downloads of the whole log as an `.http` file or a script (redacted unless the user opts out).
 */
export function RequestLog({
  exchanges,
  onClear,
  selectedId,
  fileName = 'token-playground-session',
}: RequestLogProps) {
  const baseId = useId();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(
    () => new Set(selectedId ? [selectedId] : []),
  );
  const [lastSelected, setLastSelected] = useState(selectedId);
  const [includeSecrets, setIncludeSecrets] = useState(false);

  // A newly selected exchange opens, while the user can still close it afterwards.
  if (selectedId !== lastSelected) {
    setLastSelected(selectedId);
    if (selectedId !== undefined && !expanded.has(selectedId))
      setExpanded(new Set([...expanded, selectedId]));
  }

  function toggle(id: string) {
    const next = new Set(expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  }

  const options = { redact: !includeSecrets, exportedAt: new Date().toISOString() };
  const empty = exchanges.length === 0;

  return (
    <section className="flex flex-col gap-3" aria-labelledby={`${baseId}-heading`}>
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`${baseId}-heading`} className="mr-auto text-lg font-semibold">
          Request log
        </h2>
        <label className="flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            checked={includeSecrets}
            onChange={(event) => setIncludeSecrets(event.target.checked)}
          />
          Include secrets and tokens in downloads
        </label>
        <button
          type="button"
          disabled={empty}
          className="rounded border border-slate-400 px-2 py-0.5 text-sm disabled:opacity-50"
          onClick={() => downloadFile(toHttpFile(exchanges, options), `${fileName}.http`, 'text/plain')}
        >
          Download .http
        </button>
        <button
          type="button"
          disabled={empty}
          className="rounded border border-slate-400 px-2 py-0.5 text-sm disabled:opacity-50"
          onClick={() =>
            downloadFile(toBashScript(exchanges, options), `${fileName}.sh`, 'text/x-shellscript')
          }
        >
          Download bash script
        </button>
        <button
          type="button"
          disabled={empty}
          className="rounded border border-slate-400 px-2 py-0.5 text-sm disabled:opacity-50"
          onClick={() =>
            downloadFile(toPowerShellScript(exchanges, options), `${fileName}.ps1`, 'text/plain')
          }
        >
          Download PowerShell script
        </button>
        {onClear && (
          <button
            type="button"
            disabled={empty}
            className="rounded border border-slate-400 px-2 py-0.5 text-sm disabled:opacity-50"
            onClick={onClear}
          >
            Clear log
          </button>
        )}
      </div>
      {includeSecrets && (
        <p role="note" className="text-sm text-amber-800 dark:text-amber-300">
          Downloads will contain the secrets and tokens as sent: keep those files private.
        </p>
      )}
      {empty ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No requests yet. Every HTTP request the playground sends (discovery, token, userinfo, API calls)
          will appear here in order, with its response, timing and whether it went direct or through the local
          relay.
        </p>
      ) : (
        <ol className="flex flex-col gap-2">
          {exchanges.map((exchange, index) => {
            const open = expanded.has(exchange.id);
            const panelId = `${baseId}-panel-${index}`;
            return (
              <li
                key={exchange.id}
                className={`rounded border ${exchange.id === selectedId ? 'border-blue-600 dark:border-sky-400' : 'border-slate-300 dark:border-slate-700'}`}
                aria-current={exchange.id === selectedId ? 'true' : undefined}
              >
                <button
                  type="button"
                  aria-expanded={open}
                  aria-controls={panelId}
                  onClick={() => toggle(exchange.id)}
                  className="flex w-full flex-wrap items-center gap-3 px-2 py-1 text-left text-sm focus-visible:outline-2 focus-visible:outline-blue-600"
                >
                  <span aria-hidden="true">{open ? '▾' : '▸'}</span>
                  <span className="font-medium">{exchange.label}</span>
                  <span className="font-mono">{exchange.request.method}</span>
                  <span className="font-mono break-all">{describeTarget(exchange.request.url)}</span>
                  <span>{describeStatus(exchange)}</span>
                  <span>{`${Math.round(exchange.durationMs)} ms`}</span>
                  <span>{exchange.via === 'relay' ? 'via relay' : 'direct'}</span>
                </button>
                {open && (
                  <div id={panelId} className="border-t border-slate-300 p-2 dark:border-slate-700">
                    <ExchangeView exchange={exchange} />
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
