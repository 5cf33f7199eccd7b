import type { Page } from '@playwright/test';
import { auditStorage, DEMO_SECRETS, DEMO_USERS, expect, getTokenWithPassword, test } from './fixtures';

function step(page: Page, title: RegExp | string) {
  return page.getByRole('region', { name: 'Steps' }).getByRole('button', { name: title });
}

async function expectStepStatus(page: Page, title: RegExp | string, status: 'Done' | 'Failed' | 'Current') {
  await expect(step(page, title)).toContainText(status);
}

async function openFlow(page: Page, flowId: string) {
  await page.goto(`/flows/${flowId}`);
  await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeEnabled();
}

function param(page: Page, name: string) {
  return page.getByRole('textbox', { name: new RegExp(`^${name} —`) });
}

async function expectNothingSecretStored(page: Page, extra: string[] = []) {
  await auditStorage(page, { secrets: [...DEMO_SECRETS, ...extra] });
}

test.describe('password grant (ROPC)', () => {
  test('right password: tokens, a prominent warning, and the password nowhere in storage or the log', async ({
    page,
  }) => {
    await openFlow(page, 'password');
    await expect(page.getByRole('note').first()).toContainText('Legacy and unsafe');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByLabel(/^password —/).fill(DEMO_USERS.alice.password);
    await page.getByRole('button', { name: 'Give the credentials to the app' }).click();
    await expectStepStatus(page, /User types the password/, 'Done');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(password\)/, 'Done');
    await expect(page.getByRole('region', { name: 'access_token' })).toContainText('api://playground-api');
    await expect(page.getByRole('region', { name: 'id_token' })).toContainText('Alice Example');
    await expect(page.locator('body')).not.toContainText(DEMO_USERS.alice.password);
    await expectNothingSecretStored(page);
  });

  test('wrong password: invalid_grant, explained', async ({ page }) => {
    await openFlow(page, 'password');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByLabel(/^password —/).fill('not-the-password');
    await page.getByRole('button', { name: 'Give the credentials to the app' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(password\)/, 'Failed');
    await expect(page.getByRole('alert').filter({ hasText: 'invalid_grant' }).first()).toBeVisible();
    await expectNothingSecretStored(page, ['not-the-password']);
  });
});

test.describe('client credentials', () => {
  test('with a secret in a Basic header, then a call to the API', async ({ page }) => {
    await openFlow(page, 'client-credentials');
    await page.getByLabel('Demo client of the local IdP').selectOption('playground-web');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(client_credentials\)/, 'Done');
    const token = page.getByRole('region', { name: 'access_token' });
    await expect(token).toContainText('api://playground-api');
    await expect(token).toContainText('"sub": "playground-web"');
    await param(page, 'api_url').fill('http://localhost:4001/me');
    await page.getByRole('button', { name: 'Call the API' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Call the API with the access token/, 'Done');
    await expectNothingSecretStored(page);
  });
});

test.describe('client credentials with a generated key', () => {
  test('key pair and certificate made in the browser, registered with the local IdP, assertion shown decoded', async ({
    page,
  }) => {
    await openFlow(page, 'client-credentials');
    await page.getByLabel('Demo client of the local IdP').selectOption('playground-assertion');
    await page.getByRole('button', { name: 'Generate a key pair and certificate' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Generated.' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Download the certificate (.pem)' })).toHaveAttribute(
      'href',
      /^data:application\/x-pem-file;charset=utf-8,-----BEGIN%20CERTIFICATE-----/,
    );
    const privateKey = await page.getByRole('textbox', { name: /^private key/ }).inputValue();
    expect(privateKey).toContain('-----BEGIN PRIVATE KEY-----');
    await page.getByRole('button', { name: 'Register the public key with the local IdP' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Registered' })).toBeVisible();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const preview = page.getByRole('region', { name: 'Client assertion (decoded)' });
    await expect(preview).toContainText('PS256');
    await expect(preview).toContainText('x5t#S256');
    await expect(preview).toContainText('http://localhost:4000/token');
    await expect(preview).toContainText('playground-assertion');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(client_credentials\)/, 'Done');
    await expect(page.getByRole('region', { name: 'access_token' })).toContainText(
      '"sub": "playground-assertion"',
    );
    await expectNothingSecretStored(page, [privateKey.split('\n')[1] ?? privateKey]);
  });
});

test.describe('device code', () => {
  test('completed by alice in a second page', async ({ page, context }) => {
    test.setTimeout(90_000);
    await openFlow(page, 'device-code');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    const code = page.getByRole('status', { name: 'user_code' });
    await expect(code).toHaveText(/^[A-Z]{4}-[A-Z]{4}$/);
    await expect(
      page.getByRole('img', { name: /QR code that opens http:\/\/localhost:4000\/device/ }),
    ).toBeVisible();
    const userCode = (await code.textContent()) ?? '';
    const other = await context.newPage();
    await other.goto('http://localhost:4000/device');
    await completeDeviceLogin(other, userCode, 'Allow');
    await expectStepStatus(page, /Token request \(device_code\), polled/, 'Done');
    await expect(page.getByRole('region', { name: 'access_token' })).toContainText(DEMO_USERS.alice.sub);
    await expectNothingSecretStored(page);
  });

  test('declined on the other device', async ({ page, context }) => {
    test.setTimeout(90_000);
    await openFlow(page, 'device-code');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    const code = page.getByRole('status', { name: 'user_code' });
    await expect(code).toHaveText(/^[A-Z]{4}-[A-Z]{4}$/);
    const other = await context.newPage();
    await other.goto('http://localhost:4000/device');
    await completeDeviceLogin(other, (await code.textContent()) ?? '', 'Deny');
    await expectStepStatus(page, /Token request \(device_code\), polled/, 'Failed');
    await expect(page.getByRole('alert').filter({ hasText: 'access_denied' }).first()).toBeVisible();
  });
});

async function completeDeviceLogin(other: Page, userCode: string, decision: 'Allow' | 'Deny') {
  await other.getByRole('textbox').first().fill(userCode);
  await other.getByRole('button', { name: 'Continue' }).click();
  await expect(other.getByText(userCode)).toBeVisible();
  await other.getByRole('button', { name: 'Continue' }).click();
  await other.getByLabel('Username').fill(DEMO_USERS.alice.username);
  await other.getByLabel('Password').fill(DEMO_USERS.alice.password);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.getByRole('button', { name: decision }).click();
}

test.describe('on-behalf-of', () => {
  test('from a user token for API A to API B, with the tokens compared and the chain route', async ({
    page,
    request,
  }) => {
    const user = await getTokenWithPassword(request, {
      username: DEMO_USERS.alice.username,
      password: DEMO_USERS.alice.password,
      scope: 'api-a.access',
    });
    await openFlow(page, 'on-behalf-of');
    await page.getByLabel(/^client_secret/).fill('api-a-secret');
    await page.getByRole('textbox', { name: /^assertion —/ }).fill(user.access_token);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expectStepStatus(page, /Client calls API A/, 'Done');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(jwt-bearer, on_behalf_of\)/, 'Done');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /API A calls API B/, 'Done');
    const compare = page.getByRole('region', { name: /User token → on-behalf-of token/ });
    await expect(compare).toContainText('audience changed');
    await expect(compare).toContainText('same user (subject kept)');
    await page.getByRole('button', { name: 'Call API A’s chain route' }).click();
    await expect(page.getByLabel('API A chain answer')).toContainText('HTTP 200');
    await expectNothingSecretStored(page);
  });
});

test.describe('introspection and revocation', () => {
  test('a revoked token shows active: false', async ({ page }) => {
    await openFlow(page, 'password');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByLabel(/^password —/).fill(DEMO_USERS.alice.password);
    await page.getByRole('button', { name: 'Give the credentials to the app' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(password\)/, 'Done');
    await page.getByLabel(/^token —/).selectOption('refresh_token');
    await page.getByRole('button', { name: 'Introspect the token' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(step(page, /Token introspection/).first()).toContainText('active: true');
    await page.getByRole('button', { name: 'Revoke the token' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(step(page, /Token revocation/)).toContainText('Done');
    await page.getByRole('button', { name: 'Introspect the token' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(step(page, /Token introspection/).last()).toContainText('active: false');
    await expectNothingSecretStored(page);
  });
});
