// State of the demo IdP that lives outside oidc-provider's models: the public keys users upload for
// the key clients, the device flow's polling record (slow_down), and how many clients were
// registered. In memory here; a workshop room with several instances keeps it in Redis
// (server/room/redis-state.js) behind the same interface, so the instances behave as one.

/** Polling records older than this are forgotten (a device code lives 15 minutes). */
export const DEVICE_POLL_RECORD_TTL_MS = 30 * 60_000;

/**
 * @typedef {object} IdpState
 * @property {{ list(): Promise<object[]>, add(key: object & { kid: string }, max: number): Promise<'added' | 'duplicate' | 'full'> }} uploadedKeys
 * @property {{ poll(deviceCode: string, defaultInterval: number): Promise<{ slowDown: boolean, interval: number }> }} devicePolls
 *   records a poll of the token endpoint; `slowDown` when it came sooner than `interval` seconds
 *   after the previous one, and then `interval` is the new one (5 s longer, RFC 8628 §3.5)
 * @property {{ claim(max: number): Promise<boolean>, release(): Promise<void> }} registrations
 *   `claim` takes one of `max` places for a registered client (false when none is left)
 */

/**
 * The decision of one device-code poll, shared by the memory and Redis stores.
 * @param {{ last: number, interval: number } | undefined} previous
 * @param {number} now milliseconds
 * @param {number} defaultInterval seconds
 */
export function decidePoll(previous, now, defaultInterval) {
  if (previous && now - previous.last < previous.interval * 1000) {
    return { slowDown: true, interval: previous.interval + 5 };
  }
  return { slowDown: false, interval: previous?.interval ?? defaultInterval };
}

/** @returns {IdpState} state kept in this process. */
export function createMemoryIdpState() {
  const keys = new Map();
  const polls = new Map();
  let registered = 0;
  return {
    uploadedKeys: {
      async list() {
        return [...keys.values()];
      },
      async add(key, max) {
        if (keys.has(key.kid)) return 'duplicate';
        if (keys.size >= max) return 'full';
        keys.set(key.kid, key);
        return 'added';
      },
    },
    devicePolls: {
      async poll(deviceCode, defaultInterval) {
        const now = Date.now();
        for (const [code, entry] of polls)
          if (now - entry.last > DEVICE_POLL_RECORD_TTL_MS) polls.delete(code);
        const decision = decidePoll(polls.get(deviceCode), now, defaultInterval);
        polls.set(deviceCode, { last: now, interval: decision.interval });
        return decision;
      },
    },
    registrations: {
      async claim(max) {
        if (registered >= max) return false;
        registered += 1;
        return true;
      },
      async release() {
        registered = Math.max(0, registered - 1);
      },
    },
  };
}
