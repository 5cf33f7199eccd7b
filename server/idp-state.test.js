import { describe, expect, it } from 'vitest';
import { createMemoryIdpState, decidePoll } from './idp-state.js';

describe('decidePoll (RFC 8628 §3.5)', () => {
  it.each([
    ['the first poll', undefined, 1_000, { slowDown: false, interval: 5 }],
    ['a poll after the interval', { last: 0, interval: 5 }, 5_000, { slowDown: false, interval: 5 }],
    ['a poll too soon', { last: 0, interval: 5 }, 4_999, { slowDown: true, interval: 10 }],
    ['a poll too soon after a slow_down', { last: 0, interval: 10 }, 9_000, { slowDown: true, interval: 15 }],
    [
      'a poll that waited the longer interval',
      { last: 0, interval: 10 },
      10_000,
      { slowDown: false, interval: 10 },
    ],
  ])('%s', (_label, previous, now, expected) => {
    expect(decidePoll(previous, now, 5)).toEqual(expected);
  });
});

describe('the in-memory IdP state', () => {
  it('keeps uploaded keys once per kid, up to the bound', async () => {
    const { uploadedKeys } = createMemoryIdpState();
    expect(await uploadedKeys.add({ kid: 'a' }, 2)).toBe('added');
    expect(await uploadedKeys.add({ kid: 'a' }, 2)).toBe('duplicate');
    expect(await uploadedKeys.add({ kid: 'b' }, 2)).toBe('added');
    expect(await uploadedKeys.add({ kid: 'c' }, 2)).toBe('full');
    expect((await uploadedKeys.list()).map((key) => key.kid)).toEqual(['a', 'b']);
  });

  it('slows a device code down when it is polled again at once, and no other code', async () => {
    const { devicePolls } = createMemoryIdpState();
    expect(await devicePolls.poll('one', 5)).toEqual({ slowDown: false, interval: 5 });
    expect(await devicePolls.poll('one', 5)).toEqual({ slowDown: true, interval: 10 });
    expect(await devicePolls.poll('two', 5)).toEqual({ slowDown: false, interval: 5 });
  });

  it('gives out registration places up to the bound and takes back released ones', async () => {
    const { registrations } = createMemoryIdpState();
    expect(await registrations.claim(1)).toBe(true);
    expect(await registrations.claim(1)).toBe(false);
    await registrations.release();
    expect(await registrations.claim(1)).toBe(true);
  });
});
