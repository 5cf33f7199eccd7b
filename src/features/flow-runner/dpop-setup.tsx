import { memo, useEffect, useState } from 'react';
import type { DiscoveryDocument } from '@/protocol/discovery';
import type { FlowDefinition } from '@/protocol/flows/types';
import { describeModernSupport } from '@/protocol/modern-support';
import type { ProviderConfig } from '@/protocol/providers';
import { ensureDpopKey, replaceDpopKey, useDpopKey } from '@/state/dpop-key';
import { canDiscover, useDiscovery } from '@/state/discovery';
import { useDraftValue, type DraftPatch } from './draft';
import { flowSupportsDpop, patchDpopDraft } from './dpop-draft';

const RFC9449 = 'https://www.rfc-editor.org/rfc/rfc9449';

/**
 * DPoP (RFC 9449) before a run: offered only when discovery lists `dpop_signing_alg_values_supported`
 * (said plainly otherwise, with what Entra ID does instead). The key pair is generated here with
 * WebCrypto (ES256), its private half non-extractable and in memory only.
 */
export const DpopSetup = memo(function DpopSetup({
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
  const document: DiscoveryDocument | undefined = discovery.data?.document;
  const key = useDpopKey();
  const [problem, setProblem] = useState<string>();
  const front = flow.channel === 'front';
  const on = useDraftValue((draft) => draft.dpop === true);

  // After a reload the key is gone (memory only): a draft that asks for DPoP gets a new one.
  useEffect(() => {
    if (!on || key) return;
    ensureDpopKey().then(
      (created) => onChange(patchDpopDraft(true, created.jkt, front)),
      (error: unknown) => setProblem(error instanceof Error ? error.message : String(error)),
    );
  }, [on, key, front, onChange]);

  if (!flowSupportsDpop(flow) || !document) return null;
  const support = describeModernSupport(document, provider.kind === 'entra' ? 'entra' : 'other').find(
    (item) => item.mode === 'dpop',
  );
  if (!support) return null;
  const algs = Array.isArray(document.dpop_signing_alg_values_supported)
    ? document.dpop_signing_alg_values_supported.filter((alg): alg is string => typeof alg === 'string')
    : [];
  const es256 = algs.includes('ES256');

  const toggle = async (next: boolean) => {
    setProblem(undefined);
    if (!next) {
      onChange(patchDpopDraft(false, undefined, front));
      return;
    }
    try {
      const created = await ensureDpopKey();
      onChange(patchDpopDraft(true, created.jkt, front));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const renew = async () => {
    try {
      const created = await replaceDpopKey();
      onChange(patchDpopDraft(true, created.jkt, front));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    // Folded like the other optional parts of the setup, so the primary action stays in reach; open
    // whenever DPoP is on (a restored setup shows it).
    <details
      open={on}
      aria-labelledby="dpop-setup-heading"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
    >
      <summary className="cursor-pointer">
        <h2 id="dpop-setup-heading" className="inline font-semibold">
          DPoP: sender-constrained tokens
        </h2>
      </summary>
      <p className="text-sm">
        <a href={RFC9449} target="_blank" rel="noreferrer noopener" className="underline">
          RFC 9449
        </a>
      </p>
      {!support.available ? (
        <div className="space-y-1 text-sm">
          <p role="note">
            Not offered: {provider.kind === 'entra' ? 'Entra ID' : 'this provider'}’s discovery document has{' '}
            {support.evidence}, so it does not advertise DPoP.
          </p>
          {support.instead && (
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
            The provider advertises {support.evidence}. With DPoP the app proves, in every token request and
            API call, that it holds a private key: each request carries a fresh signed proof (header{' '}
            <code>DPoP</code>) and the access token is bound to the key’s thumbprint (<code>cnf.jkt</code>),
            so a stolen token is useless without the key.
          </p>
          <label className="flex items-start gap-2 text-sm font-medium">
            <input
              type="checkbox"
              className="mt-1 shrink-0"
              checked={on}
              disabled={!es256}
              onChange={(event) => void toggle(event.target.checked)}
            />
            {/* One wrapping text box: bare text runs inside a flex label would each refuse to wrap. */}
            <span className="min-w-0">
              Use DPoP (<span className="font-mono">DPoP</span> proofs
              {front ? (
                <>
                  , <span className="font-mono">dpop_jkt</span> in the authorization request
                </>
              ) : null}
              )
            </span>
          </label>
          {!es256 && (
            <p role="note" className="text-sm">
              The playground signs proofs with ES256, which this provider does not list ({algs.join(', ')}).
            </p>
          )}
          {on && key && (
            <div className="space-y-1 text-sm">
              <p>
                Key: {key.alg}, generated in this browser with WebCrypto. The private key is not extractable
                and lives in this page’s memory only: it is not stored, not in the run, not exported.
              </p>
              <p>
                Thumbprint (RFC 7638, <span className="font-mono">jkt</span>):{' '}
                <code className="break-all" data-testid="dpop-jkt">
                  {key.jkt}
                </code>
              </p>
              {front && (
                <p className="text-amber-900 dark:text-amber-200">
                  Start in a popup: a same-tab redirect leaves this page and its key, and the code is bound to
                  the key (<span className="font-mono">dpop_jkt</span>).
                </p>
              )}
              <button
                type="button"
                className="rounded-md border border-slate-400 px-2 py-1 text-xs"
                onClick={() => void renew()}
              >
                New key pair
              </button>
            </div>
          )}
        </>
      )}
      {problem && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          Could not generate a DPoP key: {problem}
        </p>
      )}
    </details>
  );
});
