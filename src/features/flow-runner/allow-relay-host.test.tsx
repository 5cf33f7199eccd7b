// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clientCredentialsFlow } from '@/protocol/flows/client-credentials';
import { createTestRun } from '@/protocol/flows/test-run';
import type { FlowRun } from '@/protocol/flows/types';
import { findRefusedHost } from '@/state/relay-allow-list';
import { runStore, setRun } from '@/state/runs';
import { DEFAULT_SETTINGS, settingsStore } from '@/state/settings';
import { AllowRelayHost } from './allow-relay-host';
import { createFlowRunner } from './runner/effect-runner';
import { createTestDependencies, withRunner } from './runner/test-runner';

const HOST = 'sts.example.org';
const REFUSAL = `The relay refused to forward the request (HTTP 403): host "${HOST}" is not on the relay allow-list; add it first (POST /relay/allow-list)`;

function failedRun(): FlowRun {
  const run = createTestRun(clientCredentialsFlow, { via: 'relay' });
  const [first, ...rest] = run.steps;
  if (!first) throw new Error('the flow has no step');
  return {
    ...run,
    steps: [
      {
        ...first,
        record: { status: 'failed', exchangeIds: [], errorCode: 'RELAY_REFUSED', message: REFUSAL },
      },
      ...rest,
    ],
  };
}

function renderButton() {
  const run = failedRun();
  setRun(run);
  const step = run.steps[0];
  if (!step) throw new Error('no step');
  const runner = createFlowRunner(createTestDependencies({ store: runStore }));
  render(withRunner(<AllowRelayHost run={run} step={step} host={HOST} />, runner));
  return run;
}

beforeEach(() => settingsStore.set(DEFAULT_SETTINGS));
afterEach(() => {
  cleanup();
  setRun(undefined);
  vi.unstubAllGlobals();
});

describe('findRefusedHost', () => {
  it.each([
    [REFUSAL, HOST],
    [
      'The relay refused to forward the request (HTTP 403): IP address targets are refused (127.0.0.1)',
      undefined,
    ],
    ['The local relay at http://localhost:4002 did not answer.', undefined],
    [undefined, undefined],
  ])('%s → %s', (message, host) => {
    expect(findRefusedHost(message)).toBe(host);
  });
});

describe('AllowRelayHost', () => {
  it('adds the host to the relay, keeps it in the settings and makes the step current again', async () => {
    const fetchMock = vi.fn<typeof fetch>(() =>
      Promise.resolve(
        new Response(JSON.stringify({ hosts: ['login.microsoftonline.com', HOST], added: HOST }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderButton();
    expect(screen.getByText(/until the companion restarts/)).toBeDefined();
    await userEvent.click(screen.getByRole('button', { name: `Allow ${HOST} for the relay and retry` }));
    await waitFor(() => expect(runStore.get()?.steps[0]?.record.status).toBe('current'));
    expect(settingsStore.get().relayHosts).toEqual([HOST]);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('http://localhost:4002/relay/allow-list');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(init?.body as string)).toEqual({ host: HOST });
  });

  it('says why when the relay refuses, and leaves the step failed and the settings unchanged', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(() =>
        Promise.resolve(
          new Response(
            JSON.stringify({ error: 'forbidden_origin', error_description: 'origin not allowed' }),
            {
              status: 403,
            },
          ),
        ),
      ),
    );
    renderButton();
    await userEvent.click(screen.getByRole('button', { name: `Allow ${HOST} for the relay and retry` }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      `The relay refused to add "${HOST}" to its allow-list (HTTP 403): origin not allowed`,
    );
    expect(runStore.get()?.steps[0]?.record.status).toBe('failed');
    expect(settingsStore.get().relayHosts).toEqual([]);
  });
});
