import { PlaygroundError, type OAuthErrorFields } from './errors';

/** Which part of the callback URL carried the response. */
export type CallbackSource = 'query' | 'fragment';

/** How the `state` in the callback compares with the one sent. */
export type StateCheck = 'match' | 'missing' | 'mismatch' | 'not-sent';

/** Tokens an implicit or hybrid response may carry in the URL. */
export interface CallbackTokens {
  access_token?: string;
  id_token?: string;
  token_type?: string;
  expires_in?: number;
  scope?: string;
}

/** An authorization response read from the callback URL. */
export interface ParsedCallback {
  /** Every parameter of the part that was read (the last one wins when a name repeats). */
  params: Record<string, string>;
  source: CallbackSource;
  code?: string;
  tokens: CallbackTokens;
  error?: OAuthErrorFields;
  /** The `state` received, if any. */
  state?: string;
  stateCheck: StateCheck;
  /** RFC 9207 issuer identifier, if the provider sent one. */
  iss?: string;
}

export interface CallbackExpectation {
  /** The `state` that was sent; `undefined` when none was. */
  state?: string | undefined;
  responseType: string;
  responseMode?: string | undefined;
}

/**
 * Reads an authorization response from the callback URL: from the query or the fragment as the
 * response mode (or, without one, the response type's default mode) says, falling back to whichever
 * part has parameters. State problems are reported in `stateCheck`, not thrown; an empty callback
 * throws `CALLBACK_EMPTY`. Accepts a full URL or a pasted `?…` / `#…` part.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#ResponseModes
 */
export function parseCallback(input: string, expected: CallbackExpectation): ParsedCallback {
  const url = parseCallbackUrl(input.trim());
  const query = url.searchParams;
  const fragment = new URLSearchParams(url.hash.startsWith('#') ? url.hash.slice(1) : url.hash);
  const preferred = preferredSource(expected);
  const hasQuery = query.size > 0;
  const hasFragment = fragment.size > 0;
  if (!hasQuery && !hasFragment) {
    throw new PlaygroundError(
      'CALLBACK_EMPTY',
      'The callback URL carries no parameters in its query or fragment',
      {
        cause: { expected: `parameters in the ${preferred}`, actual: input },
      },
    );
  }
  let source: CallbackSource = preferred;
  if (preferred === 'query' && !hasQuery) source = 'fragment';
  if (preferred === 'fragment' && !hasFragment) source = 'query';

  // fromEntries defines own properties, so a parameter named "__proto__" stays a plain key.
  const params: Record<string, string> = Object.fromEntries(source === 'query' ? query : fragment);

  const result: ParsedCallback = {
    params,
    source,
    tokens: readTokens(params),
    stateCheck: compareState(params.state, expected.state),
  };
  if (params.code !== undefined) result.code = params.code;
  if (params.state !== undefined) result.state = params.state;
  if (params.iss !== undefined) result.iss = params.iss;
  if (params.error !== undefined) result.error = readErrorFields(params);
  return result;
}

/**
 * Compares the `state` received with the one sent.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
export function compareState(received: string | undefined, sent: string | undefined): StateCheck {
  if (sent === undefined || sent === '') return 'not-sent';
  if (received === undefined || received === '') return 'missing';
  return received === sent ? 'match' : 'mismatch';
}

/**
 * The strict form of the state check: throws `STATE_MISSING` or `STATE_MISMATCH` unless the
 * callback's `state` equals the one sent (nothing to check when none was sent).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
export function checkCallbackState(received: string | undefined, sent: string | undefined): void {
  const check = compareState(received, sent);
  if (check === 'missing') {
    throw new PlaygroundError('STATE_MISSING', '"state" is missing from the callback although one was sent', {
      cause: { expected: sent, actual: received },
    });
  }
  if (check === 'mismatch') {
    throw new PlaygroundError('STATE_MISMATCH', '"state" in the callback does not match the one sent', {
      cause: { expected: sent, actual: received },
    });
  }
}

/**
 * RFC 9207 issuer check: a present `iss` must equal the expected issuer; when the provider
 * advertises `authorization_response_iss_parameter_supported`, `iss` must be present.
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
export function checkCallbackIssuer(iss: string | undefined, expectedIssuer: string, required = false): void {
  if (iss === undefined) {
    if (required) {
      throw new PlaygroundError(
        'ISSUER_MISSING',
        '"iss" is missing from the callback although the provider promises it',
        {
          cause: { expected: expectedIssuer, actual: undefined },
        },
      );
    }
    return;
  }
  if (iss !== expectedIssuer) {
    throw new PlaygroundError(
      'ISSUER_MISMATCH',
      '"iss" in the callback is not the issuer the request was sent to',
      {
        cause: { expected: expectedIssuer, actual: iss },
      },
    );
  }
}

/**
 * How the RFC 9207 `iss` of an authorization response compares with the issuer the request went to:
 * - `match`: present and equal (simple string comparison);
 * - `mismatch`: present and different: the response may come from another provider (mix-up attack);
 * - `missing`: absent although discovery promises it (`authorization_response_iss_parameter_supported`);
 * - `in-id-token`: absent from a response that carries an ID token (or is a signed JARM response),
 *   whose own `iss` claim identifies the issuer and is checked when the token is validated;
 * - `not-advertised`: absent and not promised: nothing to check, which is worth saying.
 */
export type IssuerCheck = 'match' | 'mismatch' | 'missing' | 'in-id-token' | 'not-advertised';

/**
 * Compares the `iss` of an authorization response with the expected issuer (simple string
 * comparison). `advertised` is the provider's `authorization_response_iss_parameter_supported`;
 * `identifiedElsewhere` says the response carries an ID token or is a JWT-secured (JARM) response,
 * where the issuer is named inside the signed token and RFC 9207 does not add the parameter.
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.1
 */
export function compareIssuer(
  received: string | undefined,
  expectedIssuer: string,
  context: { advertised: boolean; identifiedElsewhere?: boolean },
): IssuerCheck {
  if (received === undefined) {
    if (context.identifiedElsewhere === true) return 'in-id-token';
    return context.advertised ? 'missing' : 'not-advertised';
  }
  return received === expectedIssuer ? 'match' : 'mismatch';
}

/**
 * Whether discovery metadata promises `iss` in authorization responses
 * (`authorization_response_iss_parameter_supported: true`; anything else is no promise).
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-3
 */
export function isIssParameterAdvertised(metadata: object): boolean {
  return (
    (metadata as { authorization_response_iss_parameter_supported?: unknown })
      .authorization_response_iss_parameter_supported === true
  );
}

/**
 * One sentence on an issuer check, for the callback step beside the state check.
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
export function describeIssuerCheck(check: IssuerCheck, expectedIssuer: string, received?: string): string {
  switch (check) {
    case 'match':
      return `"iss" matches the issuer ${expectedIssuer} (RFC 9207)`;
    case 'mismatch':
      return `"iss" in the callback is ${JSON.stringify(received ?? '')}, not the issuer the request was sent to (${expectedIssuer}): the response may come from another provider (mix-up attack, RFC 9207). The exchange is blocked.`;
    case 'missing':
      return `"iss" is missing from the callback although the provider's discovery document promises it (authorization_response_iss_parameter_supported): the response cannot be tied to ${expectedIssuer} (RFC 9207). The exchange is blocked.`;
    case 'in-id-token':
      return '"iss" not in the callback: the response carries an ID token, whose "iss" claim is checked when it is validated (RFC 9207)';
    case 'not-advertised':
      return '"iss" not sent (the provider does not advertise RFC 9207), so the response\'s issuer could not be checked';
  }
}

/**
 * What a callback that arrives after the run already processed its authorization response is:
 * - `replay`: the same response again (same `state` and the same code or tokens);
 * - `unknown-state`: a `state` that is not this run's: it matches no pending request, so it is forged
 *   or belongs to a request made elsewhere (another tab, another session);
 * - `second-response`: this run's `state` with a different code or tokens: a second response to
 *   one request, which a provider does not send.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.7
 */
export type LateCallback = 'replay' | 'unknown-state' | 'second-response';

/** What the run sent and received with the authorization response it already processed. */
export interface ProcessedCallback {
  /** The `state` the run sent. */
  sentState?: string | undefined;
  /** The `state`, code and tokens of the response it processed. */
  receivedState?: string | undefined;
  code?: string | undefined;
  accessToken?: string | undefined;
  idToken?: string | undefined;
}

/**
 * Classifies a callback that arrived after the run's own one was processed.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
export function classifyLateCallback(
  params: Record<string, string>,
  processed: ProcessedCallback,
): LateCallback {
  const state = params.state ?? '';
  if (state !== (processed.sentState ?? '') && state !== (processed.receivedState ?? ''))
    return 'unknown-state';
  const same =
    state === (processed.receivedState ?? '') &&
    (params.code ?? '') === (processed.code ?? '') &&
    (params.access_token ?? '') === (processed.accessToken ?? '') &&
    (params.id_token ?? '') === (processed.idToken ?? '');
  return same ? 'replay' : 'second-response';
}

/** The message for a late callback: each kind says what it is and that it was ignored. */
export function describeLateCallback(kind: LateCallback): string {
  switch (kind) {
    case 'replay':
      return 'This authorization response was already processed for the current run: the same response arrived again (a replay) and is ignored. Start a new run to sign in again.';
    case 'unknown-state':
      return 'This callback\'s "state" matches no pending request: it does not come from the request this run sent (it may be forged, or belong to a sign-in started in another tab or session). It is ignored; nothing was exchanged.';
    case 'second-response':
      return 'A second, different authorization response arrived with this run\'s "state" after the first was processed: a provider sends one response per request, so it is ignored. Start a new run to sign in again.';
  }
}

/**
 * The error fields of an error response carried in a URL (Entra's extras included when present).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function readErrorFields(params: Record<string, string>): OAuthErrorFields {
  const fields: OAuthErrorFields = { error: params.error ?? '' };
  if (params.error_description !== undefined) fields.error_description = params.error_description;
  if (params.error_uri !== undefined) fields.error_uri = params.error_uri;
  if (params.error_codes !== undefined) {
    const codes = params.error_codes
      .replace(/[[\]\s]/g, '')
      .split(',')
      .filter((part) => /^\d+$/.test(part))
      .map(Number);
    if (codes.length > 0) fields.error_codes = codes;
  }
  if (params.trace_id !== undefined) fields.trace_id = params.trace_id;
  if (params.correlation_id !== undefined) fields.correlation_id = params.correlation_id;
  if (params.timestamp !== undefined) fields.timestamp = params.timestamp;
  return fields;
}

function readTokens(params: Record<string, string>): CallbackTokens {
  const tokens: CallbackTokens = {};
  if (params.access_token !== undefined) tokens.access_token = params.access_token;
  if (params.id_token !== undefined) tokens.id_token = params.id_token;
  if (params.token_type !== undefined) tokens.token_type = params.token_type;
  if (params.scope !== undefined) tokens.scope = params.scope;
  if (params.expires_in !== undefined && /^\d+$/.test(params.expires_in))
    tokens.expires_in = Number(params.expires_in);
  return tokens;
}

function preferredSource(expected: CallbackExpectation): CallbackSource {
  const mode = expected.responseMode ?? '';
  if (mode === 'query' || mode === 'query.jwt') return 'query';
  // The companion receives form_post responses and hands them to the app in a fragment.
  if (mode === 'fragment' || mode === 'fragment.jwt' || mode === 'form_post' || mode === 'form_post.jwt')
    return 'fragment';
  const types = expected.responseType.split(' ').filter((type) => type !== '');
  return types.includes('token') || types.includes('id_token') ? 'fragment' : 'query';
}

function parseCallbackUrl(input: string): URL {
  try {
    if (input.startsWith('?') || input.startsWith('#')) return new URL(input, 'http://callback.invalid/');
    return new URL(input);
  } catch {
    throw new PlaygroundError(
      'INVALID_PARAMETER',
      'The callback is not a URL (paste the whole address, or its ?… or #… part)',
      {
        cause: { expected: 'an absolute URL or a string starting with ? or #', actual: input.slice(0, 200) },
      },
    );
  }
}
