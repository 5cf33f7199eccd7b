import { withQueries } from '../with-queries';
import { SettingsPage } from '@/features/settings/settings-page';

export const Component = withQueries(SettingsPage);
