import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Exchange, HttpResponse } from '../http';
import { codePkceFlow, hybridFlow, implicitFlow } from './browser-flows';
import { deviceCodeFlow } from './device-code';
import {
  advance,
  availableChoice,
  definitionOf,
  isBusy,
  isCallbackConsumed,
  SECRET_PARAMETER_NAMES,
  type FlowEvent,
} from './engine';
import { clientCredentialsFlow } from './client-credentials';
import { FLOWS, FOLLOW_UP_STEPS } from './registry';
import { findCurrentStep } from './run';
import { createTestRun } from './test-run';
import type { FlowDefinition, FlowEffect, FlowRun, RequestModes } from './types';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const ISSUER = 'https://as.example';
const ENDPOINTS = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  device_authorization_endpoint: `${ISSUER}/device`,
  userinfo_endpoint: `${ISSUER}/userinfo`,
  end_session_endpoint: `${ISSUER}/logout`,
  introspection_endpoint: `${ISSUER}/introspect`,
  revocation_endpoint: `${ISSUER}/revoke`,
  jwks_uri: `${ISSUER}/jwks`,
};

const encode = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
/** An access token for API A, as the on-behalf-of flow expects to receive. */
const USER_TOKEN = `${encode({ alg: 'RS256' })}.${encode({ aud: 'api://api-a', sub: 'alice' })}.c2ln`;

/** A run of any flow with every parameter a happy path needs. */
function runOf(
  flow: FlowDefinition,
  overrides: { authorizeParams?: Record<string, string>; modes?: RequestModes } = {},
): FlowRun {
  const authorizeParams: Record<string, string> = {
    ...flow.defaultAuthorizeParams,
    ...(flow.defaultAuthorizeParams
      ? { client_id: 'app', redirect_uri: 'https://app.example/callback', state: 'st', nonce: 'nn' }
      : {}),
    ...overrides.authorizeParams,
  };
  return createTestRun(flow, {
    id: 'run-1',
    endpoints: ENDPOINTS,
    authorizeParams,
    tokenParams: {
      ...flow.defaultTokenParams,
      username: 'alice',
      assertion: USER_TOKEN,
      subject_token: 'subject',
      api_url: 'https://api.example/me',
    },
    now: new Date(T0),
    ...(overrides.modes ? { modes: overrides.modes } : {}),
  });
}

/** The request modes a code flow can add: PAR, JAR, both (each adds steps before the redirect). */
const MODES: [string, RequestModes][] = [
  ['PAR', { par: { endpoint: `${ISSUER}/par` } }],
  ['JAR', { jar: { alg: 'RS256' } }],
  ['PAR + JAR', { par: { endpoint: `${ISSUER}/par` }, jar: { alg: 'RS256' } }],
];
const MODE_FLOWS = FLOWS.filter((flow) => flow.steps.some((step) => step.partOf));

function json(body: unknown, status = 200): HttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** One answer that every happy path accepts: tokens, a device authorization, an active introspection. */
const EVERYTHING = json({
  access_token: 'at',
  token_type: 'Bearer',
  expires_in: 3600,
  refresh_token: 'rt',
  id_token: 'it',
  issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
  device_code: 'dc',
  user_code: 'UC-123',
  verification_uri: `${ISSUER}/device`,
  interval: 5,
  active: true,
  request_uri: 'urn:ietf:params:oauth:request_uri:pushed',
});

let exchangeCount = 0;
function exchangeFor(stepKey: string, response?: HttpResponse, failure?: Exchange['failure']): Exchange {
  exchangeCount += 1;
  return {
    id: `x-${exchangeCount}`,
    label: 'test',
    startedAt: new Date(T0).toISOString(),
    durationMs: 1,
    via: 'direct',
    request: { method: 'POST', url: `${ISSUER}/token`, headers: {}, body: 'client_secret=TOP-SECRET' },
    ...(response ? { response } : {}),
    ...(failure ? { failure } : {}),
    stepId: stepKey,
  };
}

function callbackUrl(run: FlowRun, extra: Record<string, string> = {}): string {
  const params = callbackParams(run, extra);
  // JARM: the parameters travel inside one `response` JWT (the driver stands in for its signature).
  if ((run.authorizeParams.response_mode ?? '').endsWith('jwt'))
    return `https://app.example/callback?response=${encode({ alg: 'RS256' })}.${encode(Object.fromEntries(params))}.c2ln`;
  const fragment = (run.authorizeParams.response_mode ?? 'query') === 'fragment';
  return `https://app.example/callback${fragment ? '#' : '?'}${params.toString()}`;
}

function callbackParams(run: FlowRun, extra: Record<string, string> = {}): URLSearchParams {
  const types = (run.authorizeParams.response_type ?? 'code').split(' ');
  return new URLSearchParams({
    ...(types.includes('code') ? { code: 'the-code' } : {}),
    ...(types.includes('id_token') ? { id_token: 'front-id-token' } : {}),
    ...(types.includes('token') ? { access_token: 'front-at', token_type: 'Bearer' } : {}),
    state: run.generated.state ?? '',
    iss: ISSUER,
    ...extra,
  });
}

/** What the outside world answers to an effect on the happy path. */
function answer(run: FlowRun, effect: FlowEffect, at: number): FlowEvent {
  switch (effect.type) {
    case 'send':
      return {
        type: 'response-received',
        stepKey: effect.stepKey,
        exchange: exchangeFor(effect.stepKey, EVERYTHING),
        at,
      };
    case 'redirect':
    case 'popup':
      return { type: 'callback-received', url: callbackUrl(run), at };
    case 'wait':
      return { type: 'poll-tick', at: effect.until };
    case 'check': {
      const step = run.steps.find((candidate) => candidate.key === effect.stepKey)!;
      const interaction = definitionOf(run, step).interaction;
      // A JARM response is verified by the effect runner: this driver says it verified.
      if (interaction.kind === 'await-callback') {
        const params = Object.fromEntries(callbackParams(run));
        return { type: 'callback-verified', stepKey: effect.stepKey, result: { ok: true, params }, at };
      }
      // Signing is asynchronous and needs a key: this driver answers with a stand-in request object.
      if (step.stepId === 'request-object') {
        const outcome = { ok: true, values: { request_object: 'h.p.s' } };
        return { type: 'step-finished', stepKey: effect.stepKey, outcome, at };
      }
      const checked =
        interaction.kind === 'automatic' && typeof interaction.check === 'function'
          ? interaction.check(run, {})
          : undefined;
      const outcome =
        checked === undefined || checked instanceof Promise ? { ok: true, message: 'checked' } : checked;
      return { type: 'step-finished', stepKey: effect.stepKey, outcome, at };
    }
  }
}

/** Plays a run to its end as a cooperative person and provider would; checks invariants at each event. */
function drive(start: FlowRun, flow: FlowDefinition): { run: FlowRun; events: FlowEvent[] } {
  let run = advance(start, {
    type: 'started',
    ...(flow.channel === 'front' ? { mode: 'same-tab' } : {}),
    at: T0,
  });
  const events: FlowEvent[] = [];
  let handled = 0;
  let at = T0;
  const apply = (event: FlowEvent) => {
    events.push(event);
    const next = advance(run, event);
    expectPossible(next, flow, run);
    run = next;
  };
  for (let guard = 0; guard < 60; guard += 1) {
    at += 1000;
    const effect = run.effect;
    if (effect && effect.id > handled) {
      handled = effect.id;
      if (effect.type !== 'redirect' || flow.channel === 'front') {
        apply(answer(run, effect, at));
        continue;
      }
    }
    const current = findCurrentStep(run);
    if (current?.record.status !== 'current') break;
    const kind = definitionOf(run, current).interaction.kind;
    if (kind === 'request' || kind === 'redirect') apply({ type: 'step-started', stepKey: current.key, at });
    else if (kind === 'credentials')
      apply({ type: 'step-finished', stepKey: current.key, outcome: { ok: true, message: 'given' }, at });
    else break;
  }
  return { run, events };
}

/** What must hold for every run, whatever happened to it. */
function expectPossible(run: FlowRun, flow: FlowDefinition, previous?: FlowRun): void {
  const exchangeIds = new Set(run.exchanges.map((exchange) => exchange.id));
  expect(exchangeIds.size).toBe(run.exchanges.length);
  // The flow's steps this run uses (a mode's steps only when the run uses the mode), then follow-ups.
  const own = flow.steps.filter((step) => !step.partOf || step.partOf(run));
  expect(run.steps.slice(0, own.length).map((step) => step.stepId)).toEqual(own.map((step) => step.id));
  for (const step of run.steps.slice(own.length))
    expect(FOLLOW_UP_STEPS.map((followUp) => followUp.id)).toContain(step.stepId);
  for (const step of run.steps) {
    for (const id of step.record.exchangeIds) expect(exchangeIds.has(id)).toBe(true);
    if (step.record.status === 'done' || step.record.status === 'failed')
      expect(step.record.finishedAt).toBeTypeOf('string');
  }
  expect(new Set(run.steps.map((step) => step.key)).size).toBe(run.steps.length);
  const effect = run.effect;
  if (effect) {
    const step = run.steps.find((candidate) => candidate.key === effect.stepKey);
    expect(step).toBeDefined();
    const definition = definitionOf(run, step!);
    if (effect.type === 'send') expect(['send', 'poll']).toContain(definition.action);
    // The callback step is checked too when it brings a JARM response JWT to verify.
    if (effect.type === 'check')
      expect(['automatic', 'await-callback']).toContain(definition.interaction.kind);
    if (effect.type === 'redirect' || effect.type === 'popup') expect(definition.action).toBe('navigate');
    if (effect.type === 'wait') {
      expect(run.polling?.running).toBe(true);
      expect(effect.stepKey).toBe(run.polling?.stepKey);
      expect(effect.until).toBeLessThan(run.polling?.expiresAt ?? 0);
    }
    expect(effect.id).toBe(run.effectCount);
  }
  if (run.polling?.running) {
    expect(['wait', 'send']).toContain(run.effect?.type);
    expect(run.polling.intervalSeconds).toBeGreaterThan(0);
  }
  if (previous) {
    previous.steps.forEach((step, index) => {
      if (step.record.status === 'skipped') expect(run.steps[index]?.record.status).toBe('skipped');
    });
    if (previous.polling && previous.polling.userStepKey === run.polling?.userStepKey)
      expect(run.polling.intervalSeconds).toBeGreaterThanOrEqual(previous.polling.intervalSeconds);
    expect(run.effectCount ?? 0).toBeGreaterThanOrEqual(previous.effectCount ?? 0);
  }
  for (const name of SECRET_PARAMETER_NAMES) expect(run.tokenParams).not.toHaveProperty(name);
}

const statuses = (run: FlowRun) => run.steps.map((step) => `${step.stepId}:${step.record.status}`);
const stepOf = (run: FlowRun, stepId: string) => run.steps.find((step) => step.stepId === stepId)!;

describe('advance: every flow runs to its end', () => {
  it.each(FLOWS.map((flow) => [flow.id, flow] as const))('%s', (_id, flow) => {
    const { run } = drive(runOf(flow), flow);
    for (const step of run.steps) expect(['done', 'skipped']).toContain(step.record.status);
    expect(run.effect === undefined || !isBusy(run)).toBe(true);
    expect(run.values.access_token ?? run.values.id_token).toBeDefined();
  });

  const withModes = MODE_FLOWS.flatMap((flow) =>
    MODES.map(([name, modes]) => [flow.id, name, flow, modes] as const),
  );
  it.each(withModes)('%s with %s', (_id, _name, flow, modes) => {
    const { run } = drive(runOf(flow, { modes }), flow);
    for (const step of run.steps) expect(['done', 'skipped']).toContain(step.record.status);
    expect(run.steps.some((step) => step.stepId === 'par')).toBe(modes.par !== undefined);
    expect(run.steps.some((step) => step.stepId === 'request-object')).toBe(modes.jar !== undefined);
    const redirect = run.exchanges.find((exchange) => exchange.request.method === 'GET');
    const sent = new URL(redirect?.request.url ?? '').searchParams;
    if (modes.par) {
      expect([...sent.keys()].sort()).toEqual(['client_id', 'request_uri']);
      expect(sent.get('request_uri')).toBe('urn:ietf:params:oauth:request_uri:pushed');
    } else {
      expect([...sent.keys()].sort()).toEqual(['client_id', 'request']);
      expect(sent.get('request')).toBe('h.p.s');
    }
    expect(run.values.access_token ?? run.values.id_token).toBeDefined();
  });

  it.each(MODE_FLOWS.map((flow) => [flow.id, flow] as const))(
    '%s with response_mode=jwt verifies the response JWT before reading the callback',
    (_id, flow) => {
      const { run, events } = drive(runOf(flow, { authorizeParams: { response_mode: 'jwt' } }), flow);
      expect(events.some((event) => event.type === 'callback-verified')).toBe(true);
      expect(stepOf(run, 'callback').record.message).toMatch(/^The "response" JWT verifies/);
      expect(run.values.access_token).toBeDefined();
    },
  );
});

/** Every event kind, aimed at the run's current step (or its first step). */
function everyEvent(run: FlowRun, at: number): FlowEvent[] {
  const stepKey = (findCurrentStep(run) ?? run.steps[0])?.key ?? 'none';
  const exchange = exchangeFor(stepKey, EVERYTHING);
  return [
    { type: 'started', at },
    { type: 'started', mode: 'popup', at },
    { type: 'parameters-edited', tokenParams: { scope: 'x', password: 'hunter2' }, via: 'relay', at },
    { type: 'step-started', stepKey, at },
    { type: 'step-started', stepKey, mode: 'popup', at },
    { type: 'popup-blocked', stepKey, at },
    { type: 'popup-closed', at },
    { type: 'callback-received', url: callbackUrl(run), at },
    { type: 'response-received', stepKey, exchange, at },
    {
      type: 'network-failure',
      stepKey,
      exchange: exchangeFor(stepKey, undefined, { code: 'CORS_BLOCKED', message: 'cors' }),
      at,
    },
    {
      type: 'build-failed',
      stepKey,
      outcome: { ok: false, errorCode: 'INVALID_PARAMETER', message: 'x' },
      at,
    },
    { type: 'step-finished', stepKey, outcome: { ok: true }, at },
    { type: 'poll-tick', at },
    { type: 'route-chosen', stepKey, via: 'relay', at },
    { type: 'retry', stepKey, at },
    { type: 'cancel', at },
    { type: 'state-overridden', at },
    { type: 'follow-up-added', stepId: 'refresh', at },
    { type: 'interrupted', at },
    { type: 'exchange-recorded', stepKey, exchange: exchangeFor(stepKey, EVERYTHING), at },
    {
      type: 'callback-verified',
      stepKey,
      result: { ok: false, errorCode: 'JWT_SIGNATURE_INVALID', message: 'bad signature' },
      at,
    },
  ];
}

describe('advance: every event on every flow, at every point of its happy path', () => {
  it.each(FLOWS.map((flow) => [flow.id, flow] as const))(
    '%s never reaches an impossible state',
    (_id, flow) => {
      const { events } = drive(runOf(flow), flow);
      let run = advance(runOf(flow), { type: 'started', at: T0 });
      const points = [run];
      for (const event of events) {
        run = advance(run, event);
        points.push(run);
      }
      const kinds = new Set<string>();
      for (const point of points) {
        for (const event of everyEvent(point, T0 + 5000)) {
          kinds.add(event.type);
          expectPossible(advance(point, event), flow, point);
        }
      }
      expect(kinds.size).toBe(19);
    },
  );
});

describe('advance: the callback', () => {
  const started = () => {
    const run = advance(runOf(codePkceFlow), { type: 'started', mode: 'same-tab', at: T0 });
    return run;
  };

  it('asks for a redirect to the authorization URL and records it as an exchange', () => {
    const run = started();
    expect(run.effect).toMatchObject({ type: 'redirect', stepKey: 'authorize' });
    expect(run.effect?.type === 'redirect' && run.effect.url).toMatch(/^https:\/\/as\.example\/authorize\?/);
    expect(run.exchanges[0]?.label).toBe('Authorization request (browser redirect)');
    expect(statuses(run)[0]).toBe('authorize:done');
  });

  it('opens a popup only when asked, and a blocked popup makes the step current again', () => {
    const run = advance(runOf(codePkceFlow), { type: 'started', mode: 'popup', at: T0 });
    expect(run.effect?.type).toBe('popup');
    const blocked = advance(run, { type: 'popup-blocked', stepKey: 'authorize', at: T0 });
    expect(blocked.effect).toBeUndefined();
    expect(stepOf(blocked, 'authorize').record.status).toBe('current');
  });

  it('fails the sign-in when the popup closes before the redirect', () => {
    const run = advance(advance(runOf(codePkceFlow), { type: 'started', mode: 'popup', at: T0 }), {
      type: 'popup-closed',
      at: T0,
    });
    expect(stepOf(run, 'sign-in').record).toMatchObject({ status: 'failed', errorCode: 'ABORTED' });
    expect(availableChoice(run, stepOf(run, 'sign-in'))).toEqual({ kind: 'start-over' });
  });

  it('accepts a matching callback and moves to the code exchange', () => {
    const run = advance(started(), { type: 'callback-received', url: callbackUrl(started()), at: T0 });
    expect(statuses(run).slice(0, 4)).toEqual([
      'authorize:done',
      'sign-in:done',
      'callback:done',
      'code-exchange:current',
    ]);
    expect(run.values).toMatchObject({ code: 'the-code', callback_state: 'st', callback_iss: ISSUER });
    expect(isCallbackConsumed(run)).toBe(true);
  });

  it.each([
    ['a different state', { state: 'forged' }, 'STATE_MISMATCH'],
    ['no state', { state: '' }, 'STATE_MISSING'],
    ['another issuer (RFC 9207 mix-up)', { iss: 'https://evil.example' }, 'ISSUER_MISMATCH'],
  ])('blocks a callback with %s', (_name, extra, code) => {
    const run = advance(started(), { type: 'callback-received', url: callbackUrl(started(), extra), at: T0 });
    expect(stepOf(run, 'callback').record).toMatchObject({ status: 'failed', errorCode: code });
    expect(stepOf(run, 'code-exchange').record.status).toBe('pending');
  });

  it('lets the learner override a state or issuer problem, and not a provider error', () => {
    const mismatched = advance(started(), {
      type: 'callback-received',
      url: callbackUrl(started(), { state: 'forged' }),
      at: T0,
    });
    expect(availableChoice(mismatched, stepOf(mismatched, 'callback'))).toEqual({ kind: 'override-state' });
    const overridden = advance(mismatched, { type: 'state-overridden', at: T0 });
    expect(overridden.allowStateOverride).toBe(true);
    expect(stepOf(overridden, 'callback').record.message).toMatch(/Overridden by you/);
    expect(stepOf(overridden, 'code-exchange').record.status).toBe('current');

    const wrongIssuer = advance(started(), {
      type: 'callback-received',
      url: callbackUrl(started(), { iss: 'https://evil.example' }),
      at: T0,
    });
    // A mix-up is blocked like a state problem, and the learner may continue past it on purpose.
    expect(availableChoice(wrongIssuer, stepOf(wrongIssuer, 'callback'))).toEqual({ kind: 'override-state' });
    const pastIssuer = advance(wrongIssuer, { type: 'state-overridden', at: T0 });
    expect(stepOf(pastIssuer, 'callback').record.message).toContain(
      'continuing although the issuer did not check out',
    );

    const denied = advance(started(), {
      type: 'callback-received',
      url: callbackUrl(started(), { error: 'access_denied', code: '' }),
      at: T0,
    });
    expect(availableChoice(denied, stepOf(denied, 'callback'))).toEqual({ kind: 'start-over' });
    expect(advance(denied, { type: 'state-overridden', at: T0 })).toBe(denied);
  });

  it('ignores a replayed callback: the first response stays', () => {
    const first = advance(started(), { type: 'callback-received', url: callbackUrl(started()), at: T0 });
    const replay = advance(first, {
      type: 'callback-received',
      url: callbackUrl(started(), { code: 'other-code' }),
      at: T0 + 1,
    });
    expect(replay).toBe(first);
    expect(replay.values.code).toBe('the-code');
  });

  it('records an error response with its OAuth fields', () => {
    const run = advance(started(), {
      type: 'callback-received',
      url: 'https://app.example/callback?error=access_denied&error_description=No&state=st',
      at: T0,
    });
    expect(stepOf(run, 'callback').record).toMatchObject({
      status: 'failed',
      errorCode: 'OAUTH_ERROR',
      oauthError: { error: 'access_denied', error_description: 'No' },
    });
  });

  it('reads tokens from the fragment for implicit and hybrid runs, and asks for the ID-token check', () => {
    for (const flow of [implicitFlow, hybridFlow]) {
      const begun = advance(runOf(flow), { type: 'started', mode: 'same-tab', at: T0 });
      const run = advance(begun, { type: 'callback-received', url: callbackUrl(begun), at: T0 });
      expect(run.values.id_token).toBe('front-id-token');
      expect(run.effect).toMatchObject({ type: 'check', stepKey: stepOf(run, 'validate-id-token').key });
      expect(run.tokenHistory[0]?.label).toBe('Authorization response');
    }
  });
});

describe('advance: device code polling (RFC 8628 §3.5)', () => {
  const pending = json({ error: 'authorization_pending' }, 400);
  const slowDown = json({ error: 'slow_down' }, 400);

  function polling(interval?: number, expiresIn = 600): FlowRun {
    let run = advance(runOf(deviceCodeFlow), { type: 'started', at: T0 });
    run = advance(run, { type: 'step-started', stepKey: 'device-authorization', at: T0 });
    const body = {
      device_code: 'dc',
      user_code: 'UC',
      verification_uri: `${ISSUER}/device`,
      expires_in: expiresIn,
      ...(interval === undefined ? {} : { interval }),
    };
    const exchange = exchangeFor('device-authorization', json(body));
    run = advance(run, { type: 'response-received', stepKey: 'device-authorization', exchange, at: T0 });
    return run;
  }

  function poll(run: FlowRun, response: HttpResponse): FlowRun {
    const effect = run.effect;
    if (effect?.type !== 'wait') throw new Error(`expected a wait, got ${effect?.type ?? 'nothing'}`);
    const ticked = advance(run, { type: 'poll-tick', at: effect.until });
    expect(ticked.effect).toMatchObject({ type: 'send', stepKey: 'device-poll' });
    return advance(ticked, {
      type: 'response-received',
      stepKey: 'device-poll',
      exchange: exchangeFor('device-poll', response),
      at: effect.until + 100,
    });
  }

  it('waits the interval before the first poll, 5 s when none is given', () => {
    expect(polling(7).effect).toMatchObject({ type: 'wait', until: T0 + 7000 });
    expect(polling().effect).toMatchObject({ type: 'wait', until: T0 + 5000 });
    expect(polling().polling).toMatchObject({ running: true, polls: 0, intervalSeconds: 5 });
  });

  it('keeps the interval on authorization_pending and adds 5 s for good on slow_down', () => {
    let run = poll(polling(5), pending);
    expect(run.polling?.intervalSeconds).toBe(5);
    run = poll(run, slowDown);
    expect(run.polling?.intervalSeconds).toBe(10);
    expect(run.values.interval).toBe('10');
    run = poll(run, pending);
    expect(run.polling).toMatchObject({ intervalSeconds: 10, polls: 3, lastResult: 'authorization_pending' });
    expect(stepOf(run, 'device-poll').record.exchangeIds).toHaveLength(3);
  });

  it('ends with tokens: both steps done, the loop stopped', () => {
    const run = poll(poll(polling(5), pending), EVERYTHING);
    expect(statuses(run)).toEqual(['device-authorization:done', 'enter-user-code:done', 'device-poll:done']);
    expect(run.polling?.running).toBe(false);
    expect(run.effect).toBeUndefined();
    expect(run.values.access_token).toBe('at');
  });

  it.each([
    ['access_denied', 'OAUTH_ERROR'],
    ['expired_token', 'OAUTH_ERROR'],
    ['invalid_client', 'OAUTH_ERROR'],
  ])('stops on %s', (error, code) => {
    const run = poll(polling(5), json({ error }, 400));
    expect(stepOf(run, 'enter-user-code').record).toMatchObject({ status: 'failed', errorCode: code });
    expect(stepOf(run, 'device-poll').record.status).toBe('failed');
    expect(run.polling?.running).toBe(false);
  });

  it('stops on a network failure', () => {
    const run = polling(5);
    const ticked = advance(run, { type: 'poll-tick', at: T0 + 5000 });
    const failed = advance(ticked, {
      type: 'network-failure',
      stepKey: 'device-poll',
      exchange: exchangeFor('device-poll', undefined, { code: 'NETWORK', message: 'offline' }),
      at: T0 + 5100,
    });
    expect(stepOf(failed, 'device-poll').record).toMatchObject({ status: 'failed', errorCode: 'NETWORK' });
  });

  it('never schedules a poll at or after expiry', () => {
    const run = poll(polling(5, 8), pending);
    expect(statuses(run)).toEqual([
      'device-authorization:done',
      'enter-user-code:failed',
      'device-poll:failed',
    ]);
    expect(stepOf(run, 'device-poll').record.message).toMatch(/expires before the next poll/);
    expect(run.effect).toBeUndefined();
  });

  it('cancels: the person’s step fails, no effect is left, late answers are ignored', () => {
    const ticked = advance(polling(5), { type: 'poll-tick', at: T0 + 5000 });
    const cancelled = advance(ticked, { type: 'cancel', at: T0 + 5001 });
    expect(stepOf(cancelled, 'enter-user-code').record).toMatchObject({
      status: 'failed',
      errorCode: 'ABORTED',
    });
    expect(cancelled.effect).toBeUndefined();
    const late = advance(cancelled, {
      type: 'response-received',
      stepKey: 'device-poll',
      exchange: exchangeFor('device-poll', EVERYTHING),
      at: T0 + 6000,
    });
    expect(late).toBe(cancelled);
  });

  it('a poll-tick without a wait does nothing; a reload mid-poll polls again at once', () => {
    const run = polling(5);
    const ticked = advance(run, { type: 'poll-tick', at: T0 + 5000 });
    expect(advance(ticked, { type: 'poll-tick', at: T0 + 5000 })).toBe(ticked);
    const resumed = advance(ticked, { type: 'interrupted', at: T0 + 9000 });
    expect(resumed.effect).toMatchObject({ type: 'wait', until: T0 + 9000 });
  });

  it('a build failure stops the loop on the person’s step', () => {
    const ticked = advance(polling(5), { type: 'poll-tick', at: T0 + 5000 });
    const failed = advance(ticked, {
      type: 'build-failed',
      stepKey: 'device-poll',
      outcome: { ok: false, errorCode: 'KEY_INVALID', message: 'bad key' },
      at: T0 + 5000,
    });
    expect(stepOf(failed, 'enter-user-code').record).toMatchObject({
      status: 'failed',
      errorCode: 'KEY_INVALID',
    });
    expect(failed.polling?.running).toBe(false);
  });
});

describe('advance: requests, routes and retries', () => {
  const sent = () => {
    const run = advance(runOf(clientCredentialsFlow), { type: 'started', at: T0 });
    return advance(run, { type: 'step-started', stepKey: 'client-credentials-token', at: T0 });
  };

  it('asks to send with the run’s route for relayable steps', () => {
    expect(sent().effect).toMatchObject({
      type: 'send',
      via: 'direct',
      label: 'Token request (client_credentials)',
    });
  });

  it('offers the relay after CORS, then direct after a relay refusal, and switches the route', () => {
    const cors = advance(sent(), {
      type: 'network-failure',
      stepKey: 'client-credentials-token',
      exchange: exchangeFor('client-credentials-token', undefined, {
        code: 'CORS_BLOCKED',
        message: 'cors',
      }),
      at: T0,
    });
    const step = stepOf(cors, 'client-credentials-token');
    expect(availableChoice(cors, step)).toEqual({ kind: 'switch-route', to: 'relay' });
    const switched = advance(cors, { type: 'route-chosen', stepKey: step.key, via: 'relay', at: T0 });
    expect(switched.via).toBe('relay');
    expect(stepOf(switched, 'client-credentials-token').record.status).toBe('current');
    const resent = advance(switched, { type: 'step-started', stepKey: step.key, at: T0 });
    expect(resent.effect).toMatchObject({ type: 'send', via: 'relay' });
    const refused = advance(resent, {
      type: 'network-failure',
      stepKey: step.key,
      exchange: exchangeFor(step.key, undefined, { code: 'RELAY_REFUSED', message: 'host_not_allowed' }),
      at: T0,
    });
    expect(availableChoice(refused, stepOf(refused, 'client-credentials-token'))).toEqual({
      kind: 'switch-route',
      to: 'direct',
    });
  });

  it('a done request may be sent again; a failed one retried; nothing starts while a request is out', () => {
    const done = advance(sent(), {
      type: 'response-received',
      stepKey: 'client-credentials-token',
      exchange: exchangeFor('client-credentials-token', EVERYTHING),
      at: T0,
    });
    const step = stepOf(done, 'client-credentials-token');
    expect(availableChoice(done, step)).toEqual({ kind: 'resend' });
    expect(
      stepOf(advance(done, { type: 'retry', stepKey: step.key, at: T0 }), step.stepId).record.status,
    ).toBe('current');
    expect(advance(sent(), { type: 'retry', stepKey: step.key, at: T0 })).toEqual(sent());
    expect(advance(sent(), { type: 'step-started', stepKey: step.key, at: T0 })).toEqual(sent());
  });

  it('a build failure fails the step with its code, before any request left', () => {
    const run = advance(sent(), {
      type: 'build-failed',
      stepKey: 'client-credentials-token',
      outcome: { ok: false, errorCode: 'INVALID_PARAMETER', message: '"client_secret" is empty' },
      at: T0,
    });
    expect(stepOf(run, 'client-credentials-token').record).toMatchObject({
      status: 'failed',
      errorCode: 'INVALID_PARAMETER',
      exchangeIds: [],
    });
    expect(availableChoice(run, stepOf(run, 'client-credentials-token'))).toEqual({ kind: 'retry' });
  });

  it('an answer for another step than the one asked for is ignored', () => {
    const run = sent();
    const stray = advance(run, {
      type: 'response-received',
      stepKey: 'other',
      exchange: exchangeFor('other', EVERYTHING),
      at: T0,
    });
    expect(stray).toBe(run);
  });

  it('a reload while a request is out fails the step, to be sent again', () => {
    const run = advance(sent(), { type: 'interrupted', at: T0 });
    expect(stepOf(run, 'client-credentials-token').record).toMatchObject({
      status: 'failed',
      errorCode: 'ABORTED',
    });
    expect(run.effect).toBeUndefined();
  });
});

describe('advance: follow-ups and parameters', () => {
  const finished = () => drive(runOf(clientCredentialsFlow), clientCredentialsFlow).run;

  it.each(FOLLOW_UP_STEPS.map((step) => [step.id] as const))(
    'adds the %s follow-up as the current step',
    (id) => {
      const run = advance(finished(), { type: 'follow-up-added', stepId: id, at: T0 });
      expect(run.steps.at(-1)).toMatchObject({ stepId: id, record: { status: 'current' } });
    },
  );

  it('adds no follow-up to a run without tokens, and no unknown step', () => {
    const fresh = runOf(clientCredentialsFlow);
    expect(advance(fresh, { type: 'follow-up-added', stepId: 'refresh', at: T0 }).steps).toHaveLength(1);
    expect(advance(finished(), { type: 'follow-up-added', stepId: 'nope', at: T0 }).steps).toHaveLength(1);
  });

  it('takes the follow-up’s parameters with it', () => {
    const run = advance(finished(), {
      type: 'follow-up-added',
      stepId: 'call-api',
      tokenParams: { api_url: 'https://api.example/other' },
      at: T0,
    });
    expect(run.tokenParams.api_url).toBe('https://api.example/other');
  });

  it.each(SECRET_PARAMETER_NAMES.map((name) => [name] as const))(
    'never stores "%s" among the parameters',
    (name) => {
      const run = advance(finished(), {
        type: 'parameters-edited',
        tokenParams: { [name]: 's3cr3t', scope: 'a' },
        at: T0,
      });
      expect(run.tokenParams).toMatchObject({ scope: 'a' });
      expect(JSON.stringify(run)).not.toContain('s3cr3t');
    },
  );
});

const stepIndex = fc.nat({ max: 8 });
const eventArbitrary = fc.oneof(
  fc.record({
    type: fc.constant('started' as const),
    mode: fc.constantFrom('same-tab' as const, 'popup' as const),
  }),
  fc.record({
    type: fc.constant('parameters-edited' as const),
    name: fc.constantFrom('scope', 'password', 'client_secret', 'api_url', 'client_assertion'),
    via: fc.constantFrom('direct' as const, 'relay' as const),
  }),
  fc.record({ type: fc.constant('step-started' as const), step: stepIndex, popup: fc.boolean() }),
  fc.record({ type: fc.constant('popup-blocked' as const), step: stepIndex }),
  fc.record({ type: fc.constant('popup-closed' as const) }),
  fc.record({
    type: fc.constant('callback-received' as const),
    state: fc.constantFrom('st', 'forged', ''),
    iss: fc.constantFrom(ISSUER, 'https://evil.example'),
    error: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('answer' as const),
    body: fc.constantFrom(
      EVERYTHING,
      json({ error: 'authorization_pending' }, 400),
      json({ error: 'slow_down' }, 400),
      json({ error: 'access_denied' }, 400),
      json({ error: 'invalid_grant' }, 400),
      { status: 500, headers: {}, body: '<html>' },
      undefined,
    ),
    toEffect: fc.boolean(),
    step: stepIndex,
  }),
  fc.record({ type: fc.constant('build-failed' as const) }),
  fc.record({ type: fc.constant('step-finished' as const), step: stepIndex, ok: fc.boolean() }),
  fc.record({ type: fc.constant('poll-tick' as const), late: fc.nat({ max: 20_000 }) }),
  fc.record({
    type: fc.constant('route-chosen' as const),
    step: stepIndex,
    via: fc.constantFrom('direct' as const, 'relay' as const),
  }),
  fc.record({ type: fc.constant('retry' as const), step: stepIndex }),
  fc.record({ type: fc.constant('cancel' as const) }),
  fc.record({ type: fc.constant('state-overridden' as const) }),
  fc.record({
    type: fc.constant('follow-up-added' as const),
    which: fc.nat({ max: FOLLOW_UP_STEPS.length }),
  }),
  fc.record({ type: fc.constant('interrupted' as const) }),
  fc.record({ type: fc.constant('wait' as const), ms: fc.nat({ max: 120_000 }) }),
);
type GeneratedEvent = typeof eventArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** Turns a generated event into a real one for the run as it stands (step indexes become keys). */
function realize(run: FlowRun, generated: GeneratedEvent, at: number): FlowEvent | undefined {
  const keyAt = (index: number) => run.steps[index % run.steps.length]?.key ?? 'none';
  switch (generated.type) {
    case 'started':
      return { type: 'started', mode: generated.mode, at };
    case 'parameters-edited':
      return {
        type: 'parameters-edited',
        tokenParams: {
          [generated.name]: SECRET_PARAMETER_NAMES.includes(generated.name) ? 'S3CRET-VALUE' : 'plain',
        },
        via: generated.via,
        at,
      };
    case 'step-started':
      return {
        type: 'step-started',
        stepKey: keyAt(generated.step),
        ...(generated.popup ? { mode: 'popup' } : {}),
        at,
      };
    case 'popup-blocked':
      return { type: 'popup-blocked', stepKey: run.effect?.stepKey ?? keyAt(generated.step), at };
    case 'callback-received':
      return {
        type: 'callback-received',
        url: callbackUrl(run, {
          state: generated.state,
          iss: generated.iss,
          ...(generated.error ? { error: 'access_denied' } : {}),
        }),
        at,
      };
    case 'answer': {
      const stepKey = generated.toEffect && run.effect ? run.effect.stepKey : keyAt(generated.step);
      return generated.body
        ? { type: 'response-received', stepKey, exchange: exchangeFor(stepKey, generated.body), at }
        : {
            type: 'network-failure',
            stepKey,
            exchange: exchangeFor(stepKey, undefined, { code: 'CORS_BLOCKED', message: 'blocked' }),
            at,
          };
    }
    case 'build-failed':
      return {
        type: 'build-failed',
        stepKey: run.effect?.stepKey ?? keyAt(0),
        outcome: { ok: false, errorCode: 'INVALID_PARAMETER', message: 'missing' },
        at,
      };
    case 'step-finished':
      return { type: 'step-finished', stepKey: keyAt(generated.step), outcome: { ok: generated.ok }, at };
    case 'poll-tick':
      return { type: 'poll-tick', at: at + generated.late };
    case 'route-chosen':
      return { type: 'route-chosen', stepKey: keyAt(generated.step), via: generated.via, at };
    case 'retry':
      return { type: 'retry', stepKey: keyAt(generated.step), at };
    case 'follow-up-added':
      return {
        type: 'follow-up-added',
        stepId: FOLLOW_UP_STEPS[generated.which]?.id ?? 'unknown',
        tokenParams: { password: 'S3CRET-VALUE' },
        at,
      };
    case 'cancel':
    case 'popup-closed':
    case 'state-overridden':
    case 'interrupted':
      return { type: generated.type, at };
    case 'wait':
      return undefined;
  }
}

describe('advance: any sequence of events (fast-check)', () => {
  it.each(FLOWS.map((flow) => [flow.id, flow] as const))(
    '%s: never an impossible state, never a secret in the run’s parameters or values',
    (_id, flow) => {
      fc.assert(
        fc.property(fc.array(eventArbitrary, { maxLength: 40 }), (generated) => {
          let run = runOf(flow);
          let at = T0;
          for (const item of generated) {
            if (item.type === 'wait') {
              at += item.ms;
              continue;
            }
            const event = realize(run, item, at);
            if (!event) continue;
            const next = advance(run, event);
            expectPossible(next, flow, run);
            expect(JSON.stringify({ ...next, exchanges: [] })).not.toContain('S3CRET-VALUE');
            run = next;
            at += 10;
          }
        }),
        { numRuns: 150 },
      );
    },
  );
});
