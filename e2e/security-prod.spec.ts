import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { DEMO_USERS, expect, getTokenWithPassword, test as guarded } from './fixtures';

// The production build under its Content Security Policy (issue 7), served as `npm start` serves it
// (decision 0170). The `prod` project of playwright.config.ts maps http://localhost:5173 to this
// server inside Chromium (--host-resolver-rules), so the app keeps the origin the local IdP knows
// as redirect URI.

const PREVIEW_PORT = 4173;
const ROOT = path.resolve(import.meta.dirname, '..');
const OUT_DIR = path.join(ROOT, '.tmp', 'dist-prod');
const VITE = path.join(ROOT, 'node_modules', '.bin', 'vite');

interface PreviewFixtures {
  preview: string;
}
interface CspFixtures {
  cspViolations: string[];
}

const test = guarded.extend<CspFixtures, PreviewFixtures>({
  preview: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const build = spawnSync(VITE, ['build', '--outDir', OUT_DIR, '--emptyOutDir'], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
      // The server `npm start` serves dist/ with (server/static-build.js), on a port of its own.
      const server = spawn(
        process.execPath,
        [
          '--input-type=module',
          '--eval',
          `import { startAppServer } from './server/static-build.js';
await startAppServer({ distDir: process.argv[1], port: ${PREVIEW_PORT} });`,
          OUT_DIR,
        ],
        { cwd: ROOT, stdio: 'ignore' },
      );
      const origin = `http://127.0.0.1:${PREVIEW_PORT}`;
      const deadline = Date.now() + 20_000;
      for (;;) {
        try {
          if ((await fetch(origin)).ok) break;
        } catch {
          if (Date.now() > deadline) throw new Error(`the app server did not answer on ${origin}`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      await use(origin);
      server.kill('SIGTERM');
    },
    { scope: 'worker' },
  ],

  // Every CSP violation of any page in the context fails the test.
  cspViolations: [
    async ({ context, preview }, use) => {
      expect(preview).toContain(String(PREVIEW_PORT));
      const violations: string[] = [];
      await watchViolations(context, violations);
      await use(violations);
      expect(violations, 'Content Security Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

async function watchViolations(context: BrowserContext, violations: string[]) {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  const watchPage = (page: Page) => {
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && /CSP violation|Content Security Policy/i.test(text)) {
        violations.push(`${page.url()}: ${text}`);
      }
    });
  };
  context.on('page', watchPage);
  context.pages().forEach(watchPage);
}

/** The page is the production build, served with the policy as a header and a meta element. */
async function expectProductionBuild(page: Page) {
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("object-src 'none'");
  const scripts = await page
    .locator('script')
    .evaluateAll((elements) =>
      elements.map((element) => ({ src: element.getAttribute('src'), text: element.textContent })),
    );
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((script) => !script.src || script.text)).toEqual([]);
}

test.describe('production build @prod', () => {
  test('the home page loads under the policy, which refuses foreign scripts', async ({
    page,
    cspViolations,
  }) => {
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectProductionBuild(page);

    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);

    // A script from a non-self source is refused (an injected <script> could only come from markup).
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.src = 'data:text/javascript,window.__injected=1';
      const settled = new Promise((resolve) => {
        script.onerror = resolve;
        script.onload = resolve;
      });
      document.body.append(script);
      await settled;
      return (window as { __injected?: number }).__injected;
    });
    expect(ran).toBeUndefined();
    // That refusal is the policy working, not a failure of the app: it is taken off the list.
    await expect.poll(() => cspViolations.some((entry) => entry.includes('data'))).toBe(true);
    await page.waitForTimeout(300);
    const expected = cspViolations.filter((entry) => entry.includes('data'));
    cspViolations.splice(
      0,
      cspViolations.length,
      ...cspViolations.filter((entry) => !expected.includes(entry)),
    );
  });

  test('the inspector decodes and verifies a token from the local IdP', async ({ page, request }) => {
    const tokens = await getTokenWithPassword(request, {
      username: DEMO_USERS.alice.username,
      password: DEMO_USERS.alice.password,
      scope: 'openid profile api.read',
    });
    await page.goto('/inspect');
    await expectProductionBuild(page);
    await page.getByRole('textbox', { name: 'Token' }).fill(tokens.id_token ?? '');
    const view = page.getByRole('article', { name: 'Token' });
    await expect(view.getByRole('table', { name: 'Claims' })).toContainText('alice');
    await expect(view.getByRole('status', { name: 'Signature' })).toContainText('Signature verified');
  });

  test('authorization code + PKCE against the local IdP reaches verified tokens', async ({ page }) => {
    await page.goto('/flows/code-pkce');
    await expectProductionBuild(page);
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await page.waitForURL(/localhost:4000/);
    await page.getByLabel('Username').fill(DEMO_USERS.alice.username);
    await page.getByLabel('Password').fill(DEMO_USERS.alice.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
    await expectProductionBuild(page);
    await page.getByRole('button', { name: 'Send request' }).click();
    const validation = page
      .getByRole('region', { name: 'Steps' })
      .getByRole('button', { name: /Validate the ID token/ });
    await expect(validation).toContainText('Done');
    await expect(validation).toContainText('Signature verified');
  });

  // Issue 16: the static pages are HTML at build time; the browser adopts that HTML (hydration).
  const STATIC_PAGES = [
    { path: '/', heading: 'Token Playground', link: 'Inspect a token' },
    { path: '/inspect', heading: 'Token inspector', link: 'Run a flow' },
    { path: '/flows', heading: 'Run a flow', link: 'Settings' },
    { path: '/settings', heading: 'Settings', link: 'Setups' },
    { path: '/setups', heading: 'Setups', link: 'Home' },
  ];

  test('each static page paints its heading and navigation with JavaScript off', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const { path: pathname, heading } of STATIC_PAGES) {
      await page.goto(pathname);
      await expect(page.getByRole('heading', { level: 1, name: heading, exact: true })).toBeVisible();
      // Home, Inspect a token, Run a flow, Attack lab, Setups, Settings.
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveCount(6);
    }
    // Any other address gets the header-only shell, never another page's content.
    await page.goto('/flows/code-pkce');
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(0);
    await expect(page.getByText('Token Playground')).toBeVisible();
    await context.close();
  });

  test('the browser adopts the prerendered HTML without errors and keeps stored settings', async ({
    page,
  }) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    // Presenter mode is stored: the prerendered HTML shows it off, the adopted page must show it on.
    await page.addInitScript(() => localStorage.setItem('token-playground.presenter.v1', 'true'));
    for (const { path: pathname, heading, link } of STATIC_PAGES) {
      // The start script waits until the prerendered heading has been marked.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(pathname, { waitUntil: 'commit' });
      const title = page.getByRole('heading', { level: 1, name: heading, exact: true });
      await expect(title).toBeVisible();
      await title.evaluate((element) => Object.assign(element, { prerendered: true }));
      release();
      const presenter = page.getByRole('button', { name: 'Presenter mode' });
      await expect(presenter).toHaveAttribute('aria-pressed', 'true');
      await expect(page.locator('html')).toHaveClass(/presenter/);
      // The same element, now React's: adopted, not replaced.
      expect(await title.evaluate((element) => 'prerendered' in element)).toBe(true);
      await page.unroute(/\/assets\/index-[^/]+\.js$/);
      // Client-side navigation works (no reload: the window keeps its mark).
      await page.evaluate(() => Object.assign(window, { stayed: true }));
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
      await expect(page.locator('main h1')).toBeVisible();
      expect(await page.evaluate(() => 'stayed' in window)).toBe(true);
    }
    // The settings page probes the companion, which may not answer here; everything else must be quiet.
    expect(problems.filter((text) => !text.includes('Failed to load resource'))).toEqual([]);
  });
});
