import { createDpopKey, type DpopKey } from '@/protocol/dpop';
import { createStore, useStore } from './store';

/**
 * The DPoP key pair of this page (RFC 9449): memory only, never in storage, runs or exports. Its
 * private half is a non-extractable WebCrypto key, so even this page cannot read it out; a reload
 * or a same-tab redirect forgets it, and a run that needs it says so.
 */
export const dpopKeyStore = createStore<DpopKey | undefined>(undefined);

export function useDpopKey(): DpopKey | undefined {
  return useStore(dpopKeyStore);
}

/** The key, generated on first use (ES256) and then kept for the page's life. */
export async function ensureDpopKey(): Promise<DpopKey> {
  const existing = dpopKeyStore.get();
  if (existing) return existing;
  const key = await createDpopKey('ES256');
  dpopKeyStore.set(key);
  return key;
}

/** A new key pair: tokens bound to the old one cannot be used with it any more. */
export async function replaceDpopKey(): Promise<DpopKey> {
  const key = await createDpopKey('ES256');
  dpopKeyStore.set(key);
  return key;
}
