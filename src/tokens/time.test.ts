import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeTime, evaluateTokenTime, formatRelativeSeconds } from './time';
import type { TimeStatus } from './time';

const NOW = 1_700_000_000;

describe('formatRelativeSeconds', () => {
  it.each<[number, string]>([
    [0, 'now'],
    [52 * 60, 'in 52 minutes'],
    [-3 * 3600, '3 hours ago'],
    [-3 * 3600 - 1799, '3 hours ago'],
    [45, 'in 45 seconds'],
    [2 * 86400, 'in 2 days'],
    [-400 * 86400, '1 year ago'],
  ])('%i seconds → %s', (delta, text) => {
    expect(formatRelativeSeconds(delta)).toBe(text);
  });
});

describe('describeTime', () => {
  it('shows UTC, local time in the given zone and the relative time', () => {
    const d = describeTime(NOW + 3120, NOW, { timeZone: 'UTC' });
    expect(d.utc).toBe('2023-11-14T23:05:20Z');
    expect(d.local).toMatch(/Nov 14, 2023/);
    expect(d.relative).toBe('in 52 minutes');
  });

  it('does not throw for a date out of range', () => {
    expect(describeTime(1e20, NOW).utc).toBe('out of range');
  });

  it('keeps a time zone apart from another one', () => {
    expect(describeTime(NOW, NOW, { timeZone: 'UTC' }).local).toMatch(/10:13:20 PM UTC/);
    expect(describeTime(NOW, NOW, { timeZone: 'Asia/Tokyo' }).local).toMatch(/7:13:20 AM GMT\+9/);
    expect(describeTime(NOW, NOW, { timeZone: 'UTC' }).local).toMatch(/10:13:20 PM UTC/);
  });
});

describe('formatter reuse', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('builds no Intl formatter per call once one exists for the locale and time zone', () => {
    describeTime(NOW, NOW, { timeZone: 'Europe/Paris' });
    const dates = vi.spyOn(Intl, 'DateTimeFormat');
    const relatives = vi.spyOn(Intl, 'RelativeTimeFormat');
    for (let i = 0; i < 50; i += 1) {
      expect(describeTime(NOW + i * 60, NOW, { timeZone: 'Europe/Paris' }).relative).toBe(
        i === 0 ? 'now' : `in ${i} minute${i === 1 ? '' : 's'}`,
      );
    }
    expect(dates).not.toHaveBeenCalled();
    expect(relatives).not.toHaveBeenCalled();
  });
});

describe('evaluateTokenTime', () => {
  it.each<[string, Record<string, unknown>, number, TimeStatus, string]>([
    ['valid', { exp: NOW + 3120 }, 0, 'valid', 'expires in 52 minutes'],
    ['expired', { exp: NOW - 3 * 3600 }, 0, 'expired', 'expired 3 hours ago'],
    ['expired at exactly exp', { exp: NOW }, 0, 'expired', 'expired now'],
    [
      'expired but within skew',
      { exp: NOW - 60 },
      120,
      'valid',
      'expired 1 minute ago, accepted within the 120 s clock skew',
    ],
    [
      'not yet valid',
      { nbf: NOW + 600, exp: NOW + 3600 },
      0,
      'not-yet-valid',
      'not valid yet: becomes valid in 10 minutes',
    ],
    ['not yet valid but within skew', { nbf: NOW + 60, exp: NOW + 3600 }, 300, 'valid', 'expires in 1 hour'],
    ['no exp', { iat: NOW }, 0, 'no-expiry', 'has no expiry (exp)'],
    ['exp not a number', { exp: '123' }, 0, 'no-expiry', 'has no expiry (exp)'],
  ])('%s', (_name, payload, skew, status, summary) => {
    const result = evaluateTokenTime(payload, NOW, skew);
    expect(result.status).toBe(status);
    expect(result.summary).toBe(summary);
  });
});
