/** What the device-flow poller remembers between polls. Times are milliseconds since the epoch. */
export interface DevicePollState {
  /** When the device code stops being valid (`expires_in` after the authorization response). */
  expiresAt: number;
  /** Current polling interval in seconds (grows by 5 on every `slow_down`). */
  intervalSeconds: number;
}

/** The outcome of the last poll, or `start` before the first one. */
export type DevicePollResult =
  | { type: 'start' }
  | { type: 'tokens' }
  | { type: 'error'; error: string; error_description?: string }
  | { type: 'failure'; code: string; message: string };

export type DevicePollDecision =
  | { action: 'wait'; delayMs: number; intervalSeconds: number; reason: string }
  | { action: 'done'; outcome: 'success' | 'denied' | 'expired' | 'error'; reason: string };

/** RFC 8628 §3.2: without `interval`, clients wait 5 seconds. */
export const DEFAULT_DEVICE_INTERVAL = 5;
/** RFC 8628 §3.5: every `slow_down` adds 5 seconds, for all later polls. */
export const SLOW_DOWN_INCREMENT = 5;

/**
 * The starting poll state from the device authorization response.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.2
 */
export function createDevicePollState(
  response: { expires_in: number; interval?: number | undefined },
  now: number,
): DevicePollState {
  const interval =
    response.interval !== undefined && response.interval > 0 ? response.interval : DEFAULT_DEVICE_INTERVAL;
  return { expiresAt: now + response.expires_in * 1000, intervalSeconds: interval };
}

/**
 * What to do after a poll: wait `interval` (kept on `authorization_pending`, plus 5 s for good on
 * `slow_down`), or stop on tokens, a denial, expiry or another error. Never schedules a poll at or
 * after the device code's expiry. The caller stores `intervalSeconds` back into its state.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
export function nextPollDecision(
  state: DevicePollState,
  result: DevicePollResult,
  now: number,
): DevicePollDecision {
  let interval = state.intervalSeconds;
  let reason: string;
  switch (result.type) {
    case 'tokens':
      return {
        action: 'done',
        outcome: 'success',
        reason: 'The user signed in; the token endpoint returned tokens.',
      };
    case 'failure':
      return {
        action: 'done',
        outcome: 'error',
        reason: `The poll could not reach the token endpoint: ${result.message}`,
      };
    case 'start':
      reason = `First poll after the interval (${interval} s).`;
      break;
    case 'error':
      switch (result.error) {
        case 'authorization_pending':
          reason = 'The user has not finished signing in yet; polling again after the same interval.';
          break;
        case 'slow_down':
          interval += SLOW_DOWN_INCREMENT;
          reason = `The server asked to slow down: the interval grows by ${SLOW_DOWN_INCREMENT} s to ${interval} s for every later poll.`;
          break;
        case 'access_denied':
        case 'authorization_declined':
          return {
            action: 'done',
            outcome: 'denied',
            reason: 'The user declined the sign-in on the other device.',
          };
        case 'expired_token':
          return {
            action: 'done',
            outcome: 'expired',
            reason: 'The device code expired before the user finished; start the flow again.',
          };
        case 'bad_verification_code':
          return {
            action: 'done',
            outcome: 'error',
            reason:
              'The server does not recognise the device code (bad_verification_code): it was mistyped or belongs to another request.',
          };
        default:
          return {
            action: 'done',
            outcome: 'error',
            reason: `The token endpoint returned "${result.error}"${result.error_description ? `: ${result.error_description}` : ''}; polling stops.`,
          };
      }
      break;
  }
  const delayMs = interval * 1000;
  if (now + delayMs >= state.expiresAt) {
    return {
      action: 'done',
      outcome: 'expired',
      reason:
        'The device code expires before the next poll would be allowed (expires_in has passed); start the flow again.',
    };
  }
  return { action: 'wait', delayMs, intervalSeconds: interval, reason };
}
