import { use, type ComponentType } from 'react';
import { loadOnce } from '@/ui/lazy-component';

/** What a route file (`routes/<name>.tsx`) exports. */
export interface PageModule {
  Component: ComponentType;
}

export interface LazyPage {
  /** The page as a component; it suspends only while its chunk is still on the way. */
  Page: ComponentType;
  /** Fetches the page's chunk (once); after it settles, `Page` renders without suspending. */
  preload: () => Promise<PageModule>;
}

/**
 * A page whose code is its own chunk, loaded on first use. Unlike `React.lazy`, which suspends on
 * its first render even when the chunk is already in, a preloaded page renders in the same pass:
 * `src/main.tsx` and the build's prerender preload the page of the address first, so hydration
 * adopts the prerendered HTML at once and a fresh render shows no fallback. A page that is not in
 * yet suspends (`use`) inside the navigation's transition, so the last page stays until it is.
 */
export function lazyPage(load: () => Promise<PageModule>): LazyPage {
  const preload = loadOnce(load);
  function Page() {
    const { Component } = use(preload());
    return <Component />;
  }
  return { Page, preload };
}
