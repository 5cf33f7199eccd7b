import { useId } from 'react';
import { FLOWS } from '@/protocol/flows/registry';
import { AadstsLookup } from '@/ui/aadsts-lookup';

/**
 * Settings → Entra ID: what the app registration needs for each flow, and a lookup for an AADSTS
 * code read off Entra's own error page.
 */
export function EntraGuidance() {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-heading`} className="max-w-4xl space-y-3">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        Entra ID
      </h2>
      <details>
        <summary className="cursor-pointer font-medium">
          What the app registration needs, flow by flow
        </summary>
        <dl className="mt-2 space-y-2 text-sm">
          {FLOWS.map((flow) => (
            <div key={flow.id}>
              <dt className="font-semibold">{flow.title}</dt>
              <dd className="text-slate-700 dark:text-slate-300">{flow.registration}</dd>
            </div>
          ))}
        </dl>
      </details>
      <AadstsLookup hint="from Entra's error page, e.g. AADSTS700016 or 50011" />
    </section>
  );
}
