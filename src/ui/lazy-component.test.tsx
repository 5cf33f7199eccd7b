// @vitest-environment happy-dom
import { Suspense } from 'react';
import { cleanup, render, waitFor } from '@testing-library/react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyComponent } from './lazy-component';

afterEach(cleanup);

function Greeting({ name }: { name: string }) {
  return <p>Hello {name}</p>;
}

describe('lazyComponent', () => {
  it('fetches its chunk once and, once preloaded, renders with its props without suspending', async () => {
    const load = vi.fn(() => Promise.resolve(Greeting));
    const { Component, preload } = lazyComponent(load);
    await Promise.all([preload(), preload()]);
    const { container } = render(<Component name="Ada" />);
    expect(container.innerHTML).toBe('<p>Hello Ada</p>');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('shows the fallback until the chunk is in, then the component', async () => {
    // Outside act(), as lazy-page.test.tsx explains: React's scheduler retries the suspended render.
    const scope = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean | undefined };
    const actEnvironment = scope.IS_REACT_ACT_ENVIRONMENT;
    scope.IS_REACT_ACT_ENVIRONMENT = false;
    let resolve: (component: typeof Greeting) => void = () => undefined;
    const { Component } = lazyComponent(() => new Promise<typeof Greeting>((done) => (resolve = done)));
    const container = document.createElement('div');
    const root = createRoot(container);
    try {
      root.render(
        <Suspense fallback={<p>Loading…</p>}>
          <Component name="Grace" />
        </Suspense>,
      );
      await waitFor(() => expect(container.innerHTML).toBe('<p>Loading…</p>'));
      resolve(Greeting);
      await waitFor(() => expect(container.innerHTML).toBe('<p>Hello Grace</p>'));
    } finally {
      root.unmount();
      scope.IS_REACT_ACT_ENVIRONMENT = actEnvironment;
    }
  });
});
