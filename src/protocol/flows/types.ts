import type { OAuthErrorFields } from '../errors';
import type { Exchange, HttpRequest, HttpResponse, Via } from '../http';
import type { ProviderConfig, ProviderEndpoints } from '../providers';

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
    | 'obo_access_token'
    | 'device_expires_at'
    | 'device_message'
    | 'issued_token_type'
    | 'introspection_active'
    | 'claims_challenge'
    | 'claims_request',
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
}

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
  /** Label of the answering arrow for `send`/`poll` steps. */
  responseLabel?: string;
  /** Whether the request goes through the relay when the run says so (token-endpoint style requests). */
  relayable?: boolean;
  /** Builds the request of a `send`/`poll` step (or the URL of a `navigate` step, as a GET). */
  build?: (run: FlowRun, secrets: RunSecrets) => Promise<HttpRequest> | HttpRequest;
  /** Reads the response of a `send`/`poll` step. Never throws: failures are outcomes. */
  read?: (run: FlowRun, response: HttpResponse) => StepOutcome;
  /** Whether the step applies to this run (e.g. no code exchange for implicit). */
  appliesTo?: (run: FlowRun) => boolean;
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
}
