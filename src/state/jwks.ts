import { queryOptions } from '@tanstack/react-query';
import { PlaygroundError } from '@/protocol/errors';
import type { Exchange } from '@/protocol/http';
import { requireResponse, sendRequest } from '@/transport/send';
import { fetchDiscovery } from './discovery';

export interface JwksResult {
  jwks: { keys: JsonWebKey[] };
  jwksUri: string;
  exchanges: Exchange[];
}

/**
 * Finds an issuer's signing keys: discovery (whose `issuer` must match), then `jwks_uri`.
 * Rejects with a `PlaygroundError` that says which of the two failed and why.
 */
export async function fetchJwksForIssuer(issuer: string, signal?: AbortSignal): Promise<JwksResult> {
  const discovery = await fetchDiscovery({ kind: 'custom', url: issuer }, signal);
  const jwksUri = discovery.document.jwks_uri;
  if (!jwksUri) {
    throw new PlaygroundError('DISCOVERY_MISSING_ENDPOINT', 'The discovery document has no "jwks_uri".');
  }
  const exchange = await sendRequest(
    { method: 'GET', url: jwksUri, headers: { accept: 'application/json' } },
    { label: 'Signing keys (JWKS)', ...(signal ? { signal } : {}) },
  );
  if (exchange.failure?.code === 'CORS_BLOCKED') {
    throw new PlaygroundError(
      'CORS_BLOCKED',
      `${new URL(jwksUri).host} does not let browser pages read its signing keys (no CORS headers). Paste the JWKS instead.`,
      { cause: exchange },
    );
  }
  const response = requireResponse(exchange);
  if (response.status !== 200) {
    throw new PlaygroundError('RESPONSE_INVALID', `The JWKS endpoint answered HTTP ${response.status}.`, {
      cause: { expected: 200, actual: response.status },
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    throw new PlaygroundError('RESPONSE_NOT_JSON', 'The JWKS endpoint did not return JSON.', {
      cause: { expected: 'JSON', actual: response.body.slice(0, 200) },
    });
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) {
    throw new PlaygroundError('RESPONSE_INVALID', 'The JWKS document has no "keys" array.', {
      cause: { expected: '{"keys": [...]}', actual: parsed },
    });
  }
  return { jwks: { keys: keys as JsonWebKey[] }, jwksUri, exchanges: [discovery.exchange, exchange] };
}

export function jwksQueryOptions(issuer: string) {
  return queryOptions({
    queryKey: ['jwks', issuer],
    queryFn: ({ signal }) => fetchJwksForIssuer(issuer, signal),
    staleTime: 5 * 60_000,
    retry: false,
  });
}
