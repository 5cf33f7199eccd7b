import type { JsonObject } from './decode';

export type ClaimChange = 'added' | 'removed' | 'changed' | 'unchanged';

export interface ClaimDiff {
  name: string;
  change: ClaimChange;
  before?: unknown;
  after?: unknown;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/**
 * Compares the claims of two tokens (for example before and after a refresh, or v1 against v2):
 * one row per claim name, in the first token's order then the new ones.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4 (JWT Claims)
 */
export function diffClaims(before: JsonObject, after: JsonObject): ClaimDiff[] {
  const names = [
    ...Object.keys(before),
    ...Object.keys(after).filter((name) => !Object.hasOwn(before, name)),
  ];
  return names.map((name) => {
    const inBefore = Object.hasOwn(before, name);
    const inAfter = Object.hasOwn(after, name);
    if (!inAfter) return { name, change: 'removed', before: before[name] };
    if (!inBefore) return { name, change: 'added', after: after[name] };
    const change = canonical(before[name]) === canonical(after[name]) ? 'unchanged' : 'changed';
    return { name, change, before: before[name], after: after[name] };
  });
}
