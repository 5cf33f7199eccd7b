import { use, type ComponentType } from 'react';

/**
 * `load`, called once: its promise carries the fields React's `use` reads from a settled promise
 * (`status` and `value` or `reason`), so that once it has settled `use` returns at once instead of
 * suspending for a microtask. React relies on these fields itself; `lazy-page.test.tsx` fails if a
 * React version stops reading them.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    if (!loading) {
      const promise = load();
      promise.then(
        (value) => Object.assign(promise, { status: 'fulfilled', value }),
        (reason: unknown) => Object.assign(promise, { status: 'rejected', reason }),
      );
      loading = promise;
    }
    return loading;
  };
}

export interface LazyComponent<Props extends object> {
  /** The component; it suspends only while its chunk is still on the way. */
  Component: ComponentType<Props>;
  /** Fetches the chunk (once); after it settles, `Component` renders without suspending. */
  preload: () => Promise<ComponentType<Props>>;
}

/**
 * A component whose code is its own chunk, fetched on first use or earlier by `preload`. Unlike
 * `React.lazy`, it does not suspend when its chunk is already in.
 */
export function lazyComponent<Props extends object>(
  load: () => Promise<ComponentType<Props>>,
): LazyComponent<Props> {
  const preload = loadOnce(load);
  function Component(props: Props) {
    const Loaded = use(preload());
    return <Loaded {...props} />;
  }
  return { Component, preload };
}
