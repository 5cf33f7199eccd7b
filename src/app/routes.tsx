import { matchRoutes, type RouteObject } from 'react-router';
import { Layout } from './layout';
import { lazyPage, type LazyPage } from './lazy-page';
import { HomeRoute } from './routes/home';

/**
 * The pages, each but the home page in its own chunk so that the start page stays small. The
 * router is the declarative one (`useRoutes`): the pages load no data before they render, so the
 * data router's loaders, actions and fetchers would only add code to the start page (see
 * docs/decisions/0160-prerendered-pages-under-csp.md).
 */
const pages: { path: string; page: LazyPage }[] = [
  { path: 'inspect', page: lazyPage(() => import('./routes/inspect')) },
  { path: 'flows', page: lazyPage(() => import('./routes/flows')) },
  { path: 'flows/:flowId', page: lazyPage(() => import('./routes/flow')) },
  { path: 'callback', page: lazyPage(() => import('./routes/callback')) },
  { path: 'logged-out', page: lazyPage(() => import('./routes/logged-out')) },
  { path: 'attack-lab', page: lazyPage(() => import('./routes/attack-lab')) },
  { path: 'settings', page: lazyPage(() => import('./routes/settings')) },
  { path: 'setups', page: lazyPage(() => import('./routes/setups')) },
  { path: '*', page: lazyPage(() => import('./routes/not-found')) },
];

const lazyRoutes = pages.map(({ path, page }) => ({ path, element: <page.Page /> }));

/** The page tree, shared by the browser (`app.tsx`) and the build-time prerender (`prerender.tsx`). */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [{ index: true, element: <HomeRoute /> }, ...lazyRoutes],
  },
];

/**
 * Loads the code of the page at `pathname`, so that the first render shows the page itself (what
 * the prerendered HTML holds) instead of suspending on its chunk.
 */
export async function preloadPage(pathname: string): Promise<void> {
  const leaf = matchRoutes(routes, pathname)?.at(-1)?.route;
  const index = lazyRoutes.findIndex((route) => route === leaf);
  await pages[index]?.page.preload();
}

/**
 * The pages rendered to HTML at build time (`<path>.html`, the home page as `index.html`). They
 * read nothing from the URL's query or fragment, storage or the clock on their first render, so
 * the prerendered HTML is what the browser's first render produces.
 */
export const PRERENDERED_PATHS = ['/', '/inspect', '/flows', '/settings', '/setups'] as const;
