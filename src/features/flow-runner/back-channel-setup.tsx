import type { FlowDefinition } from '@/protocol/flows/types';
import type { ProviderConfig, ProviderEndpoints } from '@/protocol/providers';
import { ClientSection } from './client-section';
import type { FlowDraft } from './draft';
import { ParamField } from './param-field';

interface BackChannelSetupProps {
  flow: FlowDefinition;
  draft: FlowDraft;
  provider: ProviderConfig;
  endpoints: ProviderEndpoints | undefined;
  companionOrigin: string;
  onChange: (patch: Partial<FlowDraft>) => void;
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
  return (
    <form
      className="space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        onStart();
      }}
    >
      <ClientSection
        flow={flow}
        draft={draft}
        providerKind={provider.kind}
        companionOrigin={companionOrigin}
        onChange={onChange}
      />
      <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
        <legend className="px-1 font-semibold">Request parameters</legend>
        {Object.entries(draft.tokenParams).map(([name, value]) => (
          <ParamField
            key={name}
            name={name}
            value={value}
            onChange={(next) => onChange({ tokenParams: { ...draft.tokenParams, [name]: next } })}
          />
        ))}
        {children}
      </fieldset>
      <button
        type="submit"
        disabled={!ready}
        className="rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700 disabled:opacity-50"
      >
        Start
      </button>
    </form>
  );
}
