// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findFlow } from '@/protocol/flows/registry';
import type { FlowDefinition } from '@/protocol/flows/types';
import { clearSecrets } from '@/state/runs';
import { BackChannelSetup } from './back-channel-setup';
import type { FlowDraft } from './draft';
import { ParamField } from './param-field';

afterEach(() => {
  cleanup();
  clearSecrets();
});

const ENDPOINTS = { issuer: 'https://as.example', token_endpoint: 'https://as.example/token' };

describe('ParamField with a missing required value', () => {
  it('reads as invalid and is described by the message', () => {
    render(<ParamField name="client_id" value="" onChange={vi.fn()} error='"client_id" is required: x' />);
    const input = screen.getByRole('textbox', { name: /client_id/ });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const describedBy = input.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toBe('"client_id" is required: x');
  });

  it('carries no error mark without an error', () => {
    render(<ParamField name="client_id" value="app" onChange={vi.fn()} />);
    const input = screen.getByRole('textbox', { name: /client_id/ });
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(input.getAttribute('aria-describedby')).toBeNull();
  });
});

function Harness({
  flow,
  onStart,
  initial,
}: {
  flow: FlowDefinition;
  onStart: () => void;
  initial: FlowDraft;
}) {
  const [draft, setDraft] = useState(initial);
  return (
    <BackChannelSetup
      flow={flow}
      draft={draft}
      provider={{ kind: 'entra', tenant: 'common', cloud: 'global' } as never}
      endpoints={ENDPOINTS}
      companionOrigin="http://localhost:4000"
      onChange={(patch) =>
        setDraft((current) => ({ ...current, ...(typeof patch === 'function' ? patch(current) : patch) }))
      }
      onStart={onStart}
    />
  );
}

describe('BackChannelSetup reports missing values at their fields', () => {
  const flow = findFlow('client-credentials')!;
  const initial = {
    clientId: '',
    authMethod: 'client_secret_post',
    via: 'relay',
    authorizeParams: {},
    tokenParams: { scope: '', resource: '' },
    extraParams: [],
    codeVerifier: '',
    providerKey: 'k',
  } as unknown as FlowDraft;

  it('marks each field, focuses the first, keeps what was typed and starts once filled', () => {
    const onStart = vi.fn();
    render(<Harness flow={flow} onStart={onStart} initial={initial} />);
    const resource = screen.getByRole('textbox', { name: /^resource/ });
    fireEvent.change(resource, { target: { value: 'kept' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(onStart).not.toHaveBeenCalled();

    const clientId = screen.getByRole('textbox', { name: /client_id/ });
    expect(clientId.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(clientId);
    expect(
      screen.getByText('"client_id" is required: the Application (client) ID of your app registration', {
        selector: 'p',
      }),
    ).toBeTruthy();
    const scope = screen.getByRole('textbox', { name: /^scope/ });
    expect(scope.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(scope.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(
      /^"scope" is required: Entra ID needs \{resource\}\/\.default/,
    );
    expect(screen.getByRole('alert').textContent).toContain('3 required values are missing');
    expect((resource as HTMLInputElement).value).toBe('kept');

    fireEvent.change(clientId, { target: { value: '11111111-2222-3333-4444-555555555555' } });
    expect(clientId.getAttribute('aria-invalid')).toBeNull();
    fireEvent.change(scope, { target: { value: 'api://x/.default' } });
    fireEvent.change(screen.getByLabelText(/client_secret/), { target: { value: 's3cret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(onStart).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('opens a folded group that holds the first missing field', async () => {
    const { focusFirstMissing } = await import('./required-check');
    const { container } = render(
      <details>
        <summary>Client</summary>
        <ParamField name="client_id" value="" onChange={vi.fn()} error="missing" />
      </details>,
    );
    const field = focusFirstMissing(container);
    expect(container.querySelector('details')?.open).toBe(true);
    expect(field).toBe(screen.getByRole('textbox', { name: /client_id/, hidden: true }));
  });
});
