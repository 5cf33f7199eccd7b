import { InspectorPage } from '@/features/inspector/inspector-page';

export { InspectorPage as Component };
