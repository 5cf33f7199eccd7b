import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { StaticRouter } from 'react-router';
import { AppRoutes } from './app';
import { loadResetControl } from './reset-control-loader';
import { PRERENDERED_PATHS, preloadPage } from './routes';

// A build-time entry (never hot-reloaded), so it exports functions, not components.
/* eslint-disable react-refresh/only-export-components */
export { PRERENDERED_PATHS };

/**
 * Renders one page to HTML for the build (see `prerender` in vite.config.ts), with the same page
 * tree as the browser (`AppRoutes`) under a static router. Nothing is written for the browser to
 * pick up (that would be an inline script, which the CSP forbids): the pages load no data, and
 * `src/main.tsx` loads the page's chunk before it calls `hydrateRoot`, as this does before rendering.
 */
export async function renderPage(pathname: string): Promise<string> {
  await preloadPage(pathname);
  const page = () =>
    renderToString(
      <StrictMode>
        <StaticRouter location={pathname}>
          <AppRoutes />
        </StaticRouter>
      </StrictMode>,
    );
  // The header's Reset control is a lazy chunk: the first render starts loading it, and once it
  // is in, the page is rendered again so that the HTML carries the real button (the browser keeps
  // that HTML and hydrates it when its own copy of the chunk arrives).
  page();
  await loadResetControl();
  await new Promise((resolve) => setTimeout(resolve, 0));
  const html = page();
  // A page that threw while rendering on the server is left for the browser to render (`<!--$!-->`).
  if (html.includes('<!--$!-->')) throw new Error(`${pathname} failed to render at build time.`);
  return html;
}
