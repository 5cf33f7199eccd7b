import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from '@playwright/test';
import { DEMO_SECRETS, DEMO_USERS, auditStorage, expect, test } from './fixtures';

const run = promisify(execFile);

function param(page: Page, name: string) {
  return page.getByRole('textbox', { name: new RegExp(`^${name} —`) });
}

function step(page: Page, title: RegExp | string) {
  return page.getByRole('region', { name: 'Steps' }).getByRole('button', { name: title });
}

async function signInAndAllow(page: Page, click: (locator: Locator) => Promise<void>) {
  await page.waitForURL(/localhost:4000/);
  await page.getByLabel('Username').fill(DEMO_USERS.alice.username);
  await page.getByLabel('Password').fill(DEMO_USERS.alice.password);
  await click(page.getByRole('button', { name: 'Sign in' }));
  await click(page.getByRole('button', { name: 'Allow' }));
  await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
}

async function runCodePkce(page: Page) {
  await page.goto('/flows/code-pkce');
  await expect(page.getByTestId('authorize-url')).toContainText('code_challenge=');
  await page.getByRole('button', { name: 'Start in this tab' }).click();
  await signInAndAllow(page, (locator) => locator.click());
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(step(page, /Validate the ID token/)).toContainText('Done');
}

function savedSetup(page: Page, name: string) {
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });
}

test('onboarding: a newcomer reaches decoded tokens from the home page in at most five clicks', async ({
  page,
}) => {
  let clicks = 0;
  const click = async (locator: Locator) => {
    clicks += 1;
    await locator.click();
  };
  await page.goto('/');
  await click(page.getByRole('link', { name: /^Try it now/ }));
  await expect(page.getByTestId('authorize-url')).toContainText('code_challenge=');
  await click(page.getByRole('button', { name: 'Start in this tab' }));
  await signInAndAllow(page, click);
  await click(page.getByRole('button', { name: 'Send request' }));
  await expect(page.getByRole('region', { name: 'id_token' })).toContainText('"name": "Alice Example"');
  expect(clicks).toBeLessThanOrEqual(5);
});

test.describe('saved setups', () => {
  test('save from a flow page, rename, duplicate, switch and delete; no secret is stored', async ({
    page,
  }) => {
    await page.goto('/flows/code-pkce');
    await expect(page.getByTestId('authorize-url')).toContainText('code_challenge=');
    // prompt and login_hint are folded with the other optional parameters.
    await page.getByText(/^More parameters/).click();
    await page.getByLabel(/^prompt —/).fill('login');
    await param(page, 'login_hint').fill('bob');
    await page.getByRole('button', { name: 'Save as setup' }).click();
    await page.getByLabel('Setup name').fill('Workshop PKCE');
    await page.getByRole('button', { name: 'Save setup' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved as "Workshop PKCE"' })).toBeVisible();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Setups' }).click();
    const item = savedSetup(page, 'Workshop PKCE');
    await expect(item).toContainText('Authorization code + PKCE');
    await item.getByRole('button', { name: 'Rename' }).click();
    await item.getByLabel('New name').fill('Demo 1');
    await item.getByRole('button', { name: 'Save name' }).click();
    const renamed = savedSetup(page, 'Demo 1');
    await renamed.getByRole('button', { name: 'Duplicate' }).click();
    await expect(savedSetup(page, 'Demo 1 (copy)')).toBeVisible();

    // The copy gets a name already used: refused, in words.
    const copy = savedSetup(page, 'Demo 1 (copy)');
    await copy.getByRole('button', { name: 'Rename' }).click();
    await copy.getByLabel('New name').fill('demo 1');
    await copy.getByRole('button', { name: 'Save name' }).click();
    await expect(copy.getByRole('alert')).toHaveText('Another setup is already called "Demo 1".');
    await copy.getByRole('button', { name: 'Delete' }).click();
    await copy.getByRole('button', { name: 'Yes, delete' }).click();
    await expect(savedSetup(page, 'Demo 1 (copy)')).toHaveCount(0);

    // Another flow's draft, then switching back restores the setup's parameters on fresh state.
    const before = await page.evaluate(() => sessionStorage.getItem('token-playground.drafts.v1'));
    await savedSetup(page, 'Demo 1').getByRole('button', { name: 'Switch to Demo 1' }).click();
    await expect(page).toHaveURL(/\/flows\/code-pkce$/);
    await page.getByText(/^More parameters/).click();
    await expect(page.getByLabel(/^prompt —/)).toHaveValue('login');
    // login_hint is personal data (the sensitivity registry): a setup never keeps it.
    await expect(param(page, 'login_hint')).toHaveValue('');
    await expect(page.getByTestId('authorize-url')).toContainText('prompt=login');
    const after = await page.evaluate(() => sessionStorage.getItem('token-playground.drafts.v1'));
    const stateOf = (drafts: string | null) =>
      (JSON.parse(drafts ?? '{}') as Record<string, { authorizeParams: { state: string } }>)['code-pkce']
        ?.authorizeParams.state;
    expect(stateOf(after)).toBeTruthy();
    expect(stateOf(after)).not.toBe(stateOf(before));

    const stored = await page.evaluate(() => localStorage.getItem('token-playground.setups.v1'));
    expect(stored).toContain('"prompt":"login"');
    expect(stored).not.toMatch(/"state"|"nonce"|code_verifier|codeVerifier/);
    await auditStorage(page, { secrets: [...DEMO_SECRETS] });
  });

  test('a confidential client: the secret is asked again after switching, never saved', async ({ page }) => {
    await page.goto('/flows/code-confidential');
    await expect(page.getByTestId('authorize-url')).toContainText('client_id=playground-web');
    await page.getByRole('button', { name: 'Save as setup' }).click();
    await page.getByLabel('Setup name').fill('Web app');
    await page.getByRole('button', { name: 'Save setup' }).click();
    await page.goto('/setups');
    await expect(page.getByText('Setups never contain a secret')).toBeVisible();
    await auditStorage(page, { secrets: [...DEMO_SECRETS] });
    const file = await download(page, () =>
      savedSetup(page, 'Web app').getByRole('button', { name: 'Export' }).click(),
    );
    expect(file).not.toContain('playground-web-secret');
    expect(JSON.parse(file)).toMatchObject({
      format: 'token-playground.setups',
      version: 1,
      setups: [{ name: 'Web app', flowId: 'code-confidential', clientId: 'playground-web' }],
    });
  });

  test('import: a bad file is refused with the field named and nothing saved changes; a good one is added', async ({
    page,
  }, testInfo) => {
    await page.goto('/setups');
    await page
      .getByRole('button', { name: 'Save Local IdP: Authorization code + PKCE to your setups' })
      .click();
    const existing = await page.evaluate(() => localStorage.getItem('token-playground.setups.v1'));
    const exported = await download(page, () => page.getByRole('button', { name: 'Export all' }).click());

    const bad = JSON.parse(exported) as { setups: Record<string, unknown>[] };
    bad.setups.push({ ...bad.setups[0], name: 'Second', flowId: 'teleport' });
    const badPath = testInfo.outputPath('bad-setups.json');
    await writeFile(badPath, JSON.stringify(bad));
    await page.getByLabel('Import from a JSON file').setInputFiles(badPath);
    await expect(page.getByRole('alert')).toContainText('"setups.1.flowId" must be one of');
    await expect(page.getByRole('alert')).toContainText('Nothing was imported');
    expect(await page.evaluate(() => localStorage.getItem('token-playground.setups.v1'))).toBe(existing);

    const goodPath = testInfo.outputPath('good-setups.json');
    await writeFile(goodPath, exported);
    await page.getByLabel('Import from a JSON file').setInputFiles(goodPath);
    await expect(page.getByRole('status').filter({ hasText: 'Imported 1 setup' })).toBeVisible();
    await expect(savedSetup(page, 'Local IdP: Authorization code + PKCE (2)')).toBeVisible();
  });

  test('share link: preview before copying, fragment only, hostile content shown as text, import on request', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/setups');
    await page.getByRole('button', { name: 'Save Local IdP: Client credentials to your setups' }).click();
    const item = page.getByRole('listitem').filter({ hasText: 'Local IdP: Client credentials' }).first();
    await item.getByRole('button', { name: 'Share link' }).click();
    const preview = page.getByLabel('What the link contains');
    await expect(preview).toContainText('"clientId": "playground-web"');
    await expect(preview).not.toContainText('secret"');
    const link = (await page.getByLabel('Share link').textContent()) ?? '';
    expect(link).toMatch(/^http:\/\/localhost:5173\/setups#setup=[A-Za-z0-9_-]+$/);
    await page.getByRole('button', { name: 'Copy link' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    const hostile = {
      format: 'token-playground.setups',
      version: 1,
      setups: [
        {
          name: '<img src=x onerror="window.pwned=1">',
          provider: {
            kind: 'local',
            localIssuer: 'http://localhost:4000',
            entraTenant: 'common',
            entraCloud: 'global',
            customUrl: '',
          },
          flowId: 'code-pkce',
          clientId: '<script>window.pwned=1</script>',
          authMethod: 'none',
          via: 'direct',
          authorizeParams: { scope: 'openid' },
          tokenParams: {},
          extraParams: [],
        },
      ],
    };
    const encoded = Buffer.from(JSON.stringify(hostile)).toString('base64url');
    await page.goto(`/setups#setup=${encoded}`);
    const shared = page.getByRole('region', { name: 'A setup shared with you' });
    await expect(shared).toContainText('<img src=x onerror="window.pwned=1">');
    await expect(shared).toContainText('<script>window.pwned=1</script>');
    expect(await page.evaluate(() => (window as Window & { pwned?: number }).pwned)).toBeUndefined();
    await shared.getByRole('button', { name: 'Import this setup' }).click();
    await expect(page.getByText('Saved as "<img src=x onerror="window.pwned=1">"')).toBeVisible();
    expect(page.url()).not.toContain('#setup=');

    await page.goto('/setups#setup=eyJub3QiOiJhIHNldHVwIn0');
    await expect(page.getByRole('alert')).toContainText('"format" is missing');
  });

  test('ready-made setups cover every flow and Entra templates say what the registration needs', async ({
    page,
  }) => {
    await page.goto('/flows');
    const flowLinks = page.getByRole('main').locator('a[href^="/flows/"]');
    await expect(flowLinks.first()).toBeVisible();
    const flowIds = new Set(
      (await flowLinks.evaluateAll((links) => links.map((link) => link.getAttribute('href')))).filter(
        Boolean,
      ),
    );
    expect(flowIds.size).toBeGreaterThanOrEqual(9);
    await page.goto('/setups');
    const ready = page.getByRole('button', { name: /^Open Local IdP: / });
    await expect(ready).toHaveCount(flowIds.size);
    for (const text of [
      'Single-page application',
      'Allow public client flows',
      'Grant admin consent',
      'http://localhost:5173/callback',
      'Application permissions',
    ]) {
      await expect(page.getByText(text, { exact: false }).first()).toBeVisible();
    }
    await page.getByRole('button', { name: 'Open Local IdP: Client credentials' }).click();
    await expect(page).toHaveURL(/\/flows\/client-credentials$/);
  });
});

async function download(page: Page, trigger: () => Promise<void>): Promise<string> {
  const pending = page.waitForEvent('download');
  await trigger();
  const file = await pending;
  const filePath = await file.path();
  return readFile(filePath, 'utf8');
}

test.describe('presenter mode and reset', () => {
  test('one switch: large type, masked personal data and signatures, keyboard steps; persisted', async ({
    page,
  }) => {
    await page.goto('/');
    const toggle = page.getByRole('button', { name: 'Presenter mode' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    const normalSize = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('html')).toHaveClass(/presenter/);
    const largeSize = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    expect(parseFloat(largeSize)).toBeGreaterThan(parseFloat(normalSize));
    await page.reload();
    await expect(page.getByRole('button', { name: 'Presenter mode' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await runCodePkce(page);
    const main = page.getByRole('main');
    await expect(page.getByRole('region', { name: 'id_token' })).toContainText('hidden');
    for (const personal of ['Alice Example', 'alice@example.test', DEMO_USERS.alice.sub]) {
      await expect(main).not.toContainText(personal);
    }
    const encoded = page.getByRole('region', { name: 'id_token' }).getByLabel('Encoded token');
    await expect(encoded).toContainText('••••••');

    const stage = page.getByRole('region', { name: 'Sequence' });
    await expect(stage.getByText('Keys (when this area has focus)')).toBeVisible();
    const current = stage.getByRole('group', { name: 'Current step' });
    await stage.focus();
    for (let i = 0; i < 6; i += 1) await page.keyboard.press('k');
    await expect(current).toContainText('Step 1 of');
    await expect(current.getByRole('heading', { level: 3 })).toHaveText('Authorization request (redirect)');
    await page.keyboard.press('j');
    await expect(current).toContainText('Step 2 of');
    await page.keyboard.press('ArrowRight');
    await expect(current).toContainText('Step 3 of');
    await page.keyboard.press('ArrowLeft');
    await expect(current).toContainText('Step 2 of');
  });

  test('presenter mode: no personal data nor the raw ID token anywhere on the page after a run', async ({
    page,
  }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Presenter mode' }).click();
    await runCodePkce(page);
    const idToken = await page.evaluate(() => {
      const stored = JSON.parse(sessionStorage.getItem('token-playground.run.v1') ?? '{}') as {
        values?: { id_token?: string };
      };
      return stored.values?.id_token ?? '';
    });
    expect(idToken.split('.')).toHaveLength(3);
    const personal = ['alice@example.test', 'Alice Example', DEMO_USERS.alice.sub, idToken];
    // textContent, not innerText: rows styled content-visibility: auto leave innerText while off
    // screen, which would let a value hide from this check (or from the one at the end).
    const pageText = () => page.evaluate(() => document.body.textContent);
    // Every step opened in turn: messages, exchanges and error explanations are all on screen at some point.
    const steps = page.getByRole('region', { name: 'Steps' }).locator('ol > li > button');
    for (let i = 0; i < (await steps.count()); i += 1) {
      await steps.nth(i).click();
      const text = await pageText();
      for (const value of personal) expect(text, `step ${i + 1}`).not.toContain(value);
    }
    await page.goto(`/inspect#id_token=${idToken}`);
    await expect(page.getByRole('region', { name: 'Verification' })).toBeVisible();
    const inspectorText = await pageText();
    const fields = await page
      .locator('textarea, input')
      .evaluateAll((elements) => elements.map((element) => (element as HTMLInputElement).value).join('\n'));
    for (const value of personal) {
      expect(inspectorText).not.toContain(value);
      expect(fields).not.toContain(value);
    }

    await page.getByRole('button', { name: 'Presenter mode' }).click();
    await expect(page.getByRole('button', { name: 'Presenter mode' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    await page.goto('/flows/code-pkce');
    await expect(step(page, /Validate the ID token/)).toContainText('Done');
    // Each token's claims and encoded form are folded under its summary card: opened, they show it all.
    for (const fold of await page.getByText('Claims, times, signature checks and encoded token').all())
      await fold.click();
    const plain = await pageText();
    for (const value of personal) expect(plain).toContain(value);
  });

  test('reset clears the run, tokens, drafts and log, stays on the flow, and keeps saved setups and settings', async ({
    page,
  }) => {
    await page.goto('/setups');
    await page
      .getByRole('button', { name: 'Save Local IdP: Authorization code + PKCE to your setups' })
      .click();
    await runCodePkce(page);
    const readVerifier = () =>
      page.evaluate(() => {
        const drafts = JSON.parse(sessionStorage.getItem('token-playground.drafts.v1') ?? '{}') as Record<
          string,
          { codeVerifier?: string } | undefined
        >;
        return drafts['code-pkce']?.codeVerifier;
      });
    const verifierBefore = await readVerifier();
    expect(verifierBefore).toBeTruthy();
    await page.getByRole('button', { name: 'Reset' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset the playground?' });
    await expect(dialog).toContainText('Saved setups and settings are kept');
    await dialog.getByRole('button', { name: 'Clear everything' }).click();
    // Still on the flow, ready for the next run.
    await expect(page).toHaveURL('http://localhost:5173/flows/code-pkce');
    await expect(page.getByRole('button', { name: 'Start in this tab' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'id_token' })).toHaveCount(0);
    // Only the fresh draft of the page on screen is left, with a new PKCE verifier; no token anywhere.
    await expect
      .poll(() => page.evaluate(() => Object.keys(sessionStorage)))
      .toEqual(['token-playground.drafts.v1']);
    expect(await readVerifier()).not.toBe(verifierBefore);
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toMatch(/eyJ/);
    // Nothing left to lose: the next reset is one click, without a dialog.
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'The playground was reset.' })).toBeAttached();
    await page.goto('/setups');
    await expect(savedSetup(page, 'Local IdP: Authorization code + PKCE')).toBeVisible();
  });

  test('reset can end the session at the demo IdP, so the next run shows the sign-in page', async ({
    page,
  }) => {
    await runCodePkce(page);
    await page.getByRole('button', { name: 'Reset' }).click();
    await page
      .getByRole('dialog', { name: 'Reset the playground?' })
      .getByRole('button', { name: 'Clear and sign out' })
      .click();
    await page.waitForURL(/localhost:4000\/session\/end/);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(/localhost:5173\/logged-out/);
    await page.goto('/flows/code-pkce');
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await page.waitForURL(/localhost:4000/);
    await expect(page.getByLabel('Username')).toBeVisible();
  });
});

test('whole-session export: the bash script of a client-credentials run gets a token from the local IdP', async ({
  page,
}, testInfo) => {
  await page.goto('/flows/client-credentials');
  await page.getByLabel('Demo client of the local IdP').selectOption('playground-web-post');
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(step(page, /Token request \(client_credentials\)/)).toContainText('Done');
  await expect(
    page.getByText('Secrets and tokens become named placeholders', { exact: false }).first(),
  ).toBeVisible();

  const script = await download(page, () =>
    page.getByRole('button', { name: 'Export as bash (curl)' }).click(),
  );
  expect(script).toContain('CLIENT_SECRET');
  expect(script).not.toContain('playground-web-post-secret');
  const scriptPath = testInfo.outputPath('client-credentials.sh');
  await writeFile(scriptPath, script);

  // Without the variable the script refuses to run and names it.
  const missing = await run('bash', [scriptPath], { env: { PATH: process.env.PATH ?? '' } }).catch(
    (error: unknown) => error as { code: number; stderr: string },
  );
  expect('code' in missing ? missing.code : 0).not.toBe(0);
  expect('stderr' in missing ? missing.stderr : '').toContain('CLIENT_SECRET');

  const { stdout } = await run('bash', [scriptPath], {
    env: { PATH: process.env.PATH ?? '', CLIENT_SECRET: 'playground-web-post-secret' },
    cwd: path.dirname(scriptPath),
  });
  const json = stdout.split('\n').find((line) => line.includes('"access_token"'));
  expect(json, stdout).toBeDefined();
  const body = JSON.parse(json ?? '{}') as { access_token?: string; token_type?: string };
  expect(body.token_type).toBe('Bearer');
  expect(body.access_token?.split('.')).toHaveLength(3);
});
