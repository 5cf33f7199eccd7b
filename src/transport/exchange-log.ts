import type { Exchange } from '@/protocol/http';

type Listener = () => void;

const listeners = new Set<Listener>();
let exchanges: readonly Exchange[] = [];

/** Adds an exchange to the session's request log (in memory; the run store persists its own). */
export function recordExchange(exchange: Exchange): void {
  exchanges = [...exchanges, exchange];
  listeners.forEach((listener) => listener());
}

export function getExchanges(): readonly Exchange[] {
  return exchanges;
}

export function clearExchanges(): void {
  exchanges = [];
  listeners.forEach((listener) => listener());
}

/** Replaces the log, e.g. with the exchanges a run kept across the redirect to the provider. */
export function restoreExchanges(restored: readonly Exchange[]): void {
  const known = new Set(exchanges.map((exchange) => exchange.id));
  exchanges = [...restored.filter((exchange) => !known.has(exchange.id)), ...exchanges];
  listeners.forEach((listener) => listener());
}

export function subscribeExchanges(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
