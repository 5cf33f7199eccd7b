import { PlaygroundError } from '@/protocol/errors';
import type { Exchange, HttpRequest } from '@/protocol/http';
import {
  advance,
  definitionOf,
  isCallbackConsumed,
  type FlowEvent,
  type JarmVerification,
  type LaunchMode,
} from '@/protocol/flows/engine';
import { addDpopProof, refreshDpopProof, requireDpopKey, usesDpop } from '@/protocol/flows/dpop-steps';
import { failureOutcome } from '@/protocol/flows/outcomes';
import type { FlowEffect, FlowRun, RunSecrets, RunStep, StepOutcome } from '@/protocol/flows/types';

/** An event as callers give it: the runner stamps the time from its clock. */
export type FlowInput = FlowEvent extends infer E ? (E extends unknown ? Omit<E, 'at'> : never) : never;

export interface Clock {
  now: () => number;
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** A popup the runner opened: it reports the callback URL it hands back, or that it closed. */
export interface PopupWatch {
  watch: (onCallback: (url: string) => void, onClosed: () => void) => () => void;
}

/** The browser as the runner needs it: leave the page, open a popup. */
export interface BrowserPort {
  navigate: (url: string) => void;
  openPopup: (url: string) => PopupWatch | undefined;
}

/** Sends one request and resolves with the recorded exchange (never rejects for HTTP errors). */
export type SendRequest = (
  request: HttpRequest,
  options: {
    label: string;
    via: FlowRun['via'];
    companionOrigin: string;
    runId: string;
    stepId: string;
    signal: AbortSignal;
  },
) => Promise<Exchange>;

export interface RunStore {
  get: () => FlowRun | undefined;
  set: (run: FlowRun | undefined) => void;
}

export interface RunnerDependencies {
  store: RunStore;
  /** Secrets in memory, read at the moment a request is built. */
  secrets: () => RunSecrets;
  send: SendRequest;
  /** Adds a navigation (which no `send` records) to the session's request log. */
  record: (exchange: Exchange) => void;
  clock: Clock;
  browser: BrowserPort;
  /** The ID-token check (signature with the issuer's keys, claims), which needs the network. */
  checkIdToken: (run: FlowRun) => Promise<StepOutcome>;
  /** Verifies a JARM callback's `response` JWT with the issuer's keys (never rejects). */
  verifyJarm: (run: FlowRun) => Promise<JarmVerification>;
}

/** What happened to a callback URL handed to the runner. */
export type CallbackArrival = 'read' | 'replay' | 'no-run';

export const POPUP_BLOCKED =
  'The browser blocked the popup. Allow popups for this page, or start in the same tab.';

export interface FlowRunner {
  /** Applies an event to the stored run and performs what the engine asks next. */
  dispatch: (event: FlowInput) => FlowRun | undefined;
  /** Stores a new run and starts it; returns a message when its popup could not open. */
  begin: (run: FlowRun, mode?: LaunchMode) => string | undefined;
  /** Runs the current step (a redirect, a request as built); returns a message when a popup was blocked. */
  startStep: (stepKey: string, mode?: LaunchMode) => string | undefined;
  /** Sends a step's request as the person edited it; resolves when the answer is in the run. */
  sendStep: (stepKey: string, request: HttpRequest) => Promise<void>;
  /** Sends a request beside the flow (a demo call) and keeps its exchange with a step. */
  sendAside: (stepKey: string, request: HttpRequest, label: string) => Promise<Exchange | undefined>;
  /** Builds a step's request with the secrets in memory, for display and editing. */
  buildRequest: (run: FlowRun, step: RunStep) => Promise<HttpRequest>;
  /** Reads a callback URL into the run, unless it is a replay or no run waits for it. */
  receiveCallback: (url: string) => CallbackArrival;
  cancel: () => void;
  /** Forgets the run (a new run with the same parameters comes next). */
  clear: () => void;
  /** Picks up effects a stored run was waiting for (after a reload or a new page). */
  resume: () => void;
  /** Stops timers, requests and popup watches; late answers are dropped. */
  dispose: () => void;
}

/**
 * The one place that performs what the flow engine asks: sends requests, navigates, opens and
 * watches popups, waits, runs checks. Everything it touches comes in as a parameter.
 */
export function createFlowRunner(deps: RunnerDependencies): FlowRunner {
  let active = true;
  let performed: { runId: string; id: number } | undefined;
  let timer: unknown;
  let controller: AbortController | undefined;
  let stopPopupWatch: (() => void) | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let popupProblem: string | undefined;
  const edited = new Map<string, HttpRequest>();
  // The request each step sent last: a DPoP nonce retry resends it with a new proof.
  const lastSent = new Map<string, HttpRequest>();

  const dispatch = (input: FlowInput): FlowRun | undefined => {
    const run = deps.store.get();
    if (!run) return undefined;
    const next = advance(run, { ...input, at: deps.clock.now() });
    if (next === run) return run;
    deps.store.set(next);
    perform(next);
    return next;
  };

  /** Dispatches only while the run that asked is still the stored one and the runner is live. */
  const answer = (runId: string, input: FlowInput) => {
    if (active && deps.store.get()?.id === runId) dispatch(input);
  };

  function perform(run: FlowRun): void {
    const effect = run.effect;
    if (!active || !effect) return;
    if (performed?.runId === run.id && performed.id >= effect.id) return;
    performed = { runId: run.id, id: effect.id };
    switch (effect.type) {
      case 'redirect':
        recordNavigation(run, effect);
        deps.browser.navigate(effect.url);
        return;
      case 'popup':
        openPopup(run, effect);
        return;
      case 'wait':
        clearTimer();
        timer = deps.clock.setTimeout(
          () => {
            timer = undefined;
            answer(run.id, { type: 'poll-tick' });
          },
          Math.max(0, effect.until - deps.clock.now()),
        );
        return;
      case 'send':
        inFlight = performSend(run, effect);
        return;
      case 'check':
        inFlight = performCheck(run, effect);
        return;
    }
  }

  function recordNavigation(run: FlowRun, effect: FlowEffect): void {
    const exchange = run.exchanges.filter((candidate) => candidate.stepId === effect.stepKey).at(-1);
    if (exchange) deps.record(exchange);
  }

  function openPopup(run: FlowRun, effect: Extract<FlowEffect, { type: 'popup' }>): void {
    recordNavigation(run, effect);
    const popup = deps.browser.openPopup(effect.url);
    if (!popup) {
      popupProblem = POPUP_BLOCKED;
      answer(run.id, { type: 'popup-blocked', stepKey: effect.stepKey });
      return;
    }
    stopPopupWatch?.();
    stopPopupWatch = popup.watch(
      (url) => {
        stopPopupWatch?.();
        stopPopupWatch = undefined;
        if (active && deps.store.get()?.id === run.id) receiveCallback(url);
      },
      () => {
        stopPopupWatch = undefined;
        answer(run.id, { type: 'popup-closed' });
      },
    );
  }

  async function performSend(run: FlowRun, effect: Extract<FlowEffect, { type: 'send' }>): Promise<void> {
    const step = run.steps.find((candidate) => candidate.key === effect.stepKey);
    let request = edited.get(effect.stepKey);
    edited.delete(effect.stepKey);
    const previous = lastSent.get(effect.stepKey);
    try {
      if (effect.dpopNonceRetry && previous) {
        // The same request as sent (edits kept), with a new proof that carries the server's nonce.
        request = await refreshDpopProof(run, previous, requireDpopKey(run, deps.secrets().dpopKey));
      } else if (!request) {
        if (!step) throw new PlaygroundError('INVALID_PARAMETER', `Unknown step "${effect.stepKey}".`);
        request = await buildRequest(run, step);
      }
    } catch (error) {
      answer(run.id, { type: 'build-failed', stepKey: effect.stepKey, outcome: failureOutcome(error) });
      return;
    }
    lastSent.set(effect.stepKey, request);
    controller = new AbortController();
    const exchange = await deps.send(request, {
      label: effect.label,
      via: effect.via,
      companionOrigin: run.companionOrigin,
      runId: run.id,
      stepId: effect.stepKey,
      signal: controller.signal,
    });
    controller = undefined;
    answer(run.id, {
      type: exchange.response ? 'response-received' : 'network-failure',
      stepKey: effect.stepKey,
      exchange,
    });
  }

  async function performCheck(run: FlowRun, effect: Extract<FlowEffect, { type: 'check' }>): Promise<void> {
    const step = run.steps.find((candidate) => candidate.key === effect.stepKey);
    let outcome: StepOutcome;
    try {
      if (!step) throw new PlaygroundError('INVALID_PARAMETER', `Unknown step "${effect.stepKey}".`);
      const interaction = definitionOf(run, step).interaction;
      if (interaction.kind === 'await-callback') {
        const result = await deps.verifyJarm(run).catch((error: unknown): JarmVerification => ({
          ok: false,
          errorCode: 'CANNOT_VERIFY',
          message: `The response JWT could not be verified: ${error instanceof Error ? error.message : String(error)}`,
        }));
        answer(run.id, { type: 'callback-verified', stepKey: effect.stepKey, result });
        return;
      }
      if (interaction.kind !== 'automatic')
        throw new PlaygroundError('INVALID_PARAMETER', `Step "${step.stepId}" has no automatic check.`);
      outcome =
        interaction.check === 'id-token'
          ? await deps.checkIdToken(run)
          : await interaction.check(run, deps.secrets());
    } catch (error) {
      outcome = failureOutcome(error);
    }
    answer(run.id, { type: 'step-finished', stepKey: effect.stepKey, outcome });
  }

  async function buildRequest(run: FlowRun, step: RunStep): Promise<HttpRequest> {
    const definition = definitionOf(run, step);
    if (!definition.build)
      throw new PlaygroundError('INVALID_PARAMETER', `Step "${definition.title}" sends no request.`);
    const secrets = deps.secrets();
    const built = await definition.build(run, secrets);
    // DPoP: the proof is part of the request as shown and sent (RFC 9449 §4), one fresh proof per build.
    return usesDpop(run, definition)
      ? addDpopProof(run, definition.dpop, built, requireDpopKey(run, secrets.dpopKey))
      : built;
  }

  function receiveCallback(url: string): CallbackArrival {
    const run = deps.store.get();
    if (!run) return 'no-run';
    if (isCallbackConsumed(run)) return 'replay';
    dispatch({ type: 'callback-received', url });
    return 'read';
  }

  function clearTimer(): void {
    if (timer !== undefined) deps.clock.clearTimeout(timer);
    timer = undefined;
  }

  function startStep(stepKey: string, mode?: LaunchMode): string | undefined {
    popupProblem = undefined;
    dispatch({ type: 'step-started', stepKey, ...(mode ? { mode } : {}) });
    return popupProblem;
  }

  return {
    dispatch,
    begin(run, mode) {
      popupProblem = undefined;
      edited.clear();
      clearTimer();
      controller?.abort();
      deps.store.set(run);
      dispatch({ type: 'started', ...(mode ? { mode } : {}) });
      return popupProblem;
    },
    startStep,
    async sendStep(stepKey, request) {
      edited.set(stepKey, request);
      startStep(stepKey);
      edited.delete(stepKey);
      await inFlight;
    },
    async sendAside(stepKey, request, label) {
      const run = deps.store.get();
      if (!run) return undefined;
      const exchange = await deps.send(request, {
        label,
        via: 'direct',
        companionOrigin: run.companionOrigin,
        runId: run.id,
        stepId: stepKey,
        signal: new AbortController().signal,
      });
      answer(run.id, { type: 'exchange-recorded', stepKey, exchange });
      return exchange;
    },
    buildRequest,
    receiveCallback,
    clear() {
      clearTimer();
      controller?.abort();
      edited.clear();
      deps.store.set(undefined);
    },
    cancel() {
      clearTimer();
      controller?.abort();
      dispatch({ type: 'cancel' });
    },
    resume() {
      active = true;
      const run = deps.store.get();
      const effect = run?.effect;
      if (!run || !effect) return;
      const mine = performed?.runId === run.id && performed.id >= effect.id;
      if (effect.type === 'wait') {
        performed = undefined;
        perform(run);
      } else if ((effect.type === 'send' || effect.type === 'check') && !mine) {
        // Asked for before this page loaded: its answer will never come.
        dispatch({ type: 'interrupted' });
      }
    },
    dispose() {
      active = false;
      clearTimer();
      controller?.abort();
      controller = undefined;
      stopPopupWatch?.();
      stopPopupWatch = undefined;
    },
  };
}
