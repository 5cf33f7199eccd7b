// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act } from '@testing-library/react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

// A page prerendered at build time is adopted with the stores' initial values (the default
// provider), then rendered again with what the user stored. Regression: the prerendered settings
// page asked the default local IdP for its discovery document in that first pass, although the user
// had chosen another provider (caught by the e2e network guard once e2e ran on the build).

const CHOSEN = 'https://chosen.example';
let root: Root | undefined;

afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.resetModules();
});

async function hydratePage(stored: object) {
  localStorage.setItem('token-playground.settings.v1', JSON.stringify(stored));
  // The stores read storage when their module loads: load them after it is set.
  const { toProviderConfig, useSettings } = await import('./settings');
  const { useDiscovery } = await import('./discovery');
  const { useStoredValuesApplied } = await import('./store');
  const urls: string[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return Promise.resolve(new Response('{}', { status: 404 }));
  });
  const applied: boolean[] = [];
  function Page() {
    const provider = toProviderConfig(useSettings());
    applied.push(useStoredValuesApplied());
    useDiscovery(provider);
    return <p>{provider.kind}</p>;
  }
  const client = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const container = document.createElement('div');
  container.innerHTML = renderToString(
    <QueryClientProvider client={client()}>
      <Page />
    </QueryClientProvider>,
  );
  document.body.append(container);
  expect(container.textContent).toBe('local');
  applied.length = 0;
  act(() => {
    root = hydrateRoot(
      container,
      <QueryClientProvider client={client()}>
        <Page />
      </QueryClientProvider>,
    );
  });
  await vi.waitFor(() => expect(urls.length).toBeGreaterThan(0));
  return { container, urls, applied };
}

describe('requests from a prerendered page', () => {
  it('go to the provider the user chose, never to the default one first', async () => {
    const { container, urls, applied } = await hydratePage({ providerKind: 'custom', customUrl: CHOSEN });
    expect(container.textContent).toBe('custom');
    expect(applied[0]).toBe(false);
    expect(applied.at(-1)).toBe(true);
    expect(urls.every((url) => url.startsWith(`${CHOSEN}/`))).toBe(true);
    expect(urls.some((url) => url.includes('localhost:4000'))).toBe(false);
  });

  it('go to the default provider when that is the stored choice', async () => {
    const { urls } = await hydratePage({ providerKind: 'local' });
    expect(urls.every((url) => url.startsWith('http://localhost:4000/'))).toBe(true);
  });
});
