import type { Page } from '@playwright/test';
import { auditStorage, expect, test } from './fixtures';

const ALICE = { username: 'alice', password: 'alice-password-1' };

async function signIn(page: Page, user = ALICE) {
  await page.waitForURL(/localhost:4000/);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function consent(page: Page, decision: 'Allow' | 'Deny' = 'Allow') {
  await page.getByRole('button', { name: decision }).click();
}

function step(page: Page, title: RegExp | string) {
  return page.getByRole('region', { name: 'Steps' }).getByRole('button', { name: title });
}

async function expectStepStatus(
  page: Page,
  title: RegExp | string,
  status: 'Done' | 'Failed' | 'Current' | 'Skipped',
) {
  await expect(step(page, title)).toContainText(status);
}

async function startFlow(page: Page, flowId: string) {
  await page.goto(`/flows/${flowId}`);
  await expect(page.getByTestId('authorize-url')).toContainText('localhost:4000');
}

async function runCodePkceToTokens(page: Page) {
  await startFlow(page, 'code-pkce');
  await page.getByRole('button', { name: 'Start in this tab' }).click();
  await signIn(page);
  await consent(page);
  await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
  await expectStepStatus(page, /Redirect back to the app/, 'Done');
  await page.getByRole('button', { name: 'Send request' }).click();
  await expectStepStatus(page, /Token request \(authorization_code\)/, 'Done');
  await expectStepStatus(page, /Validate the ID token/, 'Done');
}

test.describe('authorization code + PKCE', () => {
  test('from the first click to decoded, verified tokens', async ({ page }) => {
    await startFlow(page, 'code-pkce');
    const url = await page.getByTestId('authorize-url').textContent();
    expect(url).toContain('code_challenge_method=S256');
    expect(url).toContain('response_type=code');
    await runCodePkceToTokens(page);
    // The code left the address bar at once.
    expect(page.url()).not.toContain('code=');
    await expect(step(page, /Validate the ID token/)).toContainText('Signature verified');
    await expect(page.getByRole('region', { name: 'id_token' })).toContainText('"name": "Alice Example"');
    await expect(page.getByRole('region', { name: 'access_token' })).toContainText('api://playground-api');
    await auditStorage(page, { secrets: ['alice-password-1', 'playground-web-secret'] });
  });

  test('through a popup: the callback hands the result back to the opener', async ({ page }) => {
    await startFlow(page, 'code-pkce');
    const popupPromise = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Start in a popup' }).click();
    const popup = await popupPromise;
    await signIn(popup);
    await consent(popup);
    await popup.waitForEvent('close');
    await expectStepStatus(page, /Redirect back to the app/, 'Done');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Validate the ID token/, 'Done');
  });

  test('a closed popup is reported and the run can start again', async ({ page }) => {
    await startFlow(page, 'code-pkce');
    const popupPromise = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Start in a popup' }).click();
    const popup = await popupPromise;
    await popup.waitForURL(/localhost:4000/);
    await popup.close();
    await expectStepStatus(page, /User signs in and consents/, 'Failed');
    await expect(page.getByRole('alert').first()).toContainText('popup was closed');
  });

  test('refresh, userinfo, the demo API and logout', async ({ page }) => {
    await runCodePkceToTokens(page);

    await page.getByRole('button', { name: 'Refresh the tokens' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(refresh_token\)/, 'Done');
    await page.getByText('Token history (2 responses)').click();
    await expect(page.getByText('(refresh token rotated')).toBeVisible();

    // oidc-provider's UserInfo accepts only tokens for itself, not this API-audience token: the refusal is explained.
    await page.getByRole('button', { name: 'Call UserInfo' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /UserInfo request/, 'Failed');
    await expect(page.getByRole('alert').filter({ hasText: 'invalid_token' }).first()).toBeVisible();

    await page.getByRole('button', { name: 'Call the API' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Call the API with the access token/, 'Done');
    await expect(page.getByText('localhost:4001/me').first()).toBeVisible();

    await page.getByRole('button', { name: 'Log out (end session)' }).click();
    await page.getByRole('button', { name: 'Go to the provider' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(/localhost:5173\/logged-out/);
    await expect(page.getByRole('heading', { name: 'Signed out' })).toBeVisible();
  });
});

test.describe('other browser flows', () => {
  test('confidential client: the code is redeemed through the relay with a secret', async ({ page }) => {
    await page.goto('/flows/code-confidential');
    await page.getByLabel('Demo client of the local IdP').selectOption('playground-web');
    await expect(page.getByLabel(/^client_secret/)).toHaveValue('playground-web-secret');
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await signIn(page);
    await consent(page);
    await page.waitForURL(/localhost:5173\/flows\/code-confidential/);
    // The secret lives in memory only: after the full-page redirect it is asked again.
    await page.getByLabel(/^client_secret/).fill('playground-web-secret');
    await expect(page.getByText(/^Goes through the local relay/)).toBeVisible();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(authorization_code\)/, 'Done');
    await expectStepStatus(page, /Validate the ID token/, 'Done');
    await page.getByRole('button', { name: /Token request \(authorization_code\).*relay/ }).click();
    await expect(page.getByText('through the local relay').first()).toBeVisible();
    await auditStorage(page, { secrets: ['playground-web-secret', 'alice-password-1'] });
  });

  test.describe('relay not running', () => {
    // Nothing listens on this loopback port: the relay is "down".
    test.use({ allowOrigins: ['http://localhost:4999'] });

    test('confidential client: the relay does not answer, so the request is sent directly instead', async ({
      page,
    }) => {
      await page.goto('/settings');
      await page.getByRole('textbox', { name: 'Companion URL' }).fill('http://localhost:4999');
      await page.goto('/flows/code-confidential');
      await page.getByLabel('Demo client of the local IdP').selectOption('playground-web');
      await page.getByRole('button', { name: 'Start in this tab' }).click();
      await signIn(page);
      await consent(page);
      await page.waitForURL(/localhost:5173\/flows\/code-confidential/);
      await page.getByLabel(/^client_secret/).fill('playground-web-secret');
      await expect(page.getByText(/^Goes through the local relay/)).toBeVisible();
      await page.getByRole('button', { name: 'Send request' }).click();
      await expectStepStatus(page, /Token request \(authorization_code\)/, 'Failed');
      await expect(page.getByText('RELAY_UNAVAILABLE', { exact: true })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Try this step again' })).toBeVisible();
      await page.getByRole('button', { name: 'Send directly instead' }).click();
      await expect(page.getByText('Sent directly from this browser.')).toBeVisible();
      await page.getByRole('button', { name: 'Send request' }).click();
      // The local IdP, like Entra, refuses a web client's token request from a browser: the direct
      // attempt really left the browser and met CORS, and the way back to the relay is offered.
      await expect(page.getByText('CORS_BLOCKED', { exact: true })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Send through the relay' })).toBeVisible();
    });
  });

  test('implicit: tokens in the fragment, with the legacy warning', async ({ page }) => {
    await startFlow(page, 'implicit');
    await expect(page.getByRole('note')).toContainText('Legacy and discouraged');
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await signIn(page);
    await consent(page);
    await page.waitForURL(/localhost:5173\/flows\/implicit/);
    expect(page.url()).not.toContain('access_token');
    await expectStepStatus(page, /Token request \(authorization_code\)/, 'Skipped');
    await expectStepStatus(page, /Validate the ID token/, 'Done');
    await expect(step(page, /Validate the ID token/)).toContainText('at_hash ✓');
  });

  test('hybrid: code and ID token together, c_hash checked before the code is redeemed', async ({ page }) => {
    await startFlow(page, 'hybrid');
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await signIn(page);
    await consent(page);
    await page.waitForURL(/localhost:5173\/flows\/hybrid/);
    await expectStepStatus(page, /Validate the ID token/, 'Done');
    await expect(step(page, /Validate the ID token/)).toContainText('c_hash ✓');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(authorization_code\)/, 'Done');
  });

  test('UserInfo with an OpenID-only access token', async ({ page }) => {
    await page.goto('/flows/code-pkce');
    await page.getByRole('textbox', { name: /^scope —/ }).fill('openid profile email');
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await signIn(page);
    await consent(page);
    await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Validate the ID token/, 'Done');
    await page.getByRole('button', { name: 'Call UserInfo' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /UserInfo request/, 'Done');
    await expect(page.getByText('alice@example.test').first()).toBeVisible();
  });
});

test('form_post: the companion receives the POST and hands the values over in a fragment', async ({
  page,
}) => {
  await page.goto('/flows/code-pkce');
  await page.getByRole('combobox', { name: /^response_mode —/ }).fill('form_post');
  await page.getByRole('textbox', { name: /^redirect_uri —/ }).fill('http://localhost:4002/form-post');
  await page.getByRole('button', { name: 'Start in this tab' }).click();
  await signIn(page);
  await consent(page);
  await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
  await expectStepStatus(page, /Redirect back to the app/, 'Done');
  await expect(step(page, /Redirect back to the app/)).toContainText('in the fragment');
  await page.getByRole('button', { name: 'Send request' }).click();
  await expectStepStatus(page, /Validate the ID token/, 'Done');
});

test.describe('failure paths', () => {
  test('consent denied shows access_denied explained', async ({ page }) => {
    await startFlow(page, 'code-pkce');
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await signIn(page);
    await consent(page, 'Deny');
    await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
    await expectStepStatus(page, /Redirect back to the app/, 'Failed');
    const alert = page.getByRole('alert').filter({ hasText: 'access_denied' });
    await expect(alert).toContainText('Likely fix');
  });

  test('a tampered state blocks the exchange unless overridden on purpose', async ({ page }) => {
    await startFlow(page, 'code-pkce');
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await page.waitForURL(/localhost:4000/);
    await page.goto('/callback?code=forged-code&state=not-the-state-we-sent');
    await page.waitForURL(/\/flows\/code-pkce/);
    await expectStepStatus(page, /Redirect back to the app/, 'Failed');
    await expect(page.getByRole('alert').filter({ hasText: 'does not match the one sent' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send request' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Continue anyway (learning override)' }).click();
    await expect(page.getByRole('button', { name: 'Send request' })).toBeVisible();
  });

  test('a replayed code is refused with invalid_grant explained, a callback of no pending request is ignored', async ({
    page,
  }) => {
    await runCodePkceToTokens(page);
    await step(page, /Token request \(authorization_code\)/).click();
    await page.getByRole('button', { name: /Send this request again/ }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(authorization_code\)/, 'Failed');
    await expect(page.getByRole('alert').filter({ hasText: 'invalid_grant' })).toContainText('Likely fix');

    // Issue 11: a state this run never sent is not a replay; it matches no pending request.
    await page.goto('/callback?code=again&state=again');
    await expect(page.getByRole('alert')).toContainText('matches no pending request');
  });

  test('a wrong password stays on the IdP page', async ({ page }) => {
    await startFlow(page, 'code-pkce');
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await signIn(page, { username: 'alice', password: 'wrong-password' });
    await expect(page).toHaveURL(/localhost:4000/);
    await expect(page.getByText(/password/i).first()).toBeVisible();
    await expect(page.getByLabel('Password')).toBeVisible();
  });
});
