import type { Page } from '@playwright/test';
import {
  backToApp,
  chooseLocalEntra,
  ENTRA_APPS,
  ENTRA_SECRETS,
  ENTRA_USERS,
  entraTest as test,
  LOCAL_ENTRA_ORIGINS,
  expectStep,
  openFlow,
  signInToEntra,
} from './entra-support';
import { APP_ORIGIN, ENTRA_LOGIN_ORIGIN, expect } from './fixtures';

// Only the local Entra tenant is the chosen provider: any other host (sts.windows.net…) fails the test.
test.use({ providerOrigins: [...LOCAL_ENTRA_ORIGINS] });

function explanation(page: Page, code: string) {
  return page
    .getByRole('alert')
    .filter({ hasText: `AADSTS${code}` })
    .first();
}

test.describe('Entra errors: redirected to the app', () => {
  test('AADSTS700054: an ID token asked of a registration without ID-token issuance', async ({ page }) => {
    await chooseLocalEntra(page, 'organizations');
    await openFlow(page, 'implicit', ENTRA_APPS.web);
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await backToApp(page, 'implicit');
    await expectStep(page, /Redirect back to the app/, 'Failed');
    await expect(explanation(page, '700054')).toContainText('What it means');
    await expect(explanation(page, '700054')).toContainText('Likely fix');
  });

  test('AADSTS70011: a scope Graph does not have', async ({ page }) => {
    await chooseLocalEntra(page, 'common');
    await openFlow(page, 'code-pkce', ENTRA_APPS.spa);
    await page
      .getByRole('textbox', { name: /^scope —/ })
      .first()
      .fill('openid Not.A.Scope');
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await backToApp(page, 'code-pkce');
    await expect(explanation(page, '70011')).toContainText('invalid_scope');
    await expect(explanation(page, '70011')).toContainText('Likely fix');
  });
});

test.describe('Entra errors: the HTML error page', () => {
  test('AADSTS700016: an unknown client id stops at Entra’s page, and Settings explains the code', async ({
    page,
  }) => {
    await chooseLocalEntra(page, 'organizations');
    await openFlow(page, 'code-pkce', '00000000-1111-4222-8333-444444444444');
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await page.waitForURL((url) => url.origin === ENTRA_LOGIN_ORIGIN);
    await expect(page.getByText('AADSTS700016', { exact: true })).toBeVisible();
    await page.goto('/settings');
    await page.getByLabel(/^Look up an AADSTS code/).fill('AADSTS700016');
    await expect(page.getByRole('status').filter({ hasText: 'AADSTS700016' })).toContainText('Likely fix');
  });

  test('AADSTS50011: a redirect URI the registration does not have', async ({ page }) => {
    await chooseLocalEntra(page, 'organizations');
    await openFlow(page, 'code-pkce', ENTRA_APPS.spa);
    await page
      .getByRole('textbox', { name: /^redirect_uri —/ })
      .first()
      .fill('http://localhost:5173/other');
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await page.waitForURL((url) => url.origin === ENTRA_LOGIN_ORIGIN);
    await expect(page.getByText('AADSTS50011', { exact: true })).toBeVisible();
    // Back in the app, the step still waiting for the sign-in explains the code read off that page.
    await page.goBack();
    await page.waitForURL(`${APP_ORIGIN}/flows/code-pkce`);
    await page.getByLabel(/^Look up an AADSTS code/).fill('AADSTS50011');
    const answer = page.getByRole('status').filter({ hasText: 'AADSTS50011:' });
    await expect(answer).toContainText('redirect');
    await expect(answer).toContainText('Likely fix');
    // Settings → Entra ID says what the registration needs for this flow.
    await page.goto('/settings');
    await page.getByText('What the app registration needs, flow by flow').click();
    await expect(
      page.getByRole('definition').filter({ hasText: 'platform "Single-page application"' }).first(),
    ).toContainText('http://localhost:5173/callback');
  });
});

test.describe('Entra errors: the token endpoint', () => {
  test('AADSTS9002327: a SPA code sent through the relay (no Origin) is refused and explained', async ({
    page,
  }) => {
    await chooseLocalEntra(page, 'organizations');
    await openFlow(page, 'code-pkce', ENTRA_APPS.spa);
    await page.getByRole('radio', { name: 'through the local relay' }).check();
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await signInToEntra(page, ENTRA_USERS.bob);
    await backToApp(page, 'code-pkce');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStep(page, /Token request \(authorization_code\)/, 'Failed');
    await expect(explanation(page, '9002327')).toContainText('Likely fix');
  });

  test('AADSTS9002326: a Web code redeemed from the browser gets no CORS headers, and the playground says why', async ({
    page,
  }) => {
    await chooseLocalEntra(page, 'organizations');
    await openFlow(page, 'code-confidential', ENTRA_APPS.web);
    await page.getByRole('radio', { name: 'directly from the browser' }).check();
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await signInToEntra(page, ENTRA_USERS.alice);
    await backToApp(page, 'code-confidential');
    await page.getByLabel(/^client_secret/).fill(ENTRA_SECRETS.web);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(page.getByText(/CORS/).first()).toBeVisible();
  });
});
