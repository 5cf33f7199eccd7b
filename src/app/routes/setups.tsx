import { withQueries } from '../with-queries';
import { SetupsPage } from '@/features/setups/setups-page';

export const Component = withQueries(SetupsPage);
