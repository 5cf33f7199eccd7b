import { describe, expect, it } from 'vitest';
import { codePkceFlow, implicitFlow } from '@/protocol/flows/browser-flows';
import { clientCredentialsFlow } from '@/protocol/flows/client-credentials';
import { deviceCodeFlow } from '@/protocol/flows/device-code';
import { createTestRun } from '@/protocol/flows/test-run';
import type { FlowRun } from '@/protocol/flows/types';
import type { Exchange, HttpRequest, HttpResponse } from '@/protocol/http';
import { createFlowRunner, POPUP_BLOCKED, type RunnerDependencies, type SendRequest } from './effect-runner';
import { createManualClock, createMemoryStore, createTestDependencies } from './test-runner';

const ISSUER = 'https://as.example';
const ENDPOINTS = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  device_authorization_endpoint: `${ISSUER}/device`,
  jwks_uri: `${ISSUER}/jwks`,
};

function json(body: unknown, status = 200): HttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

const TOKENS = json({ access_token: 'at', token_type: 'Bearer', expires_in: 60 });

/** A `send` that answers from a queue and remembers what it was given. */
function scriptedSend(...answers: (HttpResponse | undefined)[]) {
  const calls: { request: HttpRequest; label: string; via: string; signal: AbortSignal }[] = [];
  const send: SendRequest = (request, options) => {
    calls.push({ request, label: options.label, via: options.via, signal: options.signal });
    const response = answers.shift();
    const exchange: Exchange = {
      id: `x-${calls.length}`,
      label: options.label,
      startedAt: new Date(0).toISOString(),
      durationMs: 1,
      via: options.via,
      request,
      runId: options.runId,
      stepId: options.stepId,
      ...(response ? { response } : { failure: { code: 'CORS_BLOCKED', message: 'blocked' } }),
    };
    return Promise.resolve(exchange);
  };
  return { send, calls };
}

function frontRun(flow = codePkceFlow): FlowRun {
  return createTestRun(flow, {
    id: 'run-front',
    endpoints: ENDPOINTS,
    authorizeParams: {
      ...flow.defaultAuthorizeParams,
      client_id: 'app',
      redirect_uri: 'https://app.example/callback',
      state: 'st',
      nonce: 'nn',
    },
  });
}

function setUp(overrides: Partial<RunnerDependencies> = {}) {
  const store = createMemoryStore();
  const clock = createManualClock();
  const deps = createTestDependencies({ store, clock, ...overrides });
  return { runner: createFlowRunner(deps), store, clock, deps };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createFlowRunner', () => {
  it('redirects this tab to the authorization URL and records the navigation', () => {
    const navigated: string[] = [];
    const recorded: Exchange[] = [];
    const { runner, store } = setUp({
      browser: { navigate: (url) => navigated.push(url), openPopup: () => undefined },
      record: (exchange) => recorded.push(exchange),
    });
    expect(runner.begin(frontRun(), 'same-tab')).toBeUndefined();
    expect(navigated).toHaveLength(1);
    expect(navigated[0]).toMatch(/^https:\/\/as\.example\/authorize\?client_id=app/);
    expect(recorded.map((exchange) => exchange.request.url)).toEqual(navigated);
    expect(store.get()?.steps[0]?.record.status).toBe('done');
  });

  it('says so when the popup is blocked, and makes the authorization request current again', () => {
    const { runner, store } = setUp();
    expect(runner.begin(frontRun(), 'popup')).toBe(POPUP_BLOCKED);
    expect(store.get()?.steps[0]?.record.status).toBe('current');
    expect(store.get()?.effect).toBeUndefined();
  });

  it('reads the callback the popup hands back, and fails the sign-in when it closes first', () => {
    const watchers: { onCallback: (url: string) => void; onClosed: () => void }[] = [];
    const browser = {
      navigate: () => undefined,
      openPopup: () => ({
        watch: (onCallback: (url: string) => void, onClosed: () => void) => {
          watchers.push({ onCallback, onClosed });
          return () => undefined;
        },
      }),
    };
    const first = setUp({ browser });
    first.runner.begin(frontRun(), 'popup');
    watchers[0]?.onCallback('https://app.example/callback?code=c&state=st');
    expect(first.store.get()?.values.code).toBe('c');
    expect(
      first.store
        .get()
        ?.steps.map((step) => step.record.status)
        .slice(0, 4),
    ).toEqual(['done', 'done', 'done', 'current']);

    const second = setUp({ browser });
    second.runner.begin(frontRun(), 'popup');
    watchers[1]?.onClosed();
    expect(second.store.get()?.steps[1]?.record).toMatchObject({ status: 'failed', errorCode: 'ABORTED' });
  });

  it('tells a replayed callback apart, and a callback without a run', () => {
    const { runner } = setUp();
    expect(runner.receiveCallback('https://app.example/callback?code=c&state=st')).toBe('no-run');
    runner.begin(frontRun(), 'same-tab');
    expect(runner.receiveCallback('https://app.example/callback?code=c&state=st')).toBe('read');
    expect(runner.receiveCallback('https://app.example/callback?code=c2&state=st')).toBe('replay');
  });

  it('builds a step’s request (awaiting async builders) and sends it on the run’s route', async () => {
    const { send, calls } = scriptedSend(TOKENS);
    const { runner, store } = setUp({ send, secrets: () => ({ clientSecret: 'shh' }) });
    runner.begin(createTestRun(clientCredentialsFlow, { authMethod: 'client_secret_post', via: 'relay' }));
    const step = store.get()?.steps[0];
    if (!step) throw new Error('no step');
    runner.startStep(step.key);
    await flush();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.via).toBe('relay');
    expect(calls[0]?.request.body).toContain('client_secret=shh');
    expect(store.get()?.steps[0]?.record.status).toBe('done');
    expect(store.get()?.values.access_token).toBe('at');
  });

  it('sends the request as the person edited it', async () => {
    const { send, calls } = scriptedSend(TOKENS);
    const { runner, store } = setUp({ send });
    runner.begin(createTestRun(clientCredentialsFlow));
    const step = store.get()?.steps[0];
    if (!step) throw new Error('no step');
    const edited = { method: 'POST' as const, url: `${ISSUER}/token`, headers: {}, body: 'grant_type=wrong' };
    await runner.sendStep(step.key, edited);
    expect(calls[0]?.request).toEqual(edited);
    expect(store.get()?.exchanges).toHaveLength(1);
  });

  it('turns a builder’s error into a failed step, with no request sent', async () => {
    const { send, calls } = scriptedSend();
    const { runner, store } = setUp({ send });
    runner.begin(createTestRun(clientCredentialsFlow, { authMethod: 'client_secret_basic' }));
    const step = store.get()?.steps[0];
    if (!step) throw new Error('no step');
    runner.startStep(step.key);
    await flush();
    expect(calls).toHaveLength(0);
    expect(store.get()?.steps[0]?.record).toMatchObject({ status: 'failed', errorCode: 'INVALID_PARAMETER' });
  });

  it('reports a CORS refusal as a network failure that offers the relay', async () => {
    const { send } = scriptedSend(undefined);
    const { runner, store } = setUp({ send });
    runner.begin(createTestRun(clientCredentialsFlow));
    const step = store.get()?.steps[0];
    if (!step) throw new Error('no step');
    runner.startStep(step.key);
    await flush();
    expect(store.get()?.steps[0]?.record).toMatchObject({ status: 'failed', errorCode: 'CORS_BLOCKED' });
  });

  it('runs the ID-token check by itself when the step becomes current', async () => {
    const checked: string[] = [];
    const { runner, store } = setUp({
      checkIdToken: (run) => {
        checked.push(run.values.id_token ?? '');
        return Promise.resolve({ ok: false, errorCode: 'NONCE_MISMATCH', message: 'nonce differs' });
      },
    });
    runner.begin(frontRun(implicitFlow), 'same-tab');
    runner.receiveCallback(
      'https://app.example/callback#id_token=it&access_token=at&token_type=Bearer&state=st',
    );
    await flush();
    expect(checked).toEqual(['it']);
    const validate = store.get()?.steps.find((step) => step.stepId === 'validate-id-token');
    expect(validate?.record).toMatchObject({ status: 'failed', errorCode: 'NONCE_MISMATCH' });
  });

  describe('device code polling', () => {
    const pending = json({ error: 'authorization_pending' }, 400);
    const deviceAuthorization = json({
      device_code: 'dc',
      user_code: 'UC',
      verification_uri: `${ISSUER}/device`,
      expires_in: 600,
      interval: 5,
    });

    async function startPolling(...answers: (HttpResponse | undefined)[]) {
      const scripted = scriptedSend(deviceAuthorization, ...answers);
      const context = setUp({ send: scripted.send });
      context.runner.begin(createTestRun(deviceCodeFlow, { endpoints: ENDPOINTS }));
      context.runner.startStep('device-authorization');
      await flush();
      return { ...context, calls: scripted.calls };
    }

    it('waits the interval between polls on the clock it was given, then stops with tokens', async () => {
      const { clock, calls, store } = await startPolling(pending, TOKENS);
      expect(calls).toHaveLength(1);
      expect(clock.pending()).toBe(1);
      clock.advance(4999);
      expect(calls).toHaveLength(1);
      clock.advance(1);
      await flush();
      expect(calls.map((call) => call.label)).toEqual([
        'Device authorization request',
        'Token request (device_code), polled #1',
      ]);
      clock.advance(5000);
      await flush();
      expect(calls).toHaveLength(3);
      expect(store.get()?.steps.map((step) => step.record.status)).toEqual(['done', 'done', 'done']);
      expect(clock.pending()).toBe(0);
    });

    it('cancels: the timer is cleared and the person’s step fails', async () => {
      const { runner, clock, calls, store } = await startPolling(pending);
      runner.cancel();
      expect(clock.pending()).toBe(0);
      clock.advance(60_000);
      await flush();
      expect(calls).toHaveLength(1);
      expect(store.get()?.steps[1]?.record).toMatchObject({ status: 'failed', errorCode: 'ABORTED' });
    });

    it('a disposed runner drops its timers; a new one resumes the loop from the stored run', async () => {
      const { runner, clock, calls, store, deps } = await startPolling();
      runner.dispose();
      expect(clock.pending()).toBe(0);
      const next = createFlowRunner({ ...deps, send: scriptedSend(TOKENS).send });
      next.resume();
      expect(clock.pending()).toBe(1);
      clock.advance(5000);
      await flush();
      expect(calls).toHaveLength(1);
      expect(store.get()?.steps[2]?.record.status).toBe('done');
    });
  });

  it('a new runner fails a request that was out when the page went away', () => {
    const store = createMemoryStore();
    const run = createTestRun(clientCredentialsFlow);
    const step = run.steps[0];
    if (!step) throw new Error('no step');
    store.set({
      ...run,
      effect: { id: 1, type: 'send', stepKey: step.key, label: 'x', via: 'direct' },
      effectCount: 1,
    });
    createFlowRunner(createTestDependencies({ store })).resume();
    expect(store.get()?.steps[0]?.record).toMatchObject({ status: 'failed', errorCode: 'ABORTED' });
  });

  it('keeps a demo call beside the flow with its step', async () => {
    const { send } = scriptedSend(json({ ok: true }));
    const { runner, store } = setUp({ send });
    runner.begin(createTestRun(clientCredentialsFlow));
    const exchange = await runner.sendAside(
      'client-credentials-token',
      { method: 'GET', url: 'https://api.example/', headers: {} },
      'Demo',
    );
    expect(exchange?.response?.status).toBe(200);
    expect(store.get()?.steps[0]?.record).toMatchObject({ status: 'current', exchangeIds: [exchange?.id] });
  });
});
