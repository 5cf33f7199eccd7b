import { afterEach, describe, expect, it, vi } from 'vitest';
import { PlaygroundError } from '@/protocol/errors';
import type { HttpRequest } from '@/protocol/http';
import { clearExchanges, getExchanges } from './exchange-log';
import { requireResponse, sendRequest } from './send';

const tokenRequest: HttpRequest = {
  method: 'POST',
  url: 'https://idp.example/token',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=client_credentials',
};

function stubFetch(implementation: (url: string, init?: RequestInit) => Promise<Response>) {
  const mock = vi.fn(implementation);
  vi.stubGlobal('fetch', mock);
  return mock;
}

afterEach(() => clearExchanges());

describe('sendRequest direct', () => {
  it('records the exact request and the response', async () => {
    const mock = stubFetch(() =>
      Promise.resolve(
        new Response('{"error":"invalid_client"}', {
          status: 401,
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    );
    const exchange = await sendRequest(tokenRequest, {
      label: 'Token request',
      runId: 'r1',
      stepId: 'token',
    });
    expect(mock).toHaveBeenCalledWith(
      'https://idp.example/token',
      expect.objectContaining({ method: 'POST', body: 'grant_type=client_credentials', credentials: 'omit' }),
    );
    expect(exchange).toMatchObject({
      via: 'direct',
      label: 'Token request',
      runId: 'r1',
      stepId: 'token',
      request: tokenRequest,
    });
    expect(exchange.response).toEqual({
      status: 401,
      statusText: '',
      headers: { 'content-type': 'application/json' },
      body: '{"error":"invalid_client"}',
    });
    expect(getExchanges()).toEqual([exchange]);
  });

  it('tells a CORS refusal from an unreachable host', async () => {
    stubFetch((_url, init) =>
      init?.mode === 'no-cors'
        ? Promise.resolve(new Response(null))
        : Promise.reject(new TypeError('Failed to fetch')),
    );
    const cors = await sendRequest(tokenRequest, { label: 'Token request' });
    expect(cors.failure?.code).toBe('CORS_BLOCKED');
    expect(cors.failure?.message).toMatch(/idp\.example answered.*CORS.*relay/);

    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const down = await sendRequest(tokenRequest, { label: 'Token request' });
    expect(down.failure).toEqual({
      code: 'NETWORK',
      message: expect.stringMatching(/Could not reach idp\.example/) as unknown,
    });
    expect(() => requireResponse(down)).toThrow(PlaygroundError);
  });

  it('tells a dropped connection from a CORS refusal when the host allows this origin', async () => {
    stubFetch((_url, init) =>
      init?.method === 'GET'
        ? Promise.resolve(new Response(null, { status: 405 }))
        : Promise.reject(new TypeError('Failed to fetch')),
    );
    const reset = await sendRequest(tokenRequest, { label: 'Token request' });
    expect(reset.failure).toEqual({
      code: 'NETWORK',
      message: expect.stringMatching(
        /^The connection to idp\.example was closed before an answer arrived \(reset\)/,
      ) as unknown,
    });
  });

  it('reports a timeout', async () => {
    stubFetch(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const exchange = await sendRequest(tokenRequest, { label: 'Slow', timeoutMs: 10 });
    expect(exchange.failure?.code).toBe('TIMEOUT');
  });

  it('reports a cancellation by the user', async () => {
    stubFetch(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const controller = new AbortController();
    const pending = sendRequest(tokenRequest, { label: 'Cancelled', signal: controller.signal });
    controller.abort();
    expect((await pending).failure?.code).toBe('ABORTED');
  });
});

describe('sendRequest through the relay', () => {
  it('posts the request as JSON to the companion and unwraps the envelope', async () => {
    const mock = stubFetch(() =>
      Promise.resolve(
        Response.json({
          status: 200,
          statusText: 'OK',
          headers: { 'content-type': 'application/json' },
          body: '{"access_token":"a"}',
          durationMs: 12,
        }),
      ),
    );
    const exchange = await sendRequest(tokenRequest, {
      label: 'Token request',
      via: 'relay',
      companionOrigin: 'http://localhost:4002',
    });
    expect(mock).toHaveBeenCalledWith(
      'http://localhost:4002/relay',
      expect.objectContaining({ method: 'POST', body: JSON.stringify(tokenRequest) }),
    );
    expect(exchange.via).toBe('relay');
    expect(exchange.response?.body).toBe('{"access_token":"a"}');
  });

  it.each([
    [
      403,
      { error: 'host_not_allowed', error_description: 'evil.example is not on the allow-list' },
      'RELAY_REFUSED',
      /evil\.example is not on the allow-list/,
    ],
    [
      504,
      { error: 'upstream_timeout', error_description: 'no answer in 15 s' },
      'TIMEOUT',
      /no answer in 15 s/,
    ],
  ])('turns a relay refusal %i into %s', async (status, body, code, message) => {
    stubFetch(() => Promise.resolve(Response.json(body, { status })));
    const exchange = await sendRequest(tokenRequest, { label: 'Token request', via: 'relay' });
    expect(exchange.failure?.code).toBe(code);
    expect(exchange.failure?.message).toMatch(message);
  });

  it('says how to start the relay when it is not running', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const exchange = await sendRequest(tokenRequest, { label: 'Token request', via: 'relay' });
    expect(exchange.failure?.code).toBe('RELAY_UNAVAILABLE');
    expect(exchange.failure?.message).toMatch(/npm start/);
  });
});
