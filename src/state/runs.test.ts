// @vitest-environment happy-dom
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { advance } from '@/protocol/flows/engine';
import { FLOWS } from '@/protocol/flows/registry';
import { createTestRun } from '@/protocol/flows/test-run';
import type { FlowRun } from '@/protocol/flows/types';
import type { Exchange } from '@/protocol/http';
import { createStore, sessionStorageOrUndefined } from './store';
import { clearSecrets, runStore, secretsStore, setRun, updateSecrets } from './runs';

const KEY = 'token-playground.run.v1';
const SECRET = 'TOP-SECRET-VALUE';

function exchangeWithSecrets(stepKey: string, n: number): Exchange {
  return {
    id: `x-${n}`,
    label: 'Token request',
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    via: 'relay',
    request: {
      method: 'POST',
      url: 'https://as.example/token',
      headers: { authorization: `Basic ${btoa(`app:${SECRET}`)}` },
      body: `grant_type=password&username=alice&password=${SECRET}&client_secret=${SECRET}&client_assertion=${SECRET}`,
    },
    response: { status: 200, headers: {}, body: '{"access_token":"at","token_type":"Bearer"}' },
    stepId: stepKey,
  };
}

const stored = () => sessionStorage.getItem(KEY) ?? '';

afterEach(() => {
  setRun(undefined);
  clearSecrets();
  sessionStorage.clear();
});

describe('runStore', () => {
  it('keeps the run across a reload, with every exchange’s secrets redacted', () => {
    const run = createTestRun(FLOWS[0] ?? ({} as never));
    const step = run.steps[0];
    if (!step) throw new Error('no step');
    setRun({ ...run, exchanges: [exchangeWithSecrets(step.key, 1)] });
    expect(stored()).toContain(run.id);
    expect(stored()).not.toContain(SECRET);
    expect(stored()).not.toContain(btoa(`app:${SECRET}`));
    // In memory the exchange stays as sent (the request log may show it on demand).
    expect(JSON.stringify(runStore.get())).toContain(SECRET);
  });

  it.each([
    ['not JSON', '{'],
    ['not a run', '{"id": 3}'],
    ['no steps', '{"id":"r","flowId":"code-pkce","exchanges":[]}'],
  ])('ignores a stored value that is %s', (_name, raw) => {
    sessionStorage.setItem(KEY, raw);
    const revived = createStore<FlowRun | undefined>(undefined, {
      storage: sessionStorageOrUndefined,
      key: KEY,
      revive: (value) =>
        typeof value === 'object' && value !== null && 'steps' in value ? (value as FlowRun) : undefined,
    });
    expect(revived.get()).toBeUndefined();
  });

  it('keeps secrets in memory only', () => {
    updateSecrets({ clientSecret: SECRET, password: SECRET });
    expect(secretsStore.get()).toEqual({ clientSecret: SECRET, password: SECRET });
    for (const storage of [sessionStorage, localStorage]) {
      const values = Array.from({ length: storage.length }, (_, index) =>
        storage.getItem(storage.key(index) ?? ''),
      );
      expect(values.join('\n')).not.toContain(SECRET);
    }
    clearSecrets();
    expect(secretsStore.get()).toEqual({});
  });

  it.each(FLOWS.map((flow) => [flow.id, flow] as const))(
    '%s: whatever the engine does with answers that carry secrets, none reaches session storage',
    (_id, flow) => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              step: fc.nat({ max: 6 }),
              kind: fc.constantFrom('answer', 'start', 'retry', 'edit'),
            }),
            {
              maxLength: 12,
            },
          ),
          (moves) => {
            let run = advance(createTestRun(flow), { type: 'started', at: 0 });
            setRun(run);
            moves.forEach((move, n) => {
              const key = run.steps[move.step % run.steps.length]?.key ?? '';
              const stepKey = move.kind === 'answer' ? (run.effect?.stepKey ?? key) : key;
              run = advance(
                run,
                move.kind === 'answer'
                  ? { type: 'response-received', stepKey, exchange: exchangeWithSecrets(stepKey, n), at: n }
                  : move.kind === 'start'
                    ? { type: 'step-started', stepKey, at: n }
                    : move.kind === 'retry'
                      ? { type: 'retry', stepKey, at: n }
                      : {
                          type: 'parameters-edited',
                          tokenParams: { password: SECRET, client_secret: SECRET },
                          at: n,
                        },
              );
              setRun(run);
              expect(stored()).not.toContain(SECRET);
            });
          },
        ),
        { numRuns: 40 },
      );
    },
  );
});
