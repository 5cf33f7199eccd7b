import { createBrowserRouter, matchRoutes } from 'react-router';
import type { RouteObject } from 'react-router';
import { routes } from './routes';

/**
 * Loads the code of the lazy routes that match `pathname`, so the router's first render shows the
 * page itself (what the prerendered HTML holds) instead of waiting on a lazy import.
 */
async function resolveLazyRoutes(tree: RouteObject[], pathname: string): Promise<void> {
  const matches = matchRoutes(tree, pathname) ?? [];
  await Promise.all(
    matches.map(async ({ route }) => {
      if (typeof route.lazy !== 'function') return;
      const loaded = await route.lazy();
      Object.assign(route, { ...loaded, lazy: undefined });
    }),
  );
}

export async function createRouter(pathname: string) {
  await resolveLazyRoutes(routes, pathname);
  return createBrowserRouter(routes);
}
