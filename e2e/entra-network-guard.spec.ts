import { readFileSync } from 'node:fs';
import path from 'node:path';
import { entraTest as test, LOCAL_ENTRA_ORIGINS } from './entra-support';
import { expect, IDP_ORIGIN } from './fixtures';

// The guard of every Entra spec: only the app, the relay and the chosen provider (the local Entra
// tenant) may be reached. These two tests prove that it fails a test that reaches any other host.
test.use({ providerOrigins: [...LOCAL_ENTRA_ORIGINS] });

const STS_DISCOVERY =
  'https://sts.windows.net/6f3e1c2a-8b4d-4e5f-9a0b-1c2d3e4f5a6b/.well-known/openid-configuration';
// The local demo IdP is another host too when Entra is the chosen provider.
const OTHER_HOST = `${IDP_ORIGIN}/.well-known/openid-configuration`;
const OFFENDING_TITLE = 'a page that requests sts.windows.net and the demo IdP fails its test';

test.describe.serial('the network guard with Entra chosen', () => {
  test(OFFENDING_TITLE, async ({ page }) => {
    // Expected to fail: the guard fails it after the body. Nothing leaves the machine: the
    // requests are aborted in the browser, after the guard has seen them.
    test.fail(true, 'the network guard must fail a test whose page reached a host not chosen');
    await page.route(/^https:\/\/sts\.windows\.net\//, (route) => route.abort());
    await page.route(OTHER_HOST, (route) => route.abort());
    await page.goto('/');
    await page.evaluate(
      (urls) => Promise.all(urls.map((url) => fetch(url).catch(() => undefined))),
      [STS_DISCOVERY, OTHER_HOST],
    );
  });

  test('the failure above was the guard, naming both requests', () => {
    const configFile = test.info().config.configFile ?? path.join(process.cwd(), 'playwright.config.ts');
    const log = path.join(path.dirname(configFile), '.tmp', 'reports', 'network-guard.jsonl');
    const lines = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { title: string; violations: string[]; expectedToFail?: boolean });
    const last = lines.filter((line) => line.title.endsWith(OFFENDING_TITLE)).at(-1);
    expect([...(last?.violations ?? [])].sort()).toEqual([OTHER_HOST, STS_DISCOVERY].sort());
    expect(last?.expectedToFail).toBe(true);
  });
});
