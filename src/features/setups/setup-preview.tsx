import { findFlow } from '@/protocol/flows/registry';
import type { SetupContent } from '@/state/setups';

function describeProvider(setup: SetupContent): string {
  const { provider } = setup;
  switch (provider.kind) {
    case 'local':
      return `Local IdP (${provider.localIssuer})`;
    case 'entra':
      return `Entra ID, tenant ${provider.entraTenant}, ${provider.entraCloud} cloud`;
    case 'custom':
      return `OpenID provider at ${provider.customUrl || '(no URL)'}`;
  }
}

function ParamRows({ title, entries }: { title: string; entries: [string, string][] }) {
  if (entries.length === 0) return null;
  return (
    <>
      <dt className="font-medium">{title}</dt>
      <dd>
        <ul className="font-mono text-xs break-all">
          {entries.map(([name, value], index) => (
            <li key={`${name}-${index}`}>
              {name}={value}
            </li>
          ))}
        </ul>
      </dd>
    </>
  );
}

/** What a setup contains, field by field, as plain text (a shared setup may carry anything). */
export function SetupPreview({ setup }: { setup: SetupContent }) {
  const flow = findFlow(setup.flowId);
  return (
    <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
      <dt className="font-medium">Name</dt>
      <dd className="break-words">{setup.name}</dd>
      <dt className="font-medium">Flow</dt>
      <dd>
        {flow?.title ?? setup.flowId}
        {!flow && ' (not available in this version of the playground)'}
      </dd>
      <dt className="font-medium">Provider</dt>
      <dd className="break-all">{describeProvider(setup)}</dd>
      <dt className="font-medium">Client</dt>
      <dd className="break-all">
        <span className="font-mono">{setup.clientId || '(none yet)'}</span> · {setup.authMethod} · {setup.via}
      </dd>
      <ParamRows title="Authorize parameters" entries={Object.entries(setup.authorizeParams)} />
      <ParamRows title="Token parameters" entries={Object.entries(setup.tokenParams)} />
      <ParamRows title="Extra parameters" entries={setup.extraParams} />
      {setup.description && (
        <>
          <dt className="font-medium">Notes</dt>
          <dd className="break-words">{setup.description}</dd>
        </>
      )}
    </dl>
  );
}
