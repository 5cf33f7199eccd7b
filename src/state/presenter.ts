import { createStore, localStorageOrUndefined, useStore } from './store';

/**
 * Presenter mode: large type, high contrast and personal data masked on screen. A display
 * preference, not a secret, so local storage keeps it across reloads.
 */
export const presenterStore = createStore<boolean>(false, {
  storage: localStorageOrUndefined,
  key: 'token-playground.presenter.v1',
  revive: (raw) => (typeof raw === 'boolean' ? raw : undefined),
});

export function usePresenterMode(): boolean {
  return useStore(presenterStore);
}

export function setPresenterMode(on: boolean): void {
  presenterStore.set(on);
}
