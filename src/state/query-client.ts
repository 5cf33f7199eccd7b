import { QueryClient } from '@tanstack/react-query';

/** One cache for discovery documents and JWKS across every page. */
export const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false, retry: false } },
});
