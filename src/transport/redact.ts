import type { Exchange, HttpRequest, HttpResponse } from '@/protocol/http';

import {
  classifyHeader,
  classifyParameter,
  describeSensitivePlaceholder,
  type Sensitivity,
} from '@/protocol/sensitivity';

/**
 * What to hide. Every category defaults to `true`: an export or a copy is redacted unless the
 * caller turns a category off on purpose. What belongs to which category is decided once, in
 * `protocol/sensitivity.ts`.
 */
export interface RedactOptions {
  /** Client secrets, passwords, PKCE verifiers, client assertions, Basic credentials, cookies. */
  secrets?: boolean;
  /** Access, ID and refresh tokens, codes, device codes, assertions, request objects, DPoP proofs. */
  tokens?: boolean;
  /** Values that name a person: login and logout hints, usernames. */
  personal?: boolean;
}

const PLACEHOLDER_PATTERN = /\{\{([a-z_]+)\}\}/g;

export function formatPlaceholder(name: string): string {
  return `{{${name}}}`;
}

/** One-line meaning of a placeholder, or `undefined` for a name redaction never produces. */
export function describePlaceholder(name: string): string | undefined {
  return describeSensitivePlaceholder(name);
}

function isOn(options: RedactOptions | undefined, category: Sensitivity): boolean {
  if (category === 'secret') return options?.secrets !== false;
  if (category === 'token') return options?.tokens !== false;
  if (category === 'personal') return options?.personal !== false;
  return false;
}

function shouldRedactParameter(name: string, options: RedactOptions | undefined): boolean {
  return isOn(options, classifyParameter(name));
}

function decodeFormComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * Rewrites `a=1&b=2` pair by pair, keeping every pair that is not redacted byte for byte so that
 * the redacted text still shows exactly how the rest was encoded.
 */
function redactFormString(text: string, options: RedactOptions | undefined): string {
  if (text === '') return text;
  return text
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals === -1 ? pair : pair.slice(0, equals);
      const name = decodeFormComponent(rawName);
      if (equals === -1 || !shouldRedactParameter(name, options)) return pair;
      const value = pair.slice(equals + 1);
      return value === '' ? pair : `${rawName}=${formatPlaceholder(name)}`;
    })
    .join('&');
}

/** Redacts parameters in the query and in a parameter-style fragment (implicit and hybrid callbacks). */
export function redactUrl(url: string, options?: RedactOptions): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = hashAt === -1 ? undefined : url.slice(hashAt + 1);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt === -1 ? undefined : beforeHash.slice(queryAt + 1);
  let result = base;
  if (query !== undefined) result += `?${redactFormString(query, options)}`;
  if (fragment !== undefined)
    result += `#${fragment.includes('=') ? redactFormString(fragment, options) : fragment}`;
  return result;
}

function redactJsonValue(value: unknown, options: RedactOptions | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => redactJsonValue(item, options));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      copy[key] =
        typeof inner === 'string' && inner !== '' && shouldRedactParameter(key, options)
          ? formatPlaceholder(key)
          : redactJsonValue(inner, options);
    }
    return copy;
  }
  return value;
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function looksLikeJson(body: string, contentType: string | undefined): boolean {
  if (contentType !== undefined) return /[/+]json\b/i.test(contentType);
  return /^\s*[{[]/.test(body);
}

function looksLikeForm(body: string, contentType: string | undefined): boolean {
  if (contentType !== undefined) return /application\/x-www-form-urlencoded/i.test(contentType);
  return /^[^\s=&]+=[^\s]*$/.test(body);
}

/** Redacts a body according to its content type; a body that is not valid JSON is left as it is. */
function redactBody(
  body: string,
  contentType: string | undefined,
  options: RedactOptions | undefined,
): string {
  if (looksLikeJson(body, contentType)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return body;
    }
    const redacted = redactJsonValue(parsed, options);
    if (JSON.stringify(redacted) === JSON.stringify(parsed)) return body;
    return JSON.stringify(redacted, null, body.includes('\n') ? 2 : undefined);
  }
  if (looksLikeForm(body, contentType)) return redactFormString(body, options);
  return body;
}

function redactHeaders(
  headers: Record<string, string>,
  options: RedactOptions | undefined,
): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const sensitive = classifyHeader(name, value);
    if (name.toLowerCase() === 'location') copy[name] = redactUrl(value, options);
    else if (sensitive === undefined || !isOn(options, sensitive.sensitivity) || value === '')
      copy[name] = value;
    else if (name.toLowerCase() === 'authorization' && sensitive.placeholder !== 'authorization') {
      // Keep the scheme visible (Basic, Bearer, DPoP): it says how the credentials are sent.
      const scheme = /^(\S+)(\s+)/.exec(value);
      copy[name] = `${scheme?.[1] ?? ''}${scheme?.[2] ?? ' '}${formatPlaceholder(sensitive.placeholder)}`;
    } else copy[name] = formatPlaceholder(sensitive.placeholder);
  }
  return copy;
}

/**
 * A copy of the request with secrets and tokens replaced by named placeholders such as
 * `{{client_secret}}`; the query, a form or JSON body and the `Authorization` header are covered.
 */
export function redactRequest(request: HttpRequest, options?: RedactOptions): HttpRequest {
  const redacted: HttpRequest = {
    method: request.method,
    url: redactUrl(request.url, options),
    headers: redactHeaders(request.headers, options),
  };
  if (request.body !== undefined) {
    redacted.body = redactBody(request.body, headerValue(request.headers, 'content-type'), options);
  }
  return redacted;
}

/** A copy of the response with token fields of a JSON (or form) body, cookies and `Location` redacted. */
export function redactResponse(response: HttpResponse, options?: RedactOptions): HttpResponse {
  return {
    ...response,
    headers: redactHeaders(response.headers, options),
    body: redactBody(response.body, headerValue(response.headers, 'content-type'), options),
  };
}

/** A copy of the exchange with its request and response redacted; the other fields are untouched. */
export function redactExchange(exchange: Exchange, options?: RedactOptions): Exchange {
  const redacted: Exchange = { ...exchange, request: redactRequest(exchange.request, options) };
  if (exchange.response !== undefined) redacted.response = redactResponse(exchange.response, options);
  return redacted;
}

function collectFromText(text: string, found: Set<string>): void {
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
    const name = match[1];
    if (name !== undefined && describePlaceholder(name) !== undefined) found.add(name);
  }
}

function collectFromRequest(request: HttpRequest, found: Set<string>): void {
  collectFromText(request.url, found);
  for (const value of Object.values(request.headers)) collectFromText(value, found);
  if (request.body !== undefined) collectFromText(request.body, found);
}

/**
 * The placeholder names (without braces) that appear in the given requests or exchanges' requests,
 * in order of first appearance: the variables a user must fill in before running an export.
 */
export function placeholdersUsed(items: readonly (HttpRequest | Exchange)[]): string[] {
  const found = new Set<string>();
  for (const item of items) collectFromRequest('request' in item ? item.request : item, found);
  return [...found];
}

/** Splits text into literal runs and placeholder names, for exporters that turn placeholders into variables. */
export function splitPlaceholders(text: string): ({ literal: string } | { placeholder: string })[] {
  const parts: ({ literal: string } | { placeholder: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
    const name = match[1] ?? '';
    if (describePlaceholder(name) === undefined) continue;
    if (match.index > last) parts.push({ literal: text.slice(last, match.index) });
    parts.push({ placeholder: name });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ literal: text.slice(last) });
  return parts;
}
