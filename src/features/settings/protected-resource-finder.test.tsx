// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, settingsStore } from '@/state/settings';
import { peekPendingSetup, takePendingSetup } from '@/state/setups';
import { clearExchanges, getExchanges } from '@/transport/exchange-log';
import { ProtectedResourceFinder } from './protected-resource-finder';
import { readAuthorizationServerMetadata } from './resource-discovery';

const API = 'http://localhost:4001/me';
const META = 'http://localhost:4001/.well-known/oauth-protected-resource/me';
const ISSUER = 'http://localhost:4000';

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

const METADATA = { resource: API, authorization_servers: [ISSUER], scopes_supported: ['api.read'] };
const SERVER = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/auth`,
  token_endpoint: `${ISSUER}/token`,
  jwks_uri: `${ISSUER}/jwks`,
  scopes_supported: ['openid', 'profile'],
};

/** Answers by URL; every URL fetched is kept, in order. */
function stubNetwork(answers: Record<string, () => Response>): string[] {
  const seen: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: string) => {
      seen.push(input);
      const answer = answers[input];
      if (!answer) return Promise.resolve(new Response('not found', { status: 404 }));
      return Promise.resolve(answer());
    }),
  );
  return seen;
}

const challenge = (metadataUrl: string) => () =>
  json({ error: 'missing_token' }, 401, {
    'www-authenticate': `Bearer realm="playground-api", resource_metadata="${metadataUrl}"`,
  });

function renderFinder() {
  render(
    <MemoryRouter initialEntries={['/settings']}>
      <Routes>
        <Route path="/settings" element={<ProtectedResourceFinder />} />
        <Route path="/flows/:flowId" element={<p>flow page</p>} />
      </Routes>
    </MemoryRouter>,
  );
}

async function discover(url = API) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('API URL'), url);
  await user.click(screen.getByRole('button', { name: 'Call it without a token' }));
  return user;
}

beforeEach(() => {
  settingsStore.set(DEFAULT_SETTINGS);
  clearExchanges();
});
afterEach(() => {
  cleanup();
  takePendingSetup('code-pkce');
});

describe('ProtectedResourceFinder', () => {
  it('follows the challenge to the metadata, asks before contacting the authorization server, then starts a flow', async () => {
    const seen = stubNetwork({
      [API]: challenge(META),
      [META]: () => json(METADATA),
      [`${ISSUER}/.well-known/openid-configuration`]: () => json(SERVER),
    });
    renderFinder();
    const user = await discover();
    expect((await screen.findByTestId('resource-match')).textContent).toContain(`Its resource is ${API}`);
    expect(screen.getByTestId('resource-metadata-location').textContent).toContain(
      `The challenge names the metadata (resource_metadata, RFC 9728 §5.1): ${META}`,
    );
    // Named by the metadata, not chosen: nothing went to the IdP yet.
    expect(seen).toEqual([API, META]);
    await user.click(screen.getByRole('button', { name: `Read the metadata of ${ISSUER}` }));
    expect((await screen.findByTestId('resource-flow-params')).textContent).toContain(
      `resource=${API} and scope=openid api.read`,
    );
    expect(seen).toEqual([
      API,
      META,
      `${ISSUER}/.well-known/oauth-authorization-server`,
      `${ISSUER}/.well-known/openid-configuration`,
    ]);
    expect(getExchanges().map((exchange) => exchange.request.url)).toEqual(seen);
    await user.click(screen.getByRole('button', { name: 'Start a flow with this provider' }));
    expect(await screen.findByText('flow page')).toBeTruthy();
    expect(settingsStore.get()).toMatchObject({
      providerKind: 'custom',
      customUrl: `${ISSUER}/.well-known/openid-configuration`,
    });
    expect(peekPendingSetup()).toMatchObject({
      flowId: 'code-pkce',
      authorizeParams: { resource: API, scope: 'openid api.read' },
      tokenParams: { api_url: API },
    });
  });

  it('refuses metadata about another resource with RESOURCE_MISMATCH and offers no server', async () => {
    stubNetwork({
      [API]: challenge(META),
      [META]: () => json({ ...METADATA, resource: 'http://localhost:4001/api-b/data' }),
    });
    renderFinder();
    await discover();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'The metadata is for "http://localhost:4001/api-b/data", not for "http://localhost:4001/me": RFC 9728 §3.3 says not to use it',
    );
    expect(alert.textContent).toContain('RESOURCE_MISMATCH');
    expect(screen.queryByRole('button', { name: /Read the metadata of/ })).toBeNull();
  });

  it('asks before reading metadata that the challenge puts on another host', async () => {
    const elsewhere = 'https://meta.example/.well-known/oauth-protected-resource/me';
    const seen = stubNetwork({ [API]: challenge(elsewhere), [elsewhere]: () => json(METADATA) });
    renderFinder();
    const user = await discover();
    expect((await screen.findByRole('note')).textContent).toContain(
      'The metadata is on another host, https://meta.example, which you have not chosen',
    );
    expect(seen).toEqual([API]);
    await user.click(screen.getByRole('button', { name: 'Read the metadata from https://meta.example' }));
    expect(await screen.findByTestId('resource-match')).toBeTruthy();
    expect(seen).toEqual([API, elsewhere]);
  });

  it('falls back to the well-known URL when the API sends no challenge', async () => {
    const seen = stubNetwork({ [API]: () => json({ ok: true }), [META]: () => json(METADATA) });
    renderFinder();
    await discover();
    expect(await screen.findByTestId('resource-match')).toBeTruthy();
    expect(screen.getByTestId('resource-metadata-location').textContent).toBe(
      `the API answered HTTP 200 without a WWW-Authenticate challenge: so the well-known URL is used (RFC 9728 §3.1): ${META}`,
    );
    expect(seen).toEqual([API, META]);
  });

  it('says what is wrong with a URL that is not one, and sends nothing', async () => {
    const seen = stubNetwork({});
    renderFinder();
    await discover('localhost/me');
    expect((await screen.findByRole('alert')).textContent).toContain('INVALID_PARAMETER');
    expect(seen).toEqual([]);
  });
});

describe('readAuthorizationServerMetadata', () => {
  it.each<[string, Record<string, () => Response>, string]>([
    ['neither URL answers', {}, 'DISCOVERY_FAILED'],
    [
      'a document for another issuer',
      { [`${ISSUER}/.well-known/openid-configuration`]: () => json({ ...SERVER, issuer: 'http://x' }) },
      'DISCOVERY_ISSUER_MISMATCH',
    ],
    [
      'a document without a token endpoint',
      {
        [`${ISSUER}/.well-known/oauth-authorization-server`]: () =>
          json({ ...SERVER, token_endpoint: undefined }),
      },
      'DISCOVERY_MISSING_ENDPOINT',
    ],
  ])('reports %s with its code', async (_label, answers, code) => {
    stubNetwork(answers);
    const result = await readAuthorizationServerMetadata(ISSUER);
    expect('problem' in result && result.problem.code).toBe(code);
  });

  it('takes the RFC 8414 document when it answers, without asking for the OIDC one', async () => {
    const seen = stubNetwork({ [`${ISSUER}/.well-known/oauth-authorization-server`]: () => json(SERVER) });
    const result = await readAuthorizationServerMetadata(ISSUER);
    expect('document' in result && result.url).toBe(`${ISSUER}/.well-known/oauth-authorization-server`);
    expect(seen).toHaveLength(1);
  });
});
