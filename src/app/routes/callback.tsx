import { CallbackPage } from '@/features/flow-runner/callback-page';

export { CallbackPage as Component };
