// Shared storage of a room served by several companion instances: oidc-provider's adapter interface
// on Redis, plus the values every instance must agree on (signing keys, cookie keys, attendees).
// @see https://github.com/panva/node-oidc-provider/blob/v8.x/docs/README.md#adapter
import { Redis } from 'ioredis';

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
        if (this.name === 'Client' && hooks.findClient) return hooks.findClient(id);
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
