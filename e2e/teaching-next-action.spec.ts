import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { DEMO_USERS, expect, signInAtDemoIdp, test } from './fixtures';
import { REFERENCE_VIEWPORTS, recordFigure } from './teaching-support';

// A whole code + PKCE run in a shared, loaded browser takes longer than the default minute.
test.describe.configure({ timeout: 180_000 });

/** Screenshots of this spec are kept here (Playwright empties test-results/ on every run). */
const SHOTS = path.join(process.cwd(), '.tmp', 'screenshots', 'teaching-next-action');
mkdirSync(SHOTS, { recursive: true });

const ROUTES = [
  '/',
  '/inspect',
  '/flows',
  '/flows/code-pkce',
  '/flows/code-confidential',
  '/flows/implicit',
  '/flows/hybrid',
  '/flows/client-credentials',
  '/flows/device-code',
  '/flows/on-behalf-of',
  '/flows/password',
  '/flows/token-exchange',
  '/setups',
  '/settings',
  '/callback',
  '/logged-out',
  '/attack-lab',
  '/no-such-page',
] as const;

const nextAction = (page: Page) => page.locator('#next-action');

/** Whether the element's box lies wholly inside the viewport. */
async function expectInViewport(page: Page, locator: Locator): Promise<number> {
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('no viewport');
  await expect(locator).toBeVisible();
  const box = await locator.boundingBox();
  expect(box, 'the next action has a box').not.toBeNull();
  if (!box) return Number.NaN;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  // How far the page would have to scroll to show it whole: 0 when it is in view.
  return Math.max(0, box.y + box.height - viewport.height, -box.y);
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The elements that stick out of the page on the right, to name them when a test fails. */
async function widerThanPage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      if (box.right <= width + 0.5 || box.width === 0) continue;
      let clipped = false;
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (style.overflowX !== 'visible' || style.position === 'absolute') clipped = true;
      }
      if (!clipped)
        found.push(`${element.tagName} "${element.textContent.slice(0, 30)}" ${Math.round(box.right)} px`);
    }
    return found.slice(0, 5);
  });
}

/** Signs alice in at the local IdP and allows the consent (typed on the IdP's pages). */

function stepHeading(page: Page) {
  return page.locator('#step-detail-heading');
}

for (const viewport of REFERENCE_VIEWPORTS) {
  const size = `${viewport.width}x${viewport.height}`;
  test.describe(`at ${size}`, () => {
    test.use({ viewport });

    test('the primary action is in the viewport after each state change of a code + PKCE run', async ({
      page,
    }) => {
      await page.goto('/flows/code-pkce');
      await expect(page.getByTestId('authorize-url')).toContainText('code_challenge=');
      await expect(nextAction(page)).toHaveText('Start in this tab');
      const scrollToStart = await expectInViewport(page, nextAction(page));
      await page.screenshot({ path: path.join(SHOTS, `${size}-1-setup.png`) });
      await nextAction(page).click();
      await signInAtDemoIdp(page, { allow: true });
      await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
      // Back from the provider: the token request is current, focused and in view, Send in reach.
      await expect(stepHeading(page)).toHaveText('Token request (authorization_code)');
      await expect(stepHeading(page)).toBeFocused();
      await expect(nextAction(page)).toHaveText('Send request');
      const scrollToSend = await expectInViewport(page, nextAction(page));
      await expectInViewport(page, stepHeading(page));
      await page.screenshot({ path: path.join(SHOTS, `${size}-2-send.png`) });
      await nextAction(page).click();
      await expect(nextAction(page)).toHaveText('Done → tokens');
      await expect(stepHeading(page)).toHaveText('Validate the ID token');
      await expect(stepHeading(page)).toBeFocused();
      const scrollToDone = await expectInViewport(page, nextAction(page));
      await page.screenshot({ path: path.join(SHOTS, `${size}-3-done.png`) });
      await nextAction(page).click();
      await expect(page.locator('#tokens-heading')).toBeFocused();
      await expect(page.getByRole('region', { name: 'id_token' })).toContainText('Signature verified');
      const scrollAtTokens = await expectInViewport(page, nextAction(page));
      expect(await horizontalOverflow(page)).toBe(0);
      recordFigure(`scrollToPrimaryAction${size}`, {
        scrollToStart,
        scrollToSend,
        scrollToDone,
        scrollAtTokens,
      });
    });
  });
}

test.describe('at 320 px', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('no route scrolls sideways, in presenter mode either', async ({ page }) => {
    test.setTimeout(420_000);
    await page.goto('/');
    await page.getByRole('button', { name: 'Presenter mode' }).click();
    await expect(page.locator('html')).toHaveClass(/presenter/);
    const overflowing: string[] = [];
    for (const route of ROUTES) {
      await page.goto(route);
      await page.waitForLoadState('networkidle');
      const overflow = await horizontalOverflow(page);
      if (overflow > 0)
        overflowing.push(`${route}: ${overflow} px (${(await widerThanPage(page)).join('; ')})`);
    }
    // A finished run in presenter mode, too.
    await page.goto('/flows/code-pkce');
    await expect(page.getByTestId('authorize-url')).toContainText('code_challenge=');
    await nextAction(page).click();
    await signInAtDemoIdp(page, { allow: true });
    await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
    await nextAction(page).click();
    await expect(nextAction(page)).toHaveText('Done → tokens');
    // The last step's checks are listed once they have run.
    await expect(page.getByText('Every check of the ID token')).toBeVisible();
    await expect(page.getByRole('table').filter({ hasText: 'what it compared' })).toBeVisible();
    const overflow = await horizontalOverflow(page);
    if (overflow > 0)
      overflowing.push(`finished run: ${overflow} px (${(await widerThanPage(page)).join('; ')})`);
    await page.screenshot({ path: path.join(SHOTS, '320-presenter-done.png'), fullPage: true });
    expect(overflowing).toEqual([]);
  });
});

test.describe('keyboard only', () => {
  test.use({ viewport: { width: 1366, height: 900 } });

  test('a PKCE run reaches decoded tokens in at most 15 key presses on the playground’s pages', async ({
    page,
  }) => {
    // Counted: every key pressed on the playground's own pages, from opening the flow page to the
    // tokens. Not counted: signing in and consenting at the IdP (its pages, typed with the keyboard too).
    let presses = 0;
    const press = async (key: string) => {
      presses += 1;
      await page.keyboard.press(key);
    };
    await page.goto('/flows/code-pkce');
    await expect(page.getByTestId('authorize-url')).toContainText('code_challenge=');
    await press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to the next action' })).toBeFocused();
    await press('Enter');
    await expect(page.getByRole('button', { name: 'Start in this tab' })).toBeFocused();
    await press('Enter');

    await page.waitForURL(/localhost:4000/);
    await page.getByLabel('Username').focus();
    await page.keyboard.type(DEMO_USERS.alice.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_USERS.alice.password);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Allow' }).focus();
    await page.keyboard.press('Enter');

    await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
    await expect(stepHeading(page)).toBeFocused();
    await expect(stepHeading(page)).toHaveText('Token request (authorization_code)');
    await press('Tab');
    await expect(page.getByRole('button', { name: 'Send request' })).toBeFocused();
    await press('Enter');
    await expect(stepHeading(page)).toHaveText('Validate the ID token');
    await expect(stepHeading(page)).toBeFocused();
    await press('Tab');
    await expect(page.getByRole('button', { name: 'Done → tokens' })).toBeFocused();
    await press('Enter');
    await expect(page.locator('#tokens-heading')).toBeFocused();
    await expect(page.getByRole('region', { name: 'id_token' })).toContainText('Signature verified');
    // The focus never fell to the page body on the way.
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);
    expect(presses).toBeLessThanOrEqual(15);
    recordFigure('keyboardPkcePresses', presses);
    test.info().annotations.push({ type: 'key presses', description: String(presses) });
  });

  test('Enter in a parameter field starts, and Enter in a request field sends', async ({ page }) => {
    await page.goto('/flows/code-pkce');
    await expect(page.getByTestId('authorize-url')).toContainText('code_challenge=');
    await page.getByRole('textbox', { name: /^scope —/ }).press('Enter');
    await signInAtDemoIdp(page, { allow: true });
    await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
    await page.getByRole('textbox', { name: /^redirect_uri/ }).press('Enter');
    await expect(stepHeading(page)).toHaveText('Validate the ID token');
    await expect(page.getByRole('region', { name: 'id_token' })).toContainText('Signature verified');
  });
});

test.describe('learning moments', () => {
  test.use({ viewport: { width: 1366, height: 900 } });

  async function startAndSignIn(page: Page): Promise<{ code: string; state: string; challenge: string }> {
    await page.goto('/flows/code-pkce');
    const url = new URL((await page.getByTestId('authorize-url').textContent()) ?? '');
    const callback = page.waitForRequest((request) =>
      request.url().startsWith('http://localhost:5173/callback?'),
    );
    await nextAction(page).click();
    await signInAtDemoIdp(page, { allow: true });
    const received = new URL((await callback).url());
    await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
    return {
      code: received.searchParams.get('code') ?? '',
      state: url.searchParams.get('state') ?? '',
      challenge: url.searchParams.get('code_challenge') ?? '',
    };
  }

  test('state sent beside state received, the code highlighted, the real code and verifier', async ({
    page,
  }) => {
    const sent = await startAndSignIn(page);
    expect(sent.code).not.toBe('');
    const verifier = await page.evaluate(
      () =>
        (
          JSON.parse(sessionStorage.getItem('token-playground.run.v1') ?? '{}') as {
            generated?: { codeVerifier?: string };
          }
        ).generated?.codeVerifier ?? '',
    );
    // Before sending: the request shows this run's code and verifier, no placeholders.
    const form = page.getByRole('form', { name: /Request: Token request/ });
    await expect(form.getByRole('textbox', { name: /^code —/ })).toHaveValue(sent.code);
    await expect(form.getByRole('textbox', { name: /^code_verifier/ })).toHaveValue(verifier);
    await form.getByLabel(/Mask this run’s code and code_verifier/).check();
    await expect(form.getByLabel(/^code_verifier/)).toHaveAttribute('type', 'password');
    await form.getByLabel(/Mask this run’s code and code_verifier/).uncheck();
    await nextAction(page).click();
    await expect(nextAction(page)).toHaveText('Done → tokens');

    await page
      .getByRole('region', { name: 'Steps' })
      .getByRole('button', { name: /Token request/ })
      .click();
    const values = page.getByRole('region', { name: 'This run’s code and code_verifier' });
    await expect(values.getByTestId('run-code')).toContainText(sent.code);
    await expect(values.getByTestId('run-code-verifier')).toContainText(verifier);
    await expect(values).not.toContainText('{{');
    await values.getByLabel('Mask the code and the code_verifier').check();
    await expect(values).not.toContainText(sent.code);
    const pkce = page.getByRole('region', { name: 'PKCE: the verifier against the challenge' });
    await expect(pkce.getByTestId('pkce-verdict')).toContainText('They match');
    await expect(page.getByRole('region', { name: 'Scopes requested and granted' })).toBeVisible();

    await page
      .getByRole('region', { name: 'Steps' })
      .getByRole('button', { name: /Redirect back to the app/ })
      .click();
    const callback = page.getByRole('region', { name: 'The redirect back, as received' });
    await expect(callback.getByTestId('state-sent')).toHaveText(sent.state);
    await expect(callback.getByTestId('state-received')).toHaveText(sent.state);
    await expect(callback.getByTestId('state-verdict')).toContainText('They match');
    await expect(callback.getByLabel('code')).toHaveText(sent.code);
    await expect(callback.getByTestId('callback-url')).toContainText(`state=${sent.state}`);

    await page
      .getByRole('region', { name: 'Steps' })
      .getByRole('button', { name: /Validate the ID token/ })
      .click();
    const checks = page.getByRole('table').filter({ hasText: 'what it compared' });
    for (const name of ['signature', 'iss', 'aud', 'exp', 'nonce']) {
      await expect(checks.getByRole('rowheader', { name, exact: true })).toBeVisible();
    }
    await expect(checks).toContainText('"aud" contains playground-spa');
    await page.screenshot({ path: path.join(SHOTS, 'learning-moments.png'), fullPage: true });
  });

  test('a wrong code_verifier: invalid_grant, and both hashes side by side', async ({ page }) => {
    const sent = await startAndSignIn(page);
    const wrong = 'wrong-verifier-0123456789-abcdefghijklmnopqrstuvwxyz';
    const form = page.getByRole('form', { name: /Request: Token request/ });
    await form.getByRole('textbox', { name: /^code_verifier/ }).fill(wrong);
    await nextAction(page).click();
    await expect(page.getByRole('alert').filter({ hasText: 'invalid_grant' }).first()).toBeVisible();
    const pkce = page.getByRole('region', { name: 'PKCE: the verifier against the challenge' });
    const expected = createHash('sha256').update(wrong).digest('base64url');
    await expect(pkce.getByTestId('pkce-sent-hash')).toHaveText(expected);
    await expect(pkce.getByTestId('pkce-challenge')).toHaveText(sent.challenge);
    await expect(pkce.getByTestId('pkce-verdict')).toContainText('They differ');
    await expect(pkce).toContainText('BASE64URL(SHA-256(code_verifier sent))');
    await page.screenshot({ path: path.join(SHOTS, 'pkce-failure.png'), fullPage: true });
  });
});

test.describe('device code on a projector at 1024×768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('the presenter view shows the user code, the QR code and the countdown on one screen', async ({
    page,
  }) => {
    await page.goto('/flows/device-code');
    await page.getByRole('button', { name: 'Presenter mode' }).click();
    await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeEnabled();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await nextAction(page).click();
    const code = page.getByTestId('presenter-user-code');
    await expect(code).toHaveText(/^[A-Z]{4}-[A-Z]{4}$/);
    const view = page.locator('[data-device-presenter]');
    const qr = view.getByRole('img', { name: /QR code that opens http:\/\/localhost:4000\/device/ });
    const countdown = view.getByTestId('presenter-countdown');
    await expect(countdown).toContainText(/\d+ (min|s)/);
    for (const item of [code, qr, countdown]) await expectInViewport(page, item);
    // The code reads as one line, the way it is typed.
    expect(
      await code.evaluate(
        (element) =>
          element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight),
      ),
    ).toBeLessThan(1.5);
    const diagram = view.locator('svg[data-sequence-diagram]');
    await expect(diagram).toBeVisible();
    // Beside the diagram, on the same screen: the two columns share rows, the diagram starts on screen.
    const diagramBox = await diagram.boundingBox();
    const codeBox = await code.boundingBox();
    expect(diagramBox && codeBox).toBeTruthy();
    if (diagramBox && codeBox) {
      expect(diagramBox.y).toBeLessThan(768);
      expect(diagramBox.y + diagramBox.height).toBeGreaterThan(codeBox.y);
      expect(diagramBox.x + diagramBox.width).toBeLessThanOrEqual(codeBox.x);
    }
    expect(await horizontalOverflow(page)).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, '1024x768-device-presenter.png') });
  });
});
