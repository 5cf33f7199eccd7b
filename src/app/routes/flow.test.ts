// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';

// The flow route asks for the provider's discovery document when its code loads, before the page
// renders: Start waits for that document.

const storage = new Map<string, string>();

afterEach(() => {
  storage.clear();
  vi.unstubAllGlobals();
  vi.resetModules();
});

async function loadRoute(settings: object): Promise<string[]> {
  storage.set('token-playground.settings.v1', JSON.stringify(settings));
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => storage.set(key, value),
    removeItem: (key: string) => storage.delete(key),
  });
  const urls: string[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return Promise.resolve(new Response('{}', { status: 404 }));
  });
  await import('./flow');
  await new Promise((resolve) => setTimeout(resolve, 0));
  return urls;
}

describe('the flow route', () => {
  it('starts fetching the chosen provider’s discovery document as soon as it loads', async () => {
    const urls = await loadRoute({ providerKind: 'custom', customUrl: 'https://idp.example' });
    expect(urls).toEqual(['https://idp.example/.well-known/openid-configuration']);
  });

  it('asks nothing for a custom provider without a URL yet', async () => {
    expect(await loadRoute({ providerKind: 'custom', customUrl: '' })).toEqual([]);
  });
});

describe('the flow page after the route asked', () => {
  it('uses the answer instead of asking again, even when the provider failed', async () => {
    const urls = await loadRoute({ providerKind: 'custom', customUrl: 'https://idp.example' });
    const { QueryClientProvider } = await import('@tanstack/react-query');
    const { render, waitFor, cleanup } = await import('@testing-library/react');
    const { createElement } = await import('react');
    const { queryClient } = await import('@/state/query-client');
    const { useDiscovery } = await import('@/state/discovery');
    let status = '';
    function Page() {
      status = useDiscovery({ kind: 'custom', url: 'https://idp.example' }).status;
      return null;
    }
    render(createElement(QueryClientProvider, { client: queryClient }, createElement(Page)));
    await waitFor(() => expect(status).toBe('error'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(urls).toEqual(['https://idp.example/.well-known/openid-configuration']);
    cleanup();
  });
});
