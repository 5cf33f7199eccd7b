import { FlowListPage } from '@/features/flow-runner/flow-list-page';

export { FlowListPage as Component };
