import { timingSafeEqual, createHash } from 'node:crypto';
import { USERS } from './config.js';

/** Demo users added at runtime (the generated attendees of a workshop room), by username. */
const addedUsers = new Map();
const addedBySub = new Map();

/**
 * Adds demo users next to the fixed ones; returns a function that removes them again.
 * @param {Array<{ sub: string, username: string, password: string }>} users
 */
export function addDemoUsers(users) {
  const fresh = users.filter((user) => {
    const existing = addedUsers.get(user.username);
    // The same account added twice (two room instances in one process) is kept once.
    if (existing && existing.sub === user.sub && existing.password === user.password) return false;
    if (existing || USERS.some((fixed) => fixed.username === user.username))
      throw new Error(`demo user "${user.username}" already exists`);
    return true;
  });
  for (const user of fresh) {
    addedUsers.set(user.username, user);
    addedBySub.set(user.sub, user);
  }
  return () => {
    for (const user of fresh) {
      if (addedUsers.get(user.username) !== user) continue;
      addedUsers.delete(user.username);
      addedBySub.delete(user.sub);
    }
  };
}

export function findUserByUsername(username) {
  const name = String(username).toLowerCase();
  return USERS.find((user) => user.username === name) ?? addedUsers.get(name);
}

export function findUserBySub(sub) {
  return USERS.find((user) => user.sub === sub) ?? addedBySub.get(sub);
}

const digest = (value) => createHash('sha256').update(String(value)).digest();

/** Compares passwords in constant time (hashing first so lengths do not leak). */
export function checkPassword(user, password) {
  return timingSafeEqual(digest(user.password), digest(password));
}

/**
 * Checks the user's demo security code (the second factor of step-up), in constant time. Users
 * without one (a workshop room's generated attendees) cannot pass it.
 */
export function checkSecurityCode(user, code) {
  if (typeof user.security_code !== 'string' || user.security_code === '') return false;
  return timingSafeEqual(digest(user.security_code), digest(String(code).trim()));
}

/** The OpenID claims of a user; oidc-provider masks them by the granted scopes. */
export function buildUserClaims(user) {
  return {
    sub: user.sub,
    name: user.name,
    given_name: user.given_name,
    family_name: user.family_name,
    preferred_username: user.username,
    email: user.email,
    email_verified: user.email_verified,
    roles: user.roles,
    groups: user.groups,
  };
}
