import { Link } from 'react-router';
import { FLOWS } from '@/protocol/flows/registry';
import { describeProvider } from '@/protocol/providers';
import { toProviderConfig, useSettings } from '@/state/settings';

export function FlowListPage() {
  const settings = useSettings();
  const groups = [
    { channel: 'front', title: 'Browser flows (redirect to the provider)' },
    { channel: 'back', title: 'Back-channel flows (no browser redirect)' },
  ] as const;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Run a flow</h1>
      <p className="text-slate-700 dark:text-slate-300">
        Provider: {describeProvider(toProviderConfig(settings))} ·{' '}
        <Link to="/settings" className="text-indigo-700 underline dark:text-indigo-300">
          change
        </Link>
      </p>
      {groups.map((group) => {
        const flows = FLOWS.filter((flow) => flow.channel === group.channel);
        if (flows.length === 0) return null;
        return (
          <section key={group.channel} aria-labelledby={`${group.channel}-heading`} className="space-y-3">
            <h2 id={`${group.channel}-heading`} className="text-lg font-semibold">
              {group.title}
            </h2>
            <ul className="grid gap-4 md:grid-cols-2">
              {flows.map((flow) => (
                <li key={flow.id} className="min-w-0">
                  <Link
                    to={`/flows/${flow.id}`}
                    className="block h-full rounded-xl border border-slate-200 bg-white p-4 break-words shadow-sm hover:shadow-md dark:border-slate-800 dark:bg-slate-900"
                  >
                    <span className="block font-semibold">{flow.title}</span>
                    <span className="mt-1 block text-sm text-slate-600 dark:text-slate-400">
                      {flow.summary}
                    </span>
                    {flow.warning && (
                      <span className="mt-2 block text-sm font-medium text-amber-800 dark:text-amber-300">
                        ⚠ Legacy or unsafe: see the warning inside.
                      </span>
                    )}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
