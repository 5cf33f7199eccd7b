import { DiscoveryPanel } from '@/connected/discovery-panel';
import { ProviderSettings } from './provider-settings';
import { toProviderConfig, updateSettings, useSettings } from '@/state/settings';
import { EntraGuidance } from './entra-guidance';
import { ProtectedResourceFinder } from './protected-resource-finder';
import { RelayHosts } from './relay-hosts';

export function SettingsPage() {
  const settings = useSettings();
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <ProviderSettings />
      <DiscoveryPanel provider={toProviderConfig(settings)} />
      {settings.providerKind === 'entra' && <EntraGuidance />}
      <ProtectedResourceFinder />
      <section aria-labelledby="companion-heading" className="max-w-3xl space-y-2">
        <h2 id="companion-heading" className="text-lg font-semibold">
          Local companion
        </h2>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Some token endpoints refuse requests from browser pages (CORS). The companion started by{' '}
          <code className="font-mono">npm start</code> relays exactly those requests from your machine, and
          says so in the request log. It only listens on this computer.
        </p>
        <label className="block">
          <span className="font-medium">Companion URL</span>
          <input
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
            value={settings.companionOrigin}
            onChange={(event) => updateSettings({ companionOrigin: event.target.value })}
            spellCheck={false}
          />
        </label>
        <RelayHosts />
      </section>
    </div>
  );
}
