import type { Page } from '@playwright/test';
import { APP_ORIGIN, ENTRA_LOGIN_ORIGIN, expect, LOCAL_ENTRA_ORIGINS, RELAY_ORIGIN, test } from './fixtures';

export { LOCAL_ENTRA_ORIGINS };

/** App registrations of the local Entra tenant (server/entra/config.js, docs/local-entra.md). */
export const ENTRA_APPS = {
  spa: '5a0c1b9e-0001-4c00-9000-00000000a001',
  web: '5a0c1b9e-0002-4c00-9000-00000000a002',
  daemon: '5a0c1b9e-0003-4c00-9000-00000000a003',
  publicClient: '5a0c1b9e-0004-4c00-9000-00000000a004',
  apiA: '5a0c1b9e-0005-4c00-9000-00000000a005',
  apiB: '5a0c1b9e-0006-4c00-9000-00000000a006',
} as const;

export const ENTRA_SECRETS = {
  web: 'local-entra-web-secret~demo',
  daemon: 'local-entra-daemon-secret~demo',
  apiA: 'local-entra-api-a-secret~demo',
} as const;

export const WORK_TENANT_ID = '6f3e1c2a-8b4d-4e5f-9a0b-1c2d3e4f5a6b';
export const PERSONAL_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export const ENTRA_USERS = {
  alice: { username: 'alice@contoso.onmicrosoft.com', password: 'alice-password-1' },
  bob: { username: 'bob@contoso.onmicrosoft.com', password: 'bob-password-1' },
  dana: { username: 'dana@outlook.example', password: 'dana-password-1' },
} as const;

/** The five tenant forms Entra accepts, each with the user who may sign in there. */
export const TENANTS = [
  { tenant: 'common', user: ENTRA_USERS.alice, tid: WORK_TENANT_ID },
  { tenant: 'organizations', user: ENTRA_USERS.bob, tid: WORK_TENANT_ID },
  { tenant: 'consumers', user: ENTRA_USERS.dana, tid: PERSONAL_TENANT_ID },
  { tenant: WORK_TENANT_ID, user: ENTRA_USERS.alice, tid: WORK_TENANT_ID },
  { tenant: 'contoso.onmicrosoft.com', user: ENTRA_USERS.bob, tid: WORK_TENANT_ID },
] as const;

/** Only the local Entra tenant (and the app and relay) may be reached: sts.windows.net fails the test. */
/** Each Entra spec file calls `entraTest.use({ providerOrigins: [...LOCAL_ENTRA_ORIGINS] })` at its top. */
export const entraTest = test;

/**
 * Chooses Microsoft Entra ID, cloud "Local Entra tenant (offline)", through Settings, the way a
 * user does. The page first loads with the Entra provider already stored so that the local demo
 * IdP (not chosen in these tests) is never contacted.
 */
export async function chooseLocalEntra(page: Page, tenant: string): Promise<void> {
  await page.addInitScript(
    ([key, value]) => {
      if (sessionStorage.getItem('entra-e2e-init') === null) {
        localStorage.setItem(key, value);
        sessionStorage.setItem('entra-e2e-init', '1');
      }
    },
    [
      'token-playground.settings.v1',
      JSON.stringify({
        providerKind: 'entra',
        localIssuer: 'http://localhost:4000',
        entraTenant: 'common',
        entraCloud: 'local',
        customUrl: '',
        companionOrigin: RELAY_ORIGIN,
        relayHosts: [],
      }),
    ] as const,
  );
  await page.goto('/settings');
  await expect(page.getByLabel('Cloud')).toHaveValue('local');
  await page.getByLabel(/^Tenant/).fill(tenant);
  await expect(page.getByRole('status').filter({ hasText: 'Loaded from' })).toContainText(
    `${ENTRA_LOGIN_ORIGIN}/${tenant}/v2.0/.well-known/openid-configuration`,
  );
}

/** Signs in on the local tenant's page (account, password, Accept = consent). */
export async function signInToEntra(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.waitForURL((url) => url.origin === ENTRA_LOGIN_ORIGIN);
  await page.getByLabel('Account').selectOption(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Accept' }).click();
}

export function step(page: Page, title: RegExp | string) {
  return page.getByRole('region', { name: 'Steps' }).getByRole('button', { name: title });
}

export async function expectStep(page: Page, title: RegExp | string, status: 'Done' | 'Failed') {
  await expect(step(page, title)).toContainText(status);
}

export async function openFlow(page: Page, flowId: string, clientId: string): Promise<void> {
  await page.goto(`/flows/${flowId}`);
  await page
    .getByLabel(/^client_id/)
    .first()
    .fill(clientId);
}

export async function backToApp(page: Page, flowId: string): Promise<void> {
  await page.waitForURL(`${APP_ORIGIN}/flows/${flowId}`);
}

/**
 * The decoded payload of a token region on the page, read from its JSON view (folded by default
 * under "Decoded JSON and header parameters", hence `includeHidden`).
 */
export async function readPayload(page: Page, region: string): Promise<Record<string, unknown>> {
  const text = await page
    .getByRole('region', { name: region })
    .getByRole('region', { name: 'Payload', includeHidden: true })
    .first()
    .locator('pre')
    .textContent();
  return JSON.parse(text ?? '{}') as Record<string, unknown>;
}
