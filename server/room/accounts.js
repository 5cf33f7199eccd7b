// The room's demo accounts: the generated attendee list, and (with --self-join) the accounts
// attendees create for themselves on the join page, bounded in number and rate. Self-service
// accounts live in this process, or in Redis when the room has a shared store, so that every
// instance of the room knows every account.
import { randomBytes, randomUUID } from 'node:crypto';
import { MAX_ATTENDEES, SELF_JOIN_PER_MINUTE } from './defaults.js';

/** Letters and digits that cannot be mistaken for one another on a projector or a printout. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * One demo account with a random password (`xxxxx-xxxxx`), e.g. `attendee-07` or `guest-07`.
 * @param {'attendee' | 'guest'} kind
 * @param {number} number
 * @param {number} width digits of the number
 */
export function createDemoAccount(kind, number, width) {
  const chars = [...randomBytes(10)]
    .map((byte) => PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length])
    .join('');
  const padded = String(number).padStart(width, '0');
  const title = kind === 'attendee' ? 'Attendee' : 'Guest';
  return {
    sub: randomUUID(),
    username: `${kind}-${padded}`,
    password: `${chars.slice(0, 5)}-${chars.slice(5)}`,
    name: `${title} ${padded}`,
    given_name: title,
    family_name: padded,
    email: `${kind}-${padded}@room.example.test`,
    email_verified: true,
    roles: [],
    groups: ['workshop-attendees'],
  };
}

function checkCount(count, what) {
  if (!Number.isInteger(count) || count < 1 || count > MAX_ATTENDEES) {
    throw new Error(`the number of ${what} must be a whole number from 1 to ${MAX_ATTENDEES}, got ${count}`);
  }
}

const widthOf = (count) => Math.max(2, String(count).length);

/** Generates the room's attendee accounts: attendee-01 … with random demo passwords. */
export function createAttendees(count) {
  checkCount(count, 'attendees');
  return Array.from({ length: count }, (_, index) =>
    createDemoAccount('attendee', index + 1, widthOf(count)),
  );
}

/** Takes a place (a number) for a new self-service account, or says why not, atomically. */
const CLAIM_SCRIPT = `
local taken = tonumber(redis.call('GET', KEYS[1]) or '0')
if taken >= tonumber(ARGV[1]) then return -1 end
local recent = redis.call('INCR', KEYS[2])
if recent == 1 then redis.call('PEXPIRE', KEYS[2], 60000) end
if recent > tonumber(ARGV[2]) then return -2 end
return redis.call('INCR', KEYS[1])
`;

/**
 * The self-service join of a room: at most `max` accounts, at most SELF_JOIN_PER_MINUTE a minute.
 * `onAccount` is told of every account (created here or, with Redis, by another instance) so the
 * IdP can sign it in.
 * @param {{ max: number, redis?: import('ioredis').Redis, prefix?: string, perMinute?: number,
 *   onAccount: (account: ReturnType<typeof createDemoAccount>) => void }} options
 */
export async function createSelfJoin({
  max,
  redis,
  prefix = 'tp:room:',
  perMinute = SELF_JOIN_PER_MINUTE,
  onAccount,
}) {
  checkCount(max, 'self-service accounts');
  const width = widthOf(max);
  const listKey = `${prefix}joined`;
  const channel = `${prefix}joined`;
  let known = 0;
  let subscriber;
  let reading = Promise.resolve();

  // Reads the accounts this instance has not seen yet, in the order they were stored; one read at
  // a time, so that no account is missed or told twice.
  function catchUp() {
    const read = async () => {
      const fresh = await redis.lrange(listKey, known, -1);
      known += fresh.length;
      for (const item of fresh) onAccount(JSON.parse(item));
    };
    reading = reading.then(read, read);
    return reading;
  }

  let claim;
  if (redis) {
    await catchUp();
    subscriber = redis.duplicate();
    subscriber.on('message', () => void catchUp().catch(() => undefined));
    // A reconnected subscriber may have missed messages: read what is new.
    subscriber.on('ready', () => void catchUp().catch(() => undefined));
    await subscriber.subscribe(channel);
    claim = async () => {
      const result = await redis.eval(
        CLAIM_SCRIPT,
        2,
        `${prefix}joined-count`,
        `${prefix}joined-rate`,
        max,
        perMinute,
      );
      return result === -1 ? 'full' : result === -2 ? 'busy' : result;
    };
  } else {
    let taken = 0;
    let windowStart = 0;
    let recent = 0;
    claim = async () => {
      if (taken >= max) return 'full';
      const now = Date.now();
      if (now - windowStart >= 60_000) {
        windowStart = now;
        recent = 0;
      }
      recent += 1;
      if (recent > perMinute) return 'busy';
      taken += 1;
      return taken;
    };
  }

  return {
    max,
    /** @returns {Promise<{ account: ReturnType<typeof createDemoAccount> } | { refused: 'full' | 'busy' }>} */
    async join() {
      const number = await claim();
      if (typeof number !== 'number') return { refused: number };
      const account = createDemoAccount('guest', number, width);
      if (redis) {
        await redis.rpush(listKey, JSON.stringify(account));
        await redis.publish(channel, account.username);
        await catchUp();
      } else {
        known += 1;
        onAccount(account);
      }
      return { account };
    },
    /** How many self-service accounts exist. */
    async count() {
      return redis ? redis.llen(listKey) : known;
    },
    async close() {
      if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
