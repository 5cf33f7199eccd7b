// @vitest-environment happy-dom
import { Suspense } from 'react';
import { cleanup, render, waitFor } from '@testing-library/react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyPage, type PageModule } from './lazy-page';

afterEach(cleanup);

describe('lazyPage', () => {
  it('loads the chunk once and, once preloaded, renders without suspending', async () => {
    const load = vi.fn(() => Promise.resolve({ Component: () => <h1>Inspector</h1> }));
    const { Page, preload } = lazyPage(load);
    await preload();
    await preload();
    // No Suspense boundary and no act() flush: a suspending render would show nothing here.
    const { container } = render(<Page />);
    expect(container.innerHTML).toBe('<h1>Inspector</h1>');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('suspends until the chunk is in when it was not preloaded', async () => {
    // Rendered outside act(): a page suspended on its chunk is retried by React's scheduler, as in
    // the browser, and act() would hold that retry in its own queue.
    const scope = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean | undefined };
    const actEnvironment = scope.IS_REACT_ACT_ENVIRONMENT;
    scope.IS_REACT_ACT_ENVIRONMENT = false;
    let resolve: (module: PageModule) => void = () => undefined;
    const { Page } = lazyPage(() => new Promise((done) => (resolve = done)));
    const container = document.createElement('div');
    const root = createRoot(container);
    try {
      root.render(
        <Suspense fallback={<p>Loading</p>}>
          <Page />
        </Suspense>,
      );
      await waitFor(() => expect(container.innerHTML).toBe('<p>Loading</p>'));
      resolve({ Component: () => <h1>Settings</h1> });
      await waitFor(() => expect(container.innerHTML).toBe('<h1>Settings</h1>'));
    } finally {
      root.unmount();
      scope.IS_REACT_ACT_ENVIRONMENT = actEnvironment;
    }
  });
});
