import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { APP_ORIGIN, RELAY_ORIGIN, expect, test as base } from './fixtures';

/**
 * Issue 11: a developer's own identity provider on this machine. A second instance of the
 * companion's real IdP (server/idp.js, oidc-provider) is started by this test on a free loopback
 * port and used as a custom provider, the way a developer uses Keycloak on http://localhost:8080.
 * The relay refuses it until the user allows its exact origin; then a confidential client's token
 * request goes through the relay to it.
 */

interface DevIdp {
  issuer: string;
  close(): Promise<void>;
}

type StartIdp = (options: {
  port: number;
  appOrigin: string;
  relayOrigin: string;
  dataDir: string;
}) => Promise<DevIdp>;

const test = base.extend<{ allowOrigins: string[] }, { devIdp: DevIdp }>({
  devIdp: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, provide) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'dev-idp-'));
      // A specifier in a variable: the companion is plain JavaScript without type declarations.
      const modulePath = path.join(process.cwd(), 'server', 'idp.js');
      const { startIdp } = (await import(modulePath)) as { startIdp: StartIdp };
      const idp = await startIdp({ port: 0, appOrigin: APP_ORIGIN, relayOrigin: RELAY_ORIGIN, dataDir });
      await provide(idp);
      await idp.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  // The browser reads the developer's IdP discovery and keys directly: the guard must allow it.
  allowOrigins: async ({ devIdp }, provide) => {
    await provide([devIdp.issuer]);
  },
});

function stepButton(page: Page) {
  return page
    .getByRole('region', { name: 'Steps', exact: true })
    .getByRole('button', { name: /Token request \(client_credentials\)/ });
}

async function useDevIdp(page: Page, issuer: string): Promise<void> {
  await page.goto('/settings');
  await page.getByRole('radio', { name: /Custom provider/ }).check();
  await page.getByRole('textbox', { name: /Issuer or discovery URL/ }).fill(issuer);
  await expect(page.getByRole('status').filter({ hasText: 'Loaded from' })).toContainText(
    `${issuer}/.well-known/openid-configuration`,
  );
}

test('a confidential client reaches the developer’s own loopback IdP through the relay once its origin is allowed', async ({
  page,
  devIdp,
}) => {
  await useDevIdp(page, devIdp.issuer);
  await page.goto('/flows/client-credentials');
  await page.getByRole('textbox', { name: /^client_id —/ }).fill('playground-web');
  await page.getByLabel('Client authentication').selectOption('client_secret_basic');
  await page.getByLabel(/^client_secret —/).fill('playground-web-secret');
  await page.getByRole('radio', { name: 'through the local relay' }).check();
  await page.getByRole('textbox', { name: /^scope —/ }).fill('api.read');
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Send request' }).click();

  // Refused: the relay does not forward to servers on this machine the user has not named.
  await expect(stepButton(page)).toContainText('Failed');
  await expect(page.getByRole('alert').filter({ hasText: 'The relay refused' }).first()).toContainText(
    `loopback origin "${devIdp.issuer}" is not on the relay allow-list`,
  );
  await expect(page.getByRole('note').filter({ hasText: 'is a server on this machine' })).toContainText(
    'Allow it only if it is your own',
  );
  await page.getByRole('button', { name: `Allow ${devIdp.issuer} for the relay and retry` }).click();
  await page.getByRole('button', { name: 'Send request' }).click();

  await expect(stepButton(page)).toContainText('Done');
  const token = page.getByRole('region', { name: 'access_token' });
  await expect(token).toContainText('"sub": "playground-web"');
  await expect(token).toContainText(`"iss": "${devIdp.issuer}"`);

  const list = (await (await page.request.get(`${RELAY_ORIGIN}/relay/allow-list`)).json()) as {
    loopbackOrigins: string[];
  };
  expect(list.loopbackOrigins).toContain(devIdp.issuer);
  await page.goto('/settings');
  await expect(page.getByRole('list', { name: 'Loopback origins you allowed' })).toHaveText(devIdp.issuer);
});

test('Settings refuses a loopback origin that is not one, and adds one that is, with a warning', async ({
  page,
}) => {
  await page.goto('/settings');
  await expect(
    page.getByRole('note').filter({ hasText: 'allow only a server you run yourself' }),
  ).toBeVisible();
  const field = page.getByRole('textbox', { name: 'Loopback origin to allow' });
  await field.fill('http://intranet.example:8080');
  await page.getByRole('button', { name: 'Allow this origin for the relay' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Enter a loopback origin such as http://localhost:8080' }),
  ).toBeVisible();

  // A port nothing listens on: allowing it only changes the relay's list.
  const origin = 'http://localhost:4999';
  await field.fill(origin);
  await page.getByRole('button', { name: 'Allow this origin for the relay' }).click();
  await expect(page.getByRole('list', { name: 'Loopback origins you allowed' })).toHaveText(origin);
  await expect(field).toHaveValue('');
  const list = (await (await page.request.get(`${RELAY_ORIGIN}/relay/allow-list`)).json()) as {
    loopbackOrigins: string[];
  };
  expect(list.loopbackOrigins).toContain(origin);
});
