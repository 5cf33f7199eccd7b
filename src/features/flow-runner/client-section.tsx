import { memo, useEffect, useState } from 'react';
import { isPlaygroundError } from '@/protocol/errors';
import type { ClientAuthMethod, FlowDefinition } from '@/protocol/flows/types';
import type { Via } from '@/protocol/http';
import { demoKeyOrigin, findLocalClient, LOCAL_CLIENTS } from '@/state/presets';
import { updateSecrets, useSecrets } from '@/state/runs';
import { runtimeConfig } from '@/state/runtime-config';
import type { ProviderKind } from '@/state/settings';
import { requireResponse, sendRequest } from '@/transport/send';
import type { DraftPatch, FlowDraft } from './draft';
import { KeyGenerator } from './key-generator';
import { ParamField } from './param-field';

const AUTH_LABELS: Record<ClientAuthMethod, string> = {
  none: 'none: public client, no secret (client_id in the body)',
  client_secret_post: 'client_secret_post: secret in the request body',
  client_secret_basic: 'client_secret_basic: secret in an HTTP Basic header',
  private_key_jwt: 'private_key_jwt: assertion signed with the client’s private key',
  client_assertion: 'client_assertion: a federated assertion you paste (workload identity)',
};

/** The draft values this section shows. */
export type ClientDraft = Pick<FlowDraft, 'clientId' | 'authMethod' | 'via'>;

interface ClientSectionProps {
  flow: FlowDefinition;
  draft: ClientDraft;
  providerKind: ProviderKind;
  companionOrigin: string;
  onChange: (patch: DraftPatch) => void;
  /** The message for a required field left empty, by field name (see `findMissingFields`). */
  errorFor?: (field: string) => string | undefined;
}

const noError = (): undefined => undefined;

/** Who the client is and how it authenticates; secrets stay in memory. */
export const ClientSection = memo(function ClientSection({
  flow,
  draft,
  providerKind,
  companionOrigin,
  onChange,
  errorFor = noError,
}: ClientSectionProps) {
  const secrets = useSecrets();
  // A demo client's secret is a published demo value: fill it in memory when that client is chosen by default.
  const demoSecret = providerKind === 'local' ? findLocalClient(draft.clientId)?.demoSecret : undefined;
  const missingSecret = secrets.clientSecret === undefined;
  useEffect(() => {
    if (demoSecret && missingSecret) updateSecrets({ clientSecret: demoSecret });
  }, [demoSecret, missingSecret]);
  const [keyStatus, setKeyStatus] = useState<string>();
  const presets =
    providerKind === 'local' ? LOCAL_CLIENTS.filter((client) => client.flows.includes(flow.id)) : [];

  const choosePreset = (clientId: string) => {
    const preset = findLocalClient(clientId);
    if (!preset) return;
    onChange((current) => ({
      clientId: preset.clientId,
      authMethod: preset.authMethod,
      via: preset.via,
      authorizeParams: withClientId(current.authorizeParams, preset.clientId),
      modes: { ...preset.requires },
    }));
    if (preset.demoSecret) updateSecrets({ clientSecret: preset.demoSecret });
  };

  const keyOrigin = demoKeyOrigin(companionOrigin);
  const loadDemoKey = async () => {
    setKeyStatus(`Loading the demo key from ${keyOrigin}…`);
    const exchange = await sendRequest(
      {
        method: 'GET',
        url: `${keyOrigin}/demo/assertion-key`,
        headers: { accept: 'application/json' },
      },
      { label: `Demo assertion key (${keyOrigin})`, record: false },
    );
    try {
      const response = requireResponse(exchange);
      const body = JSON.parse(response.body) as { privateKeyPem?: string; kid?: string; clientId?: string };
      if (response.status !== 200 || !body.privateKeyPem)
        throw new Error(`${keyOrigin} answered HTTP ${response.status}.`);
      updateSecrets({ privateKey: body.privateKeyPem, ...(body.kid ? { keyId: body.kid } : {}) });
      setKeyStatus(
        `Loaded the DEMO key${body.kid ? ` (kid ${body.kid})` : ''} of ${body.clientId ?? 'the demo client'}: it protects nothing and is kept in memory only.`,
      );
    } catch (error) {
      setKeyStatus(
        isPlaygroundError(error)
          ? error.message
          : `Could not load the demo key: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  return (
    <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <legend className="px-1 font-semibold">Client</legend>
      {presets.length > 0 && (
        <label className="block text-sm">
          <span className="font-medium">Demo client of the local IdP</span>
          <select
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-900"
            value={presets.some((preset) => preset.clientId === draft.clientId) ? draft.clientId : ''}
            onChange={(event) => choosePreset(event.target.value)}
          >
            <option value="">Your own client id</option>
            {presets.map((preset) => (
              <option key={preset.clientId} value={preset.clientId}>
                {preset.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <ParamField
        name="client_id"
        value={draft.clientId}
        error={errorFor('client_id')}
        onChange={(clientId) =>
          onChange((current) => ({
            clientId,
            authorizeParams: withClientId(current.authorizeParams, clientId),
          }))
        }
        {...(providerKind === 'entra'
          ? {
              description:
                'Application (client) ID of your app registration (a GUID from the Entra admin center).',
            }
          : {})}
      />
      <label className="block text-sm">
        <span className="font-medium">Client authentication</span>
        <select
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-900"
          value={draft.authMethod}
          onChange={(event) => onChange({ authMethod: event.target.value as ClientAuthMethod })}
        >
          {flow.authMethods.map((method) => (
            <option key={method} value={method}>
              {AUTH_LABELS[method]}
            </option>
          ))}
        </select>
      </label>
      {(draft.authMethod === 'client_secret_post' || draft.authMethod === 'client_secret_basic') && (
        <ParamField
          name="client_secret"
          secret
          error={errorFor('client_secret')}
          value={secrets.clientSecret ?? ''}
          onChange={(clientSecret) => updateSecrets({ clientSecret })}
          description="The client secret. Kept in this tab's memory only: never saved, redacted in logs and exports."
        />
      )}
      {draft.authMethod === 'private_key_jwt' && (
        <div className="space-y-2">
          <ParamField
            name="private key"
            multiline
            error={errorFor('private key')}
            value={secrets.privateKey ?? ''}
            onChange={(privateKey) => updateSecrets({ privateKey })}
            description="PKCS#8 PEM (-----BEGIN PRIVATE KEY-----) or a private JWK. Memory only; signs the client_assertion in this browser."
          />
          <ParamField
            name="kid"
            value={secrets.keyId ?? ''}
            onChange={(keyId) => updateSecrets({ keyId })}
            description="Key id put in the assertion header (optional)."
          />
          <ParamField
            name="certificate"
            multiline
            value={secrets.certificate ?? ''}
            onChange={(certificate) => updateSecrets({ certificate })}
            description="Optional X.509 certificate (PEM): its SHA-256 thumbprint goes into x5t#S256, as Entra ID expects."
          />
          <KeyGenerator
            clientId={draft.clientId}
            keyOrigin={providerKind === 'local' ? keyOrigin : undefined}
          />
          {providerKind === 'local' && (
            <div className="flex flex-wrap items-center gap-3">
              <button
                type="button"
                onClick={() => void loadDemoKey()}
                className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
              >
                Load the demo key (local IdP)
              </button>
              <span role="status" className="text-sm">
                {keyStatus}
              </span>
            </div>
          )}
        </div>
      )}
      {draft.authMethod === 'client_assertion' && (
        <ParamField
          name="client_assertion"
          multiline
          error={errorFor('client_assertion')}
          value={secrets.clientAssertion ?? ''}
          onChange={(clientAssertion) => updateSecrets({ clientAssertion })}
          description="A JWT issued by another identity provider, trusted through a federated credential (workload identity federation). Memory only."
        />
      )}
      <fieldset className="text-sm">
        <legend className="font-medium">Send token requests</legend>
        {(runtimeConfig.relay === false ? ['direct'] : ['direct', 'relay']).map((via) => (
          <label key={via} className="mr-4 inline-flex items-center gap-1">
            <input
              type="radio"
              name="via"
              value={via}
              checked={draft.via === via}
              onChange={() => onChange({ via: via as Via })}
            />
            {via === 'direct' ? 'directly from the browser' : 'through the local relay'}
          </label>
        ))}
        {runtimeConfig.relay === false ? (
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            The site serving this app offers no relay: every request goes directly from your browser.
          </p>
        ) : (
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            Confidential clients and Entra “Web” redirect URIs are refused from browsers (CORS); the relay on
            this machine forwards exactly those requests. A code issued to an Entra SPA redirect URI must be
            redeemed directly (AADSTS9002327 otherwise).
          </p>
        )}
      </fieldset>
    </fieldset>
  );
});

/** The authorization parameters with `client_id` following the client, where the flow sends it there. */
function withClientId(params: Record<string, string>, clientId: string): Record<string, string> {
  return 'client_id' in params ? { ...params, client_id: clientId } : params;
}
