import { memo, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { findFlow } from '@/protocol/flows/registry';
import { createRun } from '@/protocol/flows/run';
import type { FlowDefinition } from '@/protocol/flows/types';
import {
  deriveEntraEndpoints,
  describeProvider,
  type ProviderConfig,
  type ProviderEndpoints,
} from '@/protocol/providers';
import { canDiscover, useDiscovery } from '@/state/discovery';
import { useDpopKey } from '@/state/dpop-key';
import { useRun } from '@/state/runs';
import { toProviderConfig, useSettings } from '@/state/settings';
import { applySetupToDraft, fromSettings, takePendingSetup } from '@/state/setups';
import { SaveSetupForm } from '@/connected/save-setup-form';
import { clearExchanges } from '@/transport/exchange-log';
import { DiscoveryPanel } from '@/connected/discovery-panel';
import {
  createDraft,
  createDraftSource,
  DraftSourceContext,
  readDraft,
  saveDraft,
  takeAnsweredChallenge,
  useDraftSource,
  useDraftValue,
} from './draft';
import { createBrowserFlowRunner } from './runner/browser-runner';
import { FlowRunnerProvider } from './runner/flow-runner-provider';
import { useFlowRunner } from './runner/runner-context';
import { LazyRunView } from './run-view-lazy';
import { SetupForm } from './setup-form';
import { BackChannelSetup } from './back-channel-setup';
import { dpopForRun } from './dpop-draft';
import { DpopSetup } from './dpop-setup';
import { RegistrationPanel } from './registration-panel';
import { offersModernModes, resolveRequestModes } from '@/protocol/flows/modern-steps';
import type { RequestModes } from '@/protocol/flows/types';

function withModes(modes: RequestModes | undefined): { modes?: RequestModes } {
  return modes ? { modes } : {};
}

export function FlowPage() {
  const { flowId = '' } = useParams();
  const flow = findFlow(flowId);
  if (!flow) {
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Unknown flow</h1>
        <p>
          There is no flow called <code className="font-mono">{flowId}</code>.{' '}
          <Link className="text-indigo-700 underline dark:text-indigo-300" to="/flows">
            See all flows
          </Link>
        </p>
      </div>
    );
  }
  return (
    <FlowRunnerProvider create={createBrowserFlowRunner}>
      <FlowWorkspace key={flow.id} flow={flow} />
    </FlowRunnerProvider>
  );
}

function useEndpoints(provider: ProviderConfig) {
  const incomplete = !canDiscover(provider);
  const discovery = useDiscovery(provider, !incomplete);
  let endpoints: ProviderEndpoints | undefined = discovery.data?.document;
  let note: string | undefined;
  if (!endpoints && discovery.isError && provider.kind === 'entra') {
    endpoints = deriveEntraEndpoints(provider.tenant, provider.cloud);
    note = 'Discovery failed, so the endpoints are derived from the tenant and cloud.';
  }
  return {
    endpoints,
    note,
    issuer: discovery.data?.document.issuer ?? endpoints?.issuer ?? '',
    document: discovery.data?.document,
  };
}

function FlowWorkspace({ flow }: { flow: FlowDefinition }) {
  const runner = useFlowRunner();
  const settings = useSettings();
  const providerKey = JSON.stringify(toProviderConfig(settings));
  // The same provider object while the settings describe the same provider, so that the memoised
  // sections below keep their props.
  const provider = useMemo(() => JSON.parse(providerKey) as ProviderConfig, [providerKey]);
  const { endpoints, note, issuer, document } = useEndpoints(provider);
  // One fresh draft per provider, so that its random state, nonce and verifier stay put between renders.
  const fallbackDraft = useMemo(
    () => createDraft(flow, provider.kind, providerKey, window.location.origin),
    [flow, provider.kind, providerKey],
  );
  // This component reads no draft value while rendering: a keystroke renders only the parts of the
  // page that show what changed (they read their slice with useDraftValue).
  const source = useMemo(
    () => createDraftSource(flow.id, providerKey, fallbackDraft),
    [flow.id, providerKey, fallbackDraft],
  );
  const run = useRun();
  const dpopKey = useDpopKey();
  const activeRun = run?.flowId === flow.id ? run : undefined;
  const [startError, setStartError] = useState<string>();
  const missing = endpoints ? flow.requires.filter((name) => !endpoints[name]) : [];
  const update = source.update;
  const companionOrigin = settings.companionOrigin;
  const providerLabel = describeProvider(provider);

  // The run view's chunk, fetched once the page is idle: ready by the time Start is pressed.
  useEffect(() => {
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(() => void LazyRunView.preload(), 500);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(() => void LazyRunView.preload(), { timeout: 2000 });
    return () => cancelIdleCallback(idle);
  }, []);

  // A setup picked on the setups page becomes this flow's draft, on fresh per-run values.
  useEffect(() => {
    const pending = takePendingSetup(flow.id);
    if (!pending) return;
    const fresh = createDraft(flow, provider.kind, providerKey, window.location.origin);
    saveDraft(flow.id, applySetupToDraft(fresh, pending));
    runner.clear();
  }, [flow, provider.kind, providerKey, runner]);

  const dpopJkt = dpopKey?.jkt;
  const start = useCallback(
    (mode: 'same-tab' | 'popup') => {
      if (!endpoints) return;
      setStartError(undefined);
      clearExchanges();
      const draft = source.read();
      const usesPkce = (draft.authorizeParams.code_challenge ?? '') !== '';
      const answersChallenge =
        readDraft(flow.id)?.providerKey === providerKey ? takeAnsweredChallenge(flow.id) : undefined;
      const newRun = createRun(flow, {
        provider,
        providerLabel: describeProvider(provider),
        issuer,
        endpoints,
        clientId: draft.clientId,
        authMethod: draft.authMethod,
        via: draft.via,
        companionOrigin,
        authorizeParams: draft.authorizeParams,
        tokenParams: draft.tokenParams,
        extraParams: draft.extraParams,
        generated: usesPkce ? { codeVerifier: draft.codeVerifier } : {},
        ...dpopForRun(draft, dpopJkt),
        ...(answersChallenge ? { answersChallenge } : {}),
        ...(offersModernModes(flow) ? withModes(resolveRequestModes(draft.modes, document)) : {}),
      });
      const problem = runner.begin(newRun, flow.channel === 'front' ? mode : undefined);
      if (problem) setStartError(problem);
    },
    [endpoints, source, flow, providerKey, provider, issuer, companionOrigin, dpopJkt, document, runner],
  );
  const startInThisTab = useCallback(() => start('same-tab'), [start]);

  // What "Save as setup" saves is read when it is saved, so typing does not render the header.
  const readSetupContent = useCallback(() => {
    const draft = source.read();
    return {
      provider: fromSettings(settings),
      flowId: flow.id,
      clientId: draft.clientId,
      authMethod: draft.authMethod,
      via: draft.via,
      authorizeParams: draft.authorizeParams,
      tokenParams: draft.tokenParams,
      extraParams: draft.extraParams,
    };
  }, [source, settings, flow.id]);

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <p className="text-sm">
          <Link to="/flows" className="text-indigo-700 underline dark:text-indigo-300">
            All flows
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{flow.title}</h1>
        <p className="max-w-4xl text-slate-700 dark:text-slate-300">{flow.summary}</p>
        {flow.warning && (
          <p
            role="note"
            className="max-w-4xl rounded-md border border-amber-400 bg-amber-50 p-3 font-medium text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100"
          >
            ⚠ {flow.warning}
          </p>
        )}
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Provider: {providerLabel} ·{' '}
          <Link to="/settings" className="underline">
            change
          </Link>{' '}
          · App registration: {flow.registration}
        </p>
        <SaveSetupForm
          key={`${flow.id}-${providerKey}`}
          defaultName={`${flow.title} · ${providerLabel}`}
          readContent={readSetupContent}
        />
        {note && <p className="text-sm text-amber-800 dark:text-amber-300">{note}</p>}
        {missing.length > 0 && (
          <p role="alert" className="text-sm text-red-800 dark:text-red-300">
            This provider does not publish {missing.join(', ')}, which this flow needs.
          </p>
        )}
      </header>

      {activeRun ? (
        <Suspense
          fallback={
            <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
              Loading the run view…
            </p>
          }
        >
          <LazyRunView.Component run={activeRun} flow={flow} onNewRun={() => runner.clear()} />
        </Suspense>
      ) : (
        <DraftSourceContext value={source}>
          {!endpoints && <DiscoveryPanel provider={provider} />}
          <DpopSetup flow={flow} provider={provider} onChange={update} />
          <RegistrationPanel flow={flow} provider={provider} onChange={update} />
          {flow.channel === 'front' ? (
            <SetupForm
              flow={flow}
              provider={provider}
              endpoints={endpoints}
              discovery={document}
              providerLabel={providerLabel}
              companionOrigin={companionOrigin}
              onStart={start}
              startError={startError}
            />
          ) : (
            <BackChannelDraft
              flow={flow}
              provider={provider}
              endpoints={endpoints}
              companionOrigin={companionOrigin}
              onStart={startInThisTab}
            />
          )}
        </DraftSourceContext>
      )}
    </div>
  );
}

/** The back-channel setup is short: it reads the whole draft and renders as one. */
const BackChannelDraft = memo(function BackChannelDraft({
  flow,
  provider,
  endpoints,
  companionOrigin,
  onStart,
}: {
  flow: FlowDefinition;
  provider: ProviderConfig;
  endpoints: ProviderEndpoints | undefined;
  companionOrigin: string;
  onStart: () => void;
}) {
  const source = useDraftSource();
  const draft = useDraftValue((current) => current);
  return (
    <BackChannelSetup
      flow={flow}
      draft={draft}
      provider={provider}
      endpoints={endpoints}
      companionOrigin={companionOrigin}
      onChange={source.update}
      onStart={onStart}
    />
  );
});
