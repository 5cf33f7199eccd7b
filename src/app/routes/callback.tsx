import { withQueries } from '../with-queries';
import { CallbackPage } from '@/features/flow-runner/callback-page';

export const Component = withQueries(CallbackPage);
