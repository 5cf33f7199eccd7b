import type { ReactNode } from 'react';
import { usePresenterMode } from '@/state/presenter';
import { PresenterContext } from '@/ui/presenter/presenter-context';

/** Hands the stored presenter switch to every presentational component below. */
export function PresenterModeProvider({ children }: { children: ReactNode }) {
  return <PresenterContext value={usePresenterMode()}>{children}</PresenterContext>;
}
