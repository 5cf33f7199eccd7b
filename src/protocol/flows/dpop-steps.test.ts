import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { computeAccessTokenHash, createDpopKey, createDpopProof, type DpopKey } from '../dpop';
import type { Exchange, HttpRequest, HttpResponse } from '../http';
import { clientCredentialsFlow } from './client-credentials';
import {
  addDpopProof,
  buildDpopMistake,
  checkDpopTokenOutcome,
  NOT_THE_ACCESS_TOKEN,
  type DpopMistake,
  isDpopNonceRefusal,
  readDpopProof,
  refreshDpopProof,
  rememberDpopNonce,
  requireDpopKey,
} from './dpop-steps';
import { advance } from './engine';
import { FOLLOW_UP_STEPS } from './registry';
import { toDiagramMessages } from './run';
import { readBearerOutcome } from './steps';
import { createTestRun } from './test-run';
import type { FlowRun } from './types';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const TOKEN_REQUEST: HttpRequest = {
  method: 'POST',
  url: 'https://as.example/token',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=client_credentials',
};
const b64 = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const jwtWith = (payload: unknown) => `${b64({ alg: 'ES256' })}.${b64(payload)}.c2ln`;

const key: DpopKey = await createDpopKey('ES256');

function dpopRun(overrides: Partial<FlowRun> = {}): FlowRun {
  return { ...createTestRun(clientCredentialsFlow), dpop: { jkt: key.jkt, nonces: {} }, ...overrides };
}

const nonceRefusal = (nonce = 'n-1'): HttpResponse => ({
  status: 400,
  headers: { 'content-type': 'application/json', 'dpop-nonce': nonce },
  body: JSON.stringify({ error: 'use_dpop_nonce', error_description: 'nonce required' }),
});
const tokens = (tokenType: string, payload: unknown): HttpResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ access_token: jwtWith(payload), token_type: tokenType, expires_in: 60 }),
});

describe('addDpopProof', () => {
  it('adds a proof for the token request’s method and URL, with the origin’s nonce', async () => {
    const run = dpopRun({ dpop: { jkt: key.jkt, nonces: { 'https://as.example': 'n-7' } } });
    const request = await addDpopProof(
      run,
      'token',
      { ...TOKEN_REQUEST, url: 'https://as.example/token?x=1' },
      key,
    );
    const proof = readDpopProof(request.headers.dpop);
    expect(proof?.header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk });
    expect(proof?.payload).toMatchObject({ htm: 'POST', htu: 'https://as.example/token', nonce: 'n-7' });
    expect(proof?.payload.ath).toBeUndefined();
    expect(request.headers.authorization).toBeUndefined();
  });

  it('binds an API call to a DPoP token: Authorization DPoP and ath', async () => {
    const run = dpopRun({ values: { access_token: 'at-123', token_type: 'DPoP' } });
    const api: HttpRequest = {
      method: 'GET',
      url: 'https://api.example/me',
      headers: { authorization: 'Bearer at-123' },
    };
    const request = await addDpopProof(run, 'resource', api, key);
    expect(request.headers.authorization).toBe('DPoP at-123');
    expect(decodeJwt(request.headers.dpop ?? '')).toMatchObject({
      htm: 'GET',
      htu: 'https://api.example/me',
      ath: await computeAccessTokenHash('at-123'),
    });
  });

  it.each([['Bearer'], ['']])('leaves an API call with a %s token as it is', async (tokenType) => {
    const run = dpopRun({ values: { access_token: 'at', token_type: tokenType } });
    const api: HttpRequest = {
      method: 'GET',
      url: 'https://api.example/me',
      headers: { authorization: 'Bearer at' },
    };
    expect(await addDpopProof(run, 'resource', api, key)).toBe(api);
  });
});

describe('refreshDpopProof', () => {
  it('keeps the request as sent (edits included) and signs a new proof with the nonce', async () => {
    const sent = await addDpopProof(dpopRun(), 'token', TOKEN_REQUEST, key);
    const edited = { ...sent, body: 'grant_type=client_credentials&scope=edited' };
    const run = dpopRun({ dpop: { jkt: key.jkt, nonces: { 'https://as.example': 'n-2' } } });
    const again = await refreshDpopProof(run, edited, key);
    expect(again.body).toBe(edited.body);
    const before = decodeJwt(sent.headers.dpop ?? '');
    const after = decodeJwt(again.headers.dpop ?? '');
    expect(after.nonce).toBe('n-2');
    expect(after.jti).not.toBe(before.jti);
  });

  it('keeps ath for a DPoP-bound API call', async () => {
    const api: HttpRequest = {
      method: 'GET',
      url: 'https://api.example/me',
      headers: { authorization: 'DPoP tok' },
    };
    const again = await refreshDpopProof(dpopRun(), api, key);
    expect(decodeJwt(again.headers.dpop ?? '').ath).toBe(await computeAccessTokenHash('tok'));
  });
});

describe('requireDpopKey', () => {
  it.each([
    ['no key in memory', undefined],
    ['another key', { ...key, jkt: 'other' }],
  ])('refuses with DPOP_KEY_MISSING: %s', (_label, given) => {
    expect(() => requireDpopKey(dpopRun(), given)).toThrow(
      expect.objectContaining({ code: 'DPOP_KEY_MISSING' }),
    );
  });

  it('returns the key whose thumbprint the run recorded', () => {
    expect(requireDpopKey(dpopRun(), key)).toBe(key);
  });
});

describe('isDpopNonceRefusal and rememberDpopNonce', () => {
  const withProof: HttpRequest = { ...TOKEN_REQUEST, headers: { dpop: 'x.y.z' } };
  it.each([
    ['400 use_dpop_nonce with DPoP-Nonce', withProof, nonceRefusal(), true],
    ['no proof was sent', TOKEN_REQUEST, nonceRefusal(), false],
    [
      'no nonce header',
      withProof,
      { ...nonceRefusal(), headers: { 'content-type': 'application/json' } },
      false,
    ],
    [
      '401 WWW-Authenticate DPoP use_dpop_nonce',
      withProof,
      {
        status: 401,
        headers: { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': 'n' },
        body: '',
      },
      true,
    ],
    ['another error', withProof, { ...nonceRefusal(), body: '{"error":"invalid_dpop_proof"}' }, false],
  ] as const)('%s → %s', (_label, request, response, expected) => {
    expect(isDpopNonceRefusal(request, response)).toBe(expected);
  });

  it('keeps the latest nonce per origin, only for DPoP runs', () => {
    const exchange = { id: 'x', request: TOKEN_REQUEST, response: nonceRefusal('n-9') } as Exchange;
    expect(rememberDpopNonce(dpopRun(), exchange).dpop?.nonces).toEqual({ 'https://as.example': 'n-9' });
    const plain = createTestRun(clientCredentialsFlow);
    expect(rememberDpopNonce(plain, exchange)).toBe(plain);
  });
});

describe('checkDpopTokenOutcome', () => {
  const ok = (tokenType: string, payload: unknown) => ({
    ok: true,
    message: 'Received access token.',
    values: { access_token: jwtWith(payload), token_type: tokenType },
  });
  it('passes a DPoP token whose cnf.jkt is the key’s thumbprint, saying so', () => {
    const outcome = checkDpopTokenOutcome(dpopRun(), ok('DPoP', { cnf: { jkt: key.jkt } }));
    expect(outcome.ok).toBe(true);
    expect(outcome.message).toContain('"cnf.jkt" is the thumbprint of this DPoP key');
  });
  it.each([
    ['a Bearer token', ok('Bearer', { cnf: { jkt: key.jkt } }), '"token_type" is "Bearer", not DPoP'],
    ['another key', ok('DPoP', { cnf: { jkt: 'someone-else' } }), '"cnf.jkt" is someone-else'],
    ['no cnf', ok('DPoP', {}), 'has no "cnf.jkt"'],
  ])('fails %s with DPOP_BINDING_MISMATCH', (_label, outcome, words) => {
    const checked = checkDpopTokenOutcome(dpopRun(), outcome);
    expect(checked).toMatchObject({ ok: false, errorCode: 'DPOP_BINDING_MISMATCH' });
    expect(checked.message).toContain(words);
  });
});

describe('the engine’s use_dpop_nonce retry', () => {
  const exchange = (id: string, response: HttpResponse): Exchange => ({
    id,
    label: 'Token request',
    startedAt: new Date(T0).toISOString(),
    durationMs: 1,
    via: 'direct',
    request: { ...TOKEN_REQUEST, headers: { dpop: 'x.y.z' } },
    response,
  });
  const sent = () =>
    advance(advance(dpopRun(), { type: 'started', at: T0 }), {
      type: 'step-started',
      stepKey: 'client-credentials-token',
      at: T0,
    });
  const stepKey = 'client-credentials-token';

  it('keeps the refusal with the step, remembers the nonce and sends once more', () => {
    const run = advance(sent(), {
      type: 'response-received',
      stepKey,
      exchange: exchange('x1', nonceRefusal('n-3')),
      at: T0,
    });
    expect(run.effect).toMatchObject({ type: 'send', dpopNonceRetry: true });
    expect(run.effect?.type === 'send' ? run.effect.label : '').toContain('DPoP nonce');
    expect(run.dpop?.nonces).toEqual({ 'https://as.example': 'n-3' });
    expect(run.steps[0]?.record).toMatchObject({ status: 'current', exchangeIds: ['x1'] });
    expect(run.exchanges).toHaveLength(1);

    const done = advance(run, {
      type: 'response-received',
      stepKey,
      exchange: exchange('x2', tokens('DPoP', { cnf: { jkt: key.jkt } })),
      at: T0,
    });
    expect(done.steps[0]?.record).toMatchObject({ status: 'done', exchangeIds: ['x1', 'x2'] });
    const labels = toDiagramMessages(clientCredentialsFlow, FOLLOW_UP_STEPS, done).map(
      (message) => message.label,
    );
    expect(labels.slice(0, 4)).toEqual([
      "Token request (client_credentials), DPoP proof without the server's nonce",
      'HTTP 400 use_dpop_nonce + DPoP-Nonce header',
      'Token request (client_credentials)',
      expect.any(String),
    ]);
  });

  it('retries only once: a second refusal fails the step', () => {
    let run = advance(sent(), {
      type: 'response-received',
      stepKey,
      exchange: exchange('x1', nonceRefusal()),
      at: T0,
    });
    run = advance(run, {
      type: 'response-received',
      stepKey,
      exchange: exchange('x2', nonceRefusal()),
      at: T0,
    });
    expect(run.effect).toBeUndefined();
    expect(run.steps[0]?.record).toMatchObject({ status: 'failed', errorCode: 'OAUTH_ERROR' });
  });

  it('does not retry a run without DPoP', () => {
    const plain = advance(advance(createTestRun(clientCredentialsFlow), { type: 'started', at: T0 }), {
      type: 'step-started',
      stepKey,
      at: T0,
    });
    const run = advance(plain, {
      type: 'response-received',
      stepKey,
      exchange: exchange('x1', nonceRefusal()),
      at: T0,
    });
    expect(run.steps[0]?.record.status).toBe('failed');
  });
});

describe('readBearerOutcome: DPoP refusals and step-up challenges', () => {
  it('names the DPoP refusal and shows the raw WWW-Authenticate', () => {
    const header =
      'DPoP realm="api", error="invalid_dpop_proof", error_description="the proof has no \\"ath\\""';
    const outcome = readBearerOutcome(
      { status: 401, headers: { 'www-authenticate': header }, body: '' },
      'The API',
    );
    expect(outcome).toMatchObject({ ok: false, oauthError: { error: 'invalid_dpop_proof' } });
    expect(outcome.message).toContain('refused the DPoP-bound request (HTTP 401): invalid_dpop_proof');
    expect(outcome.message).toContain(`WWW-Authenticate: ${header}`);
  });

  it.each([
    ['acr_values and max_age', 'acr_values="urn:x:mfa", max_age="600"', 'urn:x:mfa', '600'],
    ['acr_values only', 'acr_values="urn:x:mfa"', 'urn:x:mfa', ''],
    ['max_age only', 'max_age="60"', '', '60'],
  ])('reads an RFC 9470 challenge with %s', (_label, params, acr, maxAge) => {
    const header = `Bearer error="insufficient_user_authentication", error_description="more", ${params}`;
    const outcome = readBearerOutcome(
      { status: 401, headers: { 'www-authenticate': header }, body: '' },
      'The API',
    );
    expect(outcome).toMatchObject({
      ok: false,
      errorCode: 'OAUTH_ERROR',
      oauthError: { error: 'insufficient_user_authentication', error_description: 'more' },
      values: { step_up_challenge: header, step_up_acr_values: acr, step_up_max_age: maxAge },
    });
  });
});

describe('buildDpopMistake', () => {
  const API = 'https://api.example/dpop/me';
  const TOKEN = 'the-bound-access-token';
  const setUp = async () => {
    const key = await createDpopKey('ES256');
    const otherKey = await createDpopKey('ES256');
    const proof = await createDpopProof({ key, htm: 'GET', htu: API, accessToken: TOKEN, nonce: 'n-1' });
    const request: HttpRequest = {
      method: 'GET',
      url: API,
      headers: { authorization: `DPoP ${TOKEN}`, dpop: proof.jwt },
    };
    return { key, otherKey, request, sent: decodeJwt(proof.jwt) };
  };

  it('replay: the request exactly as sent', async () => {
    const { key, request } = await setUp();
    expect(await buildDpopMistake(request, 'replay', { key })).toBe(request);
  });

  it('no-proof: the DPoP header removed, the token kept', async () => {
    const { key, request } = await setUp();
    expect(await buildDpopMistake(request, 'no-proof', { key })).toEqual({
      method: 'GET',
      url: API,
      headers: { authorization: `DPoP ${TOKEN}` },
    });
  });

  it.each<
    [DpopMistake, (context: { api: string; ath: string; otherAth: string }) => Record<string, unknown>]
  >([
    ['other-url', ({ ath }) => ({ htu: 'https://api.example/elsewhere', ath })],
    ['wrong-ath', ({ api, otherAth }) => ({ htu: api, ath: otherAth })],
    ['other-key', ({ api, ath }) => ({ htu: api, ath })],
  ])('%s: a new proof (new jti, same nonce) with only its mistake', async (mistake, expected) => {
    const { key, otherKey, request, sent } = await setUp();
    const altered = await buildDpopMistake(request, mistake, {
      key,
      otherKey,
      otherUrl: 'https://api.example/elsewhere?q=1',
    });
    expect(altered.headers.authorization).toBe(`DPoP ${TOKEN}`);
    const proof = readDpopProof(altered.headers.dpop);
    const context = {
      api: API,
      ath: await computeAccessTokenHash(TOKEN),
      otherAth: await computeAccessTokenHash(NOT_THE_ACCESS_TOKEN),
    };
    expect(proof?.payload).toMatchObject({ htm: 'GET', nonce: 'n-1', ...expected(context) });
    expect(proof?.payload.jti).not.toBe(sent.jti);
    expect(proof?.header.jwk).toEqual(mistake === 'other-key' ? otherKey.publicJwk : key.publicJwk);
  });

  it.each<[string, HttpRequest, DpopMistake, string]>([
    [
      'a Bearer request',
      { method: 'GET', url: API, headers: { authorization: 'Bearer t' } },
      'no-proof',
      'INVALID_PARAMETER',
    ],
    [
      'a proof for a URL that is not one',
      { method: 'GET', url: API, headers: { authorization: 'DPoP t' } },
      'other-url',
      'INVALID_PARAMETER',
    ],
  ])('refuses %s with %s', async (_label, request, mistake, code) => {
    const { key } = await setUp();
    await expect(buildDpopMistake(request, mistake, { key, otherUrl: 'not a url' })).rejects.toMatchObject({
      code,
    });
  });
});
