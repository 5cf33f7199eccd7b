import type { Exchange } from '@/protocol/http';
import type { FlowRun, RunStep } from '@/protocol/flows/types';

/** How the `state` that came back compares with the one sent (RFC 6749 §10.12). */
export type StateComparison = 'match' | 'mismatch' | 'missing' | 'not-sent';

export function compareState(sent: string | undefined, received: string | undefined): StateComparison {
  if (!sent) return 'not-sent';
  if (received === undefined) return 'missing';
  return sent === received ? 'match' : 'mismatch';
}

/** A callback URL cut around its `code` value, so that the value can be highlighted. */
export interface CodeSplit {
  before: string;
  code?: string;
  after: string;
}

export function splitAtCode(url: string): CodeSplit {
  const match = /([?&#])code=([^&#]*)/.exec(url);
  const lead = match?.[1];
  const code = match?.[2];
  if (!match || lead === undefined || code === undefined) return { before: url, after: '' };
  const start = match.index + lead.length + 'code='.length;
  return { before: url.slice(0, start), code, after: url.slice(start + code.length) };
}

/** Scopes asked for against scopes granted (RFC 6749 §3.3, §5.1). */
export interface ScopeComparison {
  requested: string[];
  /** `undefined` when the response carried no `scope`: then it is the requested one (§5.1). */
  granted: string[] | undefined;
  missing: string[];
  added: string[];
}

function splitScope(value: string | undefined): string[] {
  return (value ?? '').split(' ').filter(Boolean);
}

export function compareScopes(requested: string | undefined, granted: string | undefined): ScopeComparison {
  const asked = splitScope(requested);
  if (granted === undefined) return { requested: asked, granted: undefined, missing: [], added: [] };
  const given = splitScope(granted);
  return {
    requested: asked,
    granted: given,
    missing: asked.filter((scope) => !given.includes(scope)),
    added: given.filter((scope) => !asked.includes(scope)),
  };
}

/** The form body of the last request a step sent, or `undefined` when it sent none or no form. */
export function lastFormBody(run: FlowRun, step: RunStep): URLSearchParams | undefined {
  const id = step.record.exchangeIds.at(-1);
  const exchange: Exchange | undefined = run.exchanges.find((item) => item.id === id);
  const body = exchange?.request.body;
  if (body === undefined) return undefined;
  if (!(exchange?.request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
    return undefined;
  return new URLSearchParams(body);
}

/** Whether a value is a redaction placeholder (`{{name}}`), i.e. the real value was not kept. */
export function isPlaceholder(value: string): boolean {
  return /^\{\{[a-z_]+\}\}$/.test(value);
}
