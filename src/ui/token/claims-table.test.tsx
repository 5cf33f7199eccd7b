// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeClaim } from '@/tokens/claims-catalog';
import { ClaimsTable } from './claims-table';

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
    const meaning = document.getElementById(button.getAttribute('aria-controls') ?? '');
    expect(meaning?.hidden).toBe(true);
    expect(meaning?.textContent).toBe('');
    button.click();
    return vi.waitFor(() => {
      expect(meaning?.hidden).toBe(false);
      expect(meaning?.textContent).toMatch(/Subject/);
    });
  });
});
