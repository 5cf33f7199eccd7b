import {
  DEFAULT_DEVICE_INTERVAL,
  nextPollDecision,
  type DevicePollDecision,
  type DevicePollResult,
  type DevicePollState,
} from '@/protocol/device';
import type { Exchange } from '@/protocol/http';
import { classifyPollResponse } from '@/protocol/flows/device-code';
import { failureOutcome } from '@/protocol/flows/outcomes';
import { addStepExchanges, applyOutcome } from '@/protocol/flows/run';
import type { FlowRun, RunStep, StepOutcome } from '@/protocol/flows/types';
import { runStore, secretsStore, setRun } from '@/state/runs';
import { createStore, useStore } from '@/state/store';
import { sendRequest } from '@/transport/send';
import { buildStepRequest, getDefinition } from './run-actions';

/** What the device panel shows about the polling loop of the current run. */
export interface DevicePollStatus {
  runId: string;
  running: boolean;
  polls: number;
  intervalSeconds: number;
  expiresAt: number;
  /** When the next poll leaves (ms since the epoch), while waiting. */
  nextPollAt?: number;
  lastResult?: string;
}

const pollStatusStore = createStore<DevicePollStatus | undefined>(undefined);
let active: { runId: string; controller: AbortController } | undefined;

export function useDevicePollStatus(): DevicePollStatus | undefined {
  return useStore(pollStatusStore);
}

function findSteps(run: FlowRun): { user: RunStep | undefined; poll: RunStep | undefined } {
  return {
    user: run.steps.find((step) => step.stepId === 'enter-user-code'),
    poll: run.steps.find((step) => step.stepId === 'device-poll'),
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function describeResult(result: DevicePollResult): string {
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

function clearActive(runId: string): void {
  if (active?.runId === runId) active = undefined;
}

/** Stops the loop (Cancel button); the run records the cancellation. */
export function cancelDevicePolling(): void {
  active?.controller.abort();
}

/**
 * Polls the token endpoint for the current device-code run as RFC 8628 says: one request per
 * interval at most, `slow_down` adds 5 s for good, stop on tokens, denial, an error or expiry.
 * Every poll becomes an exchange of the poll step. Does nothing when a loop already runs.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
export async function startDevicePolling(): Promise<void> {
  const initial = runStore.get();
  if (!initial || active?.runId === initial.id) return;
  const { user, poll } = findSteps(initial);
  if (!user || !poll || user.record.status !== 'current') return;
  const runId = initial.id;
  const controller = new AbortController();
  active = { runId, controller };
  const interval = Number(initial.values.interval);
  let state: DevicePollState = {
    expiresAt: Date.parse(initial.values.device_expires_at ?? '') || Date.now(),
    intervalSeconds: interval > 0 ? interval : DEFAULT_DEVICE_INTERVAL,
  };
  let polls = poll.record.exchangeIds.length;
  const publish = (patch: Partial<DevicePollStatus>) =>
    pollStatusStore.set((previous) => ({
      runId,
      running: true,
      polls,
      intervalSeconds: state.intervalSeconds,
      expiresAt: state.expiresAt,
      ...(previous?.runId === runId && previous.lastResult !== undefined
        ? { lastResult: previous.lastResult }
        : {}),
      ...patch,
    }));
  let decision: DevicePollDecision = nextPollDecision(state, { type: 'start' }, Date.now());
  let exchange: Exchange | undefined;
  let result: DevicePollResult = { type: 'start' };
  try {
    while (decision.action === 'wait') {
      state = { ...state, intervalSeconds: decision.intervalSeconds };
      publish({ nextPollAt: Date.now() + decision.delayMs });
      await sleep(decision.delayMs, controller.signal);
      const run = runStore.get();
      if (run?.id !== runId) return;
      const request = await buildStepRequest(run, poll, secretsStore.get());
      const definition = getDefinition(run, poll);
      polls += 1;
      exchange = await sendRequest(request, {
        label: `${definition.title} #${polls}`,
        via: definition.relayable ? run.via : 'direct',
        companionOrigin: run.companionOrigin,
        runId,
        stepId: poll.key,
        signal: controller.signal,
      });
      if (controller.signal.aborted) throw new Error('aborted');
      result = classifyPollResponse(exchange.response, exchange.failure);
      decision = nextPollDecision(state, result, Date.now());
      publish({ polls, lastResult: describeResult(result) });
      if (decision.action === 'wait') {
        const latest = runStore.get();
        if (latest?.id !== runId) return;
        const next = addStepExchanges(
          latest,
          poll.key,
          [exchange],
          `Poll ${polls}: ${describeResult(result)}. ${decision.reason}`,
        );
        setRun({ ...next, values: { ...next.values, interval: String(decision.intervalSeconds) } });
        exchange = undefined;
      }
    }
    finish(runId, user, poll, decision, result, exchange);
  } catch (error) {
    const latest = runStore.get();
    if (latest?.id === runId) {
      const cancelled = controller.signal.aborted;
      let next = latest;
      if (exchange) next = addStepExchanges(next, poll.key, [exchange]);
      next = applyOutcome(
        next,
        user.key,
        cancelled
          ? {
              ok: false,
              errorCode: 'ABORTED',
              message: 'Polling cancelled by you. Start a new run to try again.',
            }
          : failureOutcome(error),
      );
      setRun(next);
    }
  } finally {
    clearActive(runId);
    pollStatusStore.set((previous) =>
      previous?.runId === runId ? { ...previous, running: false, polls } : previous,
    );
  }
}

function finish(
  runId: string,
  user: RunStep,
  poll: RunStep,
  decision: Extract<DevicePollDecision, { action: 'done' }>,
  result: DevicePollResult,
  exchange: Exchange | undefined,
): void {
  const latest = runStore.get();
  if (latest?.id !== runId) return;
  const definition = getDefinition(latest, poll);
  const oauthError =
    result.type === 'error'
      ? {
          error: result.error,
          ...(result.error_description === undefined ? {} : { error_description: result.error_description }),
        }
      : undefined;
  let pollOutcome: StepOutcome;
  if (decision.outcome === 'success' && exchange?.response && definition.read) {
    pollOutcome = definition.read(latest, exchange.response);
  } else {
    pollOutcome = {
      ok: false,
      errorCode: oauthError ? 'OAUTH_ERROR' : decision.outcome === 'expired' ? 'TIMEOUT' : 'NETWORK',
      message: decision.reason,
      ...(oauthError ? { oauthError } : {}),
    };
  }
  const userOutcome: StepOutcome =
    decision.outcome === 'success'
      ? { ok: true, message: 'The user entered the code, signed in and consented on the other device.' }
      : {
          ok: false,
          errorCode: pollOutcome.errorCode ?? 'OAUTH_ERROR',
          message: decision.reason,
          ...(oauthError ? { oauthError } : {}),
        };
  let next = applyOutcome(latest, user.key, userOutcome);
  next = applyOutcome(next, poll.key, pollOutcome, exchange ? [exchange] : []);
  setRun(next);
}
