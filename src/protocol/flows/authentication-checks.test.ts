import { describe, expect, it } from 'vitest';
import { compareAuthentication, readAuthenticationRequest } from './authentication-checks';
import { codePkceFlow } from './browser-flows';
import { createTestRun } from './test-run';
import type { Exchange } from '../http';
import type { FlowRun } from './types';

const MFA = 'urn:playground:acr:mfa';
const PASSWORD = 'urn:playground:acr:password';
const NOW = 1_767_225_600;
const SENT_AT = '2026-01-01T00:00:00.000Z'; // = NOW

function runAsking(params: Record<string, string>, sent = true): FlowRun {
  const run = createTestRun(codePkceFlow, {
    authorizeParams: { client_id: 'app', response_type: 'code', scope: 'openid', ...params },
  });
  if (!sent) return run;
  const exchange: Exchange = {
    id: 'x-1',
    label: 'Authorization request',
    startedAt: SENT_AT,
    durationMs: 0,
    via: 'direct' as const,
    request: { method: 'GET', url: 'https://as.example/authorize', headers: {} },
    stepId: 'authorize',
  };
  return {
    ...run,
    exchanges: [exchange],
    steps: run.steps.map((step) =>
      step.stepId === 'authorize' ? { ...step, record: { status: 'done', exchangeIds: ['x-1'] } } : step,
    ),
  };
}

describe('readAuthenticationRequest', () => {
  it('reads acr_values, max_age, prompt, the claims parameter and when the request left', () => {
    const run = runAsking({
      acr_values: MFA,
      max_age: '300',
      prompt: 'login',
      claims: JSON.stringify({ id_token: { acr: { essential: true, values: [MFA] } } }),
    });
    expect(readAuthenticationRequest(run)).toEqual({
      acrValues: MFA,
      maxAge: 300,
      prompt: 'login',
      claims: { id_token: { acr: { essential: true, values: [MFA] } } },
      sentAt: NOW,
    });
  });

  it.each([
    ['a max_age that is not a number', { max_age: 'soon' }],
    ['a claims value that does not parse', { claims: '{not json' }],
  ])('leaves out %s', (_name, params) => {
    expect(readAuthenticationRequest(runAsking(params, false))).toEqual({});
  });
});

describe('compareAuthentication', () => {
  it('says nothing when the request asked nothing about the sign-in', () => {
    expect(compareAuthentication(runAsking({}), { acr: PASSWORD }, NOW)).toEqual([]);
  });

  it.each<[string, Record<string, string>, Record<string, unknown>, [string, string, string][]]>([
    [
      'acr_values met',
      { acr_values: MFA },
      { acr: MFA, amr: ['pwd', 'otp'] },
      [
        ['acr', 'met', `acr asked ${MFA}, got ${MFA}: met`],
        ['amr', 'info', 'amr (how the user signed in): got pwd + otp: for information'],
      ],
    ],
    [
      'acr_values not met',
      { acr_values: MFA },
      { acr: PASSWORD },
      [['acr', 'not-met', `acr asked ${MFA}, got ${PASSWORD}: not met`]],
    ],
    [
      'an essential acr in the claims parameter, missing',
      { claims: JSON.stringify({ id_token: { acr: { essential: true, value: MFA } } }) },
      {},
      [['acr', 'missing', `acr asked ${MFA}, got no acr: missing`]],
    ],
    [
      'max_age met',
      { max_age: '600' },
      { auth_time: NOW - 100 },
      [['auth_time', 'met', 'max_age asked 600 s, got auth_time 2025-12-31T23:58:20.000Z (100 s ago): met']],
    ],
    [
      'max_age not met',
      { max_age: '60' },
      { auth_time: NOW - 1000 },
      [
        [
          'auth_time',
          'not-met',
          'max_age asked 60 s, got auth_time 2025-12-31T23:43:20.000Z (1000 s ago): not met',
        ],
      ],
    ],
    [
      'prompt=login with an old session',
      { prompt: 'login' },
      { auth_time: NOW - 3600 },
      [
        [
          'auth_time',
          'not-met',
          'prompt=login asked a fresh sign-in, got auth_time 2025-12-31T23:00:00.000Z (3600 s ago): not met',
        ],
      ],
    ],
  ])('%s', (_name, params, idToken, expected) => {
    const checks = compareAuthentication(runAsking(params), idToken, NOW);
    expect(checks.map((check) => [check.claim, check.status])).toEqual(
      expected.map(([claim, status]) => [claim, status]),
    );
    // "<what was asked and got>: <verdict> (<why>)"
    checks.forEach((check, index) => expect(check.text.startsWith(`${expected[index]?.[2]} (`)).toBe(true));
  });
});
