import { classifyParameter, listSensitiveParameters } from '@/protocol/sensitivity';

/**
 * Claims whose values identify a person or a tenant: masked on screen in presenter mode, with every
 * parameter the sensitivity registry (`protocol/sensitivity.ts`) calls personal.
 */
export const PERSONAL_CLAIMS: ReadonlySet<string> = new Set([
  ...listSensitiveParameters('personal'),
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'email',
  'preferred_username',
  'upn',
  'unique_name',
  'oid',
  'sub',
  'tid',
  'phone_number',
  'address',
  'ipaddr',
]);

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const GUID = /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g;
// Three base64url segments starting with an encoded JSON object: a compact JWS.
const JWS = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+/g;

export const MASK = '••••••';

// `name=value` in a query, fragment or form where the registry calls `name` sensitive.
const SENSITIVE_PAIR = new RegExp(`(^|[?&#\\s])(${listSensitiveParameters().join('|')})=[^&#\\s"]+`, 'g');

/** What replaces a masked value: the mask and how long the value was, so the shape stays readable. */
export function maskValue(value: string): string {
  return value === '' ? value : `${MASK} (hidden, ${value.length} chars)`;
}

export function looksPersonal(value: string): boolean {
  return new RegExp(EMAIL.source).test(value) || new RegExp(GUID.source).test(value);
}

/** Replaces the signature of a compact JWS with the mask; other text is returned as it is. */
export function maskSignature(token: string): string {
  const parts = token.split('.');
  if (parts.length !== 3) return token;
  return `${parts[0] ?? ''}.${parts[1] ?? ''}.${MASK}`;
}

/**
 * Masks personal data in free text (response bodies, URLs): emails, GUIDs and the signatures of
 * JWTs. A JWT's payload stays encoded: it is base64url, not readable on a projector.
 */
export function maskText(text: string): string {
  return text
    .replace(SENSITIVE_PAIR, (_match: string, lead: string, name: string) => `${lead}${name}=${MASK}`)
    .replace(JWS, (jws) => maskSignature(jws))
    .replace(EMAIL, MASK)
    .replace(GUID, MASK);
}

/** A copy of a claims object with personal claims and personal-looking values masked, at any depth. */
export function maskClaims(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && (PERSONAL_CLAIMS.has(key) || classifyParameter(key) === 'secret'))
      return maskValue(value);
    return looksPersonal(value) ? maskText(value) : value;
  }
  if (
    key !== undefined &&
    PERSONAL_CLAIMS.has(key) &&
    (typeof value === 'number' || typeof value === 'boolean')
  ) {
    return maskValue(String(value));
  }
  if (Array.isArray(value)) return value.map((item) => maskClaims(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, maskClaims(inner, name)]));
  }
  return value;
}
