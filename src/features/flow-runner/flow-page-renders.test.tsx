// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement, Profiler, type ComponentProps } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DiscoveryDocument } from '@/protocol/discovery';
import { discoveryQueryKey, type DiscoveryResult } from '@/state/discovery';
import { clearSecrets } from '@/state/runs';
import { DEFAULT_SETTINGS, toProviderConfig } from '@/state/settings';
import { clearDrafts } from './draft';
import { FlowPage } from './flow-page';

/** How many times each counted component rendered since the last reset. */
const renders = new Map<string, number>();
const count = (name: string) => renders.set(name, (renders.get(name) ?? 0) + 1);

// Each wrapper counts a render of the real component, then renders it.
vi.mock('./param-field', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./param-field')>();
  return {
    ...actual,
    ParamField: (props: ComponentProps<typeof actual.ParamField>) => {
      count(`field ${props.name}`);
      return createElement(actual.ParamField, props);
    },
  };
});
vi.mock('./authorize-url-preview', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./authorize-url-preview')>();
  return {
    AuthorizeUrlPreview: (props: ComponentProps<typeof actual.AuthorizeUrlPreview>) => {
      count('url preview');
      return createElement(actual.AuthorizeUrlPreview, props);
    },
  };
});
vi.mock('./pkce-panel', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./pkce-panel')>();
  return {
    PkcePanel: (props: ComponentProps<typeof actual.PkcePanel>) => {
      count('pkce panel');
      return createElement(actual.PkcePanel, props);
    },
  };
});
vi.mock('@/connected/save-setup-form', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/connected/save-setup-form')>();
  return {
    SaveSetupForm: (props: ComponentProps<typeof actual.SaveSetupForm>) => {
      count('save setup form');
      return createElement(actual.SaveSetupForm, props);
    },
  };
});

const ISSUER = 'http://localhost:4000';
const DOCUMENT = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/auth`,
  token_endpoint: `${ISSUER}/token`,
  jwks_uri: `${ISSUER}/jwks`,
  response_types_supported: ['code'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256'],
  // Offers PAR and the claims parameter, so the modern options panel is on the page as well.
  pushed_authorization_request_endpoint: `${ISSUER}/request`,
  claims_parameter_supported: true,
} as DiscoveryDocument;

function renderFlowPage(onCommit: () => void) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const result: DiscoveryResult = {
    document: DOCUMENT,
    discoveryUrl: `${ISSUER}/.well-known/openid-configuration`,
    exchange: {} as DiscoveryResult['exchange'],
  };
  queryClient.setQueryData(discoveryQueryKey(toProviderConfig(DEFAULT_SETTINGS)), result);
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={['/flows/code-pkce']}>
        <Profiler id="flow-page" onRender={onCommit}>
          <Routes>
            <Route path="/flows/:flowId" element={<FlowPage />} />
          </Routes>
        </Profiler>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const scopeField = () => screen.getByRole<HTMLInputElement>('textbox', { name: /^scope —/ });
const authorizeUrl = () => screen.getByTestId('authorize-url').textContent;

beforeEach(() => {
  clearDrafts();
  clearSecrets();
});
afterEach(() => {
  cleanup();
  renders.clear();
});

describe('a keystroke on the flow page', () => {
  it('renders the field typed in and the authorization URL, nothing else', async () => {
    const commits = vi.fn();
    renderFlowPage(commits);
    // Let the PKCE challenge be computed and written to the draft before counting.
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(renders.get('field client_id')).toBeGreaterThan(0);
    expect(renders.get('field redirect_uri')).toBeGreaterThan(0);
    expect(renders.get('pkce panel')).toBeGreaterThan(0);
    expect(screen.getByRole('group', { name: 'Modern request modes' })).toBeDefined();
    renders.clear();
    commits.mockClear();

    const value = `${scopeField().value} x`;
    fireEvent.change(scopeField(), { target: { value } });

    expect(scopeField().value).toBe(value);
    expect(authorizeUrl()).toContain(encodeURIComponent(value));
    expect(commits).toHaveBeenCalledTimes(1);
    expect(Object.fromEntries(renders)).toEqual({ 'field scope': 1, 'url preview': 1 });
  });

  it('renders the field and the warnings list when its warning changes, and the URL', async () => {
    renderFlowPage(() => undefined);
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    const redirectUri = () => screen.getByRole<HTMLInputElement>('textbox', { name: /^redirect_uri —/ });
    const fragment = /"redirect_uri" must not contain a fragment/;
    expect(screen.queryByText(fragment)).toBeNull();
    const value = `${redirectUri().value}#x`;
    renders.clear();

    fireEvent.change(redirectUri(), { target: { value } });

    // At the field, and in the list of warnings.
    expect(screen.getAllByText(fragment)).toHaveLength(2);
    expect(redirectUri().getAttribute('aria-invalid')).toBe('true');
    expect(authorizeUrl()).toContain(encodeURIComponent(value));
    expect(Object.fromEntries(renders)).toEqual({ 'field redirect_uri': 1, 'url preview': 1 });

    // Typing on: the warning stays, so only the field and the URL render again.
    renders.clear();
    fireEvent.change(redirectUri(), { target: { value: `${value}y` } });
    expect(authorizeUrl()).toContain(encodeURIComponent(`${value}y`));
    expect(screen.getAllByText(fragment)).toHaveLength(2);
    expect(Object.fromEntries(renders)).toEqual({ 'field redirect_uri': 1, 'url preview': 1 });
  });

  it('leaves the save-setup form unrendered and lets it save what was typed', async () => {
    renderFlowPage(() => undefined);
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    renders.clear();
    fireEvent.change(scopeField(), { target: { value: 'openid saved-scope' } });
    expect(renders.get('save setup form')).toBeUndefined();

    fireEvent.click(screen.getByRole('button', { name: 'Save as setup' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save setup' }));
    expect(screen.getByText(/^Saved as "/)).toBeDefined();
    expect(localStorage.getItem('token-playground.setups.v1')).toContain('openid saved-scope');
  });
});
