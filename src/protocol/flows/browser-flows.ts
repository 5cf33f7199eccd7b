import { API, AUTHORIZATION_SERVER, BROWSER, CLIENT, USER } from './participants';
import { parStep, requestObjectStep } from './modern-steps';
import { authorizeStep, callbackStep, codeExchangeStep, signInStep, validateIdTokenStep } from './steps';
import type { FlowDefinition } from './types';

const FRONT_PARTICIPANTS = [USER, BROWSER, CLIENT, AUTHORIZATION_SERVER, API];
/** Signing (JAR) and pushing (PAR) the request come first when the run uses them; skipped otherwise. */
const CODE_STEPS = [
  requestObjectStep,
  parStep,
  authorizeStep,
  signInStep,
  callbackStep,
  codeExchangeStep,
  validateIdTokenStep,
];
const FRONT_STEPS = [authorizeStep, signInStep, callbackStep, codeExchangeStep, validateIdTokenStep];
const FRONT_REQUIRES: FlowDefinition['requires'] = ['authorization_endpoint', 'jwks_uri'];
/** First-request scopes for the code flows: the local IdP's demo API, Microsoft Graph on Entra. */
const CODE_SCOPES: FlowDefinition['scopePresets'] = {
  local: 'openid profile email offline_access api.read',
  entra: 'openid profile offline_access User.Read',
};

/** The parameters every authorization request form starts with; flows override what differs. */
function authorizeDefaults(overrides: Record<string, string>): Record<string, string> {
  return {
    client_id: '',
    redirect_uri: '',
    response_type: 'code',
    response_mode: 'query',
    scope: 'openid profile offline_access',
    state: '',
    nonce: '',
    code_challenge: '',
    code_challenge_method: 'S256',
    prompt: '',
    ...overrides,
  };
}

/** The authorization code flow for a public client, protected by PKCE: the default for SPAs. */
export const codePkceFlow: FlowDefinition = {
  id: 'code-pkce',
  title: 'Authorization code + PKCE',
  summary:
    'The user signs in at the provider, the app gets a one-time code in the redirect and redeems it with the PKCE code_verifier. The recommended flow for browser and native apps (RFC 9700).',
  channel: 'front',
  participants: FRONT_PARTICIPANTS,
  steps: CODE_STEPS,
  requires: [...FRONT_REQUIRES, 'token_endpoint'],
  authMethods: ['none', 'client_secret_post', 'client_secret_basic', 'private_key_jwt'],
  defaultAuthorizeParams: authorizeDefaults({ login_hint: '' }),
  browserClient: true,
  scopePresets: CODE_SCOPES,
  registration:
    'Entra ID: platform "Single-page application" with redirect URI http://localhost:5173/callback (PKCE is required; no secret).',
};

/** The authorization code flow for a confidential client (secret or signed assertion). */
export const codeConfidentialFlow: FlowDefinition = {
  id: 'code-confidential',
  title: 'Authorization code (confidential client)',
  summary:
    'A web application with a secret or a key redeems the code from its server side. Here the playground plays the server: such token endpoints usually refuse browser calls, so where a relay is offered the token request goes through it (see "Send token requests").',
  channel: 'front',
  participants: FRONT_PARTICIPANTS,
  steps: CODE_STEPS,
  requires: [...FRONT_REQUIRES, 'token_endpoint'],
  authMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'client_assertion'],
  defaultAuthorizeParams: authorizeDefaults({}),
  scopePresets: CODE_SCOPES,
  registration:
    'Entra ID: platform "Web" with redirect URI http://localhost:5173/callback and a client secret or an uploaded certificate. Token requests go through the local relay (Entra refuses them from browsers: AADSTS9002326).',
};

/** The implicit flow: tokens straight in the redirect's fragment. Legacy. */
export const implicitFlow: FlowDefinition = {
  id: 'implicit',
  title: 'Implicit',
  summary:
    'Tokens come back directly in the redirect URL fragment, with no token request. Kept for learning and for old apps: it is not recommended any more.',
  warning:
    'Legacy and discouraged (RFC 9700 §2.1.2): access tokens travel in the URL, can leak through history and referrers, and cannot be bound to the client. Use authorization code + PKCE.',
  channel: 'front',
  participants: FRONT_PARTICIPANTS,
  steps: FRONT_STEPS,
  requires: FRONT_REQUIRES,
  authMethods: ['none'],
  defaultAuthorizeParams: {
    client_id: '',
    redirect_uri: '',
    response_type: 'id_token token',
    response_mode: 'fragment',
    scope: 'openid profile',
    state: '',
    nonce: '',
    prompt: '',
  },
  browserClient: true,
  scopePresets: { local: 'openid profile api.read', entra: 'openid profile User.Read' },
  registration:
    'Entra ID: enable "Access tokens" and/or "ID tokens" (implicit grant) on the app registration, platform Web or SPA with the redirect URI.',
};

/** The hybrid flow: an ID token in the front channel, the code redeemed in the back channel. */
export const hybridFlow: FlowDefinition = {
  id: 'hybrid',
  title: 'Hybrid (code id_token)',
  summary:
    'The redirect brings an ID token and a code together; the app checks the ID token (nonce, c_hash) before redeeming the code.',
  channel: 'front',
  participants: FRONT_PARTICIPANTS,
  // The front-channel ID token is checked (nonce, c_hash) before the code is redeemed (OIDC Core §3.3.2.12).
  steps: [
    requestObjectStep,
    parStep,
    authorizeStep,
    signInStep,
    callbackStep,
    validateIdTokenStep,
    codeExchangeStep,
  ],
  requires: [...FRONT_REQUIRES, 'token_endpoint'],
  authMethods: ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'],
  defaultAuthorizeParams: authorizeDefaults({ response_type: 'code id_token', response_mode: 'fragment' }),
  browserClient: true,
  scopePresets: CODE_SCOPES,
  registration: 'Entra ID: enable "ID tokens" (implicit and hybrid flows) on the app registration.',
};
