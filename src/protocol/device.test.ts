import { describe, expect, it } from 'vitest';
import {
  createDevicePollState,
  nextPollDecision,
  type DevicePollResult,
  type DevicePollState,
} from './device';

const T0 = 1_700_000_000_000;
const pending: DevicePollResult = { type: 'error', error: 'authorization_pending' };
const slowDown: DevicePollResult = { type: 'error', error: 'slow_down' };

describe('createDevicePollState', () => {
  it.each<[number | undefined, number]>([
    [undefined, 5],
    [0, 5],
    [8, 8],
  ])('interval %s → %i s', (interval, seconds) => {
    expect(createDevicePollState({ expires_in: 900, interval }, T0)).toEqual({
      expiresAt: T0 + 900_000,
      intervalSeconds: seconds,
    });
  });
});

describe('nextPollDecision', () => {
  const state = createDevicePollState({ expires_in: 900 }, T0);

  it.each<[DevicePollResult, unknown]>([
    [{ type: 'start' }, { action: 'wait', delayMs: 5000, intervalSeconds: 5 }],
    [pending, { action: 'wait', delayMs: 5000, intervalSeconds: 5 }],
    [slowDown, { action: 'wait', delayMs: 10_000, intervalSeconds: 10 }],
    [{ type: 'tokens' }, { action: 'done', outcome: 'success' }],
    [
      { type: 'error', error: 'access_denied' },
      { action: 'done', outcome: 'denied' },
    ],
    [
      { type: 'error', error: 'authorization_declined' },
      { action: 'done', outcome: 'denied' },
    ],
    [
      { type: 'error', error: 'expired_token' },
      { action: 'done', outcome: 'expired' },
    ],
    [
      { type: 'error', error: 'bad_verification_code' },
      { action: 'done', outcome: 'error' },
    ],
    [
      { type: 'error', error: 'invalid_client', error_description: 'AADSTS7000218' },
      { action: 'done', outcome: 'error' },
    ],
    [
      { type: 'failure', code: 'NETWORK', message: 'offline' },
      { action: 'done', outcome: 'error' },
    ],
  ])('%o → %o', (result, decision) => {
    expect(nextPollDecision(state, result, T0)).toMatchObject(decision as object);
  });

  it('makes slow_down permanent and cumulative across a simulated run', () => {
    let current: DevicePollState = state;
    let now = T0;
    const delays: number[] = [];
    for (const result of [{ type: 'start' } as const, pending, slowDown, pending, slowDown, pending]) {
      const decision = nextPollDecision(current, result, now);
      if (decision.action !== 'wait') throw new Error('expected to wait');
      delays.push(decision.delayMs);
      current = { ...current, intervalSeconds: decision.intervalSeconds };
      now += decision.delayMs;
    }
    expect(delays).toEqual([5000, 5000, 10_000, 10_000, 15_000, 15_000]);
  });

  it('never schedules a poll at or after expires_in', () => {
    const short = createDevicePollState({ expires_in: 12 }, T0);
    expect(nextPollDecision(short, pending, T0)).toMatchObject({ action: 'wait', delayMs: 5000 });
    expect(nextPollDecision(short, pending, T0 + 6000)).toMatchObject({ action: 'wait' });
    expect(nextPollDecision(short, pending, T0 + 7000)).toMatchObject({ action: 'done', outcome: 'expired' });
    expect(nextPollDecision(short, pending, T0 + 60_000)).toMatchObject({
      action: 'done',
      outcome: 'expired',
    });
  });

  it('names the error it stopped on', () => {
    const decision = nextPollDecision(
      state,
      { type: 'error', error: 'invalid_grant', error_description: 'nope' },
      T0,
    );
    expect(decision.reason).toContain('"invalid_grant": nope');
  });
});
