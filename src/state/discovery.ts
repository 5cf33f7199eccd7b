import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  buildDiscoveryRequest,
  explainTenantIssuer,
  parseDiscoveryResponse,
  type DiscoveryDocument,
} from '@/protocol/discovery';
import { explainAuthorityIssuer } from '@/protocol/authorities';
import { PlaygroundError } from '@/protocol/errors';
import type { Exchange } from '@/protocol/http';
import { describeEntraTenantProblem, getDiscoveryTarget, type ProviderConfig } from '@/protocol/providers';
import { requireResponse, sendRequest } from '@/transport/send';
import { useStoredValuesApplied } from './store';

export interface DiscoveryResult {
  document: DiscoveryDocument;
  discoveryUrl: string;
  exchange: Exchange;
  /** Why the published issuer differs from the one the URL suggests, when that is expected (Entra). */
  issuerNote?: string;
}

/** Fetches and checks a provider's discovery document; rejects with a `PlaygroundError`. */
export async function fetchDiscovery(
  provider: ProviderConfig,
  signal?: AbortSignal,
): Promise<DiscoveryResult> {
  if (provider.kind === 'entra') {
    const problem = describeEntraTenantProblem(provider.tenant);
    if (problem)
      throw new PlaygroundError('INVALID_PARAMETER', problem, {
        cause: { expected: 'tenant', actual: provider.tenant },
      });
  }
  const { discoveryUrl, expectedIssuer } = getDiscoveryTarget(provider);
  const exchange = await sendRequest(buildDiscoveryRequest(discoveryUrl), {
    label: 'Discovery document',
    ...(signal ? { signal } : {}),
  });
  const failure = exchange.failure;
  if (failure?.code === 'CORS_BLOCKED') {
    throw new PlaygroundError(
      'CORS_BLOCKED',
      `${new URL(discoveryUrl).host} answered but does not allow browser pages to read its discovery document (no CORS headers). Enter the endpoints by hand, or ask the provider to allow this origin.`,
      { cause: exchange },
    );
  }
  const tenantAliases = provider.kind === 'entra';
  const document = parseDiscoveryResponse(requireResponse(exchange), expectedIssuer, { tenantAliases });
  const issuerNote =
    (tenantAliases ? explainTenantIssuer(expectedIssuer, document.issuer) : undefined) ??
    explainAuthorityIssuer(expectedIssuer, document.issuer);
  return { document, discoveryUrl, exchange, ...(issuerNote === undefined ? {} : { issuerNote }) };
}

/** A stable key for a provider's discovery document. */
export function discoveryQueryKey(provider: ProviderConfig) {
  let target: string;
  try {
    target = getDiscoveryTarget(provider).discoveryUrl;
  } catch {
    target = JSON.stringify(provider);
  }
  return ['discovery', target] as const;
}

export function discoveryQueryOptions(provider: ProviderConfig) {
  return queryOptions({
    queryKey: discoveryQueryKey(provider),
    queryFn: ({ signal }) => fetchDiscovery(provider, signal),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Whether a provider names enough to ask for its discovery document (a custom one needs a URL). */
export function canDiscover(provider: ProviderConfig): boolean {
  return !(provider.kind === 'custom' && provider.url.trim() === '');
}

/**
 * Starts fetching a provider's discovery document into the shared cache, where `useDiscovery` finds
 * it (the same key): a page that needs it asks before its first render instead of after.
 */
export function prefetchDiscovery(client: QueryClient, provider: ProviderConfig): void {
  // A failure is kept in the cache for the page to show, as if the page had asked itself.
  if (canDiscover(provider)) client.query(discoveryQueryOptions(provider)).catch(() => undefined);
}

/** How long a failed discovery stays the answer for a page that mounts (see useDiscovery). */
const FRESH_FAILURE_MS = 10_000;

export function useDiscovery(provider: ProviderConfig, enabled = true) {
  // Not with the provider of the prerendered page: with the one the user chose, a render later.
  const applied = useStoredValuesApplied();
  const options = discoveryQueryOptions(provider);
  // A failure that prefetchDiscovery got moments ago is this page's answer: asking again on mount
  // would send a second request (and log a second failure) for one page load. The page offers
  // "try again" for a failure.
  const [mountedAt] = useState(() => Date.now());
  const state = useQueryClient().getQueryState(options.queryKey);
  const freshFailure = state?.status === 'error' && mountedAt - state.errorUpdatedAt < FRESH_FAILURE_MS;
  return useQuery({ ...options, enabled: enabled && applied, retryOnMount: !freshFailure });
}
