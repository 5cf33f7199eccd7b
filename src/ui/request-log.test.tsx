// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildFormPost, type Exchange } from '@/protocol/http';
import { RequestLog } from '@/ui/request-log';

const SECRET = 'log-secret-123';

const exchanges: Exchange[] = [
  {
    id: 'a',
    label: 'Authorize request',
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 0,
    via: 'direct',
    request: {
      method: 'GET',
      url: 'http://localhost:4000/auth?response_type=code&client_id=spa',
      headers: {},
    },
  },
  {
    id: 'b',
    label: 'Token request (client_credentials)',
    startedAt: '2025-01-01T00:00:01.000Z',
    durationMs: 45.6,
    via: 'relay',
    request: buildFormPost('http://localhost:4000/token', {
      grant_type: 'client_credentials',
      client_secret: SECRET,
    }),
    response: {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"access_token":"AT-xyz"}',
    },
  },
];

let blobs: Blob[] = [];

beforeEach(() => {
  blobs = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob: Blob | MediaSource) => {
    blobs.push(blob as Blob);
    return 'blob:test';
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
});

afterEach(() => {
  cleanup();
});

describe('RequestLog', () => {
  it('says what will appear when there is nothing yet, and disables downloads', () => {
    render(<RequestLog exchanges={[]} onClear={vi.fn()} />);
    expect(screen.getByText(/No requests yet/)).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Download .http' }).disabled).toBe(true);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Clear log' }).disabled).toBe(true);
  });

  it('lists every exchange in order, collapsed, and expands one on request', async () => {
    const user = userEvent.setup();
    render(<RequestLog exchanges={exchanges} />);
    const rows = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    const toggles = rows.map((row) => within(row).getAllByRole('button')[0]!);
    expect(toggles.map((button) => button.getAttribute('aria-expanded'))).toEqual(['false', 'false']);
    expect(toggles[1]?.textContent).toContain('localhost:4000/token');
    expect(toggles[1]?.textContent).toContain('200');
    expect(toggles[1]?.textContent).toContain('46 ms');
    expect(toggles[1]?.textContent).toContain('via relay');
    expect(toggles[0]?.textContent).toContain('browser');
    expect(screen.queryByRole('checkbox', { name: 'Show secrets' })).toBeNull();

    await user.click(toggles[1]!);
    expect(toggles[1]?.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('checkbox', { name: 'Show secrets' })).toBeTruthy();
    expect(document.body.textContent).not.toContain(SECRET);
    await user.click(screen.getByRole('checkbox', { name: 'Show secrets' }));
    expect(document.body.textContent).toContain(SECRET);
    await user.click(toggles[1]!);
    expect(toggles[1]?.getAttribute('aria-expanded')).toBe('false');
  });

  it('opens the selected exchange', () => {
    const { rerender } = render(<RequestLog exchanges={exchanges} />);
    rerender(<RequestLog exchanges={exchanges} selectedId="b" />);
    const row = within(screen.getByRole('list')).getAllByRole('listitem')[1]!;
    expect(within(row).getAllByRole('button')[0]?.getAttribute('aria-expanded')).toBe('true');
  });

  it.each([
    ['Download .http', '### 2. Token request (client_credentials)', '{{client_secret}}'],
    ['Download bash script', '#!/usr/bin/env bash', `'client_secret='"\${CLIENT_SECRET}"`],
    ['Download PowerShell script', 'Invoke-RestMethod -Method Post', 'client_secret = $env:CLIENT_SECRET'],
  ])('%s downloads the whole log, redacted by default', async (name, marker, placeholder) => {
    const user = userEvent.setup();
    render(<RequestLog exchanges={exchanges} />);
    await user.click(screen.getByRole('button', { name }));
    expect(blobs).toHaveLength(1);
    const text = await blobs[0]!.text();
    expect(text).toContain(marker);
    expect(text).toContain(placeholder);
    expect(text).not.toContain(SECRET);

    await user.click(screen.getByRole('checkbox', { name: 'Include secrets and tokens in downloads' }));
    await user.click(screen.getByRole('button', { name }));
    expect(await blobs[1]!.text()).toContain(SECRET);
  });

  it('calls onClear', async () => {
    const user = userEvent.setup();
    const onClear = vi.fn();
    render(<RequestLog exchanges={exchanges} onClear={onClear} />);
    await user.click(screen.getByRole('button', { name: 'Clear log' }));
    expect(onClear).toHaveBeenCalledTimes(1);
  });
});
