import { buildAuthorizeUrl } from '../authorize-url';
import { buildRequestObjectAuthorizeUrl } from '../jar';
import { buildPushedAuthorizeUrl } from '../par';
import { requireRequestObject } from './modern-steps';
import { PlaygroundError } from '../errors';
import type { HttpResponse } from '../http';
import {
  buildApiRequest,
  buildAuthorizationCodeRequest,
  buildEndSessionUrl,
  buildRefreshTokenRequest,
  buildUserinfoRequest,
} from '../token-request';
import { readClaimsChallenge } from '../claims-challenge';
import { readStepUpChallenge } from '../step-up';
import { parseWwwAuthenticate, type AuthChallenge } from '../www-authenticate';
import { resolveClientAuth } from './client';
import { readTokenOutcome } from './outcomes';
import type { FlowRun, StepDefinition, StepOutcome } from './types';

const RFC6749 = 'https://www.rfc-editor.org/rfc/rfc6749';
const OIDC_CORE = 'https://openid.net/specs/openid-connect-core-1_0.html';

export function requireEndpoint(run: FlowRun, name: keyof FlowRun['endpoints']): string {
  const value = run.endpoints[name];
  if (!value) {
    throw new PlaygroundError(
      'DISCOVERY_MISSING_ENDPOINT',
      `The provider does not publish "${name}", which this step needs.`,
      {
        cause: { expected: name, actual: undefined },
      },
    );
  }
  return value;
}

export function requireValue(run: FlowRun, name: keyof FlowRun['values'], hint: string): string {
  const value = run.values[name];
  if (!value) {
    throw new PlaygroundError('INVALID_PARAMETER', `There is no "${name}" in this run yet: ${hint}`, {
      cause: { expected: name, actual: undefined },
    });
  }
  return value;
}

/** `{ [name]: value }` when the value is a non-empty string, else nothing (for exactOptionalPropertyTypes). */
export function optional<K extends string>(name: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [name]: value } as Record<K, string>);
}

/**
 * Builds the authorization request URL of a run: every parameter; after a push only `client_id`
 * and `request_uri` (RFC 9126 §4); with a request object by value `client_id` and `request`
 * (RFC 9101 §5).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export function buildRunAuthorizeUrl(run: FlowRun): string {
  const endpoint = requireEndpoint(run, 'authorization_endpoint');
  if (run.modes?.par)
    return buildPushedAuthorizeUrl(
      endpoint,
      run.clientId,
      requireValue(run, 'request_uri', 'the pushed authorization request must succeed first.'),
    );
  if (run.modes?.jar)
    return buildRequestObjectAuthorizeUrl(endpoint, run.clientId, requireRequestObject(run));
  return buildAuthorizeUrl(endpoint, run.authorizeParams, run.extraParams);
}

export const authorizeStep: StepDefinition = {
  id: 'authorize',
  title: 'Authorization request (redirect)',
  explanation:
    'The app sends the browser to the authorization endpoint with the parameters below; nothing secret travels in this URL.',
  spec: { name: 'RFC 6749 §4.1.1', url: `${RFC6749}#section-4.1.1` },
  from: 'client',
  to: 'as',
  action: 'navigate',
  interaction: { kind: 'redirect', popup: true, label: 'Open the authorization request' },
  url: buildRunAuthorizeUrl,
};

export const signInStep: StepDefinition = {
  id: 'sign-in',
  title: 'User signs in and consents',
  explanation:
    'The authorization server authenticates the user with its own pages and asks for consent to the scopes. The app never sees the password.',
  spec: { name: 'RFC 6749 §4.1.1', url: `${RFC6749}#section-4.1.1` },
  from: 'user',
  to: 'as',
  action: 'user',
  interaction: { kind: 'sign-in' },
};

export const callbackStep: StepDefinition = {
  id: 'callback',
  title: 'Redirect back to the app',
  explanation:
    'The authorization server redirects the browser to redirect_uri with the result (a code, tokens or an error) and the same state; the app checks state before anything else.',
  spec: { name: 'RFC 6749 §4.1.2', url: `${RFC6749}#section-4.1.2` },
  from: 'as',
  to: 'client',
  action: 'callback',
  interaction: { kind: 'await-callback' },
};

export const codeExchangeStep: StepDefinition = {
  id: 'code-exchange',
  title: 'Token request (authorization_code)',
  explanation:
    'The app redeems the one-time code at the token endpoint, with redirect_uri, its client authentication and, with PKCE, the code_verifier that proves it started the flow.',
  spec: { name: 'RFC 6749 §4.1.3', url: `${RFC6749}#section-4.1.3` },
  from: 'client',
  to: 'as',
  action: 'send',
  interaction: { kind: 'request' },
  responseLabel: 'Access, ID and refresh tokens',
  relayable: true,
  dpop: 'token',
  build: async (run, secrets) => {
    const endpoint = requireEndpoint(run, 'token_endpoint');
    return buildAuthorizationCodeRequest({
      endpoint,
      clientAuth: await resolveClientAuth(run, secrets, endpoint),
      code: requireValue(run, 'code', 'the callback must bring a code first.'),
      ...optional('redirectUri', run.authorizeParams.redirect_uri),
      ...optional('codeVerifier', run.generated.codeVerifier),
    });
  },
  read: (run, response) => readTokenOutcome(response, 'Code exchange', run.authMethod),
  appliesTo: (run) => (run.authorizeParams.response_type ?? '').split(' ').includes('code'),
};

export const validateIdTokenStep: StepDefinition = {
  id: 'validate-id-token',
  title: 'Validate the ID token',
  explanation:
    'The app checks the ID token: signature with the provider’s keys (JWKS), iss, aud, exp, nonce, and at_hash / c_hash when the token came with an access token or code.',
  spec: { name: 'OpenID Connect Core §3.1.3.7', url: `${OIDC_CORE}#IDTokenValidation` },
  from: 'client',
  to: 'client',
  action: 'local',
  interaction: { kind: 'automatic', check: 'id-token', status: 'Validating the ID token…' },
  appliesTo: (run) => (run.authorizeParams.scope ?? '').split(' ').includes('openid'),
};

export const refreshStep: StepDefinition = {
  id: 'refresh',
  title: 'Token request (refresh_token)',
  explanation:
    'The app trades its refresh token for new tokens without the user. Many providers rotate it: a new refresh token comes back, and the old one may still work (Entra ID does not revoke it).',
  spec: { name: 'RFC 6749 §6', url: `${RFC6749}#section-6` },
  from: 'client',
  to: 'as',
  action: 'send',
  interaction: { kind: 'request' },
  responseLabel: 'New tokens',
  relayable: true,
  dpop: 'token',
  build: async (run, secrets) => {
    const endpoint = requireEndpoint(run, 'token_endpoint');
    return buildRefreshTokenRequest({
      endpoint,
      clientAuth: await resolveClientAuth(run, secrets, endpoint),
      refreshToken: requireValue(run, 'refresh_token', 'ask for offline_access to get one.'),
      ...optional('scope', run.tokenParams.refresh_scope),
    });
  },
  read: (run, response) => readTokenOutcome(response, 'Refresh', run.authMethod),
};

export const userinfoStep: StepDefinition = {
  id: 'userinfo',
  title: 'UserInfo request',
  explanation: 'The app calls the UserInfo endpoint with the access token to read claims about the user.',
  spec: { name: 'OpenID Connect Core §5.3', url: `${OIDC_CORE}#UserInfo` },
  from: 'client',
  to: 'as',
  action: 'send',
  interaction: { kind: 'request' },
  responseLabel: 'User claims',
  dpop: 'resource',
  build: (run) =>
    buildUserinfoRequest(
      requireEndpoint(run, 'userinfo_endpoint'),
      requireValue(run, 'access_token', 'get tokens first.'),
    ),
  read: (_run, response) => readBearerOutcome(response, 'The UserInfo endpoint'),
};

export const callApiStep: StepDefinition = {
  id: 'call-api',
  title: 'Call the API with the access token',
  explanation:
    'The app sends the access token in the Authorization header (Bearer); the API checks its signature, issuer, audience, expiry and scopes.',
  spec: { name: 'RFC 6750 §2.1', url: 'https://www.rfc-editor.org/rfc/rfc6750#section-2.1' },
  from: 'client',
  to: 'api',
  action: 'send',
  interaction: { kind: 'request' },
  responseLabel: 'API response',
  dpop: 'resource',
  build: (run) => {
    const url = run.tokenParams.api_url ?? '';
    if (!url) {
      throw new PlaygroundError('INVALID_PARAMETER', 'Enter the URL of the API to call.', {
        cause: { expected: 'URL', actual: '' },
      });
    }
    return buildApiRequest(url, requireValue(run, 'access_token', 'get tokens first.'));
  },
  read: (_run, response) => readBearerOutcome(response, 'The API'),
};

export const logoutStep: StepDefinition = {
  id: 'logout',
  title: 'Logout (end session)',
  explanation:
    'The app sends the browser to the end-session endpoint with id_token_hint and post_logout_redirect_uri; the provider ends its session and may redirect back.',
  spec: {
    name: 'OpenID Connect RP-Initiated Logout §2',
    url: 'https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout',
  },
  from: 'client',
  to: 'as',
  action: 'navigate',
  interaction: { kind: 'redirect', popup: false, label: 'Go to the provider' },
  url: (run) =>
    buildEndSessionUrl(requireEndpoint(run, 'end_session_endpoint'), {
      ...optional('id_token_hint', run.values.id_token),
      ...optional('post_logout_redirect_uri', run.tokenParams.post_logout_redirect_uri),
      client_id: run.clientId,
      ...optional('state', run.generated.state),
    }),
};

/**
 * Reads a protected resource's answer: 2xx is success; otherwise the RFC 6750 challenge in
 * `WWW-Authenticate` says why.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function readBearerOutcome(response: HttpResponse, who: string): StepOutcome {
  if (response.status >= 200 && response.status < 300)
    return { ok: true, message: `${who} answered HTTP ${response.status}.` };
  const raw = response.headers['www-authenticate'] ?? '';
  let challenges: AuthChallenge[] = [];
  try {
    challenges = parseWwwAuthenticate(raw);
  } catch {
    challenges = [];
  }
  // The challenge that carries the error: Bearer (RFC 6750) or DPoP (RFC 9449 §7.1).
  const bearer =
    challenges.find((challenge) => /^(bearer|dpop)$/i.test(challenge.scheme) && challenge.params.error) ??
    challenges.find((challenge) => challenge.scheme.toLowerCase() === 'bearer');
  const error = bearer?.params.error;
  const challenge = readClaimsChallenge(bearer);
  if (error && challenge) {
    return {
      ok: false,
      errorCode: 'OAUTH_ERROR',
      oauthError: { error },
      values: { claims_challenge: challenge.claims, claims_request: challenge.claimsRequest },
      message: `${who} sent a claims challenge (HTTP ${response.status}, insufficient_claims): the token no longer satisfies it (Continuous Access Evaluation or Conditional Access). Authorize again with claims=${challenge.claimsRequest}: the challenge plus xms_cc "cp1", which declares that this client can handle such challenges.`,
    };
  }
  const stepUp = error === 'insufficient_user_authentication' ? readStepUpChallenge(raw) : undefined;
  if (stepUp && (stepUp.acr_values !== undefined || stepUp.max_age !== undefined)) {
    const asked = [
      stepUp.acr_values === undefined ? '' : `acr_values=${stepUp.acr_values}`,
      stepUp.max_age === undefined ? '' : `max_age=${String(stepUp.max_age)}`,
    ]
      .filter(Boolean)
      .join(', ');
    return {
      ok: false,
      errorCode: 'OAUTH_ERROR',
      oauthError: {
        error: 'insufficient_user_authentication',
        ...(stepUp.error_description ? { error_description: stepUp.error_description } : {}),
      },
      values: {
        step_up_challenge: raw,
        step_up_acr_values: stepUp.acr_values ?? '',
        step_up_max_age: stepUp.max_age === undefined ? '' : String(stepUp.max_age),
      },
      message: `${who} asks for a stronger or more recent sign-in (HTTP ${response.status}, insufficient_user_authentication, RFC 9470): ${asked}${stepUp.error_description ? ` (${stepUp.error_description})` : ''}. Authorize again with ${asked}.`,
    };
  }
  if (error) {
    const description = bearer.params.error_description;
    const what = bearer.scheme.toLowerCase() === 'dpop' ? 'the DPoP-bound request' : 'the token';
    return {
      ok: false,
      errorCode: 'OAUTH_ERROR',
      oauthError: { error, ...(description ? { error_description: description } : {}) },
      message: `${who} refused ${what} (HTTP ${response.status}): ${error}${description ? `: ${description}` : ''}.${raw ? ` WWW-Authenticate: ${raw}` : ''}`,
    };
  }
  return { ok: false, errorCode: 'RESPONSE_INVALID', message: `${who} answered HTTP ${response.status}.` };
}

/** Steps any run that holds tokens may add, in the order the UI offers them. */
export const FOLLOW_UP_STEPS: readonly StepDefinition[] = [
  refreshStep,
  userinfoStep,
  callApiStep,
  logoutStep,
];
