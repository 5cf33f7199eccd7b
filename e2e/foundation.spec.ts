import type { Page } from '@playwright/test';
import { DEMO_SECRETS, IDP_ORIGIN, auditStorage, expect, findStorageViolations, test } from './fixtures';

const SETTINGS_KEY = 'token-playground.settings.v1';

/** The value shown next to a field name in the discovery document's definition list. */
function discoveryValue(page: Page, field: string) {
  return page
    .getByRole('region', { name: 'Discovery document' })
    .locator('dt', { hasText: new RegExp(`^${field}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

test.describe('app shell', () => {
  test('home page shows the title and the main navigation', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Token Playground' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [name, href] of [
      ['Home', '/'],
      ['Inspect a token', '/inspect'],
      ['Run a flow', '/flows'],
      ['Settings', '/settings'],
    ] as const) {
      await expect(nav.getByRole('link', { name, exact: true })).toHaveAttribute('href', href);
    }
    await expect(nav.getByRole('link', { name: 'Home', exact: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });

  test('navigation moves between pages without a reload', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => {
      (window as Window & { notReloaded?: boolean }).notReloaded = true;
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page).toHaveURL('/settings');
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    expect(await page.evaluate(() => (window as Window & { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  test('an unknown route shows "Page not found" with the path', async ({ page }) => {
    await page.goto('/no-such-page/here');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByText('/no-such-page/here')).toBeVisible();
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Token Playground' })).toBeVisible();
  });

  test('the first Tab stop is the skip link, and it targets the main content', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await expect(skip).toHaveAttribute('href', '#main');
    await expect(page.getByRole('main')).toHaveAttribute('id', 'main');
  });
});

test.describe('settings: providers and discovery', () => {
  test('the local demo IdP is the default and its discovery document loads', async ({ page }) => {
    await page.goto('/settings');
    await expect(page.getByRole('radio', { name: /Local demo IdP/ })).toBeChecked();
    await expect(page.getByRole('status').filter({ hasText: 'Loaded from' })).toContainText(
      `${IDP_ORIGIN}/.well-known/openid-configuration`,
    );
    await expect(discoveryValue(page, 'issuer')).toHaveText(IDP_ORIGIN);
    await expect(discoveryValue(page, 'token_endpoint')).toHaveText(`${IDP_ORIGIN}/token`);
    await expect(discoveryValue(page, 'authorization_endpoint')).toHaveText(`${IDP_ORIGIN}/auth`);
    await expect(discoveryValue(page, 'device_authorization_endpoint')).toHaveText(
      `${IDP_ORIGIN}/device/auth`,
    );
    await expect(discoveryValue(page, 'jwks_uri')).toHaveText(`${IDP_ORIGIN}/jwks`);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test.describe('a custom issuer that is down', () => {
    test.use({ allowOrigins: ['http://127.0.0.1:59999'] });

    test('shows an error naming the host, not a blank screen', async ({ page, networkGuard }) => {
      await page.goto('/settings');
      await page.getByRole('radio', { name: /Custom provider/ }).check();
      await page.getByRole('textbox', { name: /Issuer or discovery URL/ }).fill('http://127.0.0.1:59999');
      const alert = page.getByRole('alert');
      await expect(alert).toContainText('Could not reach 127.0.0.1:59999');
      await expect(alert).toContainText('NETWORK');
      await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
      expect(networkGuard.urls).toContain('http://127.0.0.1:59999/.well-known/openid-configuration');
    });
  });

  test('a custom issuer that is not a URL gets the invalid-URL message, without a request', async ({
    page,
    networkGuard,
  }) => {
    await page.goto('/settings');
    await page.getByRole('radio', { name: /Custom provider/ }).check();
    await expect(page.getByText('Enter an issuer or discovery URL to load its document.')).toBeVisible();
    await page.getByRole('textbox', { name: /Issuer or discovery URL/ }).fill('not a url');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('"not a url" is not a URL');
    await expect(alert).toContainText('DISCOVERY_INVALID_URL');
    expect(networkGuard.urls.filter((url) => url.includes('not'))).toEqual([]);
  });

  test('Entra ID with an invalid tenant explains the tenant and calls no Microsoft host', async ({
    page,
    networkGuard,
  }) => {
    // The default tenant "common" is valid, so choosing Entra ID would fetch Microsoft's discovery
    // document at once (unreachable here). Start from a stored invalid tenant instead.
    await page.goto('/settings');
    await page.evaluate(
      ([key, tenant]) => {
        localStorage.setItem(key, JSON.stringify({ entraTenant: tenant }));
      },
      [SETTINGS_KEY, 'not a tenant'] as const,
    );
    await page.reload();
    await page.getByRole('radio', { name: /Microsoft Entra ID/ }).check();
    const tenant = page.getByRole('combobox', { name: /Tenant/ });
    await expect(tenant).toHaveValue('not a tenant');
    await expect(tenant).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('"not a tenant" is not a tenant').first()).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('"not a tenant" is not a tenant');

    await tenant.fill('contoso corp');
    await expect(page.getByRole('alert')).toContainText('"contoso corp" is not a tenant');
    await page.getByRole('combobox', { name: 'Cloud' }).selectOption('usgov');
    await expect(page.getByRole('alert')).toContainText('"contoso corp" is not a tenant');
    expect(networkGuard.urls.filter((url) => /microsoft|chinacloudapi/.test(url))).toEqual([]);
  });

  test('settings survive a reload and local storage holds no secrets', async ({ page }) => {
    await page.goto('/settings');
    await page.getByRole('radio', { name: /Custom provider/ }).check();
    await page.getByRole('textbox', { name: /Issuer or discovery URL/ }).fill(IDP_ORIGIN);
    await expect(discoveryValue(page, 'issuer')).toHaveText(IDP_ORIGIN);

    await page.reload();
    await expect(page.getByRole('radio', { name: /Custom provider/ })).toBeChecked();
    await expect(page.getByRole('textbox', { name: /Issuer or discovery URL/ })).toHaveValue(IDP_ORIGIN);
    await expect(discoveryValue(page, 'issuer')).toHaveText(IDP_ORIGIN);

    const entries = await auditStorage(page, { secrets: [...DEMO_SECRETS] });
    const stored = entries.find((entry) => entry.area === 'localStorage' && entry.key === SETTINGS_KEY);
    expect(stored, `local storage key ${SETTINGS_KEY}`).toBeDefined();
    expect(JSON.parse(stored!.value)).toMatchObject({ providerKind: 'custom', customUrl: IDP_ORIGIN });
  });
});

test('the local IdP discovery lists every grant type the playground needs', async ({ request }) => {
  const response = await request.get(`${IDP_ORIGIN}/.well-known/openid-configuration`);
  expect(response.status()).toBe(200);
  const document = (await response.json()) as Record<string, unknown>;
  expect(document.issuer).toBe(IDP_ORIGIN);
  expect(document.grant_types_supported).toEqual(
    expect.arrayContaining([
      'authorization_code',
      'implicit',
      'refresh_token',
      'client_credentials',
      'password',
      'urn:ietf:params:oauth:grant-type:device_code',
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
    ]),
  );
  expect(document.response_types_supported).toEqual(
    expect.arrayContaining(['code', 'id_token', 'id_token token', 'code id_token']),
  );
  expect(document.code_challenge_methods_supported).toContain('S256');
  for (const endpoint of [
    'authorization_endpoint',
    'token_endpoint',
    'device_authorization_endpoint',
    'userinfo_endpoint',
    'jwks_uri',
    'end_session_endpoint',
  ]) {
    expect(document[endpoint], endpoint).toEqual(expect.stringMatching(new RegExp(`^${IDP_ORIGIN}/`)));
  }
});

test('the storage guard refuses secrets and keys anywhere, and tokens outside session storage', () => {
  const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
  expect(
    findStorageViolations([
      { area: 'sessionStorage', key: 'run', value: JSON.stringify({ id_token: token }) },
    ]),
  ).toEqual([]);
  expect(findStorageViolations([{ area: 'localStorage', key: 'settings', value: token }])).toEqual([
    'a token in localStorage "settings"',
  ]);
  expect(
    findStorageViolations([
      { area: 'sessionStorage', key: 'run', value: 'client_secret=playground-web-secret' },
      { area: 'indexedDB', key: 'db/keys/1', value: '-----BEGIN PRIVATE KEY-----' },
    ]),
  ).toHaveLength(2);
});
