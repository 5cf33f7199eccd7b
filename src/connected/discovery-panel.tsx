import { listMissingEndpoints, URL_FIELDS } from '@/protocol/discovery';
import { isPlaygroundError } from '@/protocol/errors';
import type { ProviderConfig } from '@/protocol/providers';
import { canDiscover, useDiscovery } from '@/state/discovery';

const hints: Partial<Record<string, string>> = {
  NETWORK: 'Check the address; for the local demo IdP, run "npm start".',
  CORS_BLOCKED: 'The provider hides its discovery document from browser pages.',
  DISCOVERY_FAILED: 'The URL answered, but not with a discovery document.',
  DISCOVERY_NOT_JSON: 'Point at the issuer, not at a web page.',
  DISCOVERY_ISSUER_MISMATCH: 'The document belongs to a different issuer than the URL you entered.',
  DISCOVERY_MISSING_ENDPOINT: 'The provider does not publish what the flows need.',
  DISCOVERY_INVALID_URL: 'Enter an absolute http(s) URL.',
  TIMEOUT: 'The provider did not answer in time.',
};

/** Shows a provider's discovery document, or exactly why it could not be read. */
export function DiscoveryPanel({ provider }: { provider: ProviderConfig }) {
  const incomplete = !canDiscover(provider);
  const query = useDiscovery(provider, !incomplete);
  if (incomplete) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Enter an issuer or discovery URL to load its document.
      </p>
    );
  }
  return (
    <section aria-labelledby="discovery-heading" className="space-y-3">
      <div className="flex items-center gap-3">
        <h2 id="discovery-heading" className="text-lg font-semibold">
          Discovery document
        </h2>
        <button
          type="button"
          onClick={() => void query.refetch()}
          className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          Reload
        </button>
      </div>
      {query.isPending && <p role="status">Loading the discovery document…</p>}
      {query.isError && (
        <div
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 p-3 dark:border-red-800 dark:bg-red-950"
        >
          <p className="font-medium text-red-900 dark:text-red-100">
            {isPlaygroundError(query.error) ? query.error.message : String(query.error)}
          </p>
          {isPlaygroundError(query.error) && hints[query.error.code] && (
            <p className="mt-1 text-sm text-red-800 dark:text-red-200">{hints[query.error.code]}</p>
          )}
          {isPlaygroundError(query.error) && (
            <p className="mt-1 font-mono text-xs text-red-800 dark:text-red-300">{query.error.code}</p>
          )}
        </div>
      )}
      {query.isSuccess && (
        <div className="space-y-2">
          <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
            Loaded from <span className="font-mono break-all">{query.data.discoveryUrl}</span> in{' '}
            {query.data.exchange.durationMs} ms.
          </p>
          {query.data.issuerNote && (
            <p className="text-sm text-slate-700 dark:text-slate-300">{query.data.issuerNote}</p>
          )}
          <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
            {(['issuer', ...URL_FIELDS] as const).map((field) => (
              <div key={field} className="contents">
                <dt className="font-mono break-all text-slate-600 dark:text-slate-400">{field}</dt>
                <dd className="font-mono break-all">{query.data.document[field] ?? '— not published'}</dd>
              </div>
            ))}
          </dl>
          {listMissingEndpoints(query.data.document).length > 0 && (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Flows that need an unpublished endpoint say so when you pick them.
            </p>
          )}
          <details>
            <summary className="cursor-pointer text-sm">Whole document</summary>
            <pre className="mt-2 max-h-96 overflow-auto rounded-md bg-slate-100 p-3 text-xs dark:bg-slate-900">
              {JSON.stringify(query.data.document, null, 2)}
            </pre>
          </details>
        </div>
      )}
    </section>
  );
}
