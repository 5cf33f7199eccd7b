import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO_USERS, expect, test } from './fixtures';
import { REFERENCE_VIEWPORTS } from './teaching-support';

const ROUTES: readonly { name: string; path: string; ready: (page: Page) => Promise<void> }[] = [
  { name: 'home', path: '/', ready: heading('Token Playground') },
  { name: 'inspect', path: '/inspect', ready: heading('Token inspector') },
  { name: 'flows', path: '/flows', ready: heading(/flow/i) },
  {
    name: 'flow page before a run',
    path: '/flows/code-pkce',
    ready: async (page) => {
      await expect(page.getByTestId('authorize-url')).toContainText('code_challenge=');
    },
  },
  { name: 'settings', path: '/settings', ready: heading('Settings') },
  { name: 'setups', path: '/setups', ready: heading('Setups') },
  { name: 'attack lab', path: '/attack-lab', ready: heading('Attack lab') },
  { name: 'not found', path: '/no-such-page', ready: heading('Page not found') },
  { name: 'callback', path: '/callback', ready: async (page) => page.waitForLoadState('networkidle') },
  { name: 'logged-out', path: '/logged-out', ready: async (page) => page.waitForLoadState('networkidle') },
];

function heading(name: string | RegExp) {
  return async (page: Page) => {
    await expect(page.getByRole('heading', { level: 1, name }).first()).toBeVisible();
  };
}

type Mode = 'light' | 'dark' | 'presenter (light)' | 'presenter (dark)';
const MODES: readonly Mode[] = ['light', 'dark', 'presenter (light)', 'presenter (dark)'];

async function applyMode(page: Page, mode: Mode) {
  await page.emulateMedia({ colorScheme: mode.includes('dark') ? 'dark' : 'light' });
  const presenter = mode.startsWith('presenter');
  await page.addInitScript((on) => {
    localStorage.setItem('token-playground.presenter.v1', JSON.stringify(on));
  }, presenter);
}

/** Serious and critical axe violations, each as "rule: target (summary)" for a readable failure. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.id}: ${node.target.join(' ')} (${node.failureSummary?.split('\n')[1]?.trim() ?? ''})`,
      ),
    );
}

async function runCodePkceToTokens(page: Page) {
  await page.goto('/flows/code-pkce');
  await expect(page.getByTestId('authorize-url')).toContainText('code_challenge=');
  await page.getByRole('button', { name: 'Start in this tab' }).click();
  await page.waitForURL(/localhost:4000/);
  await page.getByLabel('Username').fill(DEMO_USERS.alice.username);
  await page.getByLabel('Password').fill(DEMO_USERS.alice.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(
    page.getByRole('region', { name: 'Steps' }).getByRole('button', { name: /Validate the ID token/ }),
  ).toContainText('Done');
}

for (const mode of MODES) {
  test.describe(`axe, ${mode}`, () => {
    test.beforeEach(async ({ page }) => {
      await applyMode(page, mode);
    });

    for (const route of ROUTES) {
      test(`${route.name} has no serious or critical violations`, async ({ page }) => {
        await page.goto(route.path);
        await route.ready(page);
        if (mode.startsWith('presenter')) await expect(page.locator('html')).toHaveClass(/presenter/);
        expect(await seriousViolations(page)).toEqual([]);
      });
    }

    test('a flow page during a run (tokens shown) has no serious or critical violations', async ({
      page,
    }) => {
      await runCodePkceToTokens(page);
      await expect(page.getByRole('region', { name: 'id_token' })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

const WIDTH_SENSITIVE = new Set(['home', 'inspect', 'flow page before a run', 'attack lab']);

// Issue 14: the four reference screens (phone, small projector, laptop, full HD), the width-sensitive
// routes and a finished run, in light mode and in presenter mode.
for (const viewport of REFERENCE_VIEWPORTS) {
  test.describe(`axe at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('every route and a finished run, plain and presenter, have no serious or critical violations', async ({
      page,
    }) => {
      test.setTimeout(420_000);
      const found: string[] = [];
      // The pages whose layout changes most with the width (every route is checked in every mode above).
      for (const route of ROUTES.filter((item) => WIDTH_SENSITIVE.has(item.name))) {
        await page.goto(route.path);
        await route.ready(page);
        found.push(...(await seriousViolations(page)).map((line) => `${route.name}: ${line}`));
      }
      await runCodePkceToTokens(page);
      found.push(...(await seriousViolations(page)).map((line) => `finished run: ${line}`));
      await page.getByRole('button', { name: 'Presenter mode' }).click();
      await expect(page.locator('html')).toHaveClass(/presenter/);
      found.push(...(await seriousViolations(page)).map((line) => `finished run, presenter: ${line}`));
      expect(found).toEqual([]);
    });
  });
}

test.describe('keyboard only', () => {
  async function tabTo(page: Page, matches: () => Promise<boolean>, limit = 200) {
    for (let i = 0; i < limit; i += 1) {
      await page.keyboard.press('Tab');
      if (await matches()) return;
    }
    throw new Error('the element was not reached with Tab');
  }

  function focusedIs(page: Page, role: 'button' | 'link' | 'textbox', name: string) {
    return () =>
      page.evaluate(
        ({ role: expectedRole, name: expectedName }) => {
          const element = document.activeElement;
          if (!element) return false;
          const text = (element.getAttribute('aria-label') ?? element.textContent).trim();
          const tag = element.tagName.toLowerCase();
          const roleOk =
            expectedRole === 'button'
              ? tag === 'button' || (tag === 'input' && (element as HTMLInputElement).type === 'submit')
              : expectedRole === 'link'
                ? tag === 'a'
                : tag === 'input';
          const label =
            tag === 'input' ? ((element as HTMLInputElement).labels?.[0]?.textContent ?? '') : text;
          const value = tag === 'input' ? (element as HTMLInputElement).value : '';
          return roleOk && (label.trim().startsWith(expectedName) || value === expectedName);
        },
        { role, name },
      );
  }

  test('authorization code + PKCE from the home page to decoded tokens with Tab and Enter only', async ({
    page,
  }) => {
    await page.goto('/');
    await tabTo(page, focusedIs(page, 'link', 'Try it now'));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('authorize-url')).toContainText('code_challenge=');
    await tabTo(page, focusedIs(page, 'button', 'Start in this tab'));
    const focusRing = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(focusRing).not.toBe('none');
    await page.keyboard.press('Enter');

    await page.waitForURL(/localhost:4000/);
    await tabTo(page, focusedIs(page, 'textbox', 'Username'));
    await page.keyboard.type(DEMO_USERS.alice.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_USERS.alice.password);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Allow' })).toBeVisible();
    await tabTo(page, focusedIs(page, 'button', 'Allow'));
    await page.keyboard.press('Enter');

    await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
    await expect(page.getByRole('button', { name: 'Send request' })).toBeVisible();
    await tabTo(page, focusedIs(page, 'button', 'Send request'));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('region', { name: 'id_token' })).toContainText('"name": "Alice Example"');
  });

  test('focus is visible on links, buttons and fields', async ({ page }) => {
    await page.goto('/setups');
    await expect(page.getByRole('heading', { level: 1, name: 'Setups' })).toBeVisible();
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab');
      const outline = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement!);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      expect(outline.style).not.toBe('none');
      expect(outline.width).toBeGreaterThanOrEqual(2);
    }
  });
});
