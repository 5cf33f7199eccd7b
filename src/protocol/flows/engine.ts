import {
  classifyLateCallback,
  compareIssuer,
  describeIssuerCheck,
  describeLateCallback,
  isIssParameterAdvertised,
  parseCallback,
} from '../callback';
import {
  DEFAULT_DEVICE_INTERVAL,
  nextPollDecision,
  type DevicePollDecision,
  type DevicePollResult,
} from '../device';
import { PlaygroundError } from '../errors';
import type { Exchange, Via } from '../http';
import { isJarmResponseMode, readJarmResponseParameter } from '../jarm';
import { classifyPollResponse } from './device-code';
import { checkDpopTokenOutcome, isDpopNonceRefusal, rememberDpopNonce } from './dpop-steps';
import { failureOutcome } from './outcomes';
import { FOLLOW_UP_STEPS, findFlow } from './registry';
import { addStepExchanges, appendStep, applyOutcome, findCurrentStep, resolveStep, retryStep } from './run';
import type {
  FlowDefinition,
  FlowEffect,
  FlowRun,
  PollingState,
  RunStep,
  RunValues,
  StepDefinition,
  StepOutcome,
} from './types';

export type LaunchMode = 'same-tab' | 'popup';

/**
 * Everything that can happen to a run. `at` is the time it happened (ms since the epoch): the
 * engine reads no clock of its own.
 */
export type FlowEvent = { at: number } &
  /** The run begins; a front-channel run goes straight to its authorization request. */
  (
    | { type: 'started'; mode?: LaunchMode }
    /** The person changed back-channel parameters or the route of a run in progress. */
    | { type: 'parameters-edited'; tokenParams?: Record<string, string>; via?: Via }
    /** The person runs the current step (send its request, open the redirect). */
    | { type: 'step-started'; stepKey: string; mode?: LaunchMode }
    | { type: 'popup-blocked'; stepKey: string }
    | { type: 'popup-closed' }
    | { type: 'callback-received'; url: string }
    /** A JARM callback's `response` JWT was verified (or not) with the provider's keys. */
    | { type: 'callback-verified'; stepKey: string; result: JarmVerification }
    | { type: 'response-received'; stepKey: string; exchange: Exchange }
    /** The request left but no HTTP answer could be read (network, CORS, relay). */
    | { type: 'network-failure'; stepKey: string; exchange: Exchange }
    /** The request could not even be built (a missing value, a bad key). */
    | { type: 'build-failed'; stepKey: string; outcome: StepOutcome }
    /** A step done in the browser finished (an automatic check, credentials given). */
    | { type: 'step-finished'; stepKey: string; outcome: StepOutcome }
    | { type: 'poll-tick' }
    | { type: 'route-chosen'; stepKey: string; via: Via }
    | { type: 'retry'; stepKey: string }
    | { type: 'cancel' }
    | { type: 'state-overridden' }
    | { type: 'follow-up-added'; stepId: string; tokenParams?: Record<string, string> }
    /** A request made beside the flow (a demo call) is kept with a step, without changing it. */
    | { type: 'exchange-recorded'; stepKey: string; exchange: Exchange }
    /** The page reloaded while an effect was in flight: its answer will never come. */
    | { type: 'interrupted' }
  );

/** What verifying a JARM `response` JWT gave: the parameters inside, or why it failed. */
export type JarmVerification =
  | { ok: true; params: Record<string, string>; alg?: string; kid?: string }
  | { ok: false; errorCode: string; message: string };

/** Wire names that hold secrets: they live in the secrets store, never in a run (which is stored). */
export const SECRET_PARAMETER_NAMES: readonly string[] = [
  'password',
  'client_secret',
  'client_assertion',
  'private_key',
];

/** The flow a run belongs to. */
export function requireFlow(run: FlowRun): FlowDefinition {
  const flow = findFlow(run.flowId);
  if (!flow) throw new PlaygroundError('INVALID_PARAMETER', `Unknown flow "${run.flowId}".`);
  return flow;
}

/** The definition of one step of a run (the flow's own steps, then the follow-ups). */
export function definitionOf(run: FlowRun, step: RunStep): StepDefinition {
  const definition = resolveStep(requireFlow(run), FOLLOW_UP_STEPS, step.stepId);
  if (!definition)
    throw new PlaygroundError('INVALID_PARAMETER', `Unknown step "${step.stepId}" in flow "${run.flowId}".`);
  return definition;
}

function findByKey(run: FlowRun, stepKey: string): RunStep | undefined {
  return run.steps.find((step) => step.key === stepKey);
}

function findByInteraction(run: FlowRun, kind: StepDefinition['interaction']['kind']): RunStep | undefined {
  return run.steps.find((step) => definitionOf(run, step).interaction.kind === kind);
}

/** Whether an effect is under way whose answer the engine still waits for. */
export function isBusy(run: FlowRun): boolean {
  const type = run.effect?.type;
  return type === 'send' || type === 'wait' || type === 'check';
}

/** Whether the run already processed its authorization response (a new arrival is ignored). */
export function isCallbackConsumed(run: FlowRun): boolean {
  return findByInteraction(run, 'await-callback')?.record.status === 'done';
}

/** Callback problems a learner may continue past on purpose (the step stays marked as overridden). */
const OVERRIDABLE_CALLBACK_ERRORS: readonly string[] = [
  'STATE_MISMATCH',
  'STATE_MISSING',
  'ISSUER_MISMATCH',
  'ISSUER_MISSING',
];

const CALLBACK_TOKENS_LABEL = 'Authorization response';

/**
 * Why a callback that arrived after the run processed its own is ignored: the same response again
 * (a replay), a `state` no pending request sent, or a second response to the same request.
 */
export function describeLateArrival(run: FlowRun, url: string): PlaygroundError {
  let params: Record<string, string> = {};
  try {
    params = parseCallback(url, {
      state: run.generated.state,
      responseType: run.authorizeParams.response_type ?? 'code',
      responseMode: run.authorizeParams.response_mode,
    }).params;
  } catch {
    // an empty or unreadable callback carries no state: it matches no request
  }
  // Tokens the callback itself carried (implicit, hybrid); later ones come from the token endpoint.
  const carried = run.tokenHistory.find((entry) => entry.label === CALLBACK_TOKENS_LABEL)?.values ?? {};
  const kind = classifyLateCallback(params, {
    sentState: run.generated.state,
    receivedState: run.values.callback_state,
    code: run.values.code,
    accessToken: carried.access_token,
    idToken: carried.id_token,
  });
  const code =
    kind === 'replay'
      ? 'CALLBACK_REPLAYED'
      : kind === 'unknown-state'
        ? 'STATE_MISMATCH'
        : 'CALLBACK_DUPLICATE';
  return new PlaygroundError(code, describeLateCallback(kind), {
    cause: { expected: 'a fresh authorization response for this run', actual: kind },
  });
}

/**
 * What a failed (or finished) step offers the person: nothing, sending again, a learning override
 * of the state check, the other route (relay or direct), a retry, or a new run.
 */
export type StepChoice =
  | { kind: 'none' }
  | { kind: 'resend' }
  | { kind: 'override-state' }
  | { kind: 'switch-route'; to: Via }
  | { kind: 'retry' }
  | { kind: 'start-over' };

/** What the choices may offer beyond the run itself: whether this deployment offers the relay at all. */
export interface ChoiceContext {
  relayOffered: boolean;
}

export function availableChoice(
  run: FlowRun,
  step: RunStep,
  context: ChoiceContext = { relayOffered: true },
): StepChoice {
  const definition = definitionOf(run, step);
  const { status, errorCode } = step.record;
  if (status === 'done') return definition.action === 'send' ? { kind: 'resend' } : { kind: 'none' };
  if (status !== 'failed') return { kind: 'none' };
  const interaction = definition.interaction.kind;
  if (interaction === 'await-callback' && OVERRIDABLE_CALLBACK_ERRORS.includes(errorCode ?? ''))
    return { kind: 'override-state' };
  if (definition.relayable && errorCode === 'CORS_BLOCKED' && run.via === 'direct' && context.relayOffered)
    return { kind: 'switch-route', to: 'relay' };
  if (
    definition.relayable &&
    (errorCode === 'RELAY_REFUSED' || errorCode === 'RELAY_UNAVAILABLE') &&
    run.via === 'relay'
  )
    return { kind: 'switch-route', to: 'direct' };
  if (definition.action === 'send' || definition.action === 'local' || definition.action === 'poll')
    return { kind: 'retry' };
  if (interaction === 'sign-in' || interaction === 'await-callback') return { kind: 'start-over' };
  return { kind: 'none' };
}

/**
 * The one way a run changes: the run after `event`. Pure; what must happen outside (a request, a
 * redirect, a timer, a check) is asked for in `run.effect`, which the effect runner performs and
 * answers with another event. Events that make no sense in the run's state leave it as it is.
 */
export function advance(run: FlowRun, event: FlowEvent): FlowRun {
  const next = transition(run, event);
  return settle(next, event.at);
}

function transition(run: FlowRun, event: FlowEvent): FlowRun {
  switch (event.type) {
    case 'started': {
      const current = findCurrentStep(run);
      if (!event.mode || current?.record.status !== 'current') return run;
      return definitionOf(run, current).action === 'navigate'
        ? startStep(run, current, event.mode, event.at)
        : run;
    }
    case 'parameters-edited':
      return {
        ...run,
        ...(event.via === undefined ? {} : { via: event.via }),
        tokenParams: { ...run.tokenParams, ...withoutSecrets(event.tokenParams) },
      };
    case 'step-started': {
      const step = findByKey(run, event.stepKey);
      if (step?.record.status !== 'current' || isBusy(run)) return run;
      return startStep(run, step, event.mode ?? 'same-tab', event.at);
    }
    case 'popup-blocked': {
      if (run.effect?.type !== 'popup' || run.effect.stepKey !== event.stepKey) return run;
      return withoutEffect(retryStep(run, event.stepKey));
    }
    case 'popup-closed': {
      const signIn = findByInteraction(run, 'sign-in');
      if (signIn?.record.status !== 'current') return run;
      return withoutEffect(
        applyOutcome(
          run,
          signIn.key,
          {
            ok: false,
            errorCode: 'ABORTED',
            message: 'The popup was closed before the provider redirected back. Start again when ready.',
          },
          [],
          new Date(event.at),
        ),
      );
    }
    case 'callback-received':
      return receiveCallback(run, event.url, event.at);
    case 'callback-verified': {
      if (run.effect?.type !== 'check' || run.effect.stepKey !== event.stepKey) return run;
      const step = findByKey(run, event.stepKey);
      if (step?.record.status !== 'current') return withoutEffect(run);
      const outcome: StepOutcome = event.result.ok
        ? readVerifiedJarm(run, event.result)
        : { ok: false, errorCode: event.result.errorCode, message: event.result.message };
      return withoutEffect(applyOutcome(run, step.key, outcome, [], new Date(event.at)));
    }
    case 'response-received':
    case 'network-failure': {
      const effect = run.effect;
      if (effect?.type !== 'send' || effect.stepKey !== event.stepKey) return run;
      if (run.polling?.running && run.polling.stepKey === event.stepKey)
        return answerPoll(run, run.polling, event.exchange, event.at);
      const step = findByKey(run, event.stepKey);
      if (!step) return withoutEffect(run);
      const answered = rememberDpopNonce(run, event.exchange);
      if (
        answered.dpop !== undefined &&
        !effect.dpopNonceRetry &&
        isDpopNonceRefusal(event.exchange.request, event.exchange.response)
      )
        return askDpopNonceRetry(answered, step, effect, event.exchange);
      return withoutEffect(
        applyOutcome(
          answered,
          step.key,
          readAnswer(run, step, event.exchange, event.at),
          [event.exchange],
          new Date(event.at),
        ),
      );
    }
    case 'build-failed': {
      const effect = run.effect;
      if (effect?.type !== 'send' || effect.stepKey !== event.stepKey) return run;
      const failedStep = run.polling?.running ? run.polling.userStepKey : event.stepKey;
      return stopPolling(withoutEffect(applyOutcome(run, failedStep, event.outcome, [], new Date(event.at))));
    }
    case 'step-finished': {
      const step = findByKey(run, event.stepKey);
      if (step?.record.status !== 'current') return run;
      const definition = definitionOf(run, step);
      if (definition.action !== 'local') return run;
      const next = applyOutcome(run, step.key, event.outcome, [], new Date(event.at));
      return run.effect?.type === 'check' && run.effect.stepKey === step.key ? withoutEffect(next) : next;
    }
    case 'poll-tick': {
      const polling = run.polling;
      if (run.effect?.type !== 'wait' || !polling?.running) return run;
      const step = findByKey(run, polling.stepKey);
      if (!step) return run;
      const definition = definitionOf(run, step);
      return ask(
        { ...run, polling: omit(polling, 'nextPollAt') },
        {
          type: 'send',
          stepKey: step.key,
          label: `${definition.title} #${polling.polls + 1}`,
          via: definition.relayable ? run.via : 'direct',
        },
      );
    }
    case 'route-chosen': {
      const step = findByKey(run, event.stepKey);
      if (step?.record.status !== 'failed' || isBusy(run)) return run;
      return retryStep({ ...run, via: event.via }, step.key);
    }
    case 'retry': {
      const step = findByKey(run, event.stepKey);
      if (!step || (step.record.status !== 'failed' && step.record.status !== 'done') || isBusy(run))
        return run;
      return retryStep(run, step.key);
    }
    case 'cancel':
      return cancel(run, event.at);
    case 'state-overridden': {
      const callback = findByInteraction(run, 'await-callback');
      const code = callback?.record.errorCode;
      if (callback?.record.status !== 'failed' || !OVERRIDABLE_CALLBACK_ERRORS.includes(code ?? ''))
        return run;
      return applyOutcome(
        { ...run, allowStateOverride: true },
        callback.key,
        {
          ok: true,
          message: `${callback.record.message ?? ''} Overridden by you: continuing although ${
            code?.startsWith('ISSUER_') ? 'the issuer' : 'state'
          } did not check out.`,
        },
        [],
        new Date(event.at),
      );
    }
    case 'follow-up-added': {
      const known = FOLLOW_UP_STEPS.some((step) => step.id === event.stepId);
      if (!known || (!run.values.access_token && !run.values.id_token)) return run;
      const withParams = {
        ...run,
        tokenParams: { ...run.tokenParams, ...withoutSecrets(event.tokenParams) },
      };
      return appendStep(withParams, event.stepId).run;
    }
    case 'exchange-recorded':
      return findByKey(run, event.stepKey) ? addStepExchanges(run, event.stepKey, [event.exchange]) : run;
    case 'interrupted':
      return interrupt(run, event.at);
  }
}

/** After every event: ask for the automatic work the new current step needs (a check, a polling loop). */
function settle(run: FlowRun, at: number): FlowRun {
  if (isBusy(run)) return run;
  const current = findCurrentStep(run);
  if (current?.record.status !== 'current') return run;
  const interaction = definitionOf(run, current).interaction;
  if (interaction.kind === 'automatic') return ask(run, { type: 'check', stepKey: current.key });
  if (interaction.kind === 'other-device') {
    if (run.polling?.running && run.polling.userStepKey === current.key) return run;
    const pollStep = run.steps.find((step) => step.stepId === interaction.pollStepId);
    return pollStep ? startPolling(run, current, pollStep, at) : run;
  }
  return run;
}

function ask(run: FlowRun, effect: DistributiveOmit<FlowEffect, 'id'>): FlowRun {
  const id = (run.effectCount ?? 0) + 1;
  return { ...run, effect: { ...effect, id }, effectCount: id };
}

/** A copy without one key (for optional fields under exactOptionalPropertyTypes). */
function omit<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  Reflect.deleteProperty(copy, key);
  return copy;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function withoutEffect(run: FlowRun): FlowRun {
  return run.effect ? omit(run, 'effect') : run;
}

function stopPolling(run: FlowRun): FlowRun {
  if (!run.polling?.running) return run;
  return { ...run, polling: { ...omit(run.polling, 'nextPollAt'), running: false } };
}

function withoutSecrets(params: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params ?? {}).filter(([name]) => !SECRET_PARAMETER_NAMES.includes(name)),
  );
}

function startStep(run: FlowRun, step: RunStep, mode: LaunchMode, at: number): FlowRun {
  const definition = definitionOf(run, step);
  switch (definition.action) {
    case 'navigate': {
      let url: string;
      try {
        if (!definition.url)
          throw new PlaygroundError('INVALID_PARAMETER', 'Could not build the request URL.');
        url = definition.url(run);
      } catch (error) {
        return applyOutcome(run, step.key, failureOutcome(error), [], new Date(at));
      }
      const popup =
        mode === 'popup' && definition.interaction.kind === 'redirect' && definition.interaction.popup;
      const label = definition.title.replace('(redirect)', '(browser redirect)');
      const exchange: Exchange = {
        id: `${run.id}-nav-${(run.effectCount ?? 0) + 1}`,
        label,
        startedAt: new Date(at).toISOString(),
        durationMs: 0,
        via: 'direct',
        request: { method: 'GET', url, headers: {} },
        runId: run.id,
        stepId: step.key,
      };
      const sent = applyOutcome(
        run,
        step.key,
        { ok: true, message: popup ? 'Opened in a popup.' : 'Browser sent to the provider.' },
        [exchange],
        new Date(at),
      );
      return ask(sent, { type: popup ? 'popup' : 'redirect', stepKey: step.key, url });
    }
    case 'send':
    case 'poll':
      return ask(run, {
        type: 'send',
        stepKey: step.key,
        label: definition.title,
        via: definition.relayable ? run.via : 'direct',
      });
    case 'local':
      return definition.interaction.kind === 'automatic'
        ? ask(run, { type: 'check', stepKey: step.key })
        : run;
    case 'user':
    case 'callback':
      return run;
  }
}

/**
 * The server refused a DPoP request for want of a (fresh) nonce and sent one: the refusal is kept
 * with the step (the request log and the diagram show the extra round trip) and the request goes
 * once more, its new proof carrying the nonce.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8
 */
function askDpopNonceRetry(
  run: FlowRun,
  step: RunStep,
  effect: Extract<FlowEffect, { type: 'send' }>,
  exchange: Exchange,
): FlowRun {
  const status = exchange.response?.status ?? 0;
  const recorded = addStepExchanges(
    run,
    step.key,
    [exchange],
    `HTTP ${status} use_dpop_nonce: the server wants its DPoP-Nonce in the proof; sending again with a fresh proof that carries it.`,
  );
  return ask(recorded, {
    type: 'send',
    stepKey: step.key,
    label: `${effect.label} (again, with the DPoP nonce)`,
    via: effect.via,
    dpopNonceRetry: true,
  });
}

function readAnswer(run: FlowRun, step: RunStep, exchange: Exchange, at: number): StepOutcome {
  if (!exchange.response) {
    return {
      ok: false,
      errorCode: exchange.failure?.code ?? 'NETWORK',
      message: exchange.failure?.message ?? 'No response.',
    };
  }
  const definition = definitionOf(run, step);
  const outcome = definition.read
    ? definition.read(run, exchange.response, new Date(at))
    : { ok: exchange.response.status < 400 };
  return definition.dpop === 'token' && run.dpop !== undefined
    ? checkDpopTokenOutcome(run, outcome)
    : outcome;
}

/**
 * Reads the provider's redirect into the run: sign-in done, callback checked. A replay (the run
 * already processed one) changes nothing. A state mismatch or a missing state blocks the flow
 * (the learner may override it on purpose), and so does an `iss` that is not the run's issuer.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
function receiveCallback(initial: FlowRun, url: string, at: number): FlowRun {
  const callback = findByInteraction(initial, 'await-callback');
  if (!callback || callback.record.status === 'done') return initial;
  // A JWT response is being verified: a second arrival waits for that answer.
  if (initial.effect?.type === 'check' && initial.effect.stepKey === callback.key) return initial;
  let run =
    initial.effect?.type === 'redirect' || initial.effect?.type === 'popup'
      ? withoutEffect(initial)
      : initial;
  const signIn = findByInteraction(run, 'sign-in');
  if (signIn && signIn.record.status !== 'done') {
    run = applyOutcome(
      run,
      signIn.key,
      { ok: true, message: 'The provider redirected back.' },
      [],
      new Date(at),
    );
  }
  if (isJarmResponseMode(run.authorizeParams.response_mode))
    return receiveJarmCallback(run, callback, url, at);
  // The URL as it arrived stays with the run, so that the callback step can show it (codes and
  // tokens in it are no more than what the run already holds).
  const outcome = readCallbackOutcome(run, url);
  return applyOutcome(
    run,
    callback.key,
    { ...outcome, values: { ...outcome.values, callback_url: url } },
    [],
    new Date(at),
  );
}

/**
 * A JARM callback carries one `response` JWT: it is kept and verified with the provider's keys
 * (a `check` the effect runner performs) before anything inside it is believed.
 * @see https://openid.net/specs/oauth-v2-jarm-final.html#section-2.4
 */
function receiveJarmCallback(run: FlowRun, callback: RunStep, url: string, at: number): FlowRun {
  let jwt: string;
  try {
    const parsed = parseCallback(url, {
      state: run.generated.state,
      responseType: run.authorizeParams.response_type ?? 'code',
      responseMode: run.authorizeParams.response_mode,
    });
    jwt = readJarmResponseParameter(parsed.params);
  } catch (error) {
    return applyOutcome(run, callback.key, failureOutcome(error), [], new Date(at));
  }
  return ask(
    { ...run, values: { ...run.values, jarm_response: jwt } },
    { type: 'check', stepKey: callback.key },
  );
}

/**
 * The parameters of a verified JARM response, handled like any other callback (state, code,
 * error); the issuer is the JWT's verified `iss`.
 * @see https://openid.net/specs/oauth-v2-jarm-final.html#section-2.4
 */
function readVerifiedJarm(run: FlowRun, result: Extract<JarmVerification, { ok: true }>): StepOutcome {
  // The JWT's `iss` was verified to be the run's issuer: it stands for RFC 9207's `iss` parameter.
  const query = new URLSearchParams({ ...result.params, iss: run.issuer }).toString();
  const outcome = readCallbackOutcome(run, `http://callback.invalid/?${query}`);
  const key = [result.alg ? `alg ${result.alg}` : '', result.kid ? `kid ${result.kid}` : '']
    .filter(Boolean)
    .join(', ');
  return {
    ...outcome,
    message: `The "response" JWT verifies with the provider's key${key ? ` (${key})` : ''}; its iss, aud and exp check out. ${outcome.message ?? ''}`,
  };
}

/**
 * What a callback URL means for a run: the values it brings and whether the flow may go on.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
export function readCallbackOutcome(run: FlowRun, url: string): StepOutcome {
  try {
    const parsed = parseCallback(url, {
      state: run.generated.state,
      responseType: run.authorizeParams.response_type ?? 'code',
      responseMode: run.authorizeParams.response_mode,
    });
    const values: RunValues = {};
    if (parsed.code !== undefined) values.code = parsed.code;
    if (parsed.tokens.access_token !== undefined) values.access_token = parsed.tokens.access_token;
    if (parsed.tokens.id_token !== undefined) values.id_token = parsed.tokens.id_token;
    if (parsed.tokens.token_type !== undefined) values.token_type = parsed.tokens.token_type;
    if (parsed.tokens.expires_in !== undefined) values.expires_in = String(parsed.tokens.expires_in);
    if (parsed.tokens.scope !== undefined) values.scope = parsed.tokens.scope;
    if (parsed.state !== undefined) values.callback_state = parsed.state;
    if (parsed.iss !== undefined) values.callback_iss = parsed.iss;
    if (parsed.error) {
      return {
        ok: false,
        errorCode: 'OAUTH_ERROR',
        oauthError: parsed.error,
        values,
        message: `The provider answered with an error: ${parsed.error.error}${parsed.error.error_description ? `: ${parsed.error.error_description}` : ''}`,
      };
    }
    if (parsed.stateCheck === 'mismatch' || parsed.stateCheck === 'missing') {
      return {
        ok: false,
        errorCode: parsed.stateCheck === 'mismatch' ? 'STATE_MISMATCH' : 'STATE_MISSING',
        values,
        message:
          parsed.stateCheck === 'mismatch'
            ? '"state" in the callback does not match the one sent: this response may belong to another request (CSRF). The exchange is blocked.'
            : '"state" was sent but the callback carries none: the response cannot be tied to this request. The exchange is blocked.',
      };
    }
    const issuerCheck = compareIssuer(parsed.iss, run.issuer, {
      advertised: isIssParameterAdvertised(run.endpoints),
      identifiedElsewhere:
        parsed.tokens.id_token !== undefined || (run.authorizeParams.response_mode ?? '').endsWith('jwt'),
    });
    if (issuerCheck === 'mismatch' || issuerCheck === 'missing') {
      return {
        ok: false,
        errorCode: issuerCheck === 'mismatch' ? 'ISSUER_MISMATCH' : 'ISSUER_MISSING',
        values,
        message: describeIssuerCheck(issuerCheck, run.issuer, parsed.iss),
      };
    }
    const got = [
      values.code ? 'a code' : '',
      values.id_token ? 'an ID token' : '',
      values.access_token ? 'an access token' : '',
    ]
      .filter(Boolean)
      .join(', ');
    return {
      ok: true,
      values,
      ...(values.access_token || values.id_token ? { tokensLabel: CALLBACK_TOKENS_LABEL } : {}),
      message: `Received ${got || 'a response'} in the ${parsed.source}; state ${parsed.stateCheck === 'match' ? 'matches' : 'was not sent'}; ${describeIssuerCheck(issuerCheck, run.issuer, parsed.iss)}.`,
    };
  } catch (error) {
    return failureOutcome(error);
  }
}

/**
 * Starts the RFC 8628 polling loop: the first poll after the interval (5 s when the provider
 * gave none), never at or after the device code's expiry.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
function startPolling(run: FlowRun, userStep: RunStep, pollStep: RunStep, at: number): FlowRun {
  const interval = Number(run.values.interval);
  const polling: PollingState = {
    stepKey: pollStep.key,
    userStepKey: userStep.key,
    expiresAt: Date.parse(run.values.device_expires_at ?? '') || at,
    intervalSeconds: interval > 0 ? interval : DEFAULT_DEVICE_INTERVAL,
    polls: pollStep.record.exchangeIds.length,
    running: true,
  };
  const decision = nextPollDecision(polling, { type: 'start' }, at);
  if (decision.action === 'done')
    return finishPolling({ ...run, polling }, polling, decision, { type: 'start' }, undefined, at);
  return ask(
    {
      ...run,
      polling: { ...polling, intervalSeconds: decision.intervalSeconds, nextPollAt: at + decision.delayMs },
    },
    { type: 'wait', stepKey: pollStep.key, until: at + decision.delayMs },
  );
}

function describePollResult(result: DevicePollResult): string {
  switch (result.type) {
    case 'tokens':
      return 'tokens';
    case 'error':
      return result.error;
    case 'failure':
      return `${result.code}: ${result.message}`;
    case 'start':
      return 'not polled yet';
  }
}

/**
 * One poll answered: `authorization_pending` keeps the interval, `slow_down` adds 5 s for good;
 * tokens, a denial, expiry or any other error end the loop.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
function answerPoll(run: FlowRun, polling: PollingState, exchange: Exchange, at: number): FlowRun {
  const polls = polling.polls + 1;
  const result = classifyPollResponse(exchange.response, exchange.failure);
  const decision = nextPollDecision(polling, result, at);
  const counted: PollingState = { ...polling, polls, lastResult: describePollResult(result) };
  if (decision.action === 'done')
    return finishPolling({ ...run, polling: counted }, counted, decision, result, exchange, at);
  const next = addStepExchanges(
    run,
    polling.stepKey,
    [exchange],
    `Poll ${polls}: ${describePollResult(result)}. ${decision.reason}`,
  );
  return ask(
    {
      ...next,
      values: { ...next.values, interval: String(decision.intervalSeconds) },
      polling: { ...counted, intervalSeconds: decision.intervalSeconds, nextPollAt: at + decision.delayMs },
    },
    { type: 'wait', stepKey: polling.stepKey, until: at + decision.delayMs },
  );
}

function finishPolling(
  run: FlowRun,
  polling: PollingState,
  decision: Extract<DevicePollDecision, { action: 'done' }>,
  result: DevicePollResult,
  exchange: Exchange | undefined,
  at: number,
): FlowRun {
  const poll = findByKey(run, polling.stepKey);
  if (!poll) return stopPolling(withoutEffect(run));
  const definition = definitionOf(run, poll);
  const oauthError =
    result.type === 'error'
      ? {
          error: result.error,
          ...(result.error_description === undefined ? {} : { error_description: result.error_description }),
        }
      : undefined;
  const pollOutcome: StepOutcome =
    decision.outcome === 'success' && exchange?.response && definition.read
      ? definition.read(run, exchange.response, new Date(at))
      : {
          ok: false,
          errorCode: oauthError ? 'OAUTH_ERROR' : decision.outcome === 'expired' ? 'TIMEOUT' : 'NETWORK',
          message: decision.reason,
          ...(oauthError ? { oauthError } : {}),
        };
  const userOutcome: StepOutcome =
    decision.outcome === 'success'
      ? { ok: true, message: 'The user entered the code, signed in and consented on the other device.' }
      : {
          ok: false,
          errorCode: pollOutcome.errorCode ?? 'OAUTH_ERROR',
          message: decision.reason,
          ...(oauthError ? { oauthError } : {}),
        };
  let next = applyOutcome(run, polling.userStepKey, userOutcome, [], new Date(at));
  next = applyOutcome(next, poll.key, pollOutcome, exchange ? [exchange] : [], new Date(at));
  return stopPolling(withoutEffect(next));
}

function cancel(run: FlowRun, at: number): FlowRun {
  if (run.polling?.running) {
    return stopPolling(
      withoutEffect(
        applyOutcome(
          run,
          run.polling.userStepKey,
          {
            ok: false,
            errorCode: 'ABORTED',
            message: 'Polling cancelled by you. Start a new run to try again.',
          },
          [],
          new Date(at),
        ),
      ),
    );
  }
  if (run.effect?.type === 'send' || run.effect?.type === 'check') {
    return withoutEffect(
      applyOutcome(
        run,
        run.effect.stepKey,
        { ok: false, errorCode: 'ABORTED', message: 'Cancelled by you before the step finished.' },
        [],
        new Date(at),
      ),
    );
  }
  return run;
}

function interrupt(run: FlowRun, at: number): FlowRun {
  const effect = run.effect;
  if (!effect) return run;
  if (effect.type === 'wait') return run;
  if (effect.type === 'check') return ask(run, { type: 'check', stepKey: effect.stepKey });
  if (effect.type === 'send' && run.polling?.running) {
    return ask(
      { ...run, polling: { ...run.polling, nextPollAt: at } },
      { type: 'wait', stepKey: effect.stepKey, until: at },
    );
  }
  if (effect.type === 'send') {
    return withoutEffect(
      applyOutcome(
        run,
        effect.stepKey,
        {
          ok: false,
          errorCode: 'ABORTED',
          message: 'The page was reloaded before the answer arrived. Send the request again.',
        },
        [],
        new Date(at),
      ),
    );
  }
  return withoutEffect(run);
}
