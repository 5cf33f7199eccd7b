import type { Exchange, HttpRequest } from '@/protocol/http';
import {
  describePlaceholder,
  placeholdersUsed,
  redactRequest,
  splitPlaceholders,
  type RedactOptions,
} from '@/transport/redact';

export interface ExportOptions {
  /** Redaction is on unless this is `false`; an object turns off one category only. */
  redact?: boolean | RedactOptions;
}

export interface ScriptOptions extends ExportOptions {
  /** Shown in the header comment, e.g. the flow's name. */
  title?: string;
  /** ISO timestamp for the header; given by the caller so that exports are reproducible. */
  exportedAt?: string;
}

/** A step of a session that is not an HTTP request sent by the app, e.g. "sign in on the other device". */
export interface SessionNote {
  kind: 'note';
  text: string;
}

export type SessionItem = Exchange | SessionNote;

function applyRedaction(request: HttpRequest, options: ExportOptions | undefined): HttpRequest {
  const redact = options?.redact ?? true;
  if (redact === false) return request;
  return redactRequest(request, redact === true ? undefined : redact);
}

function findHeader(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function isFormBody(request: HttpRequest): boolean {
  const contentType = findHeader(request.headers, 'content-type');
  return contentType !== undefined && /application\/x-www-form-urlencoded/i.test(contentType);
}

function isJsonBody(request: HttpRequest): boolean {
  const contentType = findHeader(request.headers, 'content-type');
  return contentType !== undefined && /[/+]json\b/i.test(contentType);
}

interface FormField {
  /** As it appears on the wire (still URL-encoded), because curl's `--data-urlencode` expects that. */
  rawName: string;
  name: string;
  value: string;
}

/** The fields of a form body, or `undefined` when some part is not valid percent-encoding. */
function parseFormFields(body: string): FormField[] | undefined {
  const fields: FormField[] = [];
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    try {
      fields.push({
        rawName,
        name: decodeURIComponent(rawName.replace(/\+/g, ' ')),
        value: decodeURIComponent(rawValue.replace(/\+/g, ' ')),
      });
    } catch {
      return undefined;
    }
  }
  return fields;
}

/** Replaces control characters so that provider-supplied text cannot leave a one-line comment. */
function toCommentText(text: string): string {
  return Array.from(text, (char) => {
    const code = char.codePointAt(0) ?? 0;
    return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 ? ' ' : char;
  }).join('');
}

/**
 * What every export of a request with a DPoP proof says: that proof cannot simply be sent again.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-11.1
 */
export const DPOP_SINGLE_USE_NOTE =
  'DPoP: the proof in this request is single-use: the server remembers its jti and refuses it a second time, and it expires minutes after its iat. Sign a new proof for each send (htm, htu, and ath for an API call) with the key the token is bound to; that private key stays in the browser and is not in this export.';

/** The DPoP note for a request that carries a `DPoP` header, else nothing. */
function dpopNotes(request: HttpRequest): string[] {
  return findHeader(request.headers, 'dpop') === undefined ? [] : [DPOP_SINGLE_USE_NOTE];
}

export function variableName(placeholder: string): string {
  return placeholder.toUpperCase();
}

// --- bash -------------------------------------------------------------------------------------

/** One bash word that is exactly `value`: single quotes, with `'` written as `'\''`. */
export function quoteBash(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A bash word; with `useVariables`, placeholders become `"${NAME}"` expansions, the rest stays single-quoted. */
function bashWord(value: string, useVariables: boolean): string {
  if (!useVariables) return quoteBash(value);
  const parts = splitPlaceholders(value);
  if (parts.length === 0) return quoteBash('');
  return parts
    .map((part) =>
      'placeholder' in part ? `"\${${variableName(part.placeholder)}}"` : quoteBash(part.literal),
    )
    .join('');
}

function buildCurl(request: HttpRequest, useVariables: boolean): string {
  const lines: string[] = [];
  const needsGlobOff = /[[\]{}]/.test(request.url);
  const method = request.method === 'GET' ? '' : `-X ${request.method} `;
  lines.push(`curl ${needsGlobOff ? '--globoff ' : ''}${method}${bashWord(request.url, useVariables)}`);
  for (const [name, value] of Object.entries(request.headers)) {
    lines.push(`-H ${bashWord(`${name}: ${value}`, useVariables)}`);
  }
  if (request.body !== undefined && request.body !== '') {
    const fields = isFormBody(request) ? parseFormFields(request.body) : undefined;
    if (fields) {
      for (const field of fields) {
        lines.push(`--data-urlencode ${bashWord(`${field.rawName}=${field.value}`, useVariables)}`);
      }
    } else {
      lines.push(`--data-raw ${bashWord(request.body, useVariables)}`);
    }
  }
  return lines.join(' \\\n  ');
}

/**
 * The request as a curl command for bash or zsh. Every value is single-quoted, so nothing in it is
 * expanded by the shell. Redacted by default: placeholders such as `{{client_secret}}` stay as text.
 */
export function toCurl(request: HttpRequest, options?: ExportOptions): string {
  const notes = dpopNotes(request).map((note) => `# ${note}\n`);
  return `${notes.join('')}${buildCurl(applyRedaction(request, options), false)}`;
}

// --- PowerShell -------------------------------------------------------------------------------

/**
 * A PowerShell verbatim string. PowerShell also accepts the typographic single quotes as
 * delimiters, so each of them is doubled like `'`.
 */
export function quotePowerShell(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;
}

function powerShellExpression(value: string, useVariables: boolean): string {
  if (!useVariables) return quotePowerShell(value);
  const parts = splitPlaceholders(value);
  if (parts.length === 0) return quotePowerShell('');
  const terms = parts.map((part) =>
    'placeholder' in part ? `$env:${variableName(part.placeholder)}` : quotePowerShell(part.literal),
  );
  return terms.length === 1 ? (terms[0] ?? "''") : `(${terms.join(' + ')})`;
}

function powerShellKey(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : quotePowerShell(name);
}

function powerShellHashtable(entries: [string, string][], useVariables: boolean): string {
  const lines = entries.map(
    ([key, value]) => `    ${powerShellKey(key)} = ${powerShellExpression(value, useVariables)}`,
  );
  return `@{\n${lines.join('\n')}\n}`;
}

function buildPowerShell(request: HttpRequest, useVariables: boolean): string {
  const lines: string[] = [];
  const headers = Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-type');
  const contentType = findHeader(request.headers, 'content-type');
  const method = request.method === 'GET' ? 'Get' : 'Post';
  const command = [
    `Invoke-RestMethod -Method ${method} -Uri ${powerShellExpression(request.url, useVariables)}`,
  ];
  if (headers.length > 0) {
    lines.push(`$headers = ${powerShellHashtable(headers, useVariables)}`);
    command.push('-Headers $headers');
  }
  if (request.body !== undefined && request.body !== '') {
    const fields = isFormBody(request) ? parseFormFields(request.body) : undefined;
    // A hashtable cannot hold a repeated parameter, so such a body is sent as the string it was.
    if (fields?.length === new Set(fields?.map((field) => field.name)).size) {
      lines.push(
        `$body = ${powerShellHashtable(
          fields.map((field) => [field.name, field.value]),
          useVariables,
        )}`,
      );
    } else {
      lines.push(`$body = ${powerShellExpression(request.body, useVariables)}`);
    }
    if (contentType !== undefined)
      command.push(`-ContentType ${powerShellExpression(contentType, useVariables)}`);
    command.push('-Body $body');
  } else if (contentType !== undefined) {
    command.push(`-ContentType ${powerShellExpression(contentType, useVariables)}`);
  }
  lines.push(command.join(' '));
  return lines.join('\n');
}

/**
 * The request as PowerShell `Invoke-RestMethod`, the way the Microsoft identity platform
 * documentation writes it: a `$body` hashtable for form parameters, `-Headers` for the rest.
 */
export function toPowerShell(request: HttpRequest, options?: ExportOptions): string {
  const notes = dpopNotes(request).map((note) => `# ${note}\n`);
  return `${notes.join('')}${buildPowerShell(applyRedaction(request, options), false)}`;
}

// --- fetch ------------------------------------------------------------------------------------

function jsString(value: string): string {
  return JSON.stringify(value);
}

/** The request as JavaScript `fetch` (browser console or Node 18+ ES module). */
export function toFetch(request: HttpRequest, options?: ExportOptions): string {
  const redacted = applyRedaction(request, options);
  const init: string[] = [`  method: ${jsString(redacted.method)},`];
  const headers = Object.entries(redacted.headers);
  if (headers.length > 0) {
    init.push('  headers: {');
    for (const [name, value] of headers) init.push(`    ${jsString(name)}: ${jsString(value)},`);
    init.push('  },');
  }
  if (redacted.body !== undefined && redacted.body !== '') {
    const fields = isFormBody(redacted) ? parseFormFields(redacted.body) : undefined;
    if (fields) {
      init.push('  body: new URLSearchParams([');
      for (const field of fields) init.push(`    [${jsString(field.name)}, ${jsString(field.value)}],`);
      init.push('  ]),');
    } else {
      init.push(`  body: ${jsString(redacted.body)},`);
    }
  }
  const reader =
    isJsonBody(redacted) || findHeader(redacted.headers, 'accept')?.includes('json') ? 'json' : 'text';
  return [
    ...dpopNotes(request).map((note) => `// ${note}`),
    `const response = await fetch(${jsString(redacted.url)}, {`,
    ...init,
    '});',
    `console.log(response.status, await response.${reader}());`,
  ].join('\n');
}

// --- sessions ---------------------------------------------------------------------------------

function isNote(item: object): item is SessionNote {
  return 'kind' in item && item.kind === 'note';
}

/**
 * A navigation the browser made (authorize, end-session) rather than a request the app sent:
 * recorded as a GET with neither a response nor a failure.
 */
export function isInteractiveExchange(exchange: Exchange): boolean {
  return (
    exchange.request.method === 'GET' && exchange.response === undefined && exchange.failure === undefined
  );
}

const SIGN_IN_STEP =
  'Interactive step: open this URL in a browser, sign in and consent; the provider then redirects to the redirect URI with the result (code or tokens) in the query or fragment.';

function describeInteractive(url: string): string {
  let path = '';
  let params = new URLSearchParams();
  try {
    const parsed = new URL(url);
    path = parsed.pathname;
    params = parsed.searchParams;
  } catch {
    path = url;
  }
  // RFC 9126 §4: the pushed request's request_uri is single-use and short-lived.
  if (params.has('request_uri') && params.has('client_id')) {
    return `${SIGN_IN_STEP} The request_uri was returned by the pushed authorization request (PAR, RFC 9126) above; the provider accepts it once and only until it expires, so send the push again and put its new request_uri in this URL.`;
  }
  // RFC 9101 §5.1: the parameters travel inside the signed request object.
  if (params.has('request') && params.has('client_id')) {
    return `${SIGN_IN_STEP} The authorization parameters are inside the signed request object (JAR, RFC 9101) in the "request" parameter; it expires at its exp claim, after which the provider refuses it.`;
  }
  if (params.has('response_type') || /authorize/i.test(path)) return SIGN_IN_STEP;
  if (/logout|end_?session|signout/i.test(path)) {
    return 'Interactive step: open this URL in a browser to sign out.';
  }
  return 'Interactive step: open this URL in a browser.';
}

function describeOutcome(exchange: Exchange): string {
  const via = exchange.via === 'relay' ? 'through the local relay' : 'direct';
  if (exchange.failure) return `recorded: failed (${exchange.failure.code}), ${via}`;
  if (exchange.response) {
    const text = exchange.response.statusText ? ` ${exchange.response.statusText}` : '';
    return `recorded: ${exchange.response.status}${text}, ${Math.round(exchange.durationMs)} ms, ${via}`;
  }
  return `recorded: ${via}`;
}

function redactedRequests(items: readonly SessionItem[], options: ExportOptions | undefined): HttpRequest[] {
  return items.flatMap((item) =>
    isNote(item) || isInteractiveExchange(item) ? [] : [applyRedaction(item.request, options)],
  );
}

function countRequests(items: readonly SessionItem[]): number {
  return items.filter((item) => !isNote(item) && !isInteractiveExchange(item)).length;
}

function headerLines(kind: string, requestCount: number, options: ScriptOptions | undefined): string[] {
  const lines = [
    `Token Playground session export${options?.title ? `: ${options.title}` : ''}`,
    `${requestCount} request${requestCount === 1 ? '' : 's'} replayed with ${kind}${options?.exportedAt ? `, exported ${options.exportedAt}` : ''}.`,
  ];
  const redact = options?.redact ?? true;
  lines.push(
    redact === false
      ? 'Secrets and tokens are included as recorded: keep this file private.'
      : 'Secrets and tokens were replaced by environment variables; set them before running.',
  );
  return lines.map(toCommentText);
}

/**
 * The numbered steps of a shell script: notes and browser-only steps become comments, every other
 * exchange its outcome as a comment followed by the lines `toCommands` writes in that shell.
 */
function buildScriptSteps(
  items: readonly SessionItem[],
  options: ScriptOptions | undefined,
  toCommands: (step: number, label: string, request: HttpRequest) => string[],
): string[] {
  const out: string[] = [];
  let step = 0;
  for (const item of items) {
    step += 1;
    if (isNote(item)) {
      out.push(`# ${step}. ${toCommentText(item.text)}`, '');
      continue;
    }
    const request = applyRedaction(item.request, options);
    out.push(`# ${step}. ${toCommentText(item.label)}`);
    if (isInteractiveExchange(item)) {
      out.push(
        `#    ${toCommentText(describeInteractive(request.url))}`,
        `#    ${toCommentText(request.url)}`,
        '',
      );
      continue;
    }
    out.push(`#    ${toCommentText(describeOutcome(item))}`);
    for (const note of dpopNotes(request)) out.push(`#    ${note}`);
    out.push(...toCommands(step, item.label, request));
  }
  return out;
}

/**
 * The session as a bash script of curl commands, one per exchange in order. Placeholders become
 * environment variables checked at the start; interactive steps and notes become comments.
 */
export function toBashScript(items: readonly SessionItem[], options?: ScriptOptions): string {
  const out: string[] = ['#!/usr/bin/env bash'];
  for (const line of headerLines('curl', countRequests(items), options)) out.push(`# ${line}`);
  out.push('set -euo pipefail', '');
  const variables = placeholdersUsed(redactedRequests(items, options));
  for (const name of variables) {
    const description = describePlaceholder(name) ?? name;
    const safe = description.replace(/[^A-Za-z0-9 .,:()_/-]/g, '');
    out.push(`# ${variableName(name)}: ${description}`);
    out.push(`: "\${${variableName(name)}:?is not set: export ${variableName(name)} with ${safe}}"`);
  }
  if (variables.length > 0) out.push('');
  out.push(
    ...buildScriptSteps(items, options, (step, label, request) => [
      `echo ${quoteBash(`== ${step}. ${label}`)}`,
      buildCurl(request, true),
      'echo',
      '',
    ]),
  );
  return out.join('\n');
}

/**
 * The session as a PowerShell script of `Invoke-RestMethod` calls, one per exchange in order.
 * Placeholders become `$env:` variables checked at the start; interactive steps become comments.
 */
export function toPowerShellScript(items: readonly SessionItem[], options?: ScriptOptions): string {
  const out: string[] = [];
  for (const line of headerLines('Invoke-RestMethod', countRequests(items), options)) out.push(`# ${line}`);
  out.push("$ErrorActionPreference = 'Stop'", '');
  const variables = placeholdersUsed(redactedRequests(items, options));
  for (const name of variables) {
    const description = describePlaceholder(name) ?? name;
    out.push(`# ${variableName(name)}: ${description}`);
    out.push(
      `if (-not $env:${variableName(name)}) { throw ${quotePowerShell(
        `Set the environment variable ${variableName(name)}: ${description}`,
      )} }`,
    );
  }
  if (variables.length > 0) out.push('');
  out.push(
    ...buildScriptSteps(items, options, (step, label, request) => [
      `Write-Host ${quotePowerShell(`== ${step}. ${label}`)}`,
      buildPowerShell(request, true),
      '',
    ]),
  );
  return out.join('\n');
}

// --- .http ------------------------------------------------------------------------------------

function httpLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/**
 * The requests as an `.http` file (VS Code REST Client, JetBrains HTTP Client): `###` between
 * requests, and one `@name =` variable per placeholder at the top for the user to fill in.
 */
export function toHttpFile(items: readonly (SessionItem | HttpRequest)[], options?: ScriptOptions): string {
  const out: string[] = [];
  const steps = items.map((item, index) => {
    if (isNote(item)) return item;
    if ('request' in item)
      return { label: item.label, request: item.request, interactive: isInteractiveExchange(item) };
    return { label: `Request ${index + 1}`, request: item, interactive: false };
  });
  const requestCount = steps.filter((step) => !isNote(step) && !step.interactive).length;
  for (const line of headerLines('an HTTP client', requestCount, options)) out.push(`# ${line}`);
  const variables = placeholdersUsed(
    steps.flatMap((step) =>
      isNote(step) || step.interactive ? [] : [applyRedaction(step.request, options)],
    ),
  );
  if (variables.length > 0) {
    out.push('# Fill in the variables below; form values are sent as written, so URL-encode them.', '');
    for (const name of variables) {
      out.push(`# ${describePlaceholder(name) ?? name}`, `@${name} =`);
    }
  }
  out.push('');
  let number = 0;
  for (const step of steps) {
    number += 1;
    if (isNote(step)) {
      out.push(`### ${number}. ${toCommentText(step.text)}`, '');
      continue;
    }
    const request = applyRedaction(step.request, options);
    out.push(`### ${number}. ${toCommentText(step.label)}`);
    if (step.interactive) {
      out.push(`# ${toCommentText(describeInteractive(request.url))}`, `# ${toCommentText(request.url)}`, '');
      continue;
    }
    for (const note of dpopNotes(request)) out.push(`# ${note}`);
    out.push(`${request.method} ${httpLine(request.url)}`);
    for (const [name, value] of Object.entries(request.headers))
      out.push(`${httpLine(name)}: ${httpLine(value)}`);
    if (request.body !== undefined && request.body !== '') out.push('', request.body);
    out.push('');
  }
  return out.join('\n');
}
