import { useId } from 'react';
import { ENTRA_CLOUDS, describeEntraTenantProblem, type EntraCloud } from '@/protocol/providers';
import { updateSettings, useSettings, type ProviderKind } from '@/state/settings';

const kinds: { value: ProviderKind; label: string; description: string }[] = [
  {
    value: 'local',
    label: 'Local demo IdP',
    description: 'The identity provider that ships with the playground (npm start). Works offline.',
  },
  {
    value: 'entra',
    label: 'Microsoft Entra ID',
    description: 'Your own app registration in a Microsoft Entra tenant.',
  },
  {
    value: 'custom',
    label: 'Custom provider',
    description: 'Any OpenID Connect provider, found through its discovery document.',
  },
];

const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-900';

/** Chooses the provider every flow uses: a preset, Entra ID (tenant, cloud) or a discovery URL. */
export function ProviderSettings() {
  const settings = useSettings();
  const id = useId();
  const tenantProblem =
    settings.providerKind === 'entra' ? describeEntraTenantProblem(settings.entraTenant) : undefined;
  return (
    <fieldset className="space-y-4">
      <legend className="text-lg font-semibold">Provider</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        {kinds.map((kind) => (
          <label
            key={kind.value}
            className="flex cursor-pointer gap-2 rounded-lg border border-slate-300 p-3 has-checked:border-indigo-600 has-checked:bg-indigo-50 dark:border-slate-700 dark:has-checked:border-indigo-400 dark:has-checked:bg-indigo-950"
          >
            <input
              type="radio"
              name={`${id}-kind`}
              value={kind.value}
              checked={settings.providerKind === kind.value}
              onChange={() => updateSettings({ providerKind: kind.value })}
              className="mt-1"
            />
            <span>
              <span className="block font-medium">{kind.label}</span>
              <span className="block text-sm text-slate-600 dark:text-slate-400">{kind.description}</span>
            </span>
          </label>
        ))}
      </div>

      {settings.providerKind === 'local' && (
        <label className="block max-w-xl">
          <span className="font-medium">Issuer</span>
          <input
            className={inputClass}
            value={settings.localIssuer}
            onChange={(event) => updateSettings({ localIssuer: event.target.value })}
            spellCheck={false}
          />
        </label>
      )}

      {settings.providerKind === 'entra' && (
        <div className="grid max-w-3xl gap-4 sm:grid-cols-2">
          <label className="block">
            <span className="font-medium">Tenant</span>{' '}
            <span className="text-sm text-slate-600 dark:text-slate-400">
              common, organizations, consumers, a tenant id or a domain
            </span>
            <input
              className={inputClass}
              value={settings.entraTenant}
              onChange={(event) => updateSettings({ entraTenant: event.target.value })}
              aria-invalid={tenantProblem ? true : undefined}
              aria-describedby={tenantProblem ? `${id}-tenant-problem` : undefined}
              spellCheck={false}
              list={`${id}-tenants`}
            />
            <datalist id={`${id}-tenants`}>
              <option value="common" />
              <option value="organizations" />
              <option value="consumers" />
            </datalist>
            {tenantProblem && (
              <span id={`${id}-tenant-problem`} className="mt-1 block text-sm text-red-700 dark:text-red-300">
                {tenantProblem}
              </span>
            )}
          </label>
          <label className="block">
            <span className="font-medium">Cloud</span>
            <select
              className={inputClass}
              value={settings.entraCloud}
              onChange={(event) => updateSettings({ entraCloud: event.target.value as EntraCloud })}
            >
              {Object.entries(ENTRA_CLOUDS).map(([value, cloud]) => (
                <option key={value} value={value}>
                  {cloud.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}

      {settings.providerKind === 'custom' && (
        <label className="block max-w-3xl">
          <span className="font-medium">Issuer or discovery URL</span>{' '}
          <span className="text-sm text-slate-600 dark:text-slate-400">
            e.g. https://idp.example.com or …/.well-known/openid-configuration
          </span>
          <input
            className={inputClass}
            value={settings.customUrl}
            placeholder="https://"
            onChange={(event) => updateSettings({ customUrl: event.target.value })}
            spellCheck={false}
          />
        </label>
      )}
    </fieldset>
  );
}
