// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSigningKey, signToken, type SigningKey } from '@/tokens/test-fixtures';
import { TokenView } from '@/connected/token/token-view';
import { PresenterContext } from '@/ui/presenter/use-presenter';

afterEach(cleanup);

let key: SigningKey;
beforeAll(async () => {
  key = await createSigningKey('RS256', 'presenter-1');
});

async function renderToken(presenter: boolean) {
  const token = await signToken(
    {
      iss: 'urn:presenter-test',
      sub: 'a1f6c3e2-5b7d-4e0a-9c1f-000000000a11',
      name: 'Alice Example',
      email: 'alice@example.test',
      aud: 'playground-spa',
      exp: Math.floor(Date.now() / 1000) + 3600,
    },
    'RS256',
    key.privateKey,
  );
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <PresenterContext.Provider value={presenter}>
        <TokenView token={token} name="id_token" autoVerify={false} />
      </PresenterContext.Provider>
    </QueryClientProvider>,
  );
  return token;
}

describe('presenter masking in the token view', () => {
  it.each([
    [true, 0],
    [false, 1],
  ])('presenter %s: names, emails, object ids and the signature shown %i times', async (on, expected) => {
    const token = await renderToken(on);
    const page = document.body.textContent;
    const signature = token.split('.')[2] ?? '';
    for (const personal of [
      'Alice Example',
      'alice@example.test',
      'a1f6c3e2-5b7d-4e0a-9c1f-000000000a11',
      signature,
    ]) {
      expect(page.includes(personal) ? 1 : 0, personal).toBe(expected);
    }
    expect(screen.getAllByText('playground-spa', { exact: false }).length).toBeGreaterThan(0);
  });
});
