// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { codePkceFlow } from '@/protocol/flows/browser-flows';
import { createTestRun } from '@/protocol/flows/test-run';
import type { FlowRun, StepStatus } from '@/protocol/flows/types';
import { NextActionBar } from './next-action-bar';
import { requestFormId } from './next-action';
import { withRunner } from './runner/test-runner';

afterEach(cleanup);

/** A code + PKCE run whose step number `current` is current (earlier done); past the end: all done. */
const plainRun = () =>
  createTestRun(codePkceFlow, {
    authorizeParams: { ...codePkceFlow.defaultAuthorizeParams, client_id: 'app', state: 's' },
  });

function runAt(current: number, patch: Partial<FlowRun> = {}): FlowRun {
  const run = plainRun();
  const status = (index: number): StepStatus =>
    index < current ? 'done' : index === current ? 'current' : 'pending';
  return {
    ...run,
    steps: run.steps.map((step, index) => ({ ...step, record: { status: status(index), exchangeIds: [] } })),
    ...patch,
  };
}

/** Where a step sits in a plain run (a run without PAR or JAR holds none of their steps). */
const indexOf = (stepId: string) => plainRun().steps.findIndex((step) => step.stepId === stepId);

function renderBar(run: FlowRun, selectedKey?: string, onSelect = vi.fn()) {
  render(withRunner(<NextActionBar run={run} selectedKey={selectedKey} onSelect={onSelect} />));
  return { bar: screen.getByRole('region', { name: 'Next action' }), onSelect };
}

describe('NextActionBar', () => {
  it('sends the current token request through its form', () => {
    const run = runAt(indexOf('code-exchange'));
    renderBar(run);
    const send = screen.getByRole('button', { name: 'Send request' });
    const stepKey = run.steps[indexOf('code-exchange')]?.key ?? '';
    expect(send.getAttribute('type')).toBe('submit');
    expect(send.getAttribute('form')).toBe(requestFormId(stepKey));
    expect(screen.getByRole('region', { name: 'Next action' }).textContent).toContain(
      'Next: Token request (authorization_code)',
    );
  });

  it('leads back to the current step when another one is selected', async () => {
    const run = runAt(indexOf('code-exchange'));
    const { onSelect } = renderBar(run, run.steps[0]?.key);
    expect(screen.queryByRole('button', { name: 'Send request' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Back to the current step' }));
    expect(onSelect).toHaveBeenCalledWith(run.steps[indexOf('code-exchange')]?.key);
  });

  it('shows a request under way as such, and nothing to press', () => {
    const run = runAt(indexOf('code-exchange'));
    const stepKey = run.steps[indexOf('code-exchange')]?.key ?? '';
    renderBar({ ...run, effect: { id: 1, stepKey, type: 'send', label: 'Token request', via: 'direct' } });
    expect(screen.getByRole('button', { name: 'Sending…' })).toHaveProperty('disabled', true);
  });

  it('continues to the provider while the sign-in is open', () => {
    const run = runAt(indexOf('sign-in'));
    const stepKey = run.steps[indexOf('sign-in')]?.key ?? '';
    renderBar({
      ...run,
      effect: { id: 1, stepKey, type: 'redirect', url: 'https://as.example/authorize?x=1' },
    });
    expect(screen.getByRole('link', { name: 'Continue to the provider' }).getAttribute('href')).toBe(
      'https://as.example/authorize?x=1',
    );
  });

  it('points to the failed step', () => {
    const run = runAt(indexOf('code-exchange'));
    const steps = run.steps.map((step, index) =>
      index === indexOf('code-exchange')
        ? { ...step, record: { status: 'failed' as const, exchangeIds: [] } }
        : step,
    );
    renderBar({ ...run, steps });
    expect(screen.getByRole('button', { name: 'Next step: see what to do' })).toBeDefined();
  });

  it('ends on the tokens, honestly when none came', () => {
    renderBar(runAt(99, { values: { access_token: 'a' } }));
    expect(screen.getByRole('button', { name: 'Done → tokens' })).toBeDefined();
    cleanup();
    renderBar(runAt(99));
    expect(screen.getByRole('button', { name: 'Done → last step' })).toBeDefined();
    expect(screen.getByRole('region', { name: 'Next action' }).textContent).toContain('no token came back');
  });
});
