import { RELAY_ORIGIN, expect, test } from './fixtures';

test.describe('relay allow-list in Settings', () => {
  test('a host added in Settings is read back from the relay and kept in this browser', async ({ page }) => {
    // A name of the reserved .test domain, unique per run: the relay keeps its list until it restarts.
    const host = `sts-${Date.now().toString(36)}.allow-list.test`;
    await page.goto('/settings');
    const relayList = page.getByRole('list', { name: 'Hosts the relay forwards to' });
    await expect(relayList).toContainText('login.microsoftonline.com');
    await expect(relayList).not.toContainText(host);
    await expect(page.getByText(`Local origins relayed over http:`)).toContainText('http://localhost:4000');

    await page.getByRole('textbox', { name: 'Host to allow' }).fill(host.toUpperCase());
    await page.getByRole('button', { name: 'Allow for the relay' }).click();
    await expect(relayList.getByText(host, { exact: true })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Hosts you allowed' })).toHaveText(host);
    await expect(page.getByRole('textbox', { name: 'Host to allow' })).toHaveValue('');

    const direct = (await (await page.request.get(`${RELAY_ORIGIN}/relay/allow-list`)).json()) as {
      hosts: string[];
    };
    expect(direct.hosts).toContain(host);
    const stored = await page.evaluate(() => localStorage.getItem('token-playground.settings.v1'));
    expect(JSON.parse(stored ?? '{}')).toMatchObject({ relayHosts: [host] });

    await page.reload();
    await expect(page.getByRole('list', { name: 'Hosts you allowed' })).toHaveText(host);
  });

  test("a value that is not a host name is refused with the relay's reason", async ({ page }) => {
    await page.goto('/settings');
    await page.getByRole('textbox', { name: 'Host to allow' }).fill('127.0.0.1');
    await page.getByRole('button', { name: 'Allow for the relay' }).click();
    await expect(page.getByRole('alert')).toContainText(
      'The relay refused to add "127.0.0.1" to its allow-list (HTTP 400): "host" must be a DNS host name',
    );
    await expect(page.getByText('None yet.')).toBeVisible();
  });

  test.describe('companion not running', () => {
    test.use({ allowOrigins: ['http://localhost:4999'] });

    test('says the companion is not running', async ({ page }) => {
      await page.goto('/settings');
      await page.getByRole('textbox', { name: 'Companion URL' }).fill('http://localhost:4999');
      await expect(page.getByRole('alert')).toContainText(
        'The companion at http://localhost:4999 is not running or did not answer',
      );
      await expect(page.getByRole('list', { name: 'Hosts the relay forwards to' })).toHaveCount(0);
    });
  });
});
