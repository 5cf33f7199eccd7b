// @vitest-environment happy-dom
import { createHash } from 'node:crypto';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { codePkceFlow } from '@/protocol/flows/browser-flows';
import { createTestRun } from '@/protocol/flows/test-run';
import type { FlowRun, RunStep } from '@/protocol/flows/types';
import { PresenterContext } from '@/ui/presenter/use-presenter';
import { CallbackMoment, PkceMoment, ScopeMoment, TokenRequestValues } from './learning-moments-view';

afterEach(cleanup);

const CHALLENGE = createHash('sha256').update('right-verifier').digest('base64url');

function pkceRun(values: FlowRun['values'] = {}, verifierSent?: string): { run: FlowRun; step: RunStep } {
  const base = createTestRun(codePkceFlow, {
    authorizeParams: {
      ...codePkceFlow.defaultAuthorizeParams,
      client_id: 'app',
      state: 'state-sent',
      scope: 'openid profile api.read',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    },
    generated: { codeVerifier: 'right-verifier' },
  });
  const exchangeSteps = base.steps.filter((step) => step.stepId === 'code-exchange');
  const step = exchangeSteps[0];
  if (!step) throw new Error('no code exchange');
  const exchange = {
    id: 'x1',
    label: 'Token request',
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    via: 'direct' as const,
    request: {
      method: 'POST' as const,
      url: 'https://as.example/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'the-code',
        code_verifier: verifierSent ?? 'right-verifier',
      }).toString(),
    },
  };
  const failed = verifierSent !== undefined && verifierSent !== 'right-verifier';
  const done: RunStep = {
    ...step,
    record: {
      status: failed ? 'failed' : 'done',
      exchangeIds: ['x1'],
      ...(failed ? { oauthError: { error: 'invalid_grant' } } : {}),
    },
  };
  return {
    run: {
      ...base,
      values: { code: 'the-code', ...values },
      exchanges: [exchange],
      steps: base.steps.map((item) => (item.key === step.key ? done : item)),
    },
    step: done,
  };
}

describe('CallbackMoment', () => {
  it('shows the URL as received with the code marked, and the two states matching', () => {
    const { run } = pkceRun({
      callback_url:
        'http://localhost:5173/callback?code=the-code&state=state-sent&iss=https%3A%2F%2Fas.example',
      callback_state: 'state-sent',
    });
    render(<CallbackMoment run={run} />);
    const region = screen.getByRole('region', { name: 'The redirect back, as received' });
    expect(within(region).getByLabelText('code').textContent).toBe('the-code');
    const rows = within(region).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual(['state sentstate-sent', 'state receivedstate-sent']);
    expect(region.textContent).toContain('They match');
  });

  it('tells a mismatch as a mismatch', () => {
    const { run } = pkceRun({
      callback_url: 'http://app/callback?code=c&state=other',
      callback_state: 'other',
    });
    render(<CallbackMoment run={run} />);
    expect(screen.getByRole('region', { name: 'The redirect back, as received' }).textContent).toContain(
      'They differ',
    );
  });

  it('masks the code in presenter mode', () => {
    const { run } = pkceRun({
      callback_url: 'http://app/callback?code=the-code&state=state-sent',
      callback_state: 'state-sent',
    });
    render(
      <PresenterContext.Provider value={true}>
        <CallbackMoment run={run} />
      </PresenterContext.Provider>,
    );
    const region = screen.getByRole('region', { name: 'The redirect back, as received' });
    expect(region.textContent).not.toContain('the-code');
  });
});

describe('TokenRequestValues', () => {
  it('shows the real code and verifier, and masks them on request', async () => {
    const { run, step } = pkceRun();
    render(<TokenRequestValues run={run} step={step} />);
    const region = screen.getByRole('region', { name: 'This run’s code and code_verifier' });
    expect(region.textContent).toContain('the-code');
    expect(region.textContent).toContain('right-verifier');
    await userEvent.click(
      within(region).getByRole('checkbox', { name: 'Mask the code and the code_verifier' }),
    );
    expect(region.textContent).not.toContain('the-code');
    expect(region.textContent).not.toContain('right-verifier');
  });

  it('is masked in presenter mode, whatever the toggle says', () => {
    const { run, step } = pkceRun();
    render(
      <PresenterContext.Provider value={true}>
        <TokenRequestValues run={run} step={step} />
      </PresenterContext.Provider>,
    );
    const region = screen.getByRole('region', { name: 'This run’s code and code_verifier' });
    expect(region.textContent).not.toContain('right-verifier');
    expect(within(region).getByRole('checkbox')).toHaveProperty('disabled', true);
  });
});

describe('PkceMoment', () => {
  it('puts the hash of a wrong verifier beside the challenge and says they differ', async () => {
    const { run, step } = pkceRun({}, 'wrong-verifier');
    render(<PkceMoment run={run} step={step} />);
    const region = screen.getByRole('region', { name: 'PKCE: the verifier against the challenge' });
    const expected = createHash('sha256').update('wrong-verifier').digest('base64url');
    await waitFor(() => expect(region.textContent).toContain(expected));
    expect(region.textContent).toContain(CHALLENGE);
    expect(region.textContent).toContain('They differ');
    expect(region.textContent).toContain('invalid_grant');
  });

  it('says they match for the right verifier', async () => {
    const { run, step } = pkceRun({}, 'right-verifier');
    render(<PkceMoment run={run} step={step} />);
    const region = screen.getByRole('region', { name: 'PKCE: the verifier against the challenge' });
    await waitFor(() => expect(region.textContent).toContain('They match'));
  });

  it('says so when the verifier sent was not kept (stored redacted)', () => {
    const { run, step } = pkceRun({}, '{{code_verifier}}');
    render(<PkceMoment run={run} step={step} />);
    expect(
      screen.getByRole('region', { name: 'PKCE: the verifier against the challenge' }).textContent,
    ).toContain('not kept after a reload');
  });
});

describe('ScopeMoment', () => {
  it('points out a narrower grant', () => {
    const { run } = pkceRun({ scope: 'openid api.read' });
    render(<ScopeMoment run={run} />);
    const region = screen.getByRole('region', { name: 'Scopes requested and granted' });
    expect(region.textContent).toContain('Narrower than requested: not granted profile.');
  });

  it('says everything was granted when it was', () => {
    const { run } = pkceRun({ scope: 'api.read profile openid' });
    render(<ScopeMoment run={run} />);
    expect(screen.getByRole('region', { name: 'Scopes requested and granted' }).textContent).toContain(
      'Everything requested was granted.',
    );
  });
});
