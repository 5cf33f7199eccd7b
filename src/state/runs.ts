import type { FlowRun, RunSecrets } from '@/protocol/flows/types';
import { redactExchange } from '@/transport/redact';
import { createStore, sessionStorageOrUndefined, useStore } from './store';

/**
 * The run in progress. Session storage keeps it across the redirect to the provider: tokens and
 * the PKCE verifier may live there (DESIGN.md), secrets never do, so every exchange is stored
 * with client secrets, passwords and assertions redacted.
 */
export const runStore = createStore<FlowRun | undefined>(undefined, {
  storage: sessionStorageOrUndefined,
  key: 'token-playground.run.v1',
  revive: (raw) => (isRun(raw) ? raw : undefined),
  dehydrate: (run) =>
    run && {
      ...run,
      exchanges: run.exchanges.map((exchange) => redactExchange(exchange, { secrets: true, tokens: false })),
    },
});

function isRun(raw: unknown): raw is FlowRun {
  if (typeof raw !== 'object' || raw === null) return false;
  const run = raw as Partial<FlowRun>;
  return (
    typeof run.id === 'string' &&
    typeof run.flowId === 'string' &&
    Array.isArray(run.steps) &&
    Array.isArray(run.exchanges)
  );
}

export function useRun(): FlowRun | undefined {
  return useStore(runStore);
}

export function setRun(run: FlowRun | undefined): void {
  runStore.set(run);
}

export function updateRun(update: (run: FlowRun) => FlowRun): void {
  runStore.set((previous) => (previous ? update(previous) : previous));
}

/** Secrets for the current page session: memory only, gone on reload (the UI says so). */
export const secretsStore = createStore<RunSecrets>({});

export function useSecrets(): RunSecrets {
  return useStore(secretsStore);
}

export function updateSecrets(patch: Partial<RunSecrets>): void {
  secretsStore.set((previous) => ({ ...previous, ...patch }));
}

export function clearSecrets(): void {
  secretsStore.set({});
}
