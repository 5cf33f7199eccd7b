import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchDiscovery } from './discovery';

const LOGIN = 'https://login.microsoftonline.com';
const CONTOSO_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const PERSONAL_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Answers discovery as Entra does: `consumers` and a domain publish their tenant's GUID issuer. */
function stubEntraDiscovery() {
  vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const alias = url.pathname.split('/')[1] ?? '';
    const id = { consumers: PERSONAL_ID, 'contoso.onmicrosoft.com': CONTOSO_ID }[alias] ?? alias;
    const body = {
      issuer: `${LOGIN}/${id}/v2.0`,
      authorization_endpoint: `${LOGIN}/${alias}/oauth2/v2.0/authorize`,
      token_endpoint: `${LOGIN}/${alias}/oauth2/v2.0/token`,
      jwks_uri: `${LOGIN}/${alias}/discovery/v2.0/keys`,
    };
    return Promise.resolve(
      new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
    );
  });
}

describe('fetchDiscovery for Entra tenants named by alias (regression: issuer mismatch)', () => {
  it.each([
    ['consumers', PERSONAL_ID, /personal Microsoft accounts/],
    ['contoso.onmicrosoft.com', CONTOSO_ID, /owns it/],
  ])('accepts the GUID issuer Entra publishes for %s and explains it', async (tenant, id, note) => {
    stubEntraDiscovery();
    const result = await fetchDiscovery({ kind: 'entra', tenant, cloud: 'global' });
    expect(result.document.issuer).toBe(`${LOGIN}/${id}/v2.0`);
    expect(result.issuerNote).toMatch(note);
  });

  it('still refuses another GUID for consumers', async () => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(
        new Response(
          JSON.stringify({
            issuer: `${LOGIN}/${CONTOSO_ID}/v2.0`,
            authorization_endpoint: `${LOGIN}/consumers/oauth2/v2.0/authorize`,
            token_endpoint: `${LOGIN}/consumers/oauth2/v2.0/token`,
            jwks_uri: `${LOGIN}/consumers/discovery/v2.0/keys`,
          }),
          { status: 200 },
        ),
      ),
    );
    await expect(
      fetchDiscovery({ kind: 'entra', tenant: 'consumers', cloud: 'global' }),
    ).rejects.toMatchObject({
      code: 'DISCOVERY_ISSUER_MISMATCH',
    });
  });
});

describe('fetchDiscovery for B2C and External ID (custom provider)', () => {
  const TID = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
  it.each([
    [
      'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/v2.0',
      `https://contoso.b2clogin.com/${TID}/v2.0/`,
    ],
    [
      'https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0',
      `https://${TID}.ciamlogin.com/${TID}/v2.0`,
    ],
  ])('accepts the issuer %s publishes and explains it', async (url, issuer) => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(
        new Response(
          JSON.stringify({
            issuer,
            authorization_endpoint: `${url}/oauth2/v2.0/authorize`,
            token_endpoint: `${url}/oauth2/v2.0/token`,
            jwks_uri: `${url}/discovery/v2.0/keys`,
          }),
          { status: 200 },
        ),
      ),
    );
    const result = await fetchDiscovery({ kind: 'custom', url });
    expect(result.document.issuer).toBe(issuer);
    expect(result.issuerNote).toMatch(/tenant by its id/);
  });
});
