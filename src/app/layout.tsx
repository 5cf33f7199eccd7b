import { Fragment, Suspense, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { focusNextAction } from '@/features/flow-runner/focus-next-action';
import { PresenterModeProvider } from '@/connected/presenter-mode-provider';
import { PresenterSwitch } from '@/connected/presenter-switch';
import { LazyResetControl } from './reset-control-loader';
import { RouteErrorBoundary } from './route-error';

const links = [
  { to: '/', label: 'Home', end: true },
  { to: '/inspect', label: 'Inspect a token', end: false },
  { to: '/flows', label: 'Run a flow', end: false },
  { to: '/attack-lab', label: 'Attack lab', end: false },
  { to: '/setups', label: 'Setups', end: false },
  { to: '/settings', label: 'Settings', end: false },
];

export function Layout() {
  // Remounting the page after a reset gives it fresh per-run values (state, nonce, verifier).
  const [generation, setGeneration] = useState(0);
  const [signOutProblem, setSignOutProblem] = useState<string>();
  // A flow page has one primary action (Start, Send request…); a skip link leads straight to it.
  const { pathname } = useLocation();
  const onFlowPage = /^\/flows\/[^/]+/.test(pathname);
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
              {/* Until its chunk is in, the button is shown but cannot be pressed yet. */}
              <Suspense
                fallback={
                  <button
                    type="button"
                    disabled
                    className="rounded-md border border-slate-400 px-3 py-1.5 text-sm font-medium text-slate-800 dark:border-slate-500 dark:text-slate-100"
                  >
                    Reset
                  </button>
                }
              >
                <LazyResetControl
                  onReset={() => setGeneration((value) => value + 1)}
                  onProblem={setSignOutProblem}
                />
              </Suspense>
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
            {/* No Suspense boundary here: hydration would adopt the page in a second, later pass.
                The page of the address is loaded before the first render, and navigations are
                transitions, so the last page stays until the next one's chunk is in. */}
            <RouteErrorBoundary pathname={pathname}>
              <Outlet />
            </RouteErrorBoundary>
          </Fragment>
        </main>
      </div>
    </PresenterModeProvider>
  );
}
