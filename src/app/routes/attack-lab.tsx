import { AttackLabPage } from '@/features/attack-lab/attack-lab-page';

export const Component = AttackLabPage;
