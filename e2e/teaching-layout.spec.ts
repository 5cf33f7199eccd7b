import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO_USERS, expect, getTokenWithPassword, test } from './fixtures';
import { REFERENCE_VIEWPORTS, recordFigure } from './teaching-support';

// A whole code + PKCE run in a shared, loaded browser takes longer than the default minute.
test.describe.configure({ timeout: 180_000 });

/** Screenshots of this spec are kept here (Playwright empties test-results/ on every run). */
const SHOTS = path.join(process.cwd(), '.tmp', 'screenshots', 'teaching');
mkdirSync(SHOTS, { recursive: true });

const VIEWPORTS = [{ width: 320, height: 640 }, ...REFERENCE_VIEWPORTS] as const;

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

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Every label of every sequence diagram on the page: any line wider than the room it was given, any
 * line poking out of the picture, and any ellipsis (a cut label) is reported.
 */
async function clippedDiagramLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const svg of document.querySelectorAll<SVGSVGElement>('svg[data-sequence-diagram]')) {
      const box = svg.viewBox.baseVal;
      for (const text of svg.querySelectorAll<SVGTextElement>('text')) {
        const content = text.textContent;
        if (content.includes('…')) problems.push(`cut: ${content}`);
        const room = Number(text.dataset.maxWidth ?? box.width);
        for (const line of text.querySelectorAll<SVGTSpanElement>('tspan')) {
          const length = line.getComputedTextLength();
          if (length > room + 1) problems.push(`"${line.textContent}" is ${length} px in ${room} px`);
          const bounds = line.getBBox();
          if (bounds.x < box.x - 1 || bounds.x + bounds.width > box.x + box.width + 1) {
            problems.push(`"${line.textContent}" leaves the picture`);
          }
        }
      }
      if (svg.getBoundingClientRect().right > document.documentElement.clientWidth + 1) {
        problems.push('the diagram is wider than the page');
      }
    }
    return problems;
  });
}

async function runCodePkce(page: Page) {
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
  await expect(page.getByRole('region', { name: 'id_token' })).toContainText('Signature verified');
}

for (const viewport of VIEWPORTS) {
  const size = `${viewport.width}x${viewport.height}`;
  test.describe(`at ${size}`, () => {
    test.use({ viewport });

    test('no route scrolls sideways', async ({ page }) => {
      test.setTimeout(420_000);
      const overflowing: string[] = [];
      for (const route of ROUTES) {
        await page.goto(route);
        await page.waitForLoadState('networkidle');
        const overflow = await horizontalOverflow(page);
        if (overflow > 0) overflowing.push(`${route}: ${overflow} px`);
      }
      expect(overflowing).toEqual([]);
    });

    test('a finished PKCE run: no sideways scroll, no cut or overflowing diagram label', async ({ page }) => {
      await runCodePkce(page);
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await clippedDiagramLabels(page)).toEqual([]);
      // Every lane is drawn at every width (the phone once showed two of five).
      await expect(page.locator('svg[data-sequence-diagram] [data-lane]')).toHaveCount(5);
      await page.screenshot({ path: path.join(SHOTS, `${size}-code-pkce-done.png`) });
    });

    test('the inspector with a token: summary first, no sideways scroll', async ({ page, request }) => {
      const tokens = await getTokenWithPassword(request, {
        username: DEMO_USERS.alice.username,
        password: DEMO_USERS.alice.password,
        scope: 'openid profile email api.read',
      });
      await page.goto('/inspect');
      await page.getByLabel('Token', { exact: true }).fill(tokens.access_token);
      const summary = page.getByRole('region', { name: 'Summary' });
      await expect(summary.getByTestId('verification-line')).toContainText('Signature verified');
      await expect(summary).toContainText('api://playground-api');
      // The summary sits on the first screen, above the claims.
      const top = await summary.evaluate((element) => element.getBoundingClientRect().top);
      // Figures for the note: where the claims start (1,165–1,914 px before issue 14) and the height.
      recordFigure(
        `inspector${size}`,
        await page.getByRole('table', { name: 'Claims' }).evaluate((table) => ({
          claimsStartAt: Math.round(table.getBoundingClientRect().top + window.scrollY),
          page: document.documentElement.scrollHeight,
        })),
      );
      expect(top).toBeLessThan(viewport.height);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.screenshot({ path: path.join(SHOTS, `${size}-inspector.png`) });
    });
  });
}

/** An unsigned-looking token carrying Entra's documented claims (the signature is not the point here). */
function entraShapedToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return [
    part({ alg: 'RS256', typ: 'JWT', kid: 'not-a-real-key' }),
    part({
      iss: 'http://localhost:4000',
      aud: 'api://playground-api',
      sub: 'a-long-subject-identifier-0123456789abcdefghijklmnopqrstuvwxyz',
      exp: now + 3600,
      iat: now,
      scp: 'api.read api.write',
      app_displayname: 'Token Playground',
      platf: '3',
      ztdid: 'zero-touch-id',
      tenant_region_sub_scope: 'GCC',
      xms_tdbr: 'EU',
      aio: 'internal-aio-value',
      uti: 'internal-uti-value',
    }),
    'c2lnbmF0dXJl',
  ].join('.');
}

test.describe('the inspector on a phone (390×844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('claims are stacked cards, and documented Entra claims are not marked unknown', async ({ page }) => {
    await page.goto('/inspect');
    await page.getByLabel('Token', { exact: true }).fill(entraShapedToken());
    const claims = page.getByRole('table', { name: 'Claims' });
    await expect(claims).toBeVisible();
    // Each claim is a card as wide as the table: the value is never squeezed to a few characters a line.
    const rows = await claims.locator('tr[data-claim-name]').evaluateAll((rows) =>
      rows.map((row) => {
        const value = row.querySelector('td');
        return {
          name: row.getAttribute('data-claim-name'),
          display: getComputedStyle(row).display,
          rowWidth: row.getBoundingClientRect().width,
          valueWidth: value?.getBoundingClientRect().width ?? 0,
        };
      }),
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect(row.display, row.name ?? '').toBe('block');
      expect(row.valueWidth, row.name ?? '').toBeGreaterThan(0.8 * row.rowWidth);
    }
    for (const name of ['app_displayname', 'platf', 'ztdid', 'tenant_region_sub_scope', 'xms_tdbr']) {
      const row = page.locator(`tr[data-claim-name="${name}"]`);
      await expect(row, name).toBeAttached();
      await expect(row, name).not.toContainText('unknown');
    }
    expect(await horizontalOverflow(page)).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, '390x844-inspector-entra-claims.png'), fullPage: true });
  });
});

test.describe('presenter mode at 1920×1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('the diagram takes at least 80 % of the width and no label is cut', async ({ page }) => {
    await runCodePkce(page);
    await page.getByRole('button', { name: 'Presenter mode' }).click();
    const stage = page.locator('[data-presenter-stage] svg[data-sequence-diagram]');
    await expect(stage).toBeVisible();
    const width = await stage.evaluate((svg) => svg.getBoundingClientRect().width);
    expect(width).toBeGreaterThanOrEqual(0.8 * 1920);
    recordFigure('presenterDiagram1920', {
      width: Math.round(width),
      share: Math.round((width / 1920) * 100),
    });
    expect(await clippedDiagramLabels(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, '1920x1080-presenter.png') });
  });
});

test.describe('presenter mode at 1024×768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('does not scroll sideways and shows every lane', async ({ page }) => {
    await runCodePkce(page);
    await page.getByRole('button', { name: 'Presenter mode' }).click();
    const stage = page.locator('[data-presenter-stage] svg[data-sequence-diagram]');
    await expect(stage.locator('[data-lane]')).toHaveCount(5);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await clippedDiagramLabels(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, '1024x768-presenter.png') });
  });
});
