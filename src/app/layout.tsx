import { Fragment, useState, useSyncExternalStore } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { focusNextAction } from '@/features/flow-runner/next-action';
import { buildEndSessionUrl } from '@/protocol/token-request';
import { describeProvider } from '@/protocol/providers';
import { useRun, useSecrets } from '@/state/runs';
import { toProviderConfig, useSettings } from '@/state/settings';
import { getExchanges, subscribeExchanges } from '@/transport/exchange-log';
import { resetSession } from './reset-session';
import { PresenterModeProvider } from '@/connected/presenter-mode-provider';
import { PresenterSwitch } from '@/connected/presenter-switch';
import { ResetButton } from '@/ui/presenter/reset-dialog';

const links = [
  { to: '/', label: 'Home', end: true },
  { to: '/inspect', label: 'Inspect a token', end: false },
  { to: '/flows', label: 'Run a flow', end: false },
  { to: '/attack-lab', label: 'Attack lab', end: false },
  { to: '/setups', label: 'Setups', end: false },
  { to: '/settings', label: 'Settings', end: false },
];

/**
 * Ends the session at the provider (RP-initiated logout): its end_session_endpoint from the run, or
 * from discovery (loaded only now, to keep the start page small).
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

export function Layout() {
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
  // Remounting the page after a reset gives it fresh per-run values (state, nonce, verifier).
  const [generation, setGeneration] = useState(0);
  const [signOutProblem, setSignOutProblem] = useState<string>();
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
    setGeneration((value) => value + 1);
    setSignOutProblem(undefined);
    if (signOut) {
      signOutAtProvider(provider, hint).then(setSignOutProblem, (error: unknown) =>
        setSignOutProblem(
          `Could not sign out at the provider: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  };
  // A flow page has one primary action (Start, Send request…); a skip link leads straight to it.
  const onFlowPage = /^\/flows\/[^/]+/.test(useLocation().pathname);
  return (
    <PresenterModeProvider>
      <div className="flex min-h-screen flex-col">
        {onFlowPage && (
          <a
            href="#next-action"
            onClick={(event) => {
              event.preventDefault();
              focusNextAction();
            }}
            className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
          >
            Skip to the next action
          </a>
        )}
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
        >
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <NavLink to="/" className="flex items-center gap-2 text-lg font-semibold">
              <img src="/favicon.svg" alt="" width={24} height={24} />
              Token Playground
            </NavLink>
            <nav aria-label="Main">
              <ul className="flex flex-wrap gap-1">
                {links.map((link) => (
                  <li key={link.to}>
                    <NavLink
                      to={link.to}
                      end={link.end}
                      className={({ isActive }) =>
                        `rounded-md px-3 py-1.5 text-sm font-medium ${
                          isActive
                            ? 'bg-indigo-100 text-indigo-900 dark:bg-indigo-900/60 dark:text-indigo-100'
                            : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
                        }`
                      }
                    >
                      {link.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            <p className="ml-auto hidden text-xs text-slate-600 sm:block dark:text-slate-400">
              Runs in your browser. Tokens never leave it unless you send them.
            </p>
            <div className="flex gap-2">
              <PresenterSwitch />
              <ResetButton
                wouldLoseWork={wouldLoseWork}
                onReset={reset}
                providerName={describeProvider(provider)}
              />
            </div>
          </div>
        </header>
        <main
          id="main"
          className="mx-auto w-full max-w-7xl min-w-0 flex-1 px-4 py-4 sm:py-6 [.presenter_&]:max-w-none"
        >
          {signOutProblem && (
            <p role="alert" className="mb-4 text-sm text-red-800 dark:text-red-300">
              {signOutProblem}
            </p>
          )}
          <Fragment key={generation}>
            <Outlet />
          </Fragment>
        </main>
      </div>
    </PresenterModeProvider>
  );
}
