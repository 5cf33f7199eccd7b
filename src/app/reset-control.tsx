import { useSyncExternalStore } from 'react';
import { describeProvider } from '@/protocol/providers';
import { useRun, useSecrets } from '@/state/runs';
import { toProviderConfig, useSettings } from '@/state/settings';
import { getExchanges, subscribeExchanges } from '@/transport/exchange-log';
import { ResetButton } from '@/ui/presenter/reset-dialog';
import { resetSession } from './reset-session';

export interface ResetControlProps {
  /** Called after the session was cleared, so the layout remounts the page with fresh values. */
  onReset: () => void;
  /** A sign-out problem to show, or `undefined` to clear the last one. */
  onProblem: (problem: string | undefined) => void;
}

/**
 * Ends the session at the provider (RP-initiated logout): its end_session_endpoint from the run, or
 * from discovery (loaded only now).
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
async function signOutAtProvider(
  provider: ReturnType<typeof toProviderConfig>,
  hint: { endSession?: string; idToken?: string; clientId?: string },
): Promise<string | undefined> {
  let endpoint = hint.endSession;
  if (endpoint === undefined) {
    const { fetchDiscovery } = await import('@/state/discovery');
    endpoint = (await fetchDiscovery(provider)).document.end_session_endpoint;
  }
  if (endpoint === undefined)
    return 'This provider publishes no end_session_endpoint: sign out there by hand.';
  const { buildEndSessionUrl } = await import('@/protocol/token-request');
  const known = hint.idToken !== undefined || hint.clientId !== undefined;
  window.location.assign(
    buildEndSessionUrl(endpoint, {
      ...(hint.idToken === undefined ? {} : { id_token_hint: hint.idToken }),
      ...(hint.clientId === undefined ? {} : { client_id: hint.clientId }),
      ...(known ? { post_logout_redirect_uri: `${window.location.origin}/logged-out` } : {}),
    }),
  );
  return undefined;
}

/**
 * The header's Reset button with what it reads (the run, typed secrets, the request log, the
 * provider). It is a chunk of its own, loaded after the start page, so that the settings, run and
 * log stores stay out of the start page; the prerendered HTML already carries the button.
 */
export function ResetControl({ onReset, onProblem }: ResetControlProps) {
  const settings = useSettings();
  const provider = toProviderConfig(settings);
  const run = useRun();
  const secrets = useSecrets();
  // Prerendered pages are built with an empty log, so hydration starts from 0 and then reads the log.
  const exchangeCount = useSyncExternalStore(
    subscribeExchanges,
    () => getExchanges().length,
    () => 0,
  );
  // A flow page keeps a draft of its parameters as soon as it opens, so a draft alone is not work.
  const wouldLoseWork =
    run !== undefined ||
    exchangeCount > 0 ||
    Object.values(secrets).some((value) => value !== undefined && value !== '');

  const reset = ({ signOut }: { signOut: boolean }) => {
    const hint = {
      ...(run?.endpoints.end_session_endpoint ? { endSession: run.endpoints.end_session_endpoint } : {}),
      ...(run?.values.id_token ? { idToken: run.values.id_token } : {}),
      ...(run ? { clientId: run.clientId } : {}),
    };
    resetSession();
    onReset();
    onProblem(undefined);
    if (signOut) {
      signOutAtProvider(provider, hint).then(onProblem, (error: unknown) =>
        onProblem(
          `Could not sign out at the provider: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  };
  return (
    <ResetButton wouldLoseWork={wouldLoseWork} onReset={reset} providerName={describeProvider(provider)} />
  );
}
