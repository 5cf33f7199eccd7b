import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router';
import { loadResetControl } from './reset-control-loader';
import { PRERENDERED_PATHS, routes } from './routes';

// A build-time entry (never hot-reloaded), so it exports functions, not components.
/* eslint-disable react-refresh/only-export-components */
export { PRERENDERED_PATHS };

/**
 * Renders one page to HTML for the build (see `prerenderPlugin` in vite.config.ts). `hydrate` is
 * off: the router's hydration data would be an inline script, which the CSP forbids; the pages
 * have no loaders, so the browser router needs none.
 */
export async function renderPage(pathname: string): Promise<string> {
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(new URL(pathname, 'http://prerender.invalid')));
  if (context instanceof Response) throw new Error(`${pathname} answered ${context.status} at build time.`);
  if (context.errors) throw new Error(`${pathname} failed at build time: ${JSON.stringify(context.errors)}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const page = () =>
    renderToString(
      <StrictMode>
        <StaticRouterProvider router={router} context={context} hydrate={false} />
      </StrictMode>,
    );
  // The header's Reset control is a lazy chunk: the first render starts loading it, and once it
  // is in, the page is rendered again so that the HTML carries the real button (the browser keeps
  // that HTML and hydrates it when its own copy of the chunk arrives).
  page();
  await loadResetControl();
  await new Promise((resolve) => setTimeout(resolve, 0));
  return page();
}
