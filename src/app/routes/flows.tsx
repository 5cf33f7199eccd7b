import { withQueries } from '../with-queries';
import { FlowListPage } from '@/features/flow-runner/flow-list-page';

export const Component = withQueries(FlowListPage);
