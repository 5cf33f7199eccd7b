import type { ReactNode } from 'react';
import type { Exchange } from '@/protocol/http';
import type { FlowRun } from '@/protocol/flows/types';
import { createFlowRunner, type FlowRunner, type RunnerDependencies } from './effect-runner';
import { FlowRunnerProvider } from './flow-runner-provider';

/** A run store in memory, for tests. */
export function createMemoryStore(initial?: FlowRun): RunnerDependencies['store'] & { runs: FlowRun[] } {
  let value = initial;
  const runs: FlowRun[] = [];
  return {
    runs,
    get: () => value,
    set: (run) => {
      value = run;
      if (run) runs.push(run);
    },
  };
}

/** A clock whose time and timers the test moves by hand. */
export function createManualClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  let nextHandle = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout: (callback: () => void, ms: number) => {
      nextHandle += 1;
      timers.set(nextHandle, { at: now + ms, callback });
      return nextHandle;
    },
    clearTimeout: (handle: unknown) => {
      timers.delete(handle as number);
    },
    pending: () => timers.size,
    /** Moves time forward and fires the timers that fall due, in order. */
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = until;
    },
  };
}

/** Dependencies that touch nothing real: sends fail unless the test answers them. */
export function createTestDependencies(overrides: Partial<RunnerDependencies> = {}): RunnerDependencies {
  return {
    store: createMemoryStore(),
    secrets: () => ({}),
    send: (request, options): Promise<Exchange> =>
      Promise.resolve({
        id: `test-${options.stepId}`,
        label: options.label,
        startedAt: new Date(0).toISOString(),
        durationMs: 0,
        via: options.via,
        request,
        failure: { code: 'NETWORK', message: 'No network in this test.' },
      }),
    record: () => undefined,
    clock: createManualClock(),
    browser: { navigate: () => undefined, openPopup: () => undefined },
    checkIdToken: () => Promise.resolve({ ok: true, message: 'Checked in the test.' }),
    verifyJarm: () =>
      Promise.resolve({ ok: false, errorCode: 'CANNOT_VERIFY', message: 'No keys in this test.' }),
    ...overrides,
  };
}

/** Wraps a tree in a provider of the given runner (or one on test dependencies). */
export function withRunner(
  children: ReactNode,
  runner: FlowRunner = createFlowRunner(createTestDependencies()),
) {
  return <FlowRunnerProvider create={() => runner}>{children}</FlowRunnerProvider>;
}
