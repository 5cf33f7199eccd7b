import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, signInAtDemoIdp, test } from './fixtures';
import { recordFigure } from './teaching-support';

// A whole code + PKCE run in a shared, loaded browser takes longer than the default minute.
test.describe.configure({ timeout: 180_000 });

/**
 * The figures issue 14 asks for, measured on a finished code + PKCE run: page heights (normal and
 * presenter), what each part of the page takes, Tab presses and scroll distances to the next action.
 * They are written to .tmp/teaching-figures.json (one key per test) for the session note.
 */
const SHOTS = path.join(process.cwd(), '.tmp', 'screenshots', 'teaching-figures');
mkdirSync(SHOTS, { recursive: true });

/** The page's height and the height of each top-level part of the run view, by its heading. */
async function heights(page: Page) {
  return page.evaluate(() => {
    const parts: Record<string, number> = {};
    for (const heading of document.querySelectorAll('main h2')) {
      const section = heading.closest('section') ?? heading.parentElement;
      if (section) parts[heading.textContent.trim()] = Math.round(section.getBoundingClientRect().height);
    }
    return { page: document.documentElement.scrollHeight, parts };
  });
}

/** Tab presses from the top of the page until the focused element's text matches. */
async function tabsTo(page: Page, name: RegExp, limit = 200): Promise<number> {
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() => document.activeElement?.textContent.trim() ?? '');
    if (name.test(text)) return presses;
  }
  return Number.POSITIVE_INFINITY;
}

/** How far the page must scroll for the element to be wholly in view (0 when it already is). */
async function scrollDistance(page: Page, selector: string): Promise<number> {
  return page.evaluate((css) => {
    const element = document.querySelector(css);
    if (!element) return -1;
    const box = element.getBoundingClientRect();
    if (box.top < 0) return Math.round(box.top);
    return Math.round(Math.max(0, box.bottom - window.innerHeight));
  }, selector);
}

test.describe('figures at 1366×900', () => {
  test.use({ viewport: { width: 1366, height: 900 } });

  test('a finished code + PKCE run: page height, normal and presenter, and what takes it', async ({
    page,
  }) => {
    await page.goto('/flows/code-pkce');
    await expect(page.getByTestId('authorize-url')).toContainText('code_challenge=');
    const startScroll = await scrollDistance(page, '#next-action');
    await page.locator('#next-action').click();
    await signInAtDemoIdp(page, { allow: true });
    await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
    await expect(page.locator('#next-action')).toHaveText('Send request');
    const sendScroll = await scrollDistance(page, '#next-action');
    await page.locator('#next-action').click();
    await expect(page.getByRole('region', { name: 'id_token' })).toContainText('Signature verified');
    await page.waitForLoadState('networkidle');
    const normal = await heights(page);
    await page.screenshot({ path: path.join(SHOTS, '1366x900-code-pkce-done.png'), fullPage: true });
    await page.getByRole('button', { name: 'Presenter mode' }).click();
    await expect(page.locator('[data-presenter-stage]')).toBeVisible();
    const presenter = await heights(page);
    await page.screenshot({
      path: path.join(SHOTS, '1366x900-code-pkce-done-presenter.png'),
      fullPage: true,
    });
    recordFigure('finishedCodePkce1366', { normal, presenter, startScroll, sendScroll });
    // Issue 14 measured 6,600 px (9,300 in presenter mode), and 6,401 / 8,490 px on this branch
    // before the tokens were folded under their summary cards; each step is now told once.
    expect(normal.page).toBeLessThan(3600);
    expect(presenter.page).toBeLessThan(4800);
  });

  test('Tab presses to Start, with and without the skip link, and to Send after the redirect', async ({
    page,
  }) => {
    await page.goto('/flows/code-pkce');
    await expect(page.getByTestId('authorize-url')).toContainText('code_challenge=');
    const toStartWithoutSkip = await tabsTo(page, /^Start in this tab$/);
    await page.goto('/flows/code-pkce');
    await expect(page.getByTestId('authorize-url')).toContainText('code_challenge=');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to the next action' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Start in this tab' })).toBeFocused();
    await page.keyboard.press('Enter');
    await signInAtDemoIdp(page, { allow: true });
    await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
    await expect(page.locator('#step-detail-heading')).toBeFocused();
    const toSend = await tabsTo(page, /^Send request$/);
    recordFigure('tabPresses', { toStartWithoutSkip, toStartWithSkip: 2, toSendAfterRedirect: toSend });
    expect(toSend).toBe(1);
  });
});
