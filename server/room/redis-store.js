// Shared storage of a room served by several companion instances: oidc-provider's adapter interface
// on Redis, the IdP's own state (uploaded keys, device polling, registrations), and the values every
// instance must agree on (signing keys, cookie keys, attendees).
// @see https://github.com/panva/node-oidc-provider/blob/v8.x/docs/README.md#adapter
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { DEVICE_POLL_RECORD_TTL_MS } from '../idp-state.js';

/** Models whose entries are tied to a grant and removed when the grant is revoked. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

/** The longest time-to-live of any model (Grant, Session, RefreshToken: 14 days). */
const MAX_TTL_S = 14 * 24 * 3600;

/**
 * Connects to Redis from a `redis://` or `rediss://` URL and fails fast when it cannot.
 * @param {string} url
 */
export async function connectRedis(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--store must be a redis:// URL, got "${url}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`--store must be a redis:// or rediss:// URL, got "${parsed.protocol}//…"`);
  }
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${parsed.host}: ${error.message}`);
  }
  return redis;
}

/**
 * Creates an adapter factory (same shape as createMemoryAdapter) whose models live in Redis.
 * Entries are hashes holding the JSON payload, so that `consume` marks one atomically without a
 * read-modify-write race between instances.
 * @param {Redis} redis
 * @param {{ prefix?: string }} [options]
 */
export function createRedisAdapter(redis, { prefix = 'tp:oidc:' } = {}) {
  const grantKey = (grantId) => `${prefix}grant:${grantId}`;
  const userCodeKey = (userCode) => `${prefix}userCode:${userCode}`;
  const uidKey = (uid) => `${prefix}uid:${uid}`;

  return (hooks = {}) =>
    class RedisAdapter {
      constructor(name) {
        this.name = name;
      }

      key(id) {
        return `${prefix}${this.name}:${id}`;
      }

      async upsert(id, payload, expiresIn) {
        const key = this.key(id);
        const multi = redis.multi();
        multi.del(key);
        multi.hset(key, 'payload', JSON.stringify(payload));
        if (expiresIn) multi.expire(key, expiresIn);
        if (GRANTABLE.has(this.name) && payload.grantId) {
          const grant = grantKey(payload.grantId);
          multi.rpush(grant, key);
          // The list lives as long as the longest-lived entry on it.
          multi.expire(grant, expiresIn || MAX_TTL_S, 'NX');
          multi.expire(grant, expiresIn || MAX_TTL_S, 'GT');
        }
        if (payload.userCode) multi.set(userCodeKey(payload.userCode), id, 'EX', expiresIn || MAX_TTL_S);
        if (payload.uid) multi.set(uidKey(payload.uid), id, 'EX', expiresIn || MAX_TTL_S);
        await multi.exec();
      }

      async find(id) {
        // The key clients come from the hook; registered clients are stored like any model.
        const hooked = this.name === 'Client' ? await hooks.findClient?.(id) : undefined;
        if (hooked) return hooked;
        const entry = await redis.hgetall(this.key(id));
        if (!entry.payload) return undefined;
        const payload = JSON.parse(entry.payload);
        if (entry.consumed) payload.consumed = Number(entry.consumed);
        return payload;
      }

      async findByUid(uid) {
        const id = await redis.get(uidKey(uid));
        return id ? this.find(id) : undefined;
      }

      async findByUserCode(userCode) {
        const id = await redis.get(userCodeKey(userCode));
        return id ? this.find(id) : undefined;
      }

      async consume(id) {
        // HSET on a missing key would create a payload-less hash; only mark entries that exist.
        const key = this.key(id);
        if (await redis.exists(key)) await redis.hset(key, 'consumed', Math.floor(Date.now() / 1000));
      }

      async destroy(id) {
        await redis.del(this.key(id));
      }

      async revokeByGrantId(grantId) {
        const grant = grantKey(grantId);
        const keys = await redis.lrange(grant, 0, -1);
        const multi = redis.multi();
        for (const key of keys) multi.del(key);
        multi.del(grant);
        await multi.exec();
      }
    };
}

/**
 * Values all instances of a room must share. The first instance to start creates each value;
 * the others read it (SET NX, so two instances starting together still agree).
 * @param {Redis} redis
 * @param {string} [prefix]
 */
export function createSharedValues(redis, prefix = 'tp:room:') {
  return {
    /**
     * @template T
     * @param {string} name
     * @param {() => T | Promise<T>} create
     * @returns {Promise<T>}
     */
    async once(name, create) {
      const key = `${prefix}${name}`;
      const existing = await redis.get(key);
      if (existing !== null) return JSON.parse(existing);
      const value = await create();
      const stored = await redis.set(key, JSON.stringify(value), 'NX');
      return stored ? value : JSON.parse(await redis.get(key));
    },
  };
}

/** Adds one key to a hash of keys by kid, unless the kid is taken or the hash is full. */
const ADD_KEY_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'duplicate' end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return 'full' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 'added'
`;

/**
 * Records one device-code poll on Redis's clock (instances' clocks may differ) and answers
 * "slow down" the way decidePoll does: sooner than the interval after the previous poll adds 5 s.
 * Returns { slowDown (0/1), interval }.
 */
const POLL_SCRIPT = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local last = tonumber(redis.call('HGET', KEYS[1], 'last'))
local interval = tonumber(redis.call('HGET', KEYS[1], 'interval')) or tonumber(ARGV[1])
local slow = 0
if last and nowMs - last < interval * 1000 then
  interval = interval + 5
  slow = 1
end
redis.call('HSET', KEYS[1], 'last', nowMs, 'interval', interval)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return { slow, interval }
`;

/** Takes one place of at most ARGV[1]; returns 1 when taken, 0 when none is left. */
const CLAIM_SCRIPT = `
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
return 1
`;

/**
 * The IdP's state outside oidc-provider's models (uploaded keys, device polling, the count of
 * registered clients) on Redis, so that every instance of a room sees the same.
 * @param {Redis} redis
 * @param {string} [prefix]
 * @returns {import('../idp-state.js').IdpState}
 */
export function createRedisIdpState(redis, prefix = 'tp:idp:') {
  const keysKey = `${prefix}uploaded-keys`;
  const registeredKey = `${prefix}registered-clients`;
  // Device codes are bearer secrets: the record is keyed by a hash of the code, not the code.
  const pollKey = (deviceCode) =>
    `${prefix}poll:${createHash('sha256').update(deviceCode).digest('base64url')}`;
  return {
    uploadedKeys: {
      async list() {
        return (await redis.hvals(keysKey)).map((value) => JSON.parse(value));
      },
      async add(key, max) {
        return redis.eval(ADD_KEY_SCRIPT, 1, keysKey, key.kid, JSON.stringify(key), max);
      },
    },
    devicePolls: {
      async poll(deviceCode, defaultInterval) {
        const [slow, interval] = await redis.eval(
          POLL_SCRIPT,
          1,
          pollKey(deviceCode),
          defaultInterval,
          DEVICE_POLL_RECORD_TTL_MS,
        );
        return { slowDown: slow === 1, interval: Number(interval) };
      },
    },
    registrations: {
      async claim(max) {
        return (await redis.eval(CLAIM_SCRIPT, 1, registeredKey, max)) === 1;
      },
      async release() {
        await redis.decr(registeredKey);
      },
    },
  };
}
