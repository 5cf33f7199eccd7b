// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeClaim } from '@/tokens/claims-catalog';
import { ClaimsTable, FIRST_ROWS } from './claims-table';

// The catalogue is looked up once per rendered row: counting the look-ups counts the rows rendered.
vi.mock('@/tokens/claims-catalog', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/tokens/claims-catalog')>();
  return { ...original, describeClaim: vi.fn(original.describeClaim) };
});

const NOW = 1_700_000_000;
const lookups = vi.mocked(describeClaim);

afterEach(() => {
  cleanup();
  lookups.mockClear();
});

const claims = (sub: string) => ({
  iss: 'https://issuer.example',
  sub,
  exp: NOW + 3120,
  ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`group_${i}`, `value ${i}`])),
});

const row = (name: string) => {
  const found = document.querySelector(`tr[data-claim-name="${name}"]`);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
};

describe('ClaimsTable', () => {
  it('lays out its columns from the header row (fixed layout), not from every cell', () => {
    render(<ClaimsTable claims={claims('alice')} kind="payload" nowSeconds={NOW} />);
    expect(screen.getByRole('table', { name: 'Claims' }).classList).toContain('table-fixed');
  });

  it('re-renders only the time claims when the clock ticks', () => {
    const { rerender } = render(<ClaimsTable claims={claims('alice')} kind="payload" nowSeconds={NOW} />);
    expect(lookups).toHaveBeenCalledTimes(23);
    expect(row('exp').textContent).toContain('in 52 minutes');
    lookups.mockClear();
    rerender(<ClaimsTable claims={claims('alice')} kind="payload" nowSeconds={NOW + 120} />);
    expect(row('exp').textContent).toContain('in 50 minutes');
    expect(lookups).not.toHaveBeenCalled();
  });

  it('updates another token with the same claim names in place, rendering only the changed rows', () => {
    const { rerender } = render(<ClaimsTable claims={claims('alice')} kind="payload" nowSeconds={NOW} />);
    const before = { sub: row('sub'), iss: row('iss') };
    lookups.mockClear();
    rerender(<ClaimsTable claims={claims('bob')} kind="payload" nowSeconds={NOW} />);
    expect(row('sub')).toBe(before.sub);
    expect(row('iss')).toBe(before.iss);
    expect(within(row('sub') as HTMLElement).getByText('bob')).toBeTruthy();
    expect(lookups.mock.calls.map(([name]) => name)).toEqual(['sub']);
  });

  it('puts a meaning in the page only when it is asked for', () => {
    render(<ClaimsTable claims={claims('alice')} kind="payload" nowSeconds={NOW} />);
    const button = screen.getByRole('button', { name: 'sub' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(button.hasAttribute('aria-controls')).toBe(false);
    expect(row('sub').textContent).not.toMatch(/Subject/);
    act(() => button.click());
    const meaning = document.getElementById(button.getAttribute('aria-controls') ?? '');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(meaning?.textContent).toMatch(/Subject/);
  });

  it('shows the first rows of a long token at once and the rest in the following frame', async () => {
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`claim_${i}`, `value ${i}`]));
    render(<ClaimsTable claims={many} kind="payload" nowSeconds={NOW} />);
    const rows = () => document.querySelectorAll('tr[data-claim-name]');
    expect(rows()).toHaveLength(FIRST_ROWS);
    expect(row('claim_0')).toBeTruthy();
    expect(row(`claim_${FIRST_ROWS - 1}`)).toBeTruthy();
    await waitFor(() => expect(rows()).toHaveLength(200));
    expect(row('claim_199').textContent).toContain('value 199');
  });

  it('renders a short token whole, with no second pass', () => {
    render(<ClaimsTable claims={claims('alice')} kind="payload" nowSeconds={NOW} />);
    expect(document.querySelectorAll('tr[data-claim-name]')).toHaveLength(23);
  });

  it('updates every row at once when another long token of the same shape replaces one', async () => {
    const token = (value: string) =>
      Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`claim_${i}`, `${value} ${i}`]));
    const { rerender } = render(<ClaimsTable claims={token('a')} kind="payload" nowSeconds={NOW} />);
    const rows = () => document.querySelectorAll('tr[data-claim-name]');
    await waitFor(() => expect(rows()).toHaveLength(120));
    const last = row('claim_119');
    rerender(<ClaimsTable claims={token('b')} kind="payload" nowSeconds={NOW} />);
    expect(rows()).toHaveLength(120);
    expect(row('claim_119')).toBe(last);
    expect(last.textContent).toContain('b 119');
  });

  it('starts over with the first rows when another long token replaces one, the old table hidden until the rest is in', async () => {
    const token = (prefix: string) =>
      Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`${prefix}_${i}`, `${prefix} ${i}`]));
    const { rerender } = render(<ClaimsTable claims={token('a')} kind="payload" nowSeconds={NOW} />);
    const shownRows = () =>
      screen.getByRole('table', { name: 'Claims' }).querySelectorAll('tr[data-claim-name]');
    await waitFor(() => expect(shownRows()).toHaveLength(120));
    const oldTable = screen.getByRole('table', { name: 'Claims' });
    rerender(<ClaimsTable claims={token('b')} kind="payload" nowSeconds={NOW} />);
    // The new table comes first and is the only one read; the old one is the same element, hidden.
    expect(screen.getAllByRole('table', { name: 'Claims' })).toHaveLength(1);
    expect(shownRows()).toHaveLength(FIRST_ROWS);
    expect(shownRows()[0]?.getAttribute('data-claim-name')).toBe('b_0');
    const hidden = oldTable.parentElement;
    expect(hidden?.getAttribute('aria-hidden')).toBe('true');
    expect(hidden?.hasAttribute('inert')).toBe(true);
    expect(hidden?.className).toContain('[content-visibility:hidden]');
    expect(document.querySelectorAll('table')[0]).not.toBe(oldTable);
    await waitFor(() => expect(shownRows()).toHaveLength(120));
    expect(oldTable.isConnected).toBe(false);
    expect(document.querySelectorAll('table')).toHaveLength(1);
    expect(row('b_119')).toBeTruthy();
  });
});
