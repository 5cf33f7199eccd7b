import {
  classifyLateCallback,
  compareIssuer,
  describeIssuerCheck,
  describeLateCallback,
  isIssParameterAdvertised,
  parseCallback,
} from '@/protocol/callback';
import { PlaygroundError } from '@/protocol/errors';
import type { Exchange, HttpRequest } from '@/protocol/http';
import { failureOutcome } from '@/protocol/flows/outcomes';
import { FOLLOW_UP_STEPS, findFlow } from '@/protocol/flows/registry';
import { appendStep, applyOutcome, resolveStep, retryStep } from '@/protocol/flows/run';
import type {
  FlowDefinition,
  FlowRun,
  RunSecrets,
  RunStep,
  StepDefinition,
  StepOutcome,
} from '@/protocol/flows/types';
import { runStore, secretsStore, setRun } from '@/state/runs';
import { recordExchange } from '@/transport/exchange-log';
import { sendRequest } from '@/transport/send';

export const CALLBACK_MESSAGE = 'token-playground:callback';

export function getDefinition(run: FlowRun, step: RunStep): StepDefinition {
  const flow = findFlow(run.flowId);
  const definition = flow && resolveStep(flow, FOLLOW_UP_STEPS, step.stepId);
  if (!definition)
    throw new PlaygroundError('INVALID_PARAMETER', `Unknown step "${step.stepId}" in flow "${run.flowId}".`);
  return definition;
}

export function requireFlow(run: FlowRun): FlowDefinition {
  const flow = findFlow(run.flowId);
  if (!flow) throw new PlaygroundError('INVALID_PARAMETER', `Unknown flow "${run.flowId}".`);
  return flow;
}

function findStep(run: FlowRun, stepId: string): RunStep | undefined {
  return run.steps.find((step) => step.stepId === stepId);
}

/** The browser-navigation exchange: recorded so that the log and exports show the front-channel request too. */
function navigationExchange(run: FlowRun, stepKey: string, url: string, label: string): Exchange {
  return {
    id: `nav-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    label,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    via: 'direct',
    request: { method: 'GET', url, headers: {} },
    runId: run.id,
    stepId: stepKey,
  };
}

export type LaunchMode = 'same-tab' | 'popup';

let popupWatch: ReturnType<typeof setInterval> | undefined;

/**
 * Sends the browser to the authorization endpoint (this tab, or a popup whose callback hands
 * the result back with an origin check). Returns a message when the popup could not open.
 */
export function launchAuthorization(run: FlowRun, mode: LaunchMode): string | undefined {
  const step = findStep(run, 'authorize');
  if (!step) return 'This flow has no authorization request.';
  const definition = getDefinition(run, step);
  const url = (definition.build?.(run, {}) as HttpRequest | undefined)?.url;
  if (!url) return 'Could not build the authorization request.';
  const exchange = navigationExchange(run, step.key, url, 'Authorization request (browser redirect)');
  recordExchange(exchange);
  setRun(
    applyOutcome(
      run,
      step.key,
      { ok: true, message: mode === 'popup' ? 'Opened in a popup.' : 'Browser sent to the provider.' },
      [exchange],
    ),
  );
  if (mode === 'same-tab') {
    window.location.assign(url);
    return undefined;
  }
  const popup = window.open(url, 'token-playground-authorize', 'popup,width=560,height=720');
  if (!popup) {
    const current = runStore.get();
    if (current) setRun(retryStep(current, step.key));
    return 'The browser blocked the popup. Allow popups for this page, or start in the same tab.';
  }
  watchPopup(popup);
  return undefined;
}

function watchPopup(popup: Window): void {
  if (popupWatch !== undefined) clearInterval(popupWatch);
  const onMessage = (event: MessageEvent<unknown>) => {
    if (event.origin !== window.location.origin || event.source !== popup) return;
    const data = event.data as { type?: unknown; url?: unknown } | null;
    if (data?.type !== CALLBACK_MESSAGE || typeof data.url !== 'string') return;
    window.removeEventListener('message', onMessage);
    if (popupWatch !== undefined) clearInterval(popupWatch);
    try {
      handleCallbackUrl(data.url);
    } catch {
      // A late response (replay, foreign state): the run already holds the first one, left as it is.
    }
  };
  window.addEventListener('message', onMessage);
  popupWatch = setInterval(() => {
    if (!popup.closed) return;
    if (popupWatch !== undefined) clearInterval(popupWatch);
    // Give a message posted just before closing a moment to arrive.
    setTimeout(() => {
      window.removeEventListener('message', onMessage);
      const run = runStore.get();
      const signIn = run && findStep(run, 'sign-in');
      if (run && signIn?.record.status === 'current') {
        setRun(
          applyOutcome(run, signIn.key, {
            ok: false,
            errorCode: 'ABORTED',
            message: 'The popup was closed before the provider redirected back. Start again when ready.',
          }),
        );
      }
    }, 300);
  }, 400);
}

/**
 * Reads the provider's redirect back into the run: sign-in done, callback checked. A state
 * mismatch or a missing state blocks the flow unless the learner overrides it on purpose.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export function handleCallbackUrl(url: string): FlowRun | undefined {
  let run = runStore.get();
  if (!run) return undefined;
  const signIn = findStep(run, 'sign-in');
  if (signIn && signIn.record.status !== 'done') {
    run = applyOutcome(run, signIn.key, { ok: true, message: 'The provider redirected back.' });
  }
  const callback = findStep(run, 'callback');
  if (!callback) return run;
  if (isCallbackConsumed(run)) {
    // An authorization response is single-use: a late arrival is never processed again.
    throw describeLateArrival(run, url);
  }
  let outcome: StepOutcome;
  try {
    const parsed = parseCallback(url, {
      state: run.generated.state,
      responseType: run.authorizeParams.response_type ?? 'code',
      responseMode: run.authorizeParams.response_mode,
    });
    const values: FlowRun['values'] = {};
    if (parsed.code !== undefined) values.code = parsed.code;
    if (parsed.tokens.access_token !== undefined) values.access_token = parsed.tokens.access_token;
    if (parsed.tokens.id_token !== undefined) values.id_token = parsed.tokens.id_token;
    if (parsed.tokens.token_type !== undefined) values.token_type = parsed.tokens.token_type;
    if (parsed.tokens.expires_in !== undefined) values.expires_in = String(parsed.tokens.expires_in);
    if (parsed.tokens.scope !== undefined) values.scope = parsed.tokens.scope;
    if (parsed.state !== undefined) values.callback_state = parsed.state;
    if (parsed.iss !== undefined) values.callback_iss = parsed.iss;
    const issuerCheck = compareIssuer(parsed.iss, run.issuer, {
      advertised: isIssParameterAdvertised(run.endpoints),
      identifiedElsewhere:
        parsed.tokens.id_token !== undefined || (run.authorizeParams.response_mode ?? '').endsWith('jwt'),
    });
    if (parsed.error) {
      outcome = {
        ok: false,
        errorCode: 'OAUTH_ERROR',
        oauthError: parsed.error,
        values,
        message: `The provider answered with an error: ${parsed.error.error}${parsed.error.error_description ? `: ${parsed.error.error_description}` : ''}`,
      };
    } else if (parsed.stateCheck === 'mismatch' || parsed.stateCheck === 'missing') {
      outcome = {
        ok: false,
        errorCode: parsed.stateCheck === 'mismatch' ? 'STATE_MISMATCH' : 'STATE_MISSING',
        values,
        message:
          parsed.stateCheck === 'mismatch'
            ? '"state" in the callback does not match the one sent: this response may belong to another request (CSRF). The exchange is blocked.'
            : '"state" was sent but the callback carries none: the response cannot be tied to this request. The exchange is blocked.',
      };
    } else if (issuerCheck === 'mismatch' || issuerCheck === 'missing') {
      outcome = {
        ok: false,
        errorCode: issuerCheck === 'mismatch' ? 'ISSUER_MISMATCH' : 'ISSUER_MISSING',
        values,
        message: describeIssuerCheck(issuerCheck, run.issuer, parsed.iss),
      };
    } else {
      const got = [
        values.code ? 'a code' : '',
        values.id_token ? 'an ID token' : '',
        values.access_token ? 'an access token' : '',
      ]
        .filter(Boolean)
        .join(', ');
      outcome = {
        ok: true,
        values,
        ...(values.access_token || values.id_token ? { tokensLabel: CALLBACK_TOKENS_LABEL } : {}),
        message: `Received ${got || 'a response'} in the ${parsed.source}; state ${parsed.stateCheck === 'match' ? 'matches' : 'was not sent'}; ${describeIssuerCheck(issuerCheck, run.issuer, parsed.iss)}.`,
      };
    }
  } catch (error) {
    outcome = failureOutcome(error);
  }
  run = applyOutcome(run, callback.key, outcome);
  setRun(run);
  return run;
}

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

/** Whether the run already processed its authorization response (a new arrival is ignored). */
export function isCallbackConsumed(run: FlowRun): boolean {
  return findStep(run, 'callback')?.record.status === 'done';
}

/** Lets a learner continue after a state problem, on purpose; the step stays marked as overridden. */
export function overrideStateCheck(run: FlowRun): FlowRun {
  const callback = findStep(run, 'callback');
  if (!callback) return run;
  const next = applyOutcome({ ...run, allowStateOverride: true }, callback.key, {
    ok: true,
    message: `${callback.record.message ?? ''} Overridden by you: continuing although ${
      callback.record.errorCode?.startsWith('ISSUER_') ? 'the issuer' : 'state'
    } did not check out.`,
  });
  setRun(next);
  return next;
}

/** Builds the request of a send/poll step with the current secrets, for display and editing before sending. */
export async function buildStepRequest(
  run: FlowRun,
  step: RunStep,
  secrets: RunSecrets = secretsStore.get(),
): Promise<HttpRequest> {
  const definition = getDefinition(run, step);
  if (!definition.build)
    throw new PlaygroundError('INVALID_PARAMETER', `Step "${definition.title}" sends no request.`);
  return definition.build(run, secrets);
}

/**
 * Sends a step's request (as built, or as the user edited it), records the exchange and reads
 * the answer into the run. Never throws: every failure becomes the step's outcome.
 */
export async function sendStep(
  step: RunStep,
  request: HttpRequest,
  signal?: AbortSignal,
): Promise<FlowRun | undefined> {
  const run = runStore.get();
  if (!run) return undefined;
  const definition = getDefinition(run, step);
  const via = definition.relayable ? run.via : 'direct';
  const exchange = await sendRequest(request, {
    label: definition.title,
    via,
    companionOrigin: run.companionOrigin,
    runId: run.id,
    stepId: step.key,
    ...(signal ? { signal } : {}),
  });
  const latest = runStore.get() ?? run;
  let outcome: StepOutcome;
  if (exchange.response) {
    outcome = definition.read
      ? definition.read(latest, exchange.response)
      : { ok: exchange.response.status < 400 };
  } else {
    outcome = {
      ok: false,
      errorCode: exchange.failure?.code ?? 'NETWORK',
      message: exchange.failure?.message ?? 'No response.',
    };
  }
  const next = applyOutcome(latest, step.key, outcome, [exchange]);
  setRun(next);
  return next;
}

/** Records a step that failed before any request left (a missing value, a bad key). */
export function failStep(step: RunStep, error: unknown): void {
  const run = runStore.get();
  if (!run) return;
  setRun(applyOutcome(run, step.key, failureOutcome(error)));
}

export function completeLocalStep(step: RunStep, outcome: StepOutcome): void {
  const run = runStore.get();
  if (!run) return;
  setRun(applyOutcome(run, step.key, outcome));
}

export function retry(step: RunStep): void {
  const run = runStore.get();
  if (run) setRun(retryStep(run, step.key));
}

/** Adds a follow-up step (refresh, userinfo, API call, logout) and returns its key. */
export function addFollowUp(stepId: string): string | undefined {
  const run = runStore.get();
  if (!run) return undefined;
  const { run: next, key } = appendStep(run, stepId);
  setRun(next);
  return key;
}

/** Navigates to the end-session endpoint (a follow-up that leaves the page). */
export function launchNavigation(step: RunStep): void {
  const run = runStore.get();
  if (!run) return;
  const definition = getDefinition(run, step);
  try {
    const request = definition.build?.(run, {}) as HttpRequest;
    const exchange = navigationExchange(run, step.key, request.url, definition.title);
    recordExchange(exchange);
    setRun(applyOutcome(run, step.key, { ok: true, message: 'Browser sent to the provider.' }, [exchange]));
    window.location.assign(request.url);
  } catch (error) {
    failStep(step, error);
  }
}
