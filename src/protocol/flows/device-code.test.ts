import { describe, expect, it } from 'vitest';
import { createDevicePollState, nextPollDecision, type DevicePollDecision } from '../device';
import type { HttpResponse } from '../http';
import {
  classifyPollResponse,
  deviceAuthorizationStep,
  deviceCodeFlow,
  devicePollStep,
  readDeviceAuthorizationOutcome,
} from './device-code';
import { createTestRun, readForm } from './test-run';

const json = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('device authorization request', () => {
  it.each<[Record<string, string>, string, [string, string][]]>([
    [
      { scope: 'openid offline_access', mkt: '' },
      'https://as.example/device',
      [
        ['scope', 'openid offline_access'],
        ['client_id', 'app'],
      ],
    ],
    [
      { scope: 'User.Read', mkt: 'fr-FR' },
      'https://as.example/device?mkt=fr-FR',
      [
        ['scope', 'User.Read'],
        ['client_id', 'app'],
      ],
    ],
  ])('with %j posts to %s', async (tokenParams, url, body) => {
    const request = await deviceAuthorizationStep.build?.(createTestRun(deviceCodeFlow, { tokenParams }), {});
    expect(request?.url).toBe(url);
    expect(readForm(request?.body)).toEqual(body);
  });

  it('reads the response into values with an absolute expiry', () => {
    const outcome = readDeviceAuthorizationOutcome(
      json(200, {
        device_code: 'dc',
        user_code: 'BCDF-GHJK',
        verification_uri: 'http://localhost:4000/device',
        verification_uri_complete: 'http://localhost:4000/device?user_code=BCDF-GHJK',
        expires_in: 900,
        interval: 5,
      }),
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.values).toEqual({
      device_code: 'dc',
      user_code: 'BCDF-GHJK',
      verification_uri: 'http://localhost:4000/device',
      verification_uri_complete: 'http://localhost:4000/device?user_code=BCDF-GHJK',
      device_expires_at: '2026-01-01T00:15:00.000Z',
      interval: '5',
    });
  });

  it.each<[HttpResponse, string]>([
    [json(400, { error: 'unauthorized_client', error_codes: [7000218] }), 'OAUTH_ERROR'],
    [json(200, { device_code: 'dc', user_code: 'X', verification_uri: 'https://a' }), 'RESPONSE_INVALID'],
    [{ status: 200, headers: {}, body: '' }, 'RESPONSE_NOT_JSON'],
  ])('fails on %j with %s', (response, code) => {
    const outcome = readDeviceAuthorizationOutcome(response);
    expect(outcome.ok).toBe(false);
    expect(outcome.errorCode).toBe(code);
  });
});

describe('device token poll', () => {
  it('sends the device_code grant', async () => {
    const run = { ...createTestRun(deviceCodeFlow), values: { device_code: 'dc' } };
    const request = await devicePollStep.build?.(run, {});
    expect(readForm(request?.body)).toEqual([
      ['grant_type', 'urn:ietf:params:oauth:grant-type:device_code'],
      ['device_code', 'dc'],
      ['client_id', 'app'],
    ]);
  });

  it.each<[HttpResponse | undefined, unknown]>([
    [json(200, { access_token: 'a', token_type: 'Bearer' }), { type: 'tokens' }],
    [json(400, { error: 'authorization_pending' }), { type: 'error', error: 'authorization_pending' }],
    [
      json(400, { error: 'slow_down', error_description: 'too fast' }),
      { type: 'error', error: 'slow_down', error_description: 'too fast' },
    ],
    [json(400, { error: 'expired_token' }), { type: 'error', error: 'expired_token' }],
    [
      { status: 502, headers: {}, body: 'Bad gateway' },
      { type: 'failure', code: 'RESPONSE_NOT_JSON' },
    ],
    [undefined, { type: 'failure', code: 'CORS_BLOCKED', message: 'hidden' }],
  ])('classifies %j as %j', (response, expected) => {
    expect(classifyPollResponse(response, { code: 'CORS_BLOCKED', message: 'hidden' })).toMatchObject(
      expected as object,
    );
  });
});

/**
 * Runs the polling schedule against scripted answers with a fake clock: the times (seconds after the
 * device authorization response) at which polls leave, and how the loop ended.
 */
function simulate(
  answers: HttpResponse[],
  response: { expires_in: number; interval?: number },
): { pollTimes: number[]; end: DevicePollDecision } {
  let now = 0;
  let state = createDevicePollState(response, now);
  let decision = nextPollDecision(state, { type: 'start' }, now);
  const pollTimes: number[] = [];
  for (const answer of answers) {
    if (decision.action !== 'wait') break;
    state = { ...state, intervalSeconds: decision.intervalSeconds };
    now += decision.delayMs;
    pollTimes.push(now / 1000);
    decision = nextPollDecision(state, classifyPollResponse(answer), now);
  }
  return { pollTimes, end: decision };
}

const pending = json(400, { error: 'authorization_pending' });
const slowDown = json(400, { error: 'slow_down' });
const tokens = json(200, { access_token: 'a', token_type: 'Bearer' });

describe('device polling schedule (RFC 8628 §3.5)', () => {
  it.each<[string, HttpResponse[], { expires_in: number; interval?: number }, number[], string]>([
    [
      'pending twice then tokens',
      [pending, pending, tokens],
      { expires_in: 900, interval: 5 },
      [5, 10, 15],
      'success',
    ],
    ['no interval given: 5 s', [pending, tokens], { expires_in: 900 }, [5, 10], 'success'],
    [
      'slow_down adds 5 s for good',
      [slowDown, pending, slowDown, tokens],
      { expires_in: 900, interval: 5 },
      [5, 15, 25, 40],
      'success',
    ],
    [
      'denied',
      [pending, json(400, { error: 'access_denied' })],
      { expires_in: 900, interval: 2 },
      [2, 4],
      'denied',
    ],
    [
      'Entra declined',
      [json(400, { error: 'authorization_declined' })],
      { expires_in: 900, interval: 5 },
      [5],
      'denied',
    ],
    [
      'expired_token',
      [json(400, { error: 'expired_token' })],
      { expires_in: 900, interval: 5 },
      [5],
      'expired',
    ],
    [
      'expires_in passes',
      [pending, pending, pending, pending],
      { expires_in: 12, interval: 5 },
      [5, 10],
      'expired',
    ],
    [
      'an unknown error stops',
      [json(400, { error: 'invalid_client' })],
      { expires_in: 900, interval: 5 },
      [5],
      'error',
    ],
  ])('%s', (_name, answers, response, times, outcome) => {
    const { pollTimes, end } = simulate(answers, response);
    expect(pollTimes).toEqual(times);
    expect(end).toMatchObject({ action: 'done', outcome });
    for (let index = 1; index < pollTimes.length; index += 1) {
      expect((pollTimes[index] ?? 0) - (pollTimes[index - 1] ?? 0)).toBeGreaterThanOrEqual(
        response.interval ?? 5,
      );
    }
  });
});
