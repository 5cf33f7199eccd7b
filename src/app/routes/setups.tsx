import { SetupsPage } from '@/features/setups/setups-page';

export { SetupsPage as Component };
