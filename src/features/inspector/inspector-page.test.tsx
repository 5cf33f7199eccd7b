// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { base64url } from 'jose';
import { RFC7515_A1_TOKEN } from '@/tokens/rfc-vectors';
import { InspectorPage } from './inspector-page';
import { buildShareLink, readTokenFragment } from './read-fragment';

vi.mock('@/state/jwks', () => ({
  jwksQueryOptions: (issuer: string) => ({
    queryKey: ['jwks', issuer],
    queryFn: () => new Promise(() => undefined),
    retry: false,
  }),
}));

const enc = (v: unknown) => base64url.encode(JSON.stringify(v));
const ID_TOKEN = `${enc({ alg: 'RS256', kid: 'k' })}.${enc({ iss: 'urn:idp', sub: 'alice', nonce: 'n', aud: 'c' })}.c2ln`;
const ACCESS_TOKEN = `${enc({ alg: 'RS256', typ: 'at+jwt' })}.${enc({ iss: 'urn:idp', sub: 'alice', scope: 'api.read', client_id: 'c' })}.c2ln`;

// The token panel loads lazily; load it once up front so that no test's wait includes compiling it.
beforeAll(async () => {
  await import('./token-panel');
});

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/inspect');
});

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <InspectorPage />
    </QueryClientProvider>,
  );
}

describe('InspectorPage', () => {
  it('says decoding is local and decodes as you type', async () => {
    const user = userEvent.setup();
    renderPage();
    expect(screen.getByText(/Decoding happens only in this browser/)).toBeTruthy();
    await user.click(screen.getByRole('textbox', { name: 'Token' }));
    await user.paste(RFC7515_A1_TOKEN);
    expect(
      within(await screen.findByRole('region', { name: 'Payload' })).getByText(/"iss": "joe"/),
    ).toBeTruthy();
  });

  it('offers every token found in a JSON token response', async () => {
    const user = userEvent.setup();
    renderPage();
    await user.click(screen.getByRole('textbox', { name: 'Token' }));
    await user.paste(
      JSON.stringify({ access_token: ACCESS_TOKEN, id_token: ID_TOKEN, token_type: 'Bearer' }),
    );
    const tabs = within(screen.getByRole('tablist', { name: 'Tokens found' })).getAllByRole('tab');
    await screen.findByRole('article', { name: 'Token id_token' });
    expect(tabs.map((t) => t.textContent)).toEqual(['id_token', 'access_token']);
    expect(screen.getByRole('article', { name: 'Token id_token' })).toBeTruthy();
    await user.click(tabs[1]!);
    expect(screen.getByRole('article', { name: 'Token access_token' })).toBeTruthy();
    expect(screen.getByText('Access token')).toBeTruthy();
  });

  it.each([
    ['two segments', 'abc.def', /JWT_SEGMENT_COUNT/],
    [
      'a header that is not JSON',
      `${base64url.encode('nope')}.${enc({})}.`,
      /JWT_NOT_JSON.*header \(segment 1\)/,
    ],
    [
      'a payload that is an array',
      `${enc({ alg: 'HS256' })}.${enc([1])}.`,
      /JWT_PAYLOAD_NOT_OBJECT.*payload \(segment 2\)/,
    ],
  ])('shows a specific message for %s', async (_name, token, message) => {
    const user = userEvent.setup();
    renderPage();
    await user.click(screen.getByRole('textbox', { name: 'Token' }));
    await user.paste(token);
    expect((await screen.findByRole('alert')).textContent).toMatch(message);
  });

  it('decodes a #id_token fragment and removes it from the address bar', async () => {
    window.history.replaceState(null, '', `/inspect#id_token=${ID_TOKEN}&state=x`);
    renderPage();
    expect(await screen.findByRole('article', { name: 'Token id_token' })).toBeTruthy();
    expect(window.location.hash).toBe('');
    expect(window.location.pathname).toBe('/inspect');
  });

  it('builds a share link with the token in the fragment and a warning', async () => {
    const user = userEvent.setup();
    renderPage();
    await user.click(screen.getByRole('textbox', { name: 'Token' }));
    await user.paste(RFC7515_A1_TOKEN);
    await user.click(await screen.findByRole('button', { name: 'Share link' }));
    const link = new URL(screen.getByRole<HTMLInputElement>('textbox', { name: 'Link to share' }).value);
    expect(link.search).toBe('');
    expect(link.hash).toBe(`#token=${RFC7515_A1_TOKEN}`);
    expect(screen.getByRole('note').textContent).toMatch(/a token is a credential/);
  });

  it('compares two tokens claim by claim', async () => {
    const user = userEvent.setup();
    renderPage();
    await user.click(screen.getByRole('textbox', { name: 'Token' }));
    await user.paste(ID_TOKEN);
    await user.click(await screen.findByRole('button', { name: 'Compare with another token' }));
    await user.click(screen.getByRole('textbox', { name: 'Second token' }));
    await user.paste(ACCESS_TOKEN);
    const table = screen.getByRole('table', { name: /Claim differences/ });
    expect(table.querySelector('caption')?.textContent).toBe(
      'Claim differences: 2 added, 2 removed, 0 changed',
    );
    expect(within(table).getByRole('row', { name: /^scope/ }).textContent).toMatch(/added/);
  });
});

describe('InspectorPage with one token after another', () => {
  it('shows the next token in place, its claims in the same rows, and starts its verification afresh', async () => {
    const user = userEvent.setup();
    renderPage();
    const field = screen.getByRole('textbox', { name: 'Token' });
    await user.click(field);
    // RFC 7515 A.1 is an HMAC token: its key is a shared secret.
    await user.paste(RFC7515_A1_TOKEN);
    await screen.findByRole('table', { name: 'Claims' });
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Shared secret (HMAC)' }).checked).toBe(true);
    const skew = screen.getByRole<HTMLInputElement>('spinbutton', { name: 'Clock skew (seconds)' });
    fireEvent.change(skew, { target: { value: '300' } });
    expect(skew.value).toBe('300');
    const issRow = document.querySelector('tr[data-claim-name="iss"]');
    expect(issRow?.textContent).toContain('joe');

    // An RS256 token whose issuer is not a URL: its key has to be pasted.
    fireEvent.change(field, { target: { value: ID_TOKEN } });
    await vi.waitFor(() => {
      expect(document.querySelector('tr[data-claim-name="iss"]')?.textContent).toContain('urn:idp');
    });
    expect(document.querySelector('tr[data-claim-name="iss"]')).toBe(issRow);
    expect(document.querySelector('tr[data-claim-name="http://example.com/is_root"]')).toBeNull();
    expect(
      screen.getByRole<HTMLInputElement>('radio', { name: 'Paste JWKS, JWK, PEM or certificate' }).checked,
    ).toBe(true);
    expect(screen.getByRole<HTMLInputElement>('spinbutton', { name: 'Clock skew (seconds)' }).value).toBe(
      '60',
    );
  });
});

describe('readTokenFragment and buildShareLink', () => {
  it.each([
    ['#id_token=abc', '#id_token=abc'],
    ['#access_token=abc&token_type=Bearer', '#access_token=abc&token_type=Bearer'],
    ['#token=abc', '#token=abc'],
    ['#code=abc', undefined],
    ['', undefined],
    ['#', undefined],
  ])('%j → %j', (hash, expected) => {
    expect(readTokenFragment(hash)).toBe(expected);
  });

  it('never puts the token in the query', () => {
    expect(buildShareLink('http://localhost:5173/inspect?x=1#old', 'refresh_token', 'a.b.c')).toBe(
      'http://localhost:5173/inspect#token=a.b.c',
    );
  });
});
