import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { clearDrafts } from '@/features/flow-runner/draft';
import { clearSecrets, setRun } from '@/state/runs';
import { clearExchanges } from '@/transport/exchange-log';
import { PresenterModeProvider } from '@/connected/presenter-mode-provider';
import { PresenterSwitch } from '@/connected/presenter-switch';
import { ResetButton } from '@/ui/presenter/reset-dialog';

const links = [
  { to: '/', label: 'Home', end: true },
  { to: '/inspect', label: 'Inspect a token', end: false },
  { to: '/flows', label: 'Run a flow', end: false },
  { to: '/setups', label: 'Setups', end: false },
  { to: '/settings', label: 'Settings', end: false },
];

/** Clears everything of the session; saved setups and settings (local storage) stay. */
function resetSession() {
  setRun(undefined);
  clearSecrets();
  clearDrafts();
  clearExchanges();
  try {
    sessionStorage.clear();
  } catch {
    // Storage disabled: the in-memory stores above are already empty.
  }
}

export function Layout() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const resetPending = useRef(false);
  // The reset runs once the home page is shown: a flow page still on screen would write a fresh draft.
  useEffect(() => {
    if (!resetPending.current || pathname !== '/') return;
    resetPending.current = false;
    resetSession();
  }, [pathname]);
  return (
    <div className="flex min-h-screen flex-col">
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
          <p className="ml-auto text-xs text-slate-600 dark:text-slate-400">
            Runs in your browser. Tokens never leave it unless you send them.
          </p>
          <div className="flex gap-2">
            <PresenterSwitch />
            <ResetButton
              onReset={() => {
                if (pathname === '/') {
                  resetSession();
                  return;
                }
                resetPending.current = true;
                void navigate('/');
              }}
            />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        <PresenterModeProvider>
          <Outlet />
        </PresenterModeProvider>
      </main>
    </div>
  );
}
