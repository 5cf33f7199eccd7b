import { useRef } from 'react';
import { decodeJwt } from 'jose';
import { supportsGrant } from '@/protocol/flows/token-exchange';
import type { FlowDefinition } from '@/protocol/flows/types';
import { useRun, useSecrets } from '@/state/runs';
import type { ProviderConfig, ProviderEndpoints } from '@/protocol/providers';
import { ClientSection } from './client-section';
import type { DraftPatch, FlowDraft } from './draft';
import { ParamField } from './param-field';
import { NEXT_ACTION_ID } from './focus-next-action';
import { MissingFieldsSummary } from './missing-fields-summary';
import { requiredFieldsInput, useRequiredCheck } from './required-check';

interface BackChannelSetupProps {
  flow: FlowDefinition;
  draft: FlowDraft;
  provider: ProviderConfig;
  endpoints: ProviderEndpoints | undefined;
  companionOrigin: string;
  onChange: (patch: DraftPatch) => void;
  onStart: () => void;
  /** Extra inputs a flow needs (password, the incoming token…), rendered after the parameters. */
  children?: React.ReactNode;
}

/** Setup for flows without a browser redirect: the client, then the request's parameters. */
export function BackChannelSetup({
  flow,
  draft,
  provider,
  endpoints,
  companionOrigin,
  onChange,
  onStart,
  children,
}: BackChannelSetupProps) {
  const ready = endpoints !== undefined && flow.requires.every((name) => endpoints[name]);
  const lastRun = useRun();
  const lastToken = lastRun?.values.access_token;
  const warningFor = (name: string, value: string) => flow.parameterWarning?.(name, value, provider.kind);
  const secrets = useSecrets();
  const formRef = useRef<HTMLFormElement>(null);
  const required = useRequiredCheck(requiredFieldsInput(flow, provider.kind, draft, secrets), formRef);
  const grant = flow.advertisedGrant;
  const grantListed = grant && endpoints ? supportsGrant(endpoints, grant) : undefined;
  return (
    <form
      ref={formRef}
      className="space-y-6"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (required.check()) onStart();
      }}
    >
      <ClientSection
        flow={flow}
        draft={draft}
        providerKind={provider.kind}
        companionOrigin={companionOrigin}
        onChange={onChange}
        errorFor={required.errorFor}
      />
      <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
        <legend className="px-1 font-semibold">Request parameters</legend>
        {provider.kind === 'entra' && (
          <p role="note" className="text-sm text-slate-700 dark:text-slate-300">
            These requests go through the local relay by default: Entra ID refuses confidential, password and
            device-code requests from web pages (no CORS headers, AADSTS9002326), so the browser could not
            even read the error.
          </p>
        )}
        {grantListed === false && (
          <p role="alert" className="text-sm text-amber-800 dark:text-amber-300">
            This provider’s discovery does not list {grant} in grant_types_supported: expect
            unsupported_grant_type.
          </p>
        )}
        {Object.entries(draft.tokenParams).map(([name, value]) => (
          <ParamField
            key={name}
            name={name}
            value={value}
            multiline={name === 'assertion' || name === 'subject_token'}
            warning={warningFor(name, value)}
            error={required.errorFor(name)}
            onChange={(next) => onChange({ tokenParams: { ...draft.tokenParams, [name]: next } })}
          >
            {(name === 'assertion' || name === 'subject_token') && lastToken && lastToken !== value && (
              <button
                type="button"
                onClick={() => onChange({ tokenParams: { ...draft.tokenParams, [name]: lastToken } })}
                className="shrink-0 self-start rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
              >
                Use the access token of the last run ({describeAudience(lastToken)})
              </button>
            )}
          </ParamField>
        ))}
        {children}
      </fieldset>
      <div
        data-next-action-bar=""
        className="sticky bottom-0 z-30 -mx-4 border-t border-slate-300 bg-white/95 px-4 py-2 dark:border-slate-700 dark:bg-slate-900/95"
      >
        <button
          id={NEXT_ACTION_ID}
          type="submit"
          disabled={!ready}
          className="rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700 disabled:opacity-50"
        >
          Start
        </button>
        <MissingFieldsSummary missing={required.shown} />
      </div>
    </form>
  );
}

function describeAudience(token: string): string {
  try {
    const aud = decodeJwt(token).aud;
    return `aud ${Array.isArray(aud) ? aud.join(', ') : (aud ?? 'none')}`;
  } catch {
    return 'not a JWT';
  }
}
