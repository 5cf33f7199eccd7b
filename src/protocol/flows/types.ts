import type { OAuthErrorFields } from '../errors';
import type { Exchange, HttpRequest, HttpResponse, Via } from '../http';
import type { DevicePollState } from '../device';
import type { DpopKey } from '../dpop';
import type { ProviderConfig, ProviderEndpoints, ProviderKind } from '../providers';

/** The lanes of a sequence diagram. */
export type ParticipantId = 'user' | 'browser' | 'client' | 'as' | 'api' | 'device' | 'api-a' | 'api-b';

export interface Participant {
  id: ParticipantId;
  label: string;
  description: string;
}

export type ClientAuthMethod =
  'none' | 'client_secret_post' | 'client_secret_basic' | 'private_key_jwt' | 'client_assertion';

export type StepStatus = 'pending' | 'current' | 'done' | 'failed' | 'skipped';

/**
 * What a step does when the user runs it:
 * - `navigate`: send the browser to a URL (the authorization request), leaving this page;
 * - `callback`: read the redirect back to the app;
 * - `send`: an HTTP request that `transport/` sends and the step reads;
 * - `poll`: a `send` step repeated on a schedule (device code);
 * - `user`: something the person does elsewhere (sign in, enter a code);
 * - `local`: work done in the browser (checks on a token).
 */
export type StepAction = 'navigate' | 'callback' | 'send' | 'poll' | 'user' | 'local';

/** Secrets live in memory only and are handed to builders at the moment a request is built. */
export interface RunSecrets {
  clientSecret?: string;
  /** PKCS#8 PEM or a private JWK as JSON, for `private_key_jwt`. */
  privateKey?: string;
  /** Optional certificate (PEM) whose thumbprints go into the assertion header (Entra). */
  certificate?: string;
  /** Key id to put in the assertion header. */
  keyId?: string;
  /** A pasted client assertion (federated credential). */
  clientAssertion?: string;
  /** Password for the password grant. */
  password?: string;
  /** The DPoP key pair (RFC 9449): its private half is a non-extractable CryptoKey, in memory only. */
  dpopKey?: DpopKey;
  /** A key that signs request objects (RFC 9101) instead of `privateKey`: PKCS#8 PEM or a private JWK. */
  requestObjectKey?: string;
  requestObjectKeyId?: string;
}

/** The tokens and other values a run has collected, by wire name. */
export type RunValues = Partial<
  Record<
    | 'code'
    | 'access_token'
    | 'id_token'
    | 'refresh_token'
    | 'token_type'
    | 'expires_in'
    | 'scope'
    | 'device_code'
    | 'user_code'
    | 'verification_uri'
    | 'verification_uri_complete'
    | 'interval'
    | 'callback_state'
    | 'callback_iss'
    /** The callback URL as the app received it (shown in the callback step). */
    | 'callback_url'
    | 'obo_access_token'
    | 'device_expires_at'
    | 'device_message'
    | 'issued_token_type'
    | 'introspection_active'
    | 'claims_challenge'
    | 'claims_request'
    | 'step_up_acr_values'
    | 'step_up_max_age'
    | 'step_up_challenge'

    /** The signed request object (RFC 9101) the run sends; not secret: it travels in the URL or PAR body. */
    | 'request_object'
    /** What the PAR endpoint answered (RFC 9126 §2.2); `request_uri_expires_at` is an ISO time. */
    | 'request_uri'
    | 'request_uri_expires_at'
    /** The JARM `response` JWT of the callback, kept to show its claims. */
    | 'jarm_response'
    /** The `authorization_details` the token response granted (RFC 9396 §7), as JSON. */
    | 'authorization_details',
    string
  >
>;

export interface StepRecord {
  status: StepStatus;
  /** What happened, in words (shown under the step and on the failed arrow). */
  message?: string;
  errorCode?: string;
  oauthError?: OAuthErrorFields;
  exchangeIds: string[];
  finishedAt?: string;
}

/** One step of a run: a step definition, instantiated (follow-up steps are appended). */
export interface RunStep {
  key: string;
  stepId: string;
  record: StepRecord;
}

export interface TokenSetEntry {
  label: string;
  at: string;
  values: RunValues;
}

/** One execution of a flow. Survives the redirect to the provider (session storage). */
export interface FlowRun {
  id: string;
  flowId: string;
  createdAt: string;
  provider: ProviderConfig;
  providerLabel: string;
  issuer: string;
  endpoints: ProviderEndpoints;
  clientId: string;
  authMethod: ClientAuthMethod;
  via: Via;
  companionOrigin: string;
  /** Parameters of the front-channel request, in the order the user sees them. */
  authorizeParams: Record<string, string>;
  /** Parameters of back-channel requests (scope, username, resource…). */
  tokenParams: Record<string, string>;
  extraParams: [string, string][];
  generated: { state?: string; nonce?: string; codeVerifier?: string };
  /** Whether a state mismatch may be overridden by the learner for this run. */
  allowStateOverride?: boolean;
  values: RunValues;
  tokenHistory: TokenSetEntry[];
  steps: RunStep[];
  exchanges: Exchange[];
  /** What the engine asks the outside world to do now (send, redirect, popup, wait, check). */
  effect?: FlowEffect;
  /** How many effects the engine has asked for: each effect carries its number, so none runs twice. */
  effectCount?: number;
  /** The polling loop of a step that waits for a person on another device (RFC 8628). */
  polling?: PollingState;
  /** DPoP (RFC 9449): the thumbprint of the run's key (the key itself stays in memory) and the nonces servers gave. */
  dpop?: DpopRunState;
  /** The API challenge this run's authorization answers: its diagram draws the loop back from the refusal. */
  answersChallenge?: AnsweredChallenge;
  /** Request modes the run uses beyond plain parameters (PAR, JAR), as discovery offered them. */
  modes?: RequestModes;
}

/**
 * An API's refusal that a new authorization answers (an Entra claims challenge): which call was
 * refused, how, and what the new authorization sends. Nothing secret: the claims request is public.
 * @see https://learn.microsoft.com/entra/identity-platform/claims-challenge
 */
export interface AnsweredChallenge {
  /** The run whose call was refused. */
  fromRunId: string;
  /** The follow-up step that was refused (`call-api`, `userinfo`): it closes the loop when repeated. */
  stepId: string;
  /** HTTP status of the refusal (401 for a claims challenge). */
  status: number;
  /** The Bearer `error` of the refusal: `insufficient_claims`. */
  error: string;
  /** The `claims` value the new authorization sends: the challenge plus `xms_cc` capabilities. */
  claimsRequest: string;
}

/**
 * How the authorization request travels, beyond its parameters:
 * - `par`: pushed to the provider's PAR endpoint first (RFC 9126), the redirect carries only `request_uri`;
 * - `jar`: the parameters go as one signed request object (RFC 9101), by value or in the PAR body.
 */
export interface RequestModes {
  par?: { endpoint: string; required?: boolean };
  /** `lifetimeSeconds`: the request object's `exp` − `iat` (300 s unless chosen). */
  jar?: { alg: 'PS256' | 'RS256' | 'ES256'; lifetimeSeconds?: number };
}

/** What a run records about DPoP: nothing secret (the private key never leaves memory). */
export interface DpopRunState {
  /** RFC 7638 thumbprint of the public key: `dpop_jkt` at authorize, `cnf.jkt` in the token. */
  jkt: string;
  /** The latest `DPoP-Nonce` each server (by origin) handed out, for the next proof to it. */
  nonces: Record<string, string>;
}

/**
 * What the engine asks for; the effect runner performs it and reports back with an event.
 * - `send`: build the step's request (or take the one the person edited), send it, report the answer;
 * - `redirect` / `popup`: send the browser (or a popup) to a URL;
 * - `wait`: report `poll-tick` at `until` (ms since the epoch);
 * - `check`: run the step's automatic check and report its outcome.
 */
export type FlowEffect = { id: number; stepKey: string } & (
  | {
      type: 'send';
      label: string;
      via: Via;
      /** The resend after a `use_dpop_nonce` refusal (RFC 9449 §8): done once, never again for this send. */
      dpopNonceRetry?: boolean;
    }
  | { type: 'redirect'; url: string }
  | { type: 'popup'; url: string }
  | { type: 'wait'; until: number }
  | { type: 'check' }
);

/** The device-flow polling loop, as data: what RFC 8628 §3.5 lets the client do next. */
export interface PollingState extends DevicePollState {
  /** The step whose requests are the polls. */
  stepKey: string;
  /** The step of the person on the other device; it finishes with the loop. */
  userStepKey: string;
  polls: number;
  running: boolean;
  /** When the next poll leaves (ms since the epoch), while waiting. */
  nextPollAt?: number;
  lastResult?: string;
}

/**
 * What a step needs from a person; one registry in the UI maps each kind to a component.
 * - `request`: the HTTP request, shown and editable, sent on demand;
 * - `redirect`: leave the page for the provider (optionally in a popup);
 * - `sign-in`: the person signs in at the provider; a redirect URL may be pasted;
 * - `await-callback`: nothing: the provider redirects back;
 * - `other-device`: the person signs in on another device while the app polls `pollStepId`;
 * - `credentials`: the person types a password into the app;
 * - `automatic`: a check the app runs by itself (`check` pure, or the ID-token check that needs keys).
 */
export type StepInteraction =
  | { kind: 'request' }
  | { kind: 'redirect'; popup: boolean; label: string }
  | { kind: 'sign-in' }
  | { kind: 'await-callback' }
  | { kind: 'other-device'; pollStepId: string }
  | { kind: 'credentials' }
  | {
      kind: 'automatic';
      /** `id-token` needs the network (keys); a function gets the in-memory secrets (a signing key). */
      check: 'id-token' | ((run: FlowRun, secrets: RunSecrets) => StepOutcome | Promise<StepOutcome>);
      status: string;
    };

export type InteractionKind = StepInteraction['kind'];

/** What reading a response produced: values to merge, and whether the step succeeded. */
export interface StepOutcome {
  ok: boolean;
  values?: RunValues;
  message?: string;
  errorCode?: string;
  oauthError?: OAuthErrorFields;
  /** Label for the token history when the outcome carries tokens. */
  tokensLabel?: string;
}

export interface StepDefinition {
  id: string;
  title: string;
  /** Why this step happens, one or two sentences, with the spec named. */
  explanation: string;
  spec?: { name: string; url: string };
  from: ParticipantId;
  to: ParticipantId;
  action: StepAction;
  /** What the step needs from a person. */
  interaction: StepInteraction;
  /** Label of the answering arrow for `send`/`poll` steps. */
  responseLabel?: string;
  /** Whether the request goes through the relay when the run says so (token-endpoint style requests). */
  relayable?: boolean;
  /** Builds the request of a `send`/`poll` step. */
  build?: (run: FlowRun, secrets: RunSecrets) => Promise<HttpRequest> | HttpRequest;
  /** The URL a `navigate` step sends the browser to (built without secrets: nothing secret travels in it). */
  url?: (run: FlowRun) => string;
  /** Reads the response of a `send`/`poll` step (`now`: when it arrived). Never throws: failures are outcomes. */
  read?: (run: FlowRun, response: HttpResponse, now?: Date) => StepOutcome;
  /**
   * DPoP (RFC 9449) for a run with a DPoP key: `token` adds a proof to a token request, `resource` a
   * proof with `ath` and `Authorization: DPoP` when the access token is DPoP-bound.
   */
  dpop?: 'token' | 'resource';
  /** Whether the step applies to this run (e.g. no code exchange for implicit); shown as skipped when not. */
  appliesTo?: (run: FlowRun) => boolean;
  /**
   * For a step that belongs to an optional request mode (PAR, JAR): whether the run uses that mode.
   * A run that does not holds no such step at all, so a plain run reads as it always did.
   */
  partOf?: (run: FlowRun) => boolean;
}

export type FlowId =
  | 'code-pkce'
  | 'code-confidential'
  | 'implicit'
  | 'hybrid'
  | 'client-credentials'
  | 'device-code'
  | 'on-behalf-of'
  | 'password'
  | 'token-exchange';

export type FlowChannel = 'front' | 'back';

export interface FlowDefinition {
  id: FlowId;
  title: string;
  summary: string;
  /** Shown prominently: legacy or unsafe flows. */
  warning?: string;
  channel: FlowChannel;
  participants: Participant[];
  steps: StepDefinition[];
  /** Endpoints the provider must publish for this flow. */
  requires: (keyof ProviderEndpoints)[];
  /** Client authentication methods that make sense; the first is the default. */
  authMethods: ClientAuthMethod[];
  /** Default front-channel parameters (wire names, in display order). */
  defaultAuthorizeParams?: Record<string, string>;
  /** Default back-channel parameters. */
  defaultTokenParams?: Record<string, string>;
  /** What the app registration needs, for the README and the flow page. */
  registration: string;
  /**
   * A public client whose requests a browser may send itself (no relay by default); the others
   * start on the relay with Entra, which refuses them from browsers (ENTRA.md).
   */
  browserClient?: boolean;
  /** Scope presets by provider kind for the first request, when the generic default does not fit. */
  scopePresets?: Partial<Record<ProviderKind, string>>;
  /** Extra panels the run screen shows for this flow (the on-behalf-of comparison and demo). */
  panels?: readonly 'on-behalf-of'[];
  /**
   * A grant type the provider's discovery should list in `grant_types_supported` for this flow
   * (warned about before the first request when a listing leaves it out).
   */
  advertisedGrant?: string;
  /** A warning for one back-channel parameter's value, for a provider kind (shown at the field). */
  parameterWarning?: (name: string, value: string, providerKind: ProviderKind) => string | undefined;
}
