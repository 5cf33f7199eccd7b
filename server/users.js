import { timingSafeEqual, createHash } from 'node:crypto';
import { USERS } from './config.js';

export function findUserByUsername(username) {
  return USERS.find((user) => user.username === String(username).toLowerCase());
}

export function findUserBySub(sub) {
  return USERS.find((user) => user.sub === sub);
}

/** Compares passwords in constant time (hashing first so lengths do not leak). */
export function checkPassword(user, password) {
  const digest = (value) => createHash('sha256').update(String(value)).digest();
  return timingSafeEqual(digest(user.password), digest(password));
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
