import { PlaygroundError } from './errors';
import { describeChallengeProblems } from './pkce';
import type { ProviderConfig } from './providers';
import { requiredMessage } from './required-fields';

/** Where the local companion receives `response_mode=form_post` responses and hands them to the app. */
export const FORM_POST_RECEIVER = 'http://localhost:4002/form-post';

/** Options for `buildAuthorizeUrl`. */
export interface BuildAuthorizeUrlOptions {
  /** Send parameters whose value is the empty string (`foo=`) instead of leaving them out. */
  includeEmpty?: boolean;
}

/**
 * The authorization request URL: the endpoint's own query (if any) kept, then `params` in the
 * user's order, then the user's `extra` pairs. Empty values are left out unless `includeEmpty`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export function buildAuthorizeUrl(
  endpoint: string,
  params: Record<string, string>,
  extra: readonly (readonly [string, string])[] = [],
  options: BuildAuthorizeUrlOptions = {},
): string {
  const url = parseAbsoluteUrl(endpoint, 'authorization_endpoint');
  if (url.hash !== '') {
    throw new PlaygroundError('INVALID_PARAMETER', '"authorization_endpoint" must not contain a fragment', {
      cause: { expected: 'no #fragment', actual: endpoint },
    });
  }
  const pairs: (readonly [string, string])[] = [...Object.entries(params), ...extra];
  for (const [name, value] of pairs) {
    if (name === '') continue;
    if (value === '' && options.includeEmpty !== true) continue;
    url.searchParams.append(name, value);
  }
  return url.toString();
}

/** An authorization request URL taken apart. */
export interface ParsedAuthorizeUrl {
  /** The URL without query and fragment. */
  endpoint: string;
  /** Parameters by name (the last one wins when a name repeats). */
  params: Record<string, string>;
  /** Every pair in order, repeats included. */
  pairs: [string, string][];
  /** Names that appear more than once (RFC 6749 §3.1: parameters must not repeat). */
  repeated: string[];
}

/**
 * Reads a pasted authorization request URL back into its parameters.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1
 */
export function parseAuthorizeUrl(input: string): ParsedAuthorizeUrl {
  const url = parseAbsoluteUrl(input.trim(), 'authorization request URL');
  const pairs = [...url.searchParams.entries()];
  // fromEntries defines own properties, so a parameter named "__proto__" stays a plain key.
  const params: Record<string, string> = Object.fromEntries(pairs);
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const [name] of pairs) {
    if (seen.has(name)) repeated.add(name);
    seen.add(name);
  }
  return { endpoint: `${url.origin}${url.pathname}`, params, pairs, repeated: [...repeated] };
}

export type WarningSeverity = 'info' | 'warning' | 'error';

/** A warning about an authorization request: shown next to the parameter, never fixed silently. */
export interface AuthorizeWarning {
  id: string;
  severity: WarningSeverity;
  /** The wire name of the parameter concerned, when there is one. */
  parameter?: string;
  message: string;
}

export interface AuthorizeContext {
  /** The playground's own origin, e.g. `http://localhost:5173`. */
  appOrigin: string;
  provider?: ProviderConfig['kind'];
  /** Where form_post responses can be received; defaults to the companion's receiver (a room serves its own). */
  formPostReceiver?: string;
}

const KNOWN_RESPONSE_TYPES = new Set(['code', 'token', 'id_token', 'none']);
const KNOWN_RESPONSE_MODES = new Set([
  'query',
  'fragment',
  'form_post',
  'jwt',
  'query.jwt',
  'fragment.jwt',
  'form_post.jwt',
]);
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access']);
const GRAPH = 'https://graph.microsoft.com';

/**
 * Warnings for risky or wrong authorization request parameters (missing `state`, implicit flow,
 * `plain` PKCE, `id_token` without `nonce`, tokens in a query, a redirect URI the app cannot
 * receive, Entra-specific scope rules...). Never changes the parameters.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1
 */
export function analyzeAuthorizeParams(
  params: Record<string, string>,
  context: AuthorizeContext,
): AuthorizeWarning[] {
  const warnings: AuthorizeWarning[] = [];
  const add = (id: string, severity: WarningSeverity, parameter: string | undefined, message: string) => {
    warnings.push(parameter === undefined ? { id, severity, message } : { id, severity, parameter, message });
  };
  const has = (name: string) => (params[name] ?? '') !== '';
  const entra = context.provider === 'entra';

  const responseTypes = splitSpaces(params.response_type ?? '');
  const hasCode = responseTypes.includes('code');
  const hasIdToken = responseTypes.includes('id_token');
  const hasToken = responseTypes.includes('token');
  const frontChannelTokens = hasIdToken || hasToken;
  const scopes = splitSpaces(params.scope ?? '');

  if (!has('client_id'))
    add('client-id-missing', 'error', 'client_id', requiredMessage('client_id', context.provider ?? ''));

  if (responseTypes.length === 0) {
    add(
      'response-type-missing',
      'error',
      'response_type',
      requiredMessage('response_type', context.provider ?? ''),
    );
  } else {
    const unknown = responseTypes.filter((type) => !KNOWN_RESPONSE_TYPES.has(type));
    if (unknown.length > 0) {
      add(
        'response-type-unknown',
        'warning',
        'response_type',
        `"response_type" has values no specification defines: ${unknown.join(', ')}`,
      );
    }
    if (responseTypes.includes('none') && responseTypes.length > 1) {
      add(
        'response-type-none-combined',
        'error',
        'response_type',
        '"none" cannot be combined with other response types',
      );
    } else if (responseTypes.includes('none')) {
      add(
        'response-type-none',
        'info',
        'response_type',
        '"response_type=none" returns neither a code nor tokens, only "state" (or an error)',
      );
    }
    if (new Set(responseTypes).size !== responseTypes.length) {
      add('response-type-repeated', 'warning', 'response_type', '"response_type" repeats a value');
    }
    if (!hasCode && frontChannelTokens) {
      add(
        'implicit-legacy',
        'warning',
        'response_type',
        'Implicit flow: tokens come back in the URL, with no PKCE and no way to bind them to this client; it is legacy (RFC 9700). Prefer "code" with PKCE.',
      );
    }
    if (hasCode && frontChannelTokens) {
      add(
        'hybrid-flow',
        'info',
        'response_type',
        'Hybrid flow: a code plus tokens from the authorization endpoint; the ID token\'s "c_hash" binds the code.',
      );
    }
    if (hasCode && hasToken) {
      add(
        'hybrid-access-token-front-channel',
        'warning',
        'response_type',
        'The access token comes back in the URL (front channel), where history, logs and scripts can read it.',
      );
    }
  }

  if (!has('state')) {
    add(
      'state-missing',
      'warning',
      'state',
      'No "state": the callback cannot be tied to this request, which opens the door to CSRF and mix-ups.',
    );
  }

  if (hasIdToken && !has('nonce')) {
    add(
      'nonce-missing',
      'error',
      'nonce',
      '"nonce" is required when an ID token comes from the authorization endpoint (OIDC Core §3.2.2.1); the provider will refuse the request.',
    );
  } else if (!hasIdToken && scopes.includes('openid') && hasCode && !has('nonce')) {
    add('nonce-recommended', 'info', 'nonce', 'No "nonce": the ID token cannot be tied to this request.');
  }

  if (frontChannelTokens && !scopes.includes('openid') && hasIdToken) {
    add('openid-missing', 'error', 'scope', 'An ID token is requested but "scope" lacks "openid".');
  }

  const mode = params.response_mode ?? '';
  if (mode !== '' && !KNOWN_RESPONSE_MODES.has(mode)) {
    add(
      'response-mode-unknown',
      'warning',
      'response_mode',
      `"response_mode=${mode}" is not a mode the specifications define`,
    );
  }
  if (mode === 'query' && frontChannelTokens) {
    add(
      'response-mode-query-with-tokens',
      'error',
      'response_mode',
      '"response_mode=query" is forbidden when tokens are returned (OAuth 2.0 Multiple Response Types §5): they would end up in logs and the Referer header.',
    );
  }

  analyzePkce(params, hasCode, entra, add);
  analyzeRedirectUri(params, context, mode, add);

  if (scopes.includes('offline_access')) {
    add(
      'offline-access',
      'info',
      'scope',
      '"offline_access" asks for a refresh token; providers grant it only if the client may refresh and the user consented (OIDC Core §11).',
    );
  }

  const prompts = splitSpaces(params.prompt ?? '');
  if (prompts.includes('none') && prompts.length > 1) {
    add('prompt-none-combined', 'error', 'prompt', '"prompt=none" cannot be combined with other values');
  }
  if (has('max_age') && !/^\d+$/.test(params.max_age ?? '')) {
    add(
      'max-age-invalid',
      'warning',
      'max_age',
      '"max_age" must be a number of seconds (a non-negative integer)',
    );
  }

  if (entra) analyzeEntra(params, scopes, frontChannelTokens, add);
  return warnings;
}

type AddWarning = (
  id: string,
  severity: WarningSeverity,
  parameter: string | undefined,
  message: string,
) => void;

function analyzePkce(
  params: Record<string, string>,
  hasCode: boolean,
  entra: boolean,
  add: AddWarning,
): void {
  const challenge = params.code_challenge ?? '';
  const method = params.code_challenge_method ?? '';
  if (hasCode && challenge === '') {
    add(
      'pkce-missing',
      'warning',
      'code_challenge',
      entra
        ? 'No PKCE on a code flow: anyone who intercepts the code can redeem it. Entra refuses a cross-origin (SPA) redemption without it (AADSTS9002325).'
        : 'No PKCE on a code flow: anyone who intercepts the code can redeem it.',
    );
  }
  if (challenge === '' && method !== '') {
    add(
      'pkce-method-without-challenge',
      'warning',
      'code_challenge_method',
      '"code_challenge_method" is set but there is no "code_challenge"',
    );
  }
  if (challenge !== '' && method === '') {
    add(
      'pkce-method-default-plain',
      'warning',
      'code_challenge_method',
      'No "code_challenge_method": the server treats the challenge as "plain" (RFC 7636 §4.3).',
    );
  }
  if (method === 'plain') {
    add(
      'pkce-plain',
      'warning',
      'code_challenge_method',
      '"plain" sends the verifier itself as the challenge: whoever sees the request can redeem the code. Use S256.',
    );
  } else if (method !== '' && method !== 'S256') {
    add(
      'pkce-method-unknown',
      'error',
      'code_challenge_method',
      `"code_challenge_method" must be "S256" or "plain", not "${method}"`,
    );
  }
  if (method === 'S256' && challenge !== '') {
    for (const problem of describeChallengeProblems(challenge)) {
      add(`pkce-${problem.id}`, 'warning', 'code_challenge', problem.message);
    }
  }
}

function analyzeRedirectUri(
  params: Record<string, string>,
  context: AuthorizeContext,
  mode: string,
  add: AddWarning,
): void {
  const redirectUri = params.redirect_uri ?? '';
  if (redirectUri === '') {
    add(
      'redirect-uri-missing',
      'warning',
      'redirect_uri',
      'No "redirect_uri": OpenID Connect requires it, and the provider may pick a registered one this app cannot receive.',
    );
    return;
  }
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    add('redirect-uri-invalid', 'error', 'redirect_uri', '"redirect_uri" must be an absolute URL');
    return;
  }
  if (url.hash !== '') {
    add(
      'redirect-uri-fragment',
      'error',
      'redirect_uri',
      '"redirect_uri" must not contain a fragment (RFC 6749 §3.1.2)',
    );
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !loopback) {
    add(
      'redirect-uri-http',
      'warning',
      'redirect_uri',
      '"redirect_uri" uses plain http on a non-loopback host',
    );
  }
  const receiver = context.formPostReceiver ?? FORM_POST_RECEIVER;
  const isReceiver = sameUrlPath(url, receiver);
  if (!isReceiver && url.origin !== safeOrigin(context.appOrigin)) {
    add(
      'redirect-uri-unreceivable',
      'warning',
      'redirect_uri',
      `The response goes to ${url.origin}, not to this app (${context.appOrigin}): the playground will not see the callback.`,
    );
  }
  if (mode === 'form_post' && !isReceiver && url.origin === safeOrigin(context.appOrigin)) {
    add(
      'form-post-needs-receiver',
      'warning',
      'response_mode',
      `"response_mode=form_post" POSTs the response, which a static page cannot read; use the receiver ${receiver} as redirect_uri: it hands the response to this app in the fragment.`,
    );
  }
}

function analyzeEntra(
  params: Record<string, string>,
  scopes: string[],
  frontChannelTokens: boolean,
  add: AddWarning,
): void {
  const resourceScopes = scopes.filter((scope) => !OIDC_SCOPES.has(scope));
  const resources = [...new Set(resourceScopes.map(resourceOfScope))];
  if (resources.length > 1) {
    add(
      'entra-several-resources',
      'warning',
      'scope',
      `The scopes name several resources (${resources.join(', ')}); an Entra access token is for one resource only, so the token will cover one of them (AADSTS70011 / 700022 at the token endpoint).`,
    );
  }
  const defaults = resourceScopes.filter((scope) => scope === '.default' || scope.endsWith('/.default'));
  if (defaults.length > 0 && resourceScopes.length > defaults.length) {
    add(
      'entra-default-mixed',
      'error',
      'scope',
      '".default" cannot be combined with other resource scopes in one request (AADSTS70011).',
    );
  }
  if ((params.resource ?? '') !== '') {
    add(
      'entra-resource-not-supported',
      'error',
      'resource',
      'The v2.0 endpoint does not support the "resource" parameter (AADSTS901002); put the resource in the scope, e.g. "https://graph.microsoft.com/.default".',
    );
  }
  if (frontChannelTokens) {
    add(
      'entra-implicit-grant-setting',
      'info',
      'response_type',
      'Entra returns tokens from the authorization endpoint only when the app registration enables "Access tokens" / "ID tokens" under implicit grant (AADSTS700054 otherwise).',
    );
  }
  if (scopes.length === 0) {
    add(
      'entra-scope-empty',
      'warning',
      'scope',
      'Entra needs at least one scope (AADSTS900144 without "scope").',
    );
  }
}

/** The resource a scope belongs to, the way Entra reads it (bare names mean Microsoft Graph). */
function resourceOfScope(scope: string): string {
  if (scope === '.default') return GRAPH;
  const slash = scope.lastIndexOf('/');
  if (slash <= 0) return GRAPH;
  return scope.slice(0, slash);
}

function splitSpaces(value: string): string[] {
  return value.split(' ').filter((part) => part !== '');
}

function safeOrigin(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return value;
  }
}

function sameUrlPath(url: URL, other: string): boolean {
  try {
    const target = new URL(other);
    return url.origin === target.origin && url.pathname === target.pathname;
  } catch {
    return false;
  }
}

function parseAbsoluteUrl(value: string, name: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new PlaygroundError('INVALID_PARAMETER', `"${name}" is not an absolute URL`, {
      cause: { expected: 'an absolute URL such as https://login.example/authorize', actual: value },
    });
  }
}
