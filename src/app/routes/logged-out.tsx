import { withQueries } from '../with-queries';
import { LoggedOutPage } from '@/features/flow-runner/logged-out-page';

export const Component = withQueries(LoggedOutPage);
