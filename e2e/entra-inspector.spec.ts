import type { APIRequestContext, Page } from '@playwright/test';
import {
  chooseLocalEntra,
  ENTRA_APPS,
  ENTRA_USERS,
  entraTest as test,
  LOCAL_ENTRA_ORIGINS,
  WORK_TENANT_ID,
} from './entra-support';
import { APP_ORIGIN, decodeHeader, decodePayload, ENTRA_LOGIN_ORIGIN, expect } from './fixtures';

// Only the local Entra tenant is the chosen provider: any other host (sts.windows.net…) fails the test.
test.use({ providerOrigins: [...LOCAL_ENTRA_ORIGINS] });

interface EntraTokenResponse {
  access_token: string;
  id_token: string;
}

/** Real tokens from the local tenant (password grant, public client): a v1 Graph access token and a v2 ID token. */
async function fetchGraphTokens(request: APIRequestContext): Promise<EntraTokenResponse> {
  const response = await request.post(`${ENTRA_LOGIN_ORIGIN}/organizations/oauth2/v2.0/token`, {
    form: {
      grant_type: 'password',
      client_id: ENTRA_APPS.publicClient,
      username: ENTRA_USERS.alice.username,
      password: ENTRA_USERS.alice.password,
      scope: 'openid profile User.Read',
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as EntraTokenResponse;
}

/** Every URL the page requests from now on, but the app's own (its modules and pages). */
function watchRequestsLeavingTheApp(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== APP_ORIGIN) urls.push(request.url());
  });
  return urls;
}

test.describe('Entra tokens pasted into the inspector', () => {
  test('a Graph v1 access token (header nonce) triggers no key fetch and no request to sts.windows.net or any host', async ({
    page,
    request,
  }) => {
    const tokens = await fetchGraphTokens(request);
    // It is the token of the regression: v1 issuer on sts.windows.net, a nonce in its header.
    expect(decodePayload(tokens.access_token)).toMatchObject({
      iss: `https://sts.windows.net/${WORK_TENANT_ID}/`,
      ver: '1.0',
    });
    expect(typeof decodeHeader(tokens.access_token).nonce).toBe('string');

    await chooseLocalEntra(page, 'organizations');
    await page.goto('/inspect');
    const left = watchRequestsLeavingTheApp(page);
    await page.getByRole('textbox', { name: 'Token' }).fill(tokens.access_token);
    const view = page.getByRole('article', { name: 'Token' });
    await expect(view.getByRole('region', { name: 'Summary' })).toContainText(
      'Signature not verified: The header carries a "nonce": this is a Microsoft Graph token',
    );
    await expect(view.getByRole('status', { name: 'Signature' })).toContainText('no keys were fetched');
    await expect(view.getByRole('status', { name: 'Signature' })).not.toContainText('is down');
    await expect(view.getByRole('table', { name: 'Claims' })).toContainText(ENTRA_USERS.alice.username);
    // Give a fetch that should not happen the time to start, then check that none did.
    await page.waitForTimeout(1500);
    expect(left).toEqual([]);
  });

  test('control: an ID token of the chosen tenant is verified with the keys its issuer publishes', async ({
    page,
    request,
  }) => {
    // The same watch sees the key fetch when one is due, so the test above cannot pass by seeing nothing.
    const tokens = await fetchGraphTokens(request);
    await chooseLocalEntra(page, 'organizations');
    await page.goto('/inspect');
    const left = watchRequestsLeavingTheApp(page);
    await page.getByRole('textbox', { name: 'Token' }).fill(tokens.id_token);
    const view = page.getByRole('article', { name: 'Token' });
    await expect(view.getByRole('status', { name: 'Signature' })).toContainText(/^Signature verified: RS256/);
    expect(left).toContain(`${ENTRA_LOGIN_ORIGIN}/${WORK_TENANT_ID}/discovery/v2.0/keys`);
    expect(left.every((url) => url.startsWith(`${ENTRA_LOGIN_ORIGIN}/`))).toBe(true);
  });
});
