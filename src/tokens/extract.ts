/** Where a token was found: the parameter or field name it came under, or `token` when pasted bare. */
export type TokenSourceName =
  | 'access_token'
  | 'id_token'
  | 'refresh_token'
  | 'token'
  | 'logout_token'
  | 'assertion'
  | 'client_assertion'
  | 'subject_token'
  | 'actor_token';

export interface ExtractedToken {
  name: TokenSourceName;
  value: string;
}

const TOKEN_NAMES: readonly TokenSourceName[] = [
  'id_token',
  'access_token',
  'refresh_token',
  'token',
  'logout_token',
  'assertion',
  'client_assertion',
  'subject_token',
  'actor_token',
];

const JWT_LIKE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g;
const QUOTES = /^["'`]+|["'`,;]+$/g;

function isTokenName(name: string): name is TokenSourceName {
  return (TOKEN_NAMES as readonly string[]).includes(name);
}

function addUnique(found: ExtractedToken[], name: TokenSourceName, value: string): void {
  const clean = value.trim();
  if (clean !== '' && !found.some((t) => t.value === clean)) found.push({ name, value: clean });
}

function collectFromJson(text: string, found: ExtractedToken[]): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    return false;
  }
  if (typeof parsed === 'string') {
    addUnique(found, 'token', parsed);
    return true;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  for (const name of TOKEN_NAMES) {
    const value = (parsed as Record<string, unknown>)[name];
    if (typeof value === 'string') addUnique(found, name, value);
  }
  return found.length > 0;
}

function collectFromParams(params: string, found: ExtractedToken[]): void {
  for (const [key, value] of new URLSearchParams(params)) {
    if (isTokenName(key)) addUnique(found, key, value);
  }
}

function collectFromUrlLike(text: string, found: ExtractedToken[]): boolean {
  if (!/(?:^|[?#&])(?:id_token|access_token|refresh_token|token|logout_token)=/.test(text)) return false;
  const hash = text.indexOf('#');
  const query = text.indexOf('?');
  if (query !== -1) collectFromParams(text.slice(query + 1, hash > query ? hash : undefined), found);
  if (hash !== -1) collectFromParams(text.slice(hash + 1), found);
  if (query === -1 && hash === -1) collectFromParams(text, found);
  return found.length > 0;
}

function stripWrappers(text: string): string {
  let value = text.trim();
  value = value.replace(/^authorization\s*:\s*/i, '');
  value = value.replace(QUOTES, '').trim();
  value = value.replace(/^(?:bearer|dpop)\s+/i, '');
  return value.replace(QUOTES, '').trim();
}

/**
 * Finds every token in pasted text: bare (with whitespace, quotes or a `Bearer ` prefix), a whole
 * `Authorization:` header, a redirect URL (query or fragment), a bare fragment or form body, or a JSON
 * token response. Returns them in a stable order, without duplicates; empty text gives an empty list.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1 (Authorization Request Header Field)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.2.2 (Access Token Response in the fragment)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1 (Successful token response)
 */
export function extractTokens(text: string): ExtractedToken[] {
  const found: ExtractedToken[] = [];
  const trimmed = text.trim();
  if (trimmed === '') return found;
  if (/^[{"]/.test(trimmed) && collectFromJson(trimmed, found)) return found;
  if (collectFromUrlLike(trimmed, found))
    return found.sort((a, b) => TOKEN_NAMES.indexOf(a.name) - TOKEN_NAMES.indexOf(b.name));
  const bare = stripWrappers(trimmed);
  if (!/\s/.test(bare)) {
    addUnique(found, 'token', bare);
    return found;
  }
  for (const match of bare.matchAll(JWT_LIKE)) addUnique(found, 'token', match[0]);
  if (found.length === 0) addUnique(found, 'token', bare.replace(/\s+/g, ''));
  return found;
}
