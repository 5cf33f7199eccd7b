import { withQueries } from '../with-queries';
import { InspectorPage } from '@/features/inspector/inspector-page';

export const Component = withQueries(InspectorPage);
