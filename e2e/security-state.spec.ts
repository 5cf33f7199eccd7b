import type { Page } from '@playwright/test';
import { APP_ORIGIN, DEMO_USERS, IDP_ORIGIN, expect, test } from './fixtures';

// State and replay (issue 7): a tampered or missing state, a replayed callback, a code redeemed
// twice and a nonce mismatch are each blocked or flagged with an explanation.

function step(page: Page, title: RegExp) {
  return page.getByRole('region', { name: 'Steps' }).getByRole('button', { name: title });
}

async function signInAndConsent(page: Page) {
  await page.waitForURL(/localhost:4000/);
  await page.getByLabel('Username').fill(DEMO_USERS.alice.username);
  await page.getByLabel('Password').fill(DEMO_USERS.alice.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
}

async function startCodePkce(page: Page) {
  await page.goto('/flows/code-pkce');
  await expect(page.getByTestId('authorize-url')).toContainText('localhost:4000');
  await page.getByRole('button', { name: 'Start in this tab' }).click();
}

/**
 * Signs in and keeps the app from reading the callback, so the test decides what it receives:
 * the redirect itself cannot be intercepted (Playwright routes only the first URL of a redirect
 * chain), so the callback page loads but its scripts are held back. Returns the callback URL.
 */
async function captureCallback(page: Page): Promise<URL> {
  await startCodePkce(page);
  await page.waitForURL(/localhost:4000/);
  await page.getByLabel('Username').fill(DEMO_USERS.alice.username);
  await page.getByLabel('Password').fill(DEMO_USERS.alice.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const allow = page.getByRole('button', { name: 'Allow' });
  await allow.waitFor();
  await page.route(`${APP_ORIGIN}/**`, (route) =>
    route.request().resourceType() === 'document' ? route.continue() : route.abort(),
  );
  await allow.click();
  await page.waitForURL(/localhost:5173\/callback\?/);
  const captured = new URL(page.url());
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  return captured;
}

test.describe('state and replay', () => {
  test('a tampered state blocks the exchange and says why', async ({ page }) => {
    const callback = await captureCallback(page);
    expect(callback.searchParams.get('code')).toBeTruthy();
    callback.searchParams.set('state', `${callback.searchParams.get('state') ?? ''}x`);
    await page.goto(callback.href);
    await page.waitForURL(/\/flows\/code-pkce/);
    await expect(step(page, /Redirect back to the app/)).toContainText('Failed');
    await expect(
      page.getByRole('alert').filter({ hasText: 'does not match the one sent' }).first(),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send request' })).toHaveCount(0);
  });

  test('a missing state blocks the exchange and says why', async ({ page }) => {
    const callback = await captureCallback(page);
    callback.searchParams.delete('state');
    await page.goto(callback.href);
    await page.waitForURL(/\/flows\/code-pkce/);
    await expect(step(page, /Redirect back to the app/)).toContainText('Failed');
    await expect(page.getByRole('alert').filter({ hasText: 'carries none' }).first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send request' })).toHaveCount(0);
  });

  test('a callback replayed after success is ignored, and a code redeemed twice is refused with invalid_grant', async ({
    page,
  }) => {
    const callback = await captureCallback(page);
    await page.goto(callback.href);
    await page.waitForURL(/\/flows\/code-pkce/);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(step(page, /Validate the ID token/)).toContainText('Done');

    // The same redirect arrives again (back button, a leaked URL, an attacker's link).
    await page.goto(callback.href);
    await expect(page.getByRole('alert').filter({ hasText: 'replayed callback is ignored' })).toBeVisible();
    await page.getByRole('link', { name: 'Back to the run' }).click();
    await expect(step(page, /Validate the ID token/)).toContainText('Done');

    // The same code sent to the token endpoint again: RFC 6749 §4.1.2 says a code is single-use.
    await step(page, /Token request \(authorization_code\)/).click();
    await page.getByRole('button', { name: /Send this request again/ }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(step(page, /Token request \(authorization_code\)/)).toContainText('Failed');
    const explanation = page.getByRole('alert').filter({ hasText: 'invalid_grant' }).first();
    await expect(explanation).toBeVisible();
    await expect(explanation).toContainText('already used');
  });

  test('an ID token whose nonce differs from the one sent is flagged', async ({ page }) => {
    // The authorization request leaves the browser with another nonce than the run holds.
    await page.route(`${IDP_ORIGIN}/auth?**`, async (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('nonce', 'nonce-swapped-by-an-attacker');
      await route.continue({ url: url.href });
    });
    await startCodePkce(page);
    await signInAndConsent(page);
    await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
    await page.getByRole('button', { name: 'Send request' }).click();
    const validation = step(page, /Validate the ID token/);
    await expect(validation).toContainText('Failed');
    await expect(
      page
        .getByText(/"nonce" in the ID token does not match the one sent \(nonce-swapped-by-an-attacker/)
        .first(),
    ).toBeVisible();
  });
});
