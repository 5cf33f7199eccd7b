import { QueryClientProvider } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { queryClient } from '@/state/query-client';

/**
 * Wraps a lazily loaded page in the shared query cache. The provider lives in the page chunks,
 * not the start page, so TanStack Query is not part of the initial bundle.
 */
export function withQueries(Page: ComponentType): ComponentType {
  function WithQueries() {
    return (
      <QueryClientProvider client={queryClient}>
        <Page />
      </QueryClientProvider>
    );
  }
  WithQueries.displayName = `WithQueries(${Page.displayName ?? Page.name})`;
  return WithQueries;
}
