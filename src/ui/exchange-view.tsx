import { useId, useState } from 'react';
import type { Exchange, HttpRequest } from '@/protocol/http';
import { toCurl, toFetch, toPowerShell } from '@/transport/export';
import { redactExchange } from '@/transport/redact';
import { copyText, describeCopyFailure } from './clipboard';
import { describeExchangeRoute } from '@/ui/exchange-route';
import { usePresenter } from '@/ui/presenter/use-presenter';

export interface ExchangeViewProps {
  exchange: Exchange;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const ROUTE_TONE = {
  direct: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  relay: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  blocked: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100',
} as const;

type CopyFormat = 'curl' | 'PowerShell' | 'fetch';

const EXPORTERS: Record<CopyFormat, (request: HttpRequest, options: { redact: boolean }) => string> = {
  curl: toCurl,
  PowerShell: toPowerShell,
  fetch: toFetch,
};

function findHeader(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function parseForm(body: string): [string, string][] | undefined {
  try {
    return body
      .split('&')
      .filter((pair) => pair !== '')
      .map((pair) => {
        const equals = pair.indexOf('=');
        const name = equals === -1 ? pair : pair.slice(0, equals);
        const value = equals === -1 ? '' : pair.slice(equals + 1);
        return [decodeURIComponent(name.replace(/\+/g, ' ')), decodeURIComponent(value.replace(/\+/g, ' '))];
      });
  } catch {
    return undefined;
  }
}

function prettyJson(body: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return undefined;
  }
}

function NameValueTable({ caption, rows }: { caption: string; rows: readonly [string, string][] }) {
  const presenter = usePresenter();
  if (rows.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">{caption}: none</p>;
  return (
    <table className="w-full border-collapse text-left font-mono text-sm">
      <caption className="text-left font-sans text-sm font-semibold">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, value], index) => (
          <tr key={`${name}-${index}`} className="border-t border-slate-200 align-top dark:border-slate-700">
            <th scope="row" className="py-1 pr-3 font-medium whitespace-nowrap">
              {name}
            </th>
            <td className="py-1 break-all whitespace-pre-wrap">{presenter.text(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Body({
  label,
  body,
  contentType,
}: {
  label: string;
  body: string;
  contentType: string | undefined;
}) {
  const presenter = usePresenter();
  if (body === '') return <p className="text-sm text-slate-600 dark:text-slate-400">{label}: empty</p>;
  if (contentType && /application\/x-www-form-urlencoded/i.test(contentType)) {
    const fields = parseForm(body);
    if (fields) return <NameValueTable caption={`${label} (form parameters)`} rows={fields} />;
  }
  const json = /json/i.test(contentType ?? '') || /^\s*[{[]/.test(body) ? prettyJson(body) : undefined;
  return (
    <div>
      <h4 className="text-sm font-semibold">{json === undefined ? label : `${label} (JSON)`}</h4>
      <pre className="max-h-96 overflow-auto rounded bg-slate-100 p-2 text-sm break-all whitespace-pre-wrap dark:bg-slate-900">
        {presenter.text(json ?? body)}
      </pre>
    </div>
  );
}

function queryRows(url: string): [string, string][] {
  try {
    return [...new URL(url).searchParams.entries()];
  } catch {
    return [];
  }
}

type CopyState = { kind: 'copied'; format: CopyFormat } | { kind: 'error'; message: string } | undefined;

/**
 * One HTTP exchange exactly as it went over the wire: request, response, timing and route.
 * Secrets and tokens are redacted until the user asks to see them, in this view only.
 */
export function ExchangeView({ exchange }: ExchangeViewProps) {
  const [showSecrets, setShowSecrets] = useState(false);
  const [copyState, setCopyState] = useState<CopyState>(undefined);
  const toggleId = useId();
  const presenter = usePresenter();
  // Presenter mode keeps secrets and tokens redacted on screen whatever the toggle says.
  const shown = showSecrets && !presenter.on ? exchange : redactExchange(exchange);
  const { request, response, failure } = shown;
  const via = describeExchangeRoute(exchange);

  async function copy(format: CopyFormat) {
    const text = EXPORTERS[format](exchange.request, { redact: !showSecrets });
    // The Clipboard API is missing on insecure origins and in some embedded browsers.
    const result = await copyText(text);
    setCopyState(
      result.ok ? { kind: 'copied', format } : { kind: 'error', message: describeCopyFailure(result) },
    );
  }

  return (
    <section className="flex flex-col gap-3" aria-label={`Exchange: ${exchange.label}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="rounded bg-slate-800 px-2 py-0.5 font-mono text-sm text-white dark:bg-slate-200 dark:text-slate-900">
          {request.method}
        </span>
        <code className="font-mono text-sm break-all">{presenter.text(request.url)}</code>
      </div>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className={`rounded-full px-2 py-0.5 font-medium ${ROUTE_TONE[via.tone]}`}>{via.badge}</span>
        <span>{via.why}</span>
        <span>{`${Math.round(exchange.durationMs)} ms`}</span>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={toggleId} className="flex items-center gap-1 text-sm">
          <input
            id={toggleId}
            type="checkbox"
            checked={showSecrets}
            onChange={(event) => {
              setShowSecrets(event.target.checked);
              setCopyState(undefined);
            }}
          />
          Show secrets
        </label>
        {(Object.keys(EXPORTERS) as CopyFormat[]).map((format) => (
          <button
            key={format}
            type="button"
            className="rounded border border-slate-400 px-2 py-0.5 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:bg-slate-800"
            onClick={() => void copy(format)}
          >
            {`Copy as ${format}`}
          </button>
        ))}
        <span role="status" className="text-sm">
          {copyState?.kind === 'copied' &&
            `Copied ${copyState.format}${showSecrets ? ' with secrets' : ' (secrets redacted)'}`}
        </span>
        {copyState?.kind === 'error' && (
          <span role="alert" className="text-sm text-red-700 dark:text-red-400">
            {copyState.message}
          </span>
        )}
      </div>

      <h3 className="font-semibold">Request</h3>
      {queryRows(request.url).length > 0 && (
        <NameValueTable caption="Query parameters" rows={queryRows(request.url)} />
      )}
      <NameValueTable caption="Request headers" rows={Object.entries(request.headers)} />
      {request.body !== undefined && (
        <Body
          label="Request body"
          body={request.body}
          contentType={findHeader(request.headers, 'content-type')}
        />
      )}

      <h3 className="font-semibold">Response</h3>
      {response ? (
        <>
          <p className="font-mono">
            {`${response.status} ${response.statusText ?? STATUS_TEXT[response.status] ?? ''}`.trim()}
          </p>
          <NameValueTable caption="Response headers" rows={Object.entries(response.headers)} />
          <Body
            label="Response body"
            body={response.body}
            contentType={findHeader(response.headers, 'content-type')}
          />
        </>
      ) : failure ? null : (
        <p className="text-sm">
          No response recorded: the browser navigated to this URL (an interactive step).
        </p>
      )}
      {failure && (
        <div className="rounded border border-red-600 p-2 text-red-800 dark:border-red-400 dark:text-red-300">
          <h4 className="font-semibold">{`Failed: ${failure.code}`}</h4>
          <p>{failure.message}</p>
        </div>
      )}
    </section>
  );
}
