import { SettingsPage } from '@/features/settings/settings-page';

export { SettingsPage as Component };
