import { describe, expect, it } from 'vitest';
import {
  DPOP_MAX_AGE_S,
  DPOP_MAX_SKEW_S,
  computeAth,
  createReplayCache,
  normalizeHtu,
} from './dpop-check.js';

describe('the demo APIs’ DPoP helpers', () => {
  it('remember a jti for the proof lifetime, then forget it', () => {
    let now = 0;
    const cache = createReplayCache(() => now);
    expect(cache.remember('k:1')).toBe(true);
    expect(cache.remember('k:1')).toBe(false);
    expect(cache.remember('k:2')).toBe(true);
    now += (DPOP_MAX_AGE_S + DPOP_MAX_SKEW_S) * 1000 + 1;
    expect(cache.remember('k:1')).toBe(true);
  });

  it('stay bounded, dropping the oldest entries first', () => {
    const cache = createReplayCache(() => 0);
    for (let index = 0; index < 10_001; index += 1) cache.remember(`k:${index}`);
    expect(cache.remember('k:0')).toBe(true);
    expect(cache.remember('k:10000')).toBe(false);
  });

  it('compute htu and ath as RFC 9449 §4.2 says', () => {
    expect(normalizeHtu('https://api.example/me?x=1#y')).toBe('https://api.example/me');
    expect(computeAth('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU')).toBe(
      'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo',
    );
  });
});
