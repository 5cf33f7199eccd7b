import { LoggedOutPage } from '@/features/flow-runner/logged-out-page';

export { LoggedOutPage as Component };
