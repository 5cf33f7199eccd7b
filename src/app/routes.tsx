import type { RouteObject } from 'react-router';
import { Layout } from './layout';
import { RouteError } from './route-error';
import { HomeRoute } from './routes/home';

/**
 * The page tree, shared by the browser router and the build-time prerender (`prerender.tsx`).
 * Every route but the home page loads lazily so that the start page stays small.
 */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <HomeRoute /> },
          { path: 'inspect', lazy: () => import('./routes/inspect') },
          { path: 'flows', lazy: () => import('./routes/flows') },
          { path: 'flows/:flowId', lazy: () => import('./routes/flow') },
          { path: 'callback', lazy: () => import('./routes/callback') },
          { path: 'logged-out', lazy: () => import('./routes/logged-out') },
          { path: 'attack-lab', lazy: () => import('./routes/attack-lab') },
          { path: 'settings', lazy: () => import('./routes/settings') },
          { path: 'setups', lazy: () => import('./routes/setups') },
          { path: '*', lazy: () => import('./routes/not-found') },
        ],
      },
    ],
  },
];

/**
 * The pages rendered to HTML at build time (`<path>.html`, the home page as `index.html`). They
 * read nothing from the URL's query or fragment, storage or the clock on their first render, so
 * the prerendered HTML is what the browser's first render produces.
 */
export const PRERENDERED_PATHS = ['/', '/inspect', '/flows', '/settings', '/setups'] as const;
