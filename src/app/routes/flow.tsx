import { withQueries } from '../with-queries';
import { FlowPage } from '@/features/flow-runner/flow-page';
import { prefetchDiscovery } from '@/state/discovery';
import { queryClient } from '@/state/query-client';
import { settingsStore, toProviderConfig } from '@/state/settings';

// A flow page's Start waits for the provider's discovery document: the request leaves while this
// page's code is still being evaluated, not after its first render. Flow pages are never
// prerendered, so the stored settings already apply here.
prefetchDiscovery(queryClient, toProviderConfig(settingsStore.get()));

export const Component = withQueries(FlowPage);
