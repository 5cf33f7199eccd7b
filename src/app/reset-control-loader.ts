import { lazy } from 'react';

let loading: Promise<typeof import('./reset-control')> | undefined;

/** Loads the Reset control's chunk once; the build awaits it before rendering a page for good. */
export function loadResetControl() {
  loading ??= import('./reset-control');
  return loading;
}

/** The Reset control as a lazy component (see `reset-control.tsx`). */
export const LazyResetControl = lazy(() =>
  loadResetControl().then(({ ResetControl }) => ({ default: ResetControl })),
);
