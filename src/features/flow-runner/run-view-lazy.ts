import { lazyComponent } from '@/ui/lazy-component';

/**
 * The run view (steps, exchanges, tokens, follow-ups, learning moments) is its own chunk: a flow
 * page before its first run does not parse it. The flow page fetches it once it is idle, and the
 * callback page as soon as it opens, so that a run rarely waits for it.
 */
export const LazyRunView = lazyComponent(() => import('./run-view').then((module) => module.RunView));
