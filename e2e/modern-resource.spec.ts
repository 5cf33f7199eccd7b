import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, IDP_ORIGIN, test } from './fixtures';

const API = 'http://localhost:4001/me';
const METADATA = 'http://localhost:4001/.well-known/oauth-protected-resource/me';

function step(page: Page, title: RegExp | string) {
  return page.getByRole('region', { name: 'Steps' }).getByRole('button', { name: title });
}

async function discover(page: Page, apiUrl: string) {
  await page.goto('/settings');
  const finder = page.getByRole('region', { name: /Find the provider from an API/ });
  await finder.getByLabel('API URL').fill(apiUrl);
  await finder.getByLabel('API URL').press('Enter');
  return finder;
}

test.describe('protected resource metadata (RFC 9728) against the demo API', () => {
  test('API URL → 401 → metadata → authorization server (on request) → a code + PKCE flow that calls the API', async ({
    page,
  }) => {
    test.slow(); // discovery, a sign-in and three back-channel requests
    // Settings loads the provider chosen there (the local IdP); the finder's own reads of an
    // authorization server are the RFC 8414 URL, which nothing else asks for.
    const serverMetadataRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/.well-known/oauth-authorization-server'))
        serverMetadataRequests.push(request.url());
    });
    const finder = await discover(page, API);
    await expect(finder.getByTestId('resource-probe')).toContainText(`GET ${API} → HTTP 401`);
    await expect(finder.getByTestId('resource-probe')).toContainText(`resource_metadata="${METADATA}"`);
    await expect(finder.getByTestId('resource-metadata-location')).toContainText(
      `The challenge names the metadata (resource_metadata, RFC 9728 §5.1): ${METADATA}`,
    );
    await expect(finder.getByTestId('resource-match')).toContainText(`Its resource is ${API}`);
    await expect(finder.getByLabel('Protected resource metadata')).toContainText('"api.read"');
    // The IdP is named by the metadata, not chosen by the user: not contacted yet.
    await expect(finder).toContainText('the playground has not contacted it');
    const log = finder.getByRole('region', { name: /Request log/ });
    await expect(log.getByText('Protected resource metadata (RFC 9728 §3)').first()).toBeVisible();
    await expect(log.getByText('Authorization server metadata (RFC 8414)')).toHaveCount(0);
    expect(serverMetadataRequests).toEqual([]);
    await finder.getByRole('button', { name: `Read the metadata of ${IDP_ORIGIN}` }).click();
    await expect(finder.getByTestId('resource-flow-params')).toContainText(
      `resource=${API} and scope=openid api.read api.write`,
    );
    expect(serverMetadataRequests.length).toBeGreaterThan(0);
    for (const label of [
      'Protected resource: call without a token (RFC 9728 §5)',
      'Protected resource metadata (RFC 9728 §3)',
      'Authorization server metadata (RFC 8414)',
      'Authorization server metadata (OpenID Connect Discovery)',
    ]) {
      await expect(log.getByText(label).first()).toBeVisible();
    }

    await finder.getByRole('button', { name: 'Start a flow with this provider' }).click();
    await page.waitForURL(/\/flows\/code-pkce/);
    await page
      .getByRole('textbox', { name: /^client_id —/ })
      .first()
      .fill('playground-spa');
    const authorizeUrl = page.getByTestId('authorize-url');
    await expect(authorizeUrl).toContainText(`resource=${encodeURIComponent(API)}`);
    await expect(authorizeUrl).toContainText('scope=openid%20api.read%20api.write');
    const popupPromise = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Start in a popup' }).click();
    const popup = await popupPromise;
    await popup.waitForURL(/localhost:4000/);
    await popup.getByLabel('Username').fill('alice');
    await popup.getByLabel('Password').fill('alice-password-1');
    await popup.getByRole('button', { name: 'Sign in' }).click();
    const allow = popup.getByRole('button', { name: 'Allow' });
    await allow.or(popup.locator('body:not(:has(form))')).first().waitFor();
    if (await allow.isVisible()) await allow.click();
    await popup.waitForEvent('close');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(step(page, /Token request \(authorization_code\)/)).toContainText('Done');
    await expect(page.getByLabel('api_url')).toHaveValue(API);
    await page.getByRole('button', { name: 'Call the API' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(step(page, /Call the API with the access token/)).toContainText('Done');
  });

  test('metadata about another resource is refused (RFC 9728 §3.3) and no authorization server is offered', async ({
    page,
  }) => {
    // A resource server that serves another resource's metadata (a mistake or an impersonation).
    await page.route(METADATA, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify({
          resource: 'http://localhost:4001/api-b/data',
          authorization_servers: ['http://localhost:4000'],
        }),
      }),
    );
    const finder = await discover(page, API);
    const alert = finder.getByRole('alert');
    await expect(alert).toContainText(
      `The metadata is for "http://localhost:4001/api-b/data", not for "${API}": RFC 9728 §3.3 says not to use it`,
    );
    await expect(alert).toContainText('RESOURCE_MISMATCH');
    await expect(finder.getByRole('button', { name: /Read the metadata of/ })).toHaveCount(0);
  });

  test('the finder fits 320 px without horizontal scroll, is reachable by keyboard and passes axe', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 320, height: 800 });
    const finder = await discover(page, API);
    await expect(finder.getByTestId('resource-match')).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const button = finder.getByRole('button', { name: `Read the metadata of ${IDP_ORIGIN}` });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(finder.getByRole('button', { name: 'Start a flow with this provider' })).toBeVisible();
    const after = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(after).toBeLessThanOrEqual(0);
    const axe = await new AxeBuilder({ page }).include('main').analyze();
    const serious = axe.violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(serious.map((violation) => `${violation.id}: ${violation.nodes.length}`)).toEqual([]);
  });
});
