import { withQueries } from '../with-queries';
import { FlowPage } from '@/features/flow-runner/flow-page';

export const Component = withQueries(FlowPage);
