// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { FLOWS } from '@/protocol/flows/registry';
import { createTestRun } from '@/protocol/flows/test-run';
import type { FlowDefinition, FlowRun, StepDefinition, StepStatus } from '@/protocol/flows/types';
import { INTERACTIONS } from './interactions/registry';
import { RunView } from './run-view';
import { createFlowRunner } from './runner/effect-runner';
import { createMemoryStore, createTestDependencies, withRunner } from './runner/test-runner';

const ENDPOINTS = {
  issuer: 'https://as.example',
  authorization_endpoint: 'https://as.example/authorize',
  token_endpoint: 'https://as.example/token',
  device_authorization_endpoint: 'https://as.example/device',
  jwks_uri: 'https://as.example/jwks',
};

/** A run of a flow whose step number `current` waits for the person: earlier steps done, later ones pending. */
function runAt(flow: FlowDefinition, current: number): FlowRun {
  const run = createTestRun(flow, {
    endpoints: ENDPOINTS,
    // Every request mode on, so that the run holds every step its flow defines (PAR, JAR too).
    modes: { par: { endpoint: 'https://as.example/par' }, jar: { alg: 'PS256' } },
    authorizeParams: { ...flow.defaultAuthorizeParams, client_id: 'app', state: 'st' },
    tokenParams: { ...flow.defaultTokenParams, username: 'alice' },
  });
  const status = (index: number): StepStatus =>
    index < current ? 'done' : index === current ? 'current' : 'pending';
  return {
    ...run,
    values: { user_code: 'ABCD-EFGH', verification_uri: 'https://as.example/device' },
    steps: run.steps.map((step, index) => ({ ...step, record: { status: status(index), exchangeIds: [] } })),
  };
}

/** How each kind of interaction shows itself to a person (by role and name, as a person finds it). */
function expectInteraction(step: StepDefinition): void {
  const interaction = step.interaction;
  switch (interaction.kind) {
    case 'request':
      expect(screen.getByRole('form', { name: `Request: ${step.title}` })).toBeDefined();
      return;
    case 'redirect':
      expect(screen.getByRole('button', { name: interaction.label })).toBeDefined();
      expect(screen.queryAllByRole('button', { name: 'Open in a popup' })).toHaveLength(
        interaction.popup ? 1 : 0,
      );
      return;
    case 'sign-in':
      expect(screen.getByRole('textbox', { name: /paste the URL the provider redirected to/ })).toBeDefined();
      return;
    case 'await-callback':
      expect(screen.getByText('Waiting for the provider to redirect back to the app.')).toBeDefined();
      return;
    case 'other-device':
      expect(screen.getByRole('region', { name: 'Device code' })).toBeDefined();
      expect(screen.getByRole('button', { name: 'Cancel polling' })).toBeDefined();
      return;
    case 'credentials':
      expect(screen.getByRole('form', { name: 'Credentials the user gives the app' })).toBeDefined();
      return;
    case 'automatic':
      expect(screen.getByRole('status', { name: '' }).textContent).toBe(interaction.status);
      return;
  }
}

afterEach(cleanup);

describe('the generic run screen renders every flow from its definition', () => {
  const cases = FLOWS.flatMap((flow) =>
    flow.steps.map((step, index) => [flow.id, step.id, flow, index] as const),
  );

  it.each(cases)('%s, step %s current', (_flowId, _stepId, flow, index) => {
    const run = runAt(flow, index);
    const runner = createFlowRunner(createTestDependencies({ store: createMemoryStore(run) }));
    render(
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter>
          {withRunner(<RunView run={run} flow={flow} onNewRun={() => undefined} />, runner)}
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const steps = screen.getByRole('region', { name: 'Steps' });
    for (const step of flow.steps) expect(steps.textContent).toContain(step.title);
    const step = flow.steps[index];
    if (!step) throw new Error('no step');
    expect(screen.getByRole('heading', { name: step.title })).toBeDefined();
    expectInteraction(step);
  });

  it('maps every interaction kind the flows use to a component', () => {
    for (const flow of FLOWS)
      for (const step of flow.steps) expect(INTERACTIONS[step.interaction.kind]).toBeTypeOf('function');
  });
});
