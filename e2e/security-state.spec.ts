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
    await expect(
      page
        .getByRole('alert')
        .filter({ hasText: 'the same response arrived again (a replay) and is ignored' }),
    ).toBeVisible();
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

  // Issue 11: a forged or foreign state is a different event from a replay, with its own message.
  test('a callback whose state matches no pending request is not called a replay', async ({ page }) => {
    const callback = await captureCallback(page);
    await page.goto(callback.href);
    await page.waitForURL(/\/flows\/code-pkce/);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(step(page, /Validate the ID token/)).toContainText('Done');

    callback.searchParams.set('state', 'state-of-a-request-this-run-never-sent');
    await page.goto(callback.href);
    const alert = page.getByRole('alert').filter({ hasText: 'matches no pending request' });
    await expect(alert).toBeVisible();
    await expect(alert).not.toContainText('replay');
  });

  // Issue 11, RFC 9207: the local IdP advertises authorization_response_iss_parameter_supported.
  test('the callback step shows the issuer check next to the state check', async ({ page }) => {
    const callback = await captureCallback(page);
    expect(callback.searchParams.get('iss')).toBe(IDP_ORIGIN);
    await page.goto(callback.href);
    await page.waitForURL(/\/flows\/code-pkce/);
    await expect(step(page, /Redirect back to the app/)).toContainText('Done');
    await expect(
      page.getByText(`state matches; "iss" matches the issuer ${IDP_ORIGIN} (RFC 9207)`),
    ).toBeVisible();
  });

  test.describe('a response from another issuer (mix-up) or without the promised iss', () => {
    for (const [label, change, text] of [
      ['another issuer', (url: URL) => url.searchParams.set('iss', 'https://evil.example'), 'mix-up attack'],
      [
        'no iss',
        (url: URL) => url.searchParams.delete('iss'),
        "although the provider's discovery document promises it",
      ],
    ] as const) {
      test(`${label}: the exchange is blocked, with the learning override`, async ({ page }) => {
        const callback = await captureCallback(page);
        change(callback);
        await page.goto(callback.href);
        await page.waitForURL(/\/flows\/code-pkce/);
        await expect(step(page, /Redirect back to the app/)).toContainText('Failed');
        await expect(page.getByRole('alert').filter({ hasText: text }).first()).toBeVisible();
        await expect(page.getByRole('button', { name: 'Send request' })).toHaveCount(0);
        await page.getByRole('button', { name: 'Continue anyway (learning override)' }).click();
        await expect(page.getByRole('button', { name: 'Send request' })).toBeVisible();
      });
    }
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
