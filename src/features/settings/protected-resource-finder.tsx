import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { isPlaygroundError } from '@/protocol/errors';
import { isSameOrigin, suggestResourceFlowParams } from '@/protocol/resource-metadata';
import { providerChoiceOf, updateSettings, useSettings } from '@/state/settings';
import { requestSetupActivation, toSettingsPatch } from '@/state/setups';
import { RequestLog } from '@/ui/request-log';
import {
  buildResourceSetup,
  probeResource,
  readAuthorizationServerMetadata,
  readResourceMetadata,
  type MetadataResult,
  type ProbeResult,
  type ServerMetadataResult,
  type StepProblem,
} from './resource-discovery';

const RFC9728 = 'https://www.rfc-editor.org/rfc/rfc9728';
const inputClass =
  'mt-1 block w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-900';
const buttonClass =
  'rounded-md border border-indigo-600 px-3 py-1.5 text-left text-sm font-medium break-all text-indigo-800 disabled:opacity-40 dark:text-indigo-200';

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function Problem({ problem }: { problem: StepProblem }) {
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 p-3 text-sm dark:border-red-800 dark:bg-red-950"
    >
      <p className="font-medium break-words text-red-900 dark:text-red-100">{problem.message}</p>
      <p className="mt-1 font-mono text-xs text-red-800 dark:text-red-300">{problem.code}</p>
    </div>
  );
}

function Json({ value, label }: { value: unknown; label: string }) {
  return (
    <pre
      aria-label={label}
      className="rounded-md bg-slate-100 p-2 font-mono text-xs break-all whitespace-pre-wrap dark:bg-slate-800"
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/**
 * From an API URL to a flow, the way MCP clients find their server's IdP (RFC 9728): call the API
 * without a token, read the metadata its 401 names (or the well-known URL), check that it is about
 * that API, and read the authorization server it names, which is contacted only when the user says so.
 */
export function ProtectedResourceFinder() {
  const id = useId();
  const settings = useSettings();
  const navigate = useNavigate();
  const [apiUrl, setApiUrl] = useState('');
  const [asked, setAsked] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [inputProblem, setInputProblem] = useState<StepProblem>();
  const [probe, setProbe] = useState<ProbeResult>();
  const [metadata, setMetadata] = useState<MetadataResult>();
  const [servers, setServers] = useState<Record<string, ServerMetadataResult | 'loading'>>({});

  const loadMetadata = async (metadataUrl: string, resource: string) => {
    setBusy(true);
    try {
      setMetadata(await readResourceMetadata(metadataUrl, resource));
    } finally {
      setBusy(false);
    }
  };

  const discover = async () => {
    const url = apiUrl.trim();
    setAsked(url);
    setInputProblem(undefined);
    setProbe(undefined);
    setMetadata(undefined);
    setServers({});
    setBusy(true);
    let found: ProbeResult;
    try {
      found = await probeResource(url);
    } catch (error) {
      setInputProblem({
        code: isPlaygroundError(error) ? error.code : 'UNKNOWN',
        message: error instanceof Error ? error.message : String(error),
      });
      return;
    } finally {
      setBusy(false);
    }
    setProbe(found);
    // The API's own host was chosen by the user; a metadata URL elsewhere waits for consent.
    if (isSameOrigin(found.location.url, url)) await loadMetadata(found.location.url, url);
  };

  const loadServer = async (issuer: string) => {
    setServers((current) => ({ ...current, [issuer]: 'loading' }));
    const result = await readAuthorizationServerMetadata(issuer);
    setServers((current) => ({ ...current, [issuer]: result }));
  };

  const startFlow = (metadataUrl: string, result: ServerMetadataResult, resource: string) => {
    if (!('document' in result) || !metadata || !('metadata' in metadata)) return;
    const params = suggestResourceFlowParams(metadata.metadata, result.document.scopes_supported);
    const setup = buildResourceSetup(providerChoiceOf(settings), metadataUrl, resource, params);
    updateSettings(toSettingsPatch(setup.provider));
    requestSetupActivation(setup);
    void navigate(`/flows/${setup.flowId}`);
  };

  const location = probe?.location;
  const response = probe?.exchange.response;
  const challenge = response?.headers['www-authenticate'];
  const needsConsent =
    location !== undefined && asked !== undefined && !isSameOrigin(location.url, asked) && !metadata;
  const found = metadata && 'metadata' in metadata ? metadata.metadata : undefined;
  const exchanges = [
    ...(probe ? [probe.exchange] : []),
    ...(metadata ? [metadata.exchange] : []),
    ...Object.values(servers).flatMap((result) => (result === 'loading' ? [] : result.exchanges)),
  ];

  return (
    <section aria-labelledby={`${id}-heading`} className="max-w-3xl min-w-0 space-y-3">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        Find the provider from an API (protected resource metadata)
      </h2>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Given only an API’s URL, a client can find the authorization server that issues its tokens: it calls
        the API without a token, reads the metadata URL from the 401’s <code>WWW-Authenticate</code> (or
        builds the well-known one), and reads the <code>authorization_servers</code> named there. This is how
        MCP clients find their server’s identity provider.{' '}
        <a href={RFC9728} target="_blank" rel="noreferrer noopener" className="underline">
          RFC 9728
        </a>
      </p>
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          void discover();
        }}
      >
        <label className="block">
          <span className="font-medium">API URL</span>
          <input
            className={inputClass}
            value={apiUrl}
            placeholder="https://api.example.com/resource"
            onChange={(event) => setApiUrl(event.target.value)}
            spellCheck={false}
            inputMode="url"
            aria-describedby={`${id}-api-hint`}
          />
        </label>
        <p id={`${id}-api-hint`} className="text-xs text-slate-600 dark:text-slate-400">
          The playground sends one GET to this URL without a token; for the local demo API try{' '}
          <code className="break-all">http://localhost:4001/me</code>.
        </p>
        <button
          type="submit"
          disabled={busy || apiUrl.trim() === ''}
          className="rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700 disabled:opacity-50"
        >
          Call it without a token
        </button>
      </form>
      {busy && <p role="status">Working…</p>}
      {inputProblem && <Problem problem={inputProblem} />}

      {probe && location && (
        <div className="space-y-1 text-sm" data-testid="resource-probe">
          <h3 className="font-semibold">1. The API without a token</h3>
          <p className="break-all">
            GET {probe.exchange.request.url} →{' '}
            {response
              ? `HTTP ${String(response.status)}`
              : `no answer: ${probe.exchange.failure?.message ?? ''}`}
          </p>
          {challenge !== undefined && (
            <p className="font-mono text-xs break-all">WWW-Authenticate: {challenge}</p>
          )}
          <p className="break-all" data-testid="resource-metadata-location">
            {location.source === 'challenge'
              ? `The challenge names the metadata (resource_metadata, RFC 9728 §5.1): ${location.url}`
              : `${location.reason ?? ''}: so the well-known URL is used (RFC 9728 §3.1): ${location.url}`}
          </p>
        </div>
      )}

      {needsConsent && (
        <div className="space-y-2 text-sm">
          <p role="note" className="break-all">
            The metadata is on another host, {originOf(location.url)}, which you have not chosen (the API is
            on {originOf(asked)}). Nothing was sent there.
          </p>
          <button
            type="button"
            className={buttonClass}
            disabled={busy}
            onClick={() => void loadMetadata(location.url, asked)}
          >
            Read the metadata from {originOf(location.url)}
          </button>
        </div>
      )}

      {metadata && asked && (
        <div className="space-y-2 text-sm">
          <h3 className="font-semibold">2. The protected resource metadata</h3>
          {'problem' in metadata ? (
            <>
              <Problem problem={metadata.problem} />
              {metadata.exchange.response && (
                <details>
                  <summary className="cursor-pointer">The document as received</summary>
                  <pre className="font-mono text-xs break-all whitespace-pre-wrap">
                    {metadata.exchange.response.body}
                  </pre>
                </details>
              )}
            </>
          ) : (
            <>
              <p role="status" className="break-all" data-testid="resource-match">
                ✓ Its <code>resource</code> is {metadata.metadata.resource}, the URL you asked about (RFC 9728
                §3.3).
              </p>
              {metadata.metadata.dpop_bound_access_tokens_required === true && (
                <p>This API accepts DPoP-bound tokens only (dpop_bound_access_tokens_required).</p>
              )}
              <Json value={metadata.metadata} label="Protected resource metadata" />
            </>
          )}
        </div>
      )}

      {found && asked && (
        <div className="space-y-3 text-sm">
          <h3 className="font-semibold">3. Its authorization servers</h3>
          {(found.authorization_servers ?? []).length === 0 && (
            <p>The metadata names no authorization server (authorization_servers is absent or empty).</p>
          )}
          {(found.authorization_servers ?? []).map((issuer) => {
            const result = servers[issuer];
            return (
              <div
                key={issuer}
                className="min-w-0 space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700"
              >
                <p className="font-mono break-all">{issuer}</p>
                {result === undefined && (
                  <>
                    <p>
                      Named by the API’s metadata, not chosen by you: the playground has not contacted it.
                    </p>
                    <button type="button" className={buttonClass} onClick={() => void loadServer(issuer)}>
                      Read the metadata of {issuer}
                    </button>
                  </>
                )}
                {result === 'loading' && <p role="status">Reading its metadata…</p>}
                {result !== undefined && result !== 'loading' && 'problem' in result && (
                  <Problem problem={result.problem} />
                )}
                {result !== undefined && result !== 'loading' && 'document' in result && (
                  <ServerSummary
                    result={result}
                    resourceScopes={found}
                    onStart={() => startFlow(result.url, result, asked)}
                  />
                )}
              </div>
            );
          })}
        </div>
      )}
      {exchanges.length > 0 && (
        <RequestLog exchanges={exchanges} fileName="token-playground-resource-discovery" />
      )}
    </section>
  );
}

function ServerSummary({
  result,
  resourceScopes,
  onStart,
}: {
  result: Extract<ServerMetadataResult, { document: unknown }>;
  resourceScopes: Parameters<typeof suggestResourceFlowParams>[0];
  onStart: () => void;
}) {
  const params = suggestResourceFlowParams(resourceScopes, result.document.scopes_supported);
  return (
    <div className="space-y-2">
      <p className="break-all">
        Metadata read from {result.url}; its issuer is {result.document.issuer}.
      </p>
      <dl className="grid gap-x-2 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-mono">authorization_endpoint</dt>
        <dd className="font-mono break-all">{result.document.authorization_endpoint}</dd>
        <dt className="font-mono">token_endpoint</dt>
        <dd className="font-mono break-all">{result.document.token_endpoint}</dd>
      </dl>
      <p className="break-all" data-testid="resource-flow-params">
        A code + PKCE flow with this provider as a Custom provider asks for resource=
        {params.resource} and scope={params.scope || '(none)'}. On the flow page, enter a client_id of yours
        at this provider, or register one there if the provider offers registration.
      </p>
      <button type="button" className={buttonClass} onClick={onStart}>
        Start a flow with this provider
      </button>
    </div>
  );
}
