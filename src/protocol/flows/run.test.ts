import { describe, expect, it } from 'vitest';
import { codePkceFlow, hybridFlow, implicitFlow } from './browser-flows';
import {
  appendStep,
  applyOutcome,
  createRun,
  findCurrentStep,
  nextStepKey,
  regenerateStateAndNonce,
  retryStep,
  toDiagramMessages,
  type CreateRunInput,
} from './run';
import {
  FOLLOW_UP_STEPS,
  authorizeStep,
  codeExchangeStep,
  logoutStep,
  readBearerOutcome,
  refreshStep,
} from './steps';
import type { FlowRun } from './types';

const endpoints = {
  issuer: 'https://as.example',
  authorization_endpoint: 'https://as.example/authorize',
  token_endpoint: 'https://as.example/token',
  jwks_uri: 'https://as.example/jwks',
  end_session_endpoint: 'https://as.example/logout',
};

function input(overrides: Partial<CreateRunInput> = {}): CreateRunInput {
  return {
    provider: { kind: 'custom', url: 'https://as.example' },
    providerLabel: 'Custom',
    issuer: 'https://as.example',
    endpoints,
    clientId: 'app',
    authMethod: 'none',
    via: 'direct',
    companionOrigin: 'http://localhost:4002',
    authorizeParams: {
      client_id: 'app',
      redirect_uri: 'http://localhost:5173/callback',
      response_type: 'code',
      scope: 'openid profile',
      state: 'st',
      nonce: 'nn',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    },
    tokenParams: {},
    extraParams: [['prompt', 'login']],
    generated: { codeVerifier: 'v'.repeat(43) },
    id: 'run-1',
    now: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

const statuses = (run: FlowRun) => run.steps.map((step) => `${step.stepId}:${step.record.status}`);

describe('createRun', () => {
  it('instantiates every step, the first current, and keeps state and nonce', () => {
    const run = createRun(codePkceFlow, input());
    expect(statuses(run)).toEqual([
      'authorize:current',
      'sign-in:pending',
      'callback:pending',
      'code-exchange:pending',
      'validate-id-token:pending',
    ]);
    expect(run.generated).toEqual({ state: 'st', nonce: 'nn', codeVerifier: 'v'.repeat(43) });
  });

  it.each([
    ['implicit skips the code exchange', implicitFlow, 'id_token token', 'code-exchange:skipped'],
    [
      'a code flow without openid skips the ID token check',
      codePkceFlow,
      'code',
      'validate-id-token:skipped',
    ],
  ])('%s', (_name, flow, responseType, expected) => {
    const params: Record<string, string> = { ...input().authorizeParams, response_type: responseType };
    if (expected.startsWith('validate')) params.scope = 'api.read';
    expect(statuses(createRun(flow, input({ authorizeParams: params })))).toContain(expected);
  });

  it('checks the hybrid ID token before redeeming the code', () => {
    expect(createRun(hybridFlow, input()).steps.map((step) => step.key)).toEqual([
      'authorize',
      'sign-in',
      'callback',
      'validate-id-token',
      'code-exchange',
    ]);
  });
});

describe('request modes (PAR, JAR)', () => {
  const PAR = { par: { endpoint: 'https://as.example/par' } };
  const JAR = { jar: { alg: 'PS256' as const } };
  it.each([
    ['no mode', {}, ['authorize', 'sign-in', 'callback', 'code-exchange', 'validate-id-token']],
    ['PAR', PAR, ['par', 'authorize', 'sign-in', 'callback', 'code-exchange', 'validate-id-token']],
    [
      'JAR',
      JAR,
      ['request-object', 'authorize', 'sign-in', 'callback', 'code-exchange', 'validate-id-token'],
    ],
    [
      'PAR + JAR',
      { ...PAR, ...JAR },
      ['request-object', 'par', 'authorize', 'sign-in', 'callback', 'code-exchange', 'validate-id-token'],
    ],
  ])('%s: the run holds the mode’s steps first, and each key names its step', (_name, modes, keys) => {
    const run = createRun(codePkceFlow, { ...input(), modes });
    expect(run.steps.map((step) => step.key)).toEqual(keys);
    expect(findCurrentStep(run)?.key).toBe(keys[0]);
  });

  it('keys a repeated step by its occurrence, never by its position', () => {
    const first = appendStep(createRun(codePkceFlow, input()), 'refresh');
    const second = appendStep(first.run, 'refresh');
    expect([first.key, second.key]).toEqual(['refresh', 'refresh-2']);
    expect(nextStepKey(second.run.steps, 'refresh')).toBe('refresh-3');
  });
});

describe('applyOutcome', () => {
  it('moves on after success, records tokens in the history', () => {
    let run = createRun(codePkceFlow, input());
    for (const key of ['authorize', 'sign-in']) run = applyOutcome(run, key, { ok: true });
    run = applyOutcome(run, 'callback', { ok: true, values: { code: 'c1' } });
    expect(findCurrentStep(run)?.stepId).toBe('code-exchange');
    run = applyOutcome(
      run,
      'code-exchange',
      {
        ok: true,
        values: { access_token: 'at', id_token: 'it', refresh_token: 'rt' },
        tokensLabel: 'Code exchange',
      },
      [],
      new Date('2026-01-01T00:00:05Z'),
    );
    expect(run.values).toMatchObject({ code: 'c1', access_token: 'at', refresh_token: 'rt' });
    expect(run.tokenHistory).toEqual([
      {
        label: 'Code exchange',
        at: '2026-01-01T00:00:05.000Z',
        values: { access_token: 'at', id_token: 'it', refresh_token: 'rt' },
      },
    ]);
  });

  it('a failure blocks the steps after it until retried', () => {
    let run = createRun(codePkceFlow, input());
    run = applyOutcome(run, 'authorize', { ok: false, errorCode: 'NETWORK', message: 'down' });
    expect(statuses(run).slice(0, 2)).toEqual(['authorize:failed', 'sign-in:pending']);
    expect(findCurrentStep(run)?.key).toBe('authorize');
    run = retryStep(run, 'authorize');
    expect(run.steps[0]?.record).toEqual({ status: 'current', exchangeIds: [] });
  });

  it('a follow-up becomes current even after a failed follow-up', () => {
    let run = createRun(codePkceFlow, input());
    const first = appendStep(run, 'userinfo');
    run = applyOutcome(first.run, first.key, { ok: false, message: 'invalid_token' });
    const second = appendStep(run, 'call-api');
    expect(findCurrentStep(second.run)?.key).toBe(second.key);
  });
});

describe('toDiagramMessages', () => {
  it('draws one arrow per step and one answer per request, skipping skipped steps', () => {
    let run = createRun(codePkceFlow, input());
    run = applyOutcome(run, 'authorize', { ok: true });
    const messages = toDiagramMessages(codePkceFlow, FOLLOW_UP_STEPS, run);
    expect(
      messages.map((message) => [message.id, message.from, message.to, message.status, message.kind]),
    ).toEqual([
      ['authorize', 'client', 'as', 'done', 'redirect'],
      ['sign-in', 'user', 'as', 'current', 'user'],
      ['callback', 'as', 'client', 'pending', 'redirect'],
      ['code-exchange', 'client', 'as', 'pending', 'request'],
      ['code-exchange:response', 'as', 'client', 'pending', 'response'],
      ['validate-id-token', 'client', 'client', 'pending', 'request'],
    ]);
  });

  it('routes front-channel redirects through the browser lane, and nothing else', () => {
    const messages = toDiagramMessages(codePkceFlow, FOLLOW_UP_STEPS, createRun(codePkceFlow, input()));
    expect(messages.filter((message) => message.via === 'browser').map((message) => message.id)).toEqual([
      'authorize',
      'callback',
    ]);
  });

  it('puts the failure reason on the answering arrow', () => {
    let run = createRun(codePkceFlow, input());
    run = applyOutcome(run, 'code-exchange', { ok: false, message: 'invalid_grant' });
    const answer = toDiagramMessages(codePkceFlow, FOLLOW_UP_STEPS, run).find(
      (message) => message.id === 'code-exchange:response',
    );
    expect(answer).toMatchObject({ status: 'failed', failureReason: 'invalid_grant' });
  });
});

describe('toDiagramMessages: a run that answers a claims challenge', () => {
  const answersChallenge = {
    fromRunId: 'run-0',
    stepId: 'call-api',
    status: 401,
    error: 'insufficient_claims',
    claimsRequest: '{"access_token":{"xms_cc":{"values":["cp1"]}}}',
  };
  const loopIds = (run: FlowRun) =>
    toDiagramMessages(codePkceFlow, FOLLOW_UP_STEPS, run)
      .filter((message) => message.loopLabel?.startsWith('claims challenge'))
      .map((message) => `${message.id}:${message.status}`);

  it('starts from the refusal and brackets the new authorization up to the repeated call, still to make', () => {
    const run = createRun(codePkceFlow, input({ answersChallenge }));
    const messages = toDiagramMessages(codePkceFlow, FOLLOW_UP_STEPS, run);
    expect(messages[0]).toMatchObject({
      id: 'challenge:refusal',
      from: 'api',
      to: 'client',
      kind: 'response',
      status: 'done',
      label: 'HTTP 401 insufficient_claims (claims challenge), in run run-0',
    });
    expect(messages[0]?.loopLabel).toBeUndefined();
    expect(loopIds(run)).toEqual([
      'authorize:current',
      'sign-in:pending',
      'callback:pending',
      'code-exchange:pending',
      'code-exchange:response:pending',
      'validate-id-token:pending',
      'challenge:repeat:pending',
    ]);
    expect(messages.at(-1)).toMatchObject({ from: 'client', to: 'api', kind: 'request' });
  });

  it('closes the loop with the repeated API call, and draws what follows outside it', () => {
    let run = createRun(codePkceFlow, input({ answersChallenge }));
    for (const step of run.steps) run = applyOutcome(run, step.key, { ok: true });
    const call = appendStep(run, 'call-api');
    run = applyOutcome(call.run, call.key, { ok: true });
    const after = appendStep(run, 'userinfo');
    const messages = toDiagramMessages(codePkceFlow, FOLLOW_UP_STEPS, after.run);
    expect(loopIds(after.run).slice(-2)).toEqual([`${call.key}:done`, `${call.key}:response:done`]);
    expect(messages.some((message) => message.id === 'challenge:repeat')).toBe(false);
    expect(messages.find((message) => message.id === after.key)?.loopLabel).toBeUndefined();
  });

  it('draws no loop for a run that answers nothing', () => {
    const run = createRun(codePkceFlow, input());
    expect(loopIds(run)).toEqual([]);
    expect(toDiagramMessages(codePkceFlow, FOLLOW_UP_STEPS, run)[0]?.id).toBe('authorize');
  });
});

describe('step requests', () => {
  it("builds the authorization URL with the user's parameters in order, extras last", () => {
    expect(authorizeStep.url?.(createRun(codePkceFlow, input()))).toBe(
      'https://as.example/authorize?client_id=app&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fcallback&response_type=code&scope=openid+profile&state=st&nonce=nn&code_challenge=ch&code_challenge_method=S256&prompt=login',
    );
  });

  it.each([
    [
      'none',
      {},
      'grant_type=authorization_code&code=c1&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fcallback&code_verifier=vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv&client_id=app',
      undefined,
    ],
    [
      'client_secret_post',
      { clientSecret: 's3' },
      'grant_type=authorization_code&code=c1&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fcallback&code_verifier=vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv&client_id=app&client_secret=s3',
      undefined,
    ],
    [
      'client_secret_basic',
      { clientSecret: 's3' },
      'grant_type=authorization_code&code=c1&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fcallback&code_verifier=vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv',
      'Basic YXBwOnMz',
    ],
  ] as const)(
    'redeems the code with client authentication %s',
    async (authMethod, secrets, body, authorization) => {
      const run: FlowRun = { ...createRun(codePkceFlow, input({ authMethod })), values: { code: 'c1' } };
      const request = await codeExchangeStep.build?.(run, secrets);
      expect(request?.body).toBe(body);
      expect(request?.headers.authorization).toBe(authorization);
    },
  );

  it.each([
    ['no code yet', codeExchangeStep, {}, 'INVALID_PARAMETER'],
    ['no refresh token', refreshStep, { code: 'c' }, 'INVALID_PARAMETER'],
  ] as const)('refuses to build with %s', async (_name, definition, values, code) => {
    const run: FlowRun = { ...createRun(codePkceFlow, input()), values };
    await expect(Promise.resolve().then(() => definition.build?.(run, {}))).rejects.toMatchObject({ code });
  });

  it('asks for the secret when a confidential client has none in memory', async () => {
    const run: FlowRun = {
      ...createRun(codePkceFlow, input({ authMethod: 'client_secret_basic' })),
      values: { code: 'c' },
    };
    await expect(codeExchangeStep.build?.(run, {})).rejects.toThrow(/"client_secret" is empty/);
  });

  it('logs out with id_token_hint, post_logout_redirect_uri, client_id and state', () => {
    const run: FlowRun = {
      ...createRun(
        codePkceFlow,
        input({ tokenParams: { post_logout_redirect_uri: 'http://localhost:5173/logged-out' } }),
      ),
      values: { id_token: 'it' },
    };
    expect(logoutStep.url?.(run)).toBe(
      'https://as.example/logout?id_token_hint=it&post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Flogged-out&state=st&client_id=app',
    );
  });

  it.each([
    [{ status: 200, headers: {}, body: '{}' }, true, undefined],
    [
      {
        status: 401,
        headers: {
          'www-authenticate': 'Bearer realm="api", error="invalid_token", error_description="expired"',
        },
        body: '',
      },
      false,
      'invalid_token',
    ],
    [
      {
        status: 403,
        headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="api.read"' },
        body: '',
      },
      false,
      'insufficient_scope',
    ],
    [{ status: 500, headers: {}, body: 'oops' }, false, undefined],
  ])('reads a protected resource answer %#', (response, ok, error) => {
    const outcome = readBearerOutcome(response, 'The API');
    expect(outcome.ok).toBe(ok);
    expect(outcome.oauthError?.error).toBe(error);
  });
});

describe('poll loops', () => {
  it('label the loop with the number of polls made', async () => {
    const { deviceCodeFlow } = await import('./device-code');
    let run = createRun(deviceCodeFlow, input({ authorizeParams: {} }));
    const poll = run.steps.find(
      (step) =>
        step.record.status !== 'skipped' &&
        deviceCodeFlow.steps.find((s) => s.id === step.stepId)?.action === 'poll',
    );
    const loopLabel = () =>
      toDiagramMessages(deviceCodeFlow, FOLLOW_UP_STEPS, run).find((message) => message.id === poll?.key)
        ?.loopLabel;
    expect(loopLabel()).toBe('every interval until done');
    run = {
      ...run,
      steps: run.steps.map((step) =>
        step.key === poll?.key ? { ...step, record: { ...step.record, exchangeIds: ['a', 'b'] } } : step,
      ),
    };
    expect(loopLabel()).toBe('every interval until done (2 polls so far)');
  });
});

describe('regenerateStateAndNonce', () => {
  it('replaces present values only', () => {
    const next = regenerateStateAndNonce({ state: 'a', scope: 'openid' });
    expect(next.state).not.toBe('a');
    expect(next).not.toHaveProperty('nonce');
    expect(next.scope).toBe('openid');
  });
});
