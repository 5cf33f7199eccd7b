import { useSyncExternalStore } from 'react';

export interface Store<T> {
  get: () => T;
  /** The value before storage was read: what the build-time prerender shows, so hydration matches. */
  initial: () => T;
  set: (next: T | ((previous: T) => T)) => void;
  subscribe: (listener: () => void) => () => void;
}

export interface StorageBinding<T> {
  storage: () => Storage | undefined;
  key: string;
  /** Turns stored JSON back into a value, or undefined when it is not usable (then the default wins). */
  revive: (raw: unknown) => T | undefined;
  /** What may be written: callers strip secrets here. */
  dehydrate?: (value: T) => unknown;
}

/** A small observable value, optionally mirrored to web storage. */
export function createStore<T>(initial: T, binding?: StorageBinding<T>): Store<T> {
  let value = initial;
  if (binding) {
    try {
      const raw = binding.storage()?.getItem(binding.key);
      if (raw) value = binding.revive(JSON.parse(raw)) ?? initial;
    } catch {
      value = initial;
    }
  }
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    initial: () => initial,
    set(next) {
      value = typeof next === 'function' ? (next as (previous: T) => T)(value) : next;
      if (binding) {
        try {
          const stored = binding.dehydrate ? binding.dehydrate(value) : value;
          binding.storage()?.setItem(binding.key, JSON.stringify(stored));
        } catch {
          // Storage full or disabled (private mode): the value still lives in memory.
        }
      }
      listeners.forEach((listener) => listener());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Reads a store in a component. While React adopts prerendered HTML it renders with the initial
 * value (what the HTML was built with) and then re-renders with the stored one.
 */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.initial);
}

/** Nothing changes whether stored values are applied once they are: there is nothing to listen to. */
function subscribeToNothing(): () => void {
  return () => undefined;
}

/**
 * False while React adopts prerendered HTML, when every store still reads its initial value (the
 * stored settings are not applied yet); true from the render that follows, and in any render that
 * does not adopt HTML. Requests that depend on stored values wait for it: the prerendered settings
 * page would otherwise ask the default provider for its discovery document before the provider the
 * user chose replaces it.
 */
export function useStoredValuesApplied(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}

export const localStorageOrUndefined = (): Storage | undefined =>
  typeof localStorage === 'undefined' ? undefined : localStorage;
export const sessionStorageOrUndefined = (): Storage | undefined =>
  typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
