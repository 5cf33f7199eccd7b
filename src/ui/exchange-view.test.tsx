// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildFormPost, type Exchange } from '@/protocol/http';
import { ExchangeView } from '@/ui/exchange-view';

afterEach(() => {
  cleanup();
});

const SECRET = 'Xy7~very-secret';
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';

const tokenExchange: Exchange = {
  id: 'x1',
  label: 'Token request (client_credentials)',
  startedAt: '2025-01-01T00:00:00.000Z',
  durationMs: 87.4,
  via: 'relay',
  request: buildFormPost('https://login.microsoftonline.com/contoso/oauth2/v2.0/token?dc=ESTS', {
    grant_type: 'client_credentials',
    client_id: 'app-1',
    client_secret: SECRET,
  }),
  response: {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ token_type: 'Bearer', expires_in: 3599, access_token: ACCESS_TOKEN }),
  },
};

function stubClipboard(writeText: ((text: string) => Promise<void>) | undefined) {
  Object.defineProperty(navigator, 'clipboard', {
    value: writeText ? { writeText } : undefined,
    configurable: true,
  });
}

describe('ExchangeView', () => {
  it('shows the request and the response, with secrets redacted by default', () => {
    render(<ExchangeView exchange={tokenExchange} />);
    expect(document.body.textContent).not.toContain(SECRET);
    expect(document.body.textContent).not.toContain(ACCESS_TOKEN);
    const form = screen.getByRole('table', { name: 'Request body (form parameters)' });
    expect(
      within(form).getByRole('rowheader', { name: 'client_secret' }).nextElementSibling?.textContent,
    ).toBe('{{client_secret}}');
    expect(within(form).getByRole('rowheader', { name: 'grant_type' }).nextElementSibling?.textContent).toBe(
      'client_credentials',
    );
    const query = screen.getByRole('table', { name: 'Query parameters' });
    expect(within(query).getByRole('rowheader', { name: 'dc' }).nextElementSibling?.textContent).toBe('ESTS');
    expect(screen.getByText('200 OK')).toBeTruthy();
    expect(screen.getByText('87 ms')).toBeTruthy();
    expect(screen.getByText('through the local relay')).toBeTruthy();
    expect(screen.getByText(/"expires_in": 3599/)).toBeTruthy();
  });

  it('reveals secrets only after "Show secrets" is checked', async () => {
    const user = userEvent.setup();
    render(<ExchangeView exchange={tokenExchange} />);
    await user.click(screen.getByRole('checkbox', { name: 'Show secrets' }));
    expect(document.body.textContent).toContain(SECRET);
    expect(document.body.textContent).toContain(ACCESS_TOKEN);
    await user.click(screen.getByRole('checkbox', { name: 'Show secrets' }));
    expect(document.body.textContent).not.toContain(SECRET);
  });

  it.each([
    ['curl', "--data-urlencode 'client_secret={{client_secret}}'"],
    ['PowerShell', "client_secret = '{{client_secret}}'"],
    ['fetch', '["client_secret", "{{client_secret}}"]'],
  ])('copies %s with the secret redacted and says so', async (format, expected) => {
    const user = userEvent.setup();
    const writeText = vi.fn<(text: string) => Promise<void>>(() => Promise.resolve());
    stubClipboard(writeText);
    render(<ExchangeView exchange={tokenExchange} />);
    await user.click(screen.getByRole('button', { name: `Copy as ${format}` }));
    expect(writeText).toHaveBeenCalledTimes(1);
    const copied = writeText.mock.calls[0]?.[0] ?? '';
    expect(copied).toContain(expected);
    expect(copied).not.toContain(SECRET);
    expect(screen.getByRole('status').textContent).toBe(`Copied ${format} (secrets redacted)`);
  });

  it('copies the secret when secrets are shown', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn<(text: string) => Promise<void>>(() => Promise.resolve());
    stubClipboard(writeText);
    render(<ExchangeView exchange={tokenExchange} />);
    await user.click(screen.getByRole('checkbox', { name: 'Show secrets' }));
    await user.click(screen.getByRole('button', { name: 'Copy as curl' }));
    expect(writeText.mock.calls[0]?.[0] ?? '').toContain(`client_secret=${SECRET}`);
  });

  it.each([
    ['is missing', undefined, 'Copy failed: the clipboard is not available in this browser or page.'],
    [
      'refuses',
      () => Promise.reject(new Error('Document is not focused')),
      'Copy failed: the browser refused clipboard access (Document is not focused).',
    ],
  ])('explains when the clipboard %s', async (_name, writeText, message) => {
    const user = userEvent.setup();
    stubClipboard(writeText);
    render(<ExchangeView exchange={tokenExchange} />);
    await user.click(screen.getByRole('button', { name: 'Copy as fetch' }));
    expect(screen.getByRole('alert').textContent).toBe(message);
  });

  it('shows a failure and an HTML body as text', () => {
    const failed: Exchange = {
      ...tokenExchange,
      via: 'direct',
      response: { status: 500, headers: { 'content-type': 'text/html' }, body: '<script>alert(1)</script>' },
      failure: { code: 'CORS_BLOCKED', message: 'The server did not allow this origin.' },
    };
    const { container } = render(<ExchangeView exchange={failed} />);
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getByText('<script>alert(1)</script>')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Failed: CORS_BLOCKED' })).toBeTruthy();
    expect(screen.getByText('500 Internal Server Error')).toBeTruthy();
    expect(screen.getByText('direct, blocked by CORS')).toBeTruthy();
  });
});

// Issue 11: every route label must be true for what happened to the exchange.
describe('ExchangeView route label', () => {
  const base: Exchange = {
    id: 'x2',
    label: 'Token request (authorization_code)',
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 12,
    via: 'direct',
    request: buildFormPost('https://as.example/token', { grant_type: 'authorization_code', code: 'c' }),
  };
  const ok = { status: 200, headers: {}, body: '{}' };

  it.each<[string, Partial<Exchange>, RegExp, RegExp | undefined]>([
    ['a readable direct call', { response: ok }, /allowed the cross-origin call/, undefined],
    [
      'a direct call the browser blocked for CORS',
      { failure: { code: 'CORS_BLOCKED', message: 'm' } },
      /browser blocked it: the server may have received and processed the request/,
      /allowed/,
    ],
    [
      'a direct call that reached nothing',
      { failure: { code: 'NETWORK', message: 'm' } },
      /could not reach it/,
      /allowed/,
    ],
    [
      'a direct call that timed out',
      { failure: { code: 'TIMEOUT', message: 'm' } },
      /did not answer within the time limit/,
      /allowed/,
    ],
    [
      'a page navigation',
      { request: { method: 'GET', url: 'https://as.example/logout', headers: {} } },
      /a navigation, not a cross-origin call/,
      /allowed/,
    ],
    ['a relayed call', { via: 'relay', response: ok }, /Forwarded by the local companion/, undefined],
    [
      'a call the relay refused',
      { via: 'relay', failure: { code: 'RELAY_REFUSED', message: 'm' } },
      /answered with a refusal instead of a response from the server/,
      /Forwarded|forwarded it/,
    ],
    [
      'a call for a relay that is not running',
      { via: 'relay', failure: { code: 'RELAY_UNAVAILABLE', message: 'm' } },
      /did not reach the server/,
      /Forwarded|forwarded it/,
    ],
  ])('%s', (_label, patch, says, never) => {
    render(<ExchangeView exchange={{ ...base, ...patch }} />);
    const region = screen.getByRole('region', { name: /^Exchange:/ });
    expect(region.textContent).toMatch(says);
    if (never) expect(region.textContent).not.toMatch(never);
  });
});
