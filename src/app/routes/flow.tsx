import { FlowPage } from '@/features/flow-runner/flow-page';

export { FlowPage as Component };
