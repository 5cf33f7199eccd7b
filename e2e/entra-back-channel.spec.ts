import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import {
  chooseLocalEntra,
  ENTRA_APPS,
  ENTRA_SECRETS,
  ENTRA_USERS,
  entraTest as test,
  LOCAL_ENTRA_ORIGINS,
  expectStep,
  openFlow,
  readPayload,
  WORK_TENANT_ID,
} from './entra-support';
import { auditStorage, DEMO_SECRETS, ENTRA_GRAPH_ORIGIN, ENTRA_LOGIN_ORIGIN, expect } from './fixtures';

// Only the local Entra tenant is the chosen provider: any other host (sts.windows.net…) fails the test.
test.use({ providerOrigins: [...LOCAL_ENTRA_ORIGINS] });

const CERTIFICATE = readFileSync(new URL('../server/entra/demo-certificate.pem', import.meta.url), 'utf8');
const CERTIFICATE_KEY = readFileSync(
  new URL('../server/entra/demo-certificate-key.pem', import.meta.url),
  'utf8',
);

function param(page: Page, name: string) {
  return page.getByRole('textbox', { name: new RegExp(`^${name} —`) });
}

async function start(page: Page) {
  await page.getByRole('button', { name: 'Start', exact: true }).click();
}

test.describe('Entra: client credentials (daemon)', () => {
  test('with the secret: app-only token with roles, through the relay', async ({ page }) => {
    await chooseLocalEntra(page, WORK_TENANT_ID);
    await openFlow(page, 'client-credentials', ENTRA_APPS.daemon);
    await page.getByLabel('Client authentication').selectOption('client_secret_post');
    await page.getByLabel(/^client_secret/).fill(ENTRA_SECRETS.daemon);
    await param(page, 'scope').fill('api://api-b/.default');
    await start(page);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStep(page, /Token request \(client_credentials\)/, 'Done');
    expect(await readPayload(page, 'access_token')).toMatchObject({
      aud: ENTRA_APPS.apiB,
      azp: ENTRA_APPS.daemon,
      azpacr: '1',
      idtyp: 'app',
      roles: ['Data.Read.All'],
    });
    await auditStorage(page, { secrets: [...DEMO_SECRETS] });
  });

  test('with the uploaded certificate: client_assertion with x5t#S256', async ({ page }) => {
    await chooseLocalEntra(page, 'contoso.onmicrosoft.com');
    await openFlow(page, 'client-credentials', ENTRA_APPS.daemon);
    await page.getByLabel('Client authentication').selectOption('private_key_jwt');
    await page.getByRole('textbox', { name: /^private key/ }).fill(CERTIFICATE_KEY);
    await page.getByRole('textbox', { name: /^certificate/ }).fill(CERTIFICATE);
    await param(page, 'scope').fill('api://api-b/.default');
    await start(page);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStep(page, /Token request \(client_credentials\)/, 'Done');
    expect(await readPayload(page, 'access_token')).toMatchObject({ azpacr: '2', idtyp: 'app' });
    await auditStorage(page, { secrets: [...DEMO_SECRETS, CERTIFICATE_KEY.split('\n')[1] ?? ''] });
  });

  test('a scope without /.default: AADSTS1002012 explained', async ({ page }) => {
    await chooseLocalEntra(page, WORK_TENANT_ID);
    await openFlow(page, 'client-credentials', ENTRA_APPS.daemon);
    await page.getByLabel('Client authentication').selectOption('client_secret_post');
    await page.getByLabel(/^client_secret/).fill(ENTRA_SECRETS.daemon);
    await param(page, 'scope').fill('api://api-b/read');
    await start(page);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStep(page, /Token request \(client_credentials\)/, 'Failed');
    await expect(page.getByRole('alert').filter({ hasText: 'AADSTS1002012' }).first()).toBeVisible();
  });
});

test.describe('Entra: password (ROPC) with the public client', () => {
  test('tokens for Graph through the relay', async ({ page }) => {
    await chooseLocalEntra(page, 'organizations');
    await openFlow(page, 'password', ENTRA_APPS.publicClient);
    await param(page, 'username').fill(ENTRA_USERS.alice.username);
    await param(page, 'scope').fill('openid profile offline_access User.Read');
    await start(page);
    await page.getByLabel(/^password —/).fill(ENTRA_USERS.alice.password);
    await page.getByRole('button', { name: 'Give the credentials to the app' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStep(page, /Token request \(password\)/, 'Done');
    expect(await readPayload(page, 'id_token')).toMatchObject({
      preferred_username: ENTRA_USERS.alice.username,
    });
    await auditStorage(page, { secrets: [...DEMO_SECRETS] });
  });
});

test.describe('Entra: device code with the public client', () => {
  test('message localised by mkt=de-DE, signed in on a second page', async ({ page, context }) => {
    test.setTimeout(90_000);
    await chooseLocalEntra(page, 'organizations');
    await openFlow(page, 'device-code', ENTRA_APPS.publicClient);
    await param(page, 'scope').fill('openid profile User.Read');
    await param(page, 'mkt').fill('de-DE');
    await start(page);
    await page.getByRole('button', { name: 'Send request' }).click();
    const code = page.getByRole('status', { name: 'user_code' });
    await expect(code).toHaveText(/^[A-Z0-9]{9}$/);
    await expect(page.getByText(/Um sich anzumelden/).first()).toBeVisible();
    const other = await context.newPage();
    await other.goto(`${ENTRA_LOGIN_ORIGIN}/devicelogin`);
    await other.getByLabel('Code').fill((await code.textContent()) ?? '');
    await other.getByRole('button', { name: 'Next' }).click();
    await other.getByLabel('Account').selectOption(ENTRA_USERS.bob.username);
    await other.getByLabel('Password').fill(ENTRA_USERS.bob.password);
    await other.getByRole('button', { name: 'Accept' }).click();
    await expect(other.getByRole('heading', { name: 'You have signed in' })).toBeVisible();
    await expectStep(page, /Token request \(device_code\), polled/, 'Done');
    expect(await readPayload(page, 'id_token')).toMatchObject({
      preferred_username: ENTRA_USERS.bob.username,
    });
  });
});

test.describe('Entra: on-behalf-of (API A)', () => {
  const DOWNSTREAM = [
    {
      name: 'API B',
      scope: 'api://api-b/read',
      url: `${ENTRA_GRAPH_ORIGIN}/api-b/data`,
      token: { aud: ENTRA_APPS.apiB, azp: ENTRA_APPS.apiA, scp: 'read' },
      answer: `"calledBy": "${ENTRA_APPS.apiA}"`,
    },
    {
      name: 'Graph /me',
      scope: 'https://graph.microsoft.com/User.Read',
      url: `${ENTRA_GRAPH_ORIGIN}/v1.0/me`,
      token: { aud: '00000003-0000-0000-c000-000000000000', appid: ENTRA_APPS.apiA, scp: 'User.Read' },
      answer: `"userPrincipalName": "${ENTRA_USERS.alice.username}"`,
    },
  ] as const;

  for (const downstream of DOWNSTREAM) {
    test(`the user token for API A is exchanged for a token to ${downstream.name}, and API A calls it`, async ({
      page,
    }) => {
      test.setTimeout(120_000);
      // The user's token for API A comes from the playground itself (password grant, public client).
      await chooseLocalEntra(page, 'organizations');
      await openFlow(page, 'password', ENTRA_APPS.publicClient);
      await param(page, 'username').fill(ENTRA_USERS.alice.username);
      await param(page, 'scope').fill('api://api-a/access_as_user');
      await start(page);
      await page.getByLabel(/^password —/).fill(ENTRA_USERS.alice.password);
      await page.getByRole('button', { name: 'Give the credentials to the app' }).click();
      await page.getByRole('button', { name: 'Send request' }).click();
      await expectStep(page, /Token request \(password\)/, 'Done');
      const userToken = await page
        .getByRole('region', { name: 'access_token' })
        .getByLabel('Encoded token')
        .first()
        .textContent();

      await openFlow(page, 'on-behalf-of', ENTRA_APPS.apiA);
      await page.getByLabel(/^client_secret/).fill(ENTRA_SECRETS.apiA);
      await page.getByRole('textbox', { name: /^assertion —/ }).fill(userToken ?? '');
      await param(page, 'scope').fill(downstream.scope);
      await param(page, 'api_b_url').fill(downstream.url);
      await param(page, 'expected_audience').fill(ENTRA_APPS.apiA);
      await start(page);
      await expectStep(page, /Client calls API A/, 'Done');
      await page.getByRole('button', { name: 'Send request' }).click();
      await expectStep(page, /Token request \(jwt-bearer, on_behalf_of\)/, 'Done');
      expect(await readPayload(page, 'access_token')).toMatchObject(downstream.token);
      await page.getByRole('button', { name: 'Send request' }).click();
      await expectStep(page, /API A calls API B/, 'Done');
      await expect(page.getByText(downstream.answer).first()).toBeVisible();
      await auditStorage(page, { secrets: [...DEMO_SECRETS] });
    });
  }
});
