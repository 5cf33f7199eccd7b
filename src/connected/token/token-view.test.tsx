// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PlaygroundError } from '@/protocol/errors';
import { RFC7515_A1_KEY, RFC7515_A1_TOKEN } from '@/tokens/rfc-vectors';
import { buildEntraV1Claims, createSigningKey, signToken } from '@/tokens/test-fixtures';
import type { SigningKey } from '@/tokens/test-fixtures';
import { computeHalfHash } from '@/tokens/validate';
import { TokenView } from './token-view';

const fetchJwksForIssuer = vi.fn();
vi.mock('@/state/jwks', () => ({
  jwksQueryOptions: (issuer: string) => ({
    queryKey: ['jwks', issuer],
    queryFn: ({ signal }: { signal: AbortSignal }) => fetchJwksForIssuer(issuer, signal) as unknown,
    retry: false,
  }),
}));

afterEach(() => {
  cleanup();
  fetchJwksForIssuer.mockReset();
});

let key: SigningKey;
beforeAll(async () => {
  key = await createSigningKey('RS256', 'local-1');
});

function renderWithQuery(node: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={client}>{node}</QueryClientProvider>);
}

const now = () => Math.floor(Date.now() / 1000);

describe('TokenView', () => {
  it('verifies a token through the issuer keys and names the kid', async () => {
    const token = await signToken(
      { iss: 'http://localhost:4000', sub: 'alice', aud: 'c', exp: now() + 3600, nonce: 'n' },
      'RS256',
      key.privateKey,
      { kid: 'local-1' },
    );
    fetchJwksForIssuer.mockResolvedValue({
      jwks: { keys: [key.publicJwk] },
      jwksUri: 'http://localhost:4000/jwks',
      exchanges: [],
    });
    renderWithQuery(<TokenView token={token} />);
    const signature = await screen.findByRole('status', { name: 'Signature' });
    expect(signature.textContent).toMatch(
      /^Signature verified: RS256 with RSA key "local-1" \(kid local-1\)/,
    );
    expect(fetchJwksForIssuer).toHaveBeenCalledWith('http://localhost:4000', expect.anything());
    expect(screen.getByText(/^ID token$/)).toBeTruthy();
  });

  it('folded: the summary card shows the verification, the claims and checks sit in one closed disclosure', async () => {
    const token = await signToken(
      { iss: 'http://localhost:4000', sub: 'alice', aud: 'c', exp: now() + 3600 },
      'RS256',
      key.privateKey,
      { kid: 'local-1' },
    );
    fetchJwksForIssuer.mockResolvedValue({
      jwks: { keys: [key.publicJwk] },
      jwksUri: 'http://localhost:4000/jwks',
      exchanges: [],
    });
    const { container } = renderWithQuery(<TokenView token={token} name="id_token" details="folded" />);
    const summary = screen.getByRole('region', { name: 'Summary' });
    await vi.waitFor(
      () => {
        expect(within(summary).getByTestId('verification-line').textContent).toContain('Signature verified');
      },
      { timeout: 5000 },
    );
    const fold = container.querySelector('article > details');
    expect(fold?.hasAttribute('open')).toBe(false);
    expect(fold?.querySelector('summary')?.textContent).toBe(
      'Claims, times, signature checks and encoded token',
    );
    expect(within(fold as HTMLElement).getByRole('table', { name: 'Claims', hidden: true })).toBeTruthy();
  });

  it('says Cannot verify with the reason when the key fetch fails, and still decodes', async () => {
    const token = await signToken(
      { iss: 'https://idp.example', sub: 'alice', exp: now() + 60 },
      'RS256',
      key.privateKey,
    );
    fetchJwksForIssuer.mockRejectedValue(
      new PlaygroundError('CORS_BLOCKED', 'idp.example does not let browser pages read its signing keys.'),
    );
    const user = userEvent.setup();
    renderWithQuery(<TokenView token={token} />);
    expect(fetchJwksForIssuer).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Fetch keys from idp.example' }));
    const signature = await screen.findByRole('status', { name: 'Signature' });
    expect(signature.textContent).toMatch(
      /^Cannot verify: Key fetch failed: the issuer does not allow this page to read its keys \(CORS\)/,
    );
    expect(screen.getByRole('table', { name: 'Claims' })).toBeTruthy();
  });

  it('fetches no keys for a Graph token (header nonce, iss sts.windows.net) and says only Graph can verify it (regression)', async () => {
    const token = await signToken(buildEntraV1Claims(now()), 'RS256', key.privateKey, {
      kid: 'k',
      nonce: 'graph',
    });
    renderWithQuery(<TokenView token={token} name="access_token" />);
    const signature = await screen.findByRole('status', { name: 'Signature' });
    expect(signature.textContent).toMatch(
      /^Cannot verify: .*Only Graph can verify it, so no keys were fetched/,
    );
    expect(fetchJwksForIssuer).not.toHaveBeenCalled();
  });

  it('asks before fetching keys from a host that is not the chosen provider (sts.windows.net)', async () => {
    const claims = buildEntraV1Claims(now());
    const token = await signToken(claims, 'RS256', key.privateKey, { kid: 'k' });
    fetchJwksForIssuer.mockResolvedValue({ jwks: { keys: [key.publicJwk] }, jwksUri: 'x', exchanges: [] });
    const user = userEvent.setup();
    renderWithQuery(<TokenView token={token} name="access_token" />);
    const ask = await screen.findByRole('button', { name: 'Fetch keys from sts.windows.net' });
    expect(fetchJwksForIssuer).not.toHaveBeenCalled();
    await user.click(ask);
    expect(fetchJwksForIssuer).toHaveBeenCalledWith(claims.iss, expect.anything());
  });

  it('verifies the RFC 7515 example with a base64url secret and says invalid with a wrong one', async () => {
    const user = userEvent.setup();
    renderWithQuery(<TokenView token={RFC7515_A1_TOKEN} />);
    expect(screen.getByRole('radio', { name: 'Shared secret (HMAC)' })).toHaveProperty('checked', true);
    await user.click(screen.getByRole('checkbox', { name: 'Secret is base64url-encoded' }));
    await user.click(screen.getByLabelText('Shared secret'));
    await user.paste(RFC7515_A1_KEY.k);
    expect((await screen.findByRole('status', { name: 'Signature' })).textContent).toMatch(
      /^Signature verified/,
    );
    await user.type(screen.getByLabelText('Shared secret'), 'AA');
    expect((await screen.findByRole('status', { name: 'Signature' })).textContent).toMatch(
      /^Signature invalid/,
    );
    expect(screen.getByRole('status', { name: '' }).textContent).toMatch(/Expired/);
  });

  it('verifies with a pasted JWKS and reports no matching key for another kid', async () => {
    const user = userEvent.setup();
    const token = await signToken({ iss: 'not a url', sub: 'x' }, 'RS256', key.privateKey, { kid: 'other' });
    renderWithQuery(<TokenView token={token} />);
    expect(screen.getByRole('radio', { name: 'Paste JWKS, JWK, PEM or certificate' })).toHaveProperty(
      'checked',
      true,
    );
    await user.click(screen.getByLabelText('Verification key'));
    await user.paste(JSON.stringify({ keys: [key.publicJwk] }));
    expect((await screen.findByRole('status', { name: 'Signature' })).textContent).toMatch(
      /^No matching key: No key in the set has kid "other"; the set has local-1/,
    );
  });

  it('shows the claims with meanings, decoded values and unknown claims marked', async () => {
    const token = await signToken(
      { ...buildEntraV1Claims(now()), favourite_colour: 'blue' },
      'RS256',
      key.privateKey,
      { kid: 'k', nonce: 'graph' },
    );
    renderWithQuery(<TokenView token={token} autoVerify={false} />);
    const table = screen.getByRole('table', { name: 'Claims' });
    const appidacr = within(table).getByRole('row', { name: /^appidacr/ });
    expect(appidacr.textContent).toMatch(/public client/);
    expect(within(table).getByRole('row', { name: /^wids/ }).textContent).toMatch(/Global Administrator/);
    expect(within(table).getByRole('row', { name: /^favourite_colour/ }).textContent).toMatch(/unknown/);
    expect(screen.getByText('Microsoft Graph token: signature not verifiable by you')).toBeTruthy();
    expect(screen.getByText('Entra ID v1.0 token')).toBeTruthy();
    expect(screen.getByText('Delegated token')).toBeTruthy();
  });

  it('opens with a summary card and an honest verification line', async () => {
    const token = await signToken(buildEntraV1Claims(now()), 'RS256', key.privateKey, { kid: 'local-1' });
    fetchJwksForIssuer.mockResolvedValue({ jwks: { keys: [key.publicJwk] }, jwksUri: 'x', exchanges: [] });
    renderWithQuery(<TokenView token={token} name="access_token" />);
    const summary = screen.getByRole('region', { name: 'Summary' });
    const line = within(summary).getByTestId('verification-line');
    // Before the keys arrive nothing is called valid.
    expect(line.textContent).toMatch(/^Signature not verified/);
    expect(summary.textContent).toMatch(/What it isAccess token \(signed JWT\)/);
    expect(summary.textContent).toMatch(
      /For \(aud\)00000003-0000-0000-c000-000000000000 \(Microsoft Graph\)/,
    );
    expect(summary.textContent).toMatch(/Issued to \(client\)Token Playground · /);
    expect(summary.textContent).toMatch(/AboutAlice Example \(oid /);
    expect(summary.textContent).toMatch(/Grantsscopes: openid, profile, User.Read, email/);
    // The issuer is not the chosen provider: nothing is fetched until the user asks, and the line says so.
    await vi.waitFor(() =>
      expect(line.textContent).toMatch(/were not fetched \(a host you did not choose\)/),
    );
    expect(fetchJwksForIssuer).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: /^Fetch keys from / }));
    await vi.waitFor(() =>
      expect(line.textContent).toMatch(/^Signature verified \(RS256 with .*claim checks passed: exp/),
    );
  });

  it('groups the claims, folds Entra internals and keeps each meaning one click away', async () => {
    const user = userEvent.setup();
    const token = await signToken(buildEntraV1Claims(now()), 'RS256', key.privateKey);
    renderWithQuery(<TokenView token={token} autoVerify={false} />);
    const table = screen.getByRole('table', { name: 'Claims' });
    const groups = within(table)
      .getAllByRole('rowheader')
      .filter((cell) => cell.getAttribute('scope') === 'rowgroup')
      .map((cell) => cell.textContent);
    expect(groups).toEqual([
      'Identity: who the token is about',
      'Authorization: who it is for and what it allows',
      'The token itself: issuer, times, binding',
    ]);
    expect(within(table).queryByRole('row', { name: /^aio/ })).toBeNull();
    const internal = screen.getByRole('table', { name: 'Entra ID internal claims', hidden: true });
    expect(internal.closest('details')?.open).toBe(false);
    expect(within(internal).getByRole('row', { name: /^aio/, hidden: true })).toBeTruthy();
    expect(within(table).getByRole('row', { name: /^app_displayname/ }).textContent).not.toMatch(/unknown/);

    const name = within(table).getByRole('button', { name: 'scp' });
    expect(name.getAttribute('aria-expanded')).toBe('false');
    await user.click(name);
    expect(name.getAttribute('aria-expanded')).toBe('true');
    const meaning = document.getElementById(name.getAttribute('aria-controls') ?? '');
    expect(meaning?.textContent).toMatch(/Delegated permissions/);
  });

  it('renders HTML and script in claims as inert text', async () => {
    const evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const token = await signToken({ iss: 'x', name: evil, exp: now() + 60 }, 'RS256', key.privateKey);
    const { container } = renderWithQuery(<TokenView token={token} autoVerify={false} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getAllByText(evil, { exact: false }).length).toBeGreaterThan(0);
  });

  it('validates an ID token from a flow run: nonce, at_hash and aud', async () => {
    const accessToken = 'access-token-value';
    const atHash = await computeHalfHash(accessToken, 'RS256');
    const token = await signToken(
      { iss: 'x', sub: 'a', aud: 'client-1', exp: now() + 600, nonce: 'n1', at_hash: atHash },
      'RS256',
      key.privateKey,
    );
    renderWithQuery(
      <TokenView
        token={token}
        name="id_token"
        autoVerify={false}
        expectations={{ nonce: 'n2', accessToken, audience: 'client-1' }}
      />,
    );
    const list = screen.getByRole('list', { name: 'Validation checks' });
    expect((await within(list).findByText(/^at_hash$/)).parentElement?.textContent).toMatch(/pass/);
    expect(within(list).getByText(/^nonce$/).parentElement?.textContent).toMatch(
      /fail: "nonce" in the ID token does not match/,
    );
    expect(within(list).getByText(/^aud$/).parentElement?.textContent).toMatch(/pass/);
  });

  it.each([
    ['a.b', 'JWT_SEGMENT_COUNT', /3 segments/],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIi!.sig', 'JWT_NOT_BASE64URL', /payload \(segment 2\)/],
  ])('names the problem of a malformed token %s', (token, code, message) => {
    renderWithQuery(<TokenView token={token} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(code);
    expect(alert.textContent).toMatch(message);
  });

  it('explains an opaque Microsoft-account token instead of failing', () => {
    renderWithQuery(<TokenView token="EwBwA8l6BAAUkj1oNFOWUOAb1wP5Mx" />);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Microsoft-account (personal) access token')).toBeTruthy();
  });

  it('decodes and renders a 16 KB token quickly', async () => {
    const groups = Array.from(
      { length: 240 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const token = await signToken(
      { ...buildEntraV1Claims(now()), groups, padding: 'x'.repeat(1800) },
      'RS256',
      key.privateKey,
    );
    expect(token.length).toBeGreaterThan(16_000);
    expect(token.length).toBeLessThan(17_500);
    const started = performance.now();
    renderWithQuery(<TokenView token={token} autoVerify={false} />);
    screen.getByRole('table', { name: 'Claims' });
    const elapsed = performance.now() - started;
    console.info(`16 KB token (${token.length} chars): decode + first render ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeLessThan(1000);
  });
});

// Issue 11: never a green "Valid" next to "Cannot verify"; no ID-token checks for an access token.
describe('TokenView verification summary', () => {
  it('says an access token whose signature cannot be checked is not verified, without nonce/at_hash/c_hash', async () => {
    const token = await signToken(
      { iss: 'https://issuer.example', sub: 'a', aud: 'api://x', exp: now() + 600, scp: 'read' },
      'RS256',
      key.privateKey,
      { kid: 'local-1' },
    );
    // The issuer's keys cannot be fetched: the signature cannot be checked.
    fetchJwksForIssuer.mockRejectedValue(new PlaygroundError('NETWORK', 'offline'));
    renderWithQuery(<TokenView token={token} name="access_token" />);
    const summary = await screen.findByRole('status', { name: 'What was established' });
    expect(summary.textContent).toMatch(/^Not verified: the claims are unproven: signature not verified/);
    expect(screen.queryByText(/^Valid$/)).toBeNull();
    const list = screen.getByRole('list', { name: 'Validation checks' });
    expect(within(list).queryByText(/^(nonce|at_hash|c_hash)$/)).toBeNull();
  });
});
