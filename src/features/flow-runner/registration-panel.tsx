import { memo, useState } from 'react';
import { buildRegistrationRequest, parseClientMetadata, parseRegistrationResponse } from '@/protocol/dcr';
import type { RegisteredClient } from '@/protocol/dcr';
import { isPlaygroundError } from '@/protocol/errors';
import type { ClientAuthMethod, FlowDefinition } from '@/protocol/flows/types';
import type { Exchange } from '@/protocol/http';
import { describeModernSupport } from '@/protocol/modern-support';
import type { ProviderConfig } from '@/protocol/providers';
import { canDiscover, useDiscovery } from '@/state/discovery';
import { updateSecrets } from '@/state/runs';
import { requireResponse, sendRequest } from '@/transport/send';
import { ExchangeView } from '@/ui/exchange-view';
import type { DraftPatch } from './draft';

const RFC7591 = 'https://www.rfc-editor.org/rfc/rfc7591';

function defaultMetadata(flow: FlowDefinition, origin: string): string {
  const front = flow.channel === 'front';
  return JSON.stringify(
    {
      client_name: 'Token Playground (registered here)',
      ...(front ? { redirect_uris: [`${origin}/callback`] } : {}),
      grant_types: front ? ['authorization_code', 'refresh_token'] : ['client_credentials'],
      response_types: front ? ['code'] : [],
      token_endpoint_auth_method: flow.browserClient ? 'none' : 'client_secret_basic',
    },
    null,
    2,
  );
}

function validate(text: string): string | undefined {
  try {
    parseClientMetadata(text);
    return undefined;
  } catch (error) {
    return isPlaygroundError(error) ? error.message : String(error);
  }
}

/**
 * Dynamic client registration (RFC 7591) before a run: edit the client metadata (checked as typed,
 * nothing lost on an error), POST it to discovery's `registration_endpoint`, read the answer, and
 * use the new client in this flow. The `client_secret` and `registration_access_token` are shown
 * once, here, and kept in memory only.
 */
export const RegistrationPanel = memo(function RegistrationPanel({
  flow,
  provider,
  onChange,
}: {
  flow: FlowDefinition;
  provider: ProviderConfig;
  onChange: (patch: DraftPatch) => void;
}) {
  const incomplete = !canDiscover(provider);
  const discovery = useDiscovery(provider, !incomplete);
  const document = discovery.data?.document;
  const [text, setText] = useState(() => defaultMetadata(flow, window.location.origin));
  const [sending, setSending] = useState(false);
  const [exchange, setExchange] = useState<Exchange>();
  const [registered, setRegistered] = useState<RegisteredClient>();
  const [problem, setProblem] = useState<string>();
  const [used, setUsed] = useState(false);
  if (!document) return null;
  const support = describeModernSupport(document, provider.kind === 'entra' ? 'entra' : 'other').find(
    (item) => item.mode === 'dcr',
  );
  const endpoint = typeof document.registration_endpoint === 'string' ? document.registration_endpoint : '';
  const invalid = validate(text);

  const register = async () => {
    setSending(true);
    setProblem(undefined);
    setRegistered(undefined);
    setUsed(false);
    try {
      const request = buildRegistrationRequest({ endpoint, metadata: parseClientMetadata(text) });
      const sent = await sendRequest(request, { label: 'Client registration (RFC 7591)' });
      setExchange(sent);
      setRegistered(parseRegistrationResponse(requireResponse(sent)));
    } catch (error) {
      setProblem(isPlaygroundError(error) ? error.message : String(error));
    } finally {
      setSending(false);
    }
  };

  const use = (client: RegisteredClient) => {
    const method = client.metadata.token_endpoint_auth_method;
    const authMethod: ClientAuthMethod | undefined =
      typeof method === 'string' && (flow.authMethods as readonly string[]).includes(method)
        ? (method as ClientAuthMethod)
        : undefined;
    onChange((current) => ({
      clientId: client.client_id,
      ...(authMethod ? { authMethod } : {}),
      authorizeParams:
        'client_id' in current.authorizeParams
          ? { ...current.authorizeParams, client_id: client.client_id }
          : current.authorizeParams,
    }));
    if (client.secrets.client_secret !== undefined)
      updateSecrets({ clientSecret: client.secrets.client_secret });
    setUsed(true);
  };

  return (
    <details className="rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <summary className="cursor-pointer font-semibold">
        Register a new client (dynamic client registration, RFC 7591)
      </summary>
      <div className="mt-3 space-y-3">
        {!support?.available ? (
          <div className="space-y-1 text-sm">
            <p role="note">
              Not offered: {provider.kind === 'entra' ? 'Entra ID' : 'this provider'}’s discovery document has{' '}
              {support?.evidence ?? 'no registration_endpoint'}.
            </p>
            {support?.instead && (
              <p>
                {support.instead.text}{' '}
                <a href={support.instead.url} target="_blank" rel="noreferrer noopener" className="underline">
                  Learn more
                </a>
              </p>
            )}
          </div>
        ) : (
          <>
            <p className="text-sm text-slate-700 dark:text-slate-300">
              The app sends its metadata as JSON to <span className="font-mono break-all">{endpoint}</span>{' '}
              and the provider answers with a new <span className="font-mono">client_id</span> (and a secret
              for a confidential client).{' '}
              <a
                href={`${RFC7591}#section-3`}
                target="_blank"
                rel="noreferrer noopener"
                className="underline"
              >
                RFC 7591 §3
              </a>
            </p>
            <label className="block text-sm">
              <span className="font-medium">Client metadata (JSON)</span>
              <textarea
                className="mt-1 block h-48 w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
                value={text}
                spellCheck={false}
                aria-invalid={invalid !== undefined}
                aria-describedby={invalid ? 'registration-metadata-problem' : undefined}
                onChange={(event) => setText(event.target.value)}
              />
            </label>
            {invalid && (
              <p
                id="registration-metadata-problem"
                role="alert"
                className="text-sm text-red-800 dark:text-red-300"
              >
                {invalid}
              </p>
            )}
            <button
              type="button"
              disabled={invalid !== undefined || sending}
              onClick={() => void register()}
              className="rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700 disabled:opacity-50"
            >
              {sending ? 'Registering…' : 'Register the client'}
            </button>
            {problem && (
              <p role="alert" className="text-sm text-red-800 dark:text-red-300">
                Registration failed: {problem}
              </p>
            )}
            {registered && (
              <div role="status" className="space-y-1 text-sm">
                <p>
                  Registered: <span className="font-mono">client_id</span>{' '}
                  <code data-testid="registered-client-id">{registered.client_id}</code>
                </p>
                {registered.secrets.client_secret !== undefined && (
                  <p>
                    <span className="font-mono">client_secret</span> (shown once here, kept in memory only):{' '}
                    <code className="break-all">{registered.secrets.client_secret}</code>
                  </p>
                )}
                {registered.secrets.registration_access_token !== undefined && (
                  <p>
                    A <span className="font-mono">registration_access_token</span> came back too (for reading
                    or changing the registration, RFC 7592); it is not kept.
                  </p>
                )}
                <button
                  type="button"
                  className="rounded-md border border-indigo-600 px-3 py-1.5 text-sm font-medium text-indigo-800 dark:text-indigo-200"
                  onClick={() => use(registered)}
                >
                  Use this client
                </button>
                {used && <p>This flow now uses {registered.client_id}.</p>}
              </div>
            )}
            {exchange && <ExchangeView exchange={exchange} />}
          </>
        )}
      </div>
    </details>
  );
});
