import AxeBuilder from '@axe-core/playwright';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { RELAY_ORIGIN, auditStorage, expect, test as guarded } from './fixtures';

// Workshop room (issue 15): `npm run room` on 127.0.0.2 (another loopback address than localhost,
// standing in for the presenter's Wi-Fi address), with the real production build, IdP and APIs.

const HOST = '127.0.0.2';
const PORT = 4180;
const ROOM = `http://${HOST}:${PORT}`;
const IDP = `http://${HOST}:${PORT + 1}`;
const API = `http://${HOST}:${PORT + 2}`;
const ROOT = path.resolve(import.meta.dirname, '..');
const OUT_DIR = path.join(ROOT, '.tmp', 'dist-room');

interface Attendee {
  username: string;
  password: string;
}
interface RoomFixtures {
  room: { presenterUrl: string; statsUrl: string; attendees: Attendee[] };
}

const test = guarded.extend<object, RoomFixtures>({
  room: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const build = spawnSync(
        path.join(ROOT, 'node_modules', '.bin', 'vite'),
        ['build', '--outDir', OUT_DIR, '--emptyOutDir', '--logLevel', 'warn'],
        { cwd: ROOT, encoding: 'utf8' },
      );
      if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
      const child: ChildProcess = spawn(
        process.execPath,
        [
          path.join(ROOT, 'scripts', 'room.mjs'),
          '--host',
          HOST,
          '--port',
          String(PORT),
          '--attendees',
          '4',
          '--self-join',
          '3',
          '--dist',
          OUT_DIR,
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const deadline = Date.now() + 30_000;
      while (!output.includes('Room ready')) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`the room did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const printUrl = /(http:\/\/\S+\/room\/print\?token=\S+)/.exec(output)?.[1] ?? '';
      const presenterUrl = /(http:\/\/\S+\/room\/presenter\?token=\S+)/.exec(output)?.[1] ?? '';
      const sheet = await (await fetch(printUrl)).text();
      const attendees = [...sheet.matchAll(/<li>(attendee-\d+) \/ ([a-z2-9-]+)<\/li>/g)].map(
        ([, username = '', password = '']) => ({ username, password }),
      );
      await use({
        presenterUrl,
        statsUrl: presenterUrl.replace('/room/presenter', '/room/stats.json'),
        attendees,
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
    { scope: 'worker', timeout: 180_000, auto: true },
  ],
});

test.use({ allowOrigins: [ROOM, IDP, API] });

function step(page: Page, title: RegExp) {
  return page.getByRole('region', { name: 'Steps' }).getByRole('button', { name: title });
}

async function expectStepStatus(page: Page, title: RegExp, status: 'Done' | 'Failed') {
  await expect(step(page, title)).toContainText(status);
}

async function signIn(page: Page, attendee: Attendee) {
  await expect(page.getByRole('note')).toContainText('demo identity provider for this room only');
  await page.getByLabel('Username').fill(attendee.username);
  await page.getByLabel('Password').fill(attendee.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

interface FlowCounts {
  'signed-in': number;
  tokens: number;
  refreshed: number;
  api: number;
}

/** Reads the presenter view as it stands (it updates itself every 3 s). */
async function readCounts(page: Page, flow: string): Promise<FlowCounts> {
  const row = page.getByRole('row', { name: new RegExp(`^${flow}`) });
  const cells = await row.getByRole('cell').allTextContents();
  const [signedIn = 0, tokens = 0, refreshed = 0, api = 0] = cells.map(Number);
  return { 'signed-in': signedIn, tokens, refreshed, api };
}

test.describe('workshop room', () => {
  test('two attendees run code + PKCE and device code on the room origin while the presenter view counts them', async ({
    page,
    browser,
    room,
  }) => {
    test.setTimeout(120_000);
    const [first, second] = room.attendees;
    if (!first || !second) throw new Error('the join sheet lists no attendees');

    const presenterContext = await browser.newContext();
    const presenter = await presenterContext.newPage();
    await presenter.goto(room.presenterUrl);
    await expect(presenter.getByRole('table', { name: 'Attendees per flow and step' })).toBeVisible();
    expect(await readCounts(presenter, 'Authorization code \\+ PKCE')).toEqual({
      'signed-in': 0,
      tokens: 0,
      refreshed: 0,
      api: 0,
    });

    // Attendee 1: authorization code + PKCE against the room's IdP, then refresh and the demo API.
    await page.goto(`${ROOM}/flows/code-pkce`);
    await expect(page.getByRole('complementary', { name: 'Workshop room notice' })).toContainText(
      'demo identity provider for this room only',
    );
    await expect(page.getByTestId('authorize-url')).toContainText(`${IDP}/auth`);
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await page.waitForURL(new RegExp(`^${IDP}/interaction/`));
    await signIn(page, first);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${ROOM}/flows/code-pkce`);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(authorization_code\)/, 'Done');
    await expectStepStatus(page, /Validate the ID token/, 'Done');
    await expect(page.getByRole('region', { name: 'id_token' })).toContainText(first.username);
    await page.getByRole('button', { name: 'Refresh the tokens' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(refresh_token\)/, 'Done');
    await page.getByRole('button', { name: 'Call the API' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Call the API with the access token/, 'Done');
    await expect(page.getByText(`${API}/me`).first()).toBeVisible();
    await auditStorage(page, { secrets: [first.password] });

    // Attendee 2, in their own browser: the device code flow, approved on the IdP's pages.
    const secondContext = await browser.newContext();
    const device = await secondContext.newPage();
    await device.goto(`${ROOM}/flows/device-code`);
    await device.getByRole('button', { name: 'Start', exact: true }).click();
    await device.getByRole('button', { name: 'Send request' }).click();
    const code = device.getByRole('status', { name: 'user_code' });
    await expect(code).toHaveText(/^[A-Z]{4}-[A-Z]{4}$/);
    const userCode = (await code.textContent()) ?? '';
    const phone = await secondContext.newPage();
    await phone.goto(`${IDP}/device`);
    await phone.getByRole('textbox').first().fill(userCode);
    await phone.getByRole('button', { name: 'Continue' }).click();
    await phone.getByRole('button', { name: 'Continue' }).click();
    await signIn(phone, second);
    await phone.getByRole('button', { name: 'Allow' }).click();
    await expect(phone.getByRole('heading', { name: 'Device connected' })).toBeVisible();
    await expectStepStatus(device, /Token request \(device_code\), polled/, 'Done');
    await device.getByRole('button', { name: 'Call the API' }).click();
    await device.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(device, /Call the API with the access token/, 'Done');
    // Each attendee's run stays in their own browser.
    await expect(device.getByText(first.username)).toHaveCount(0);
    await auditStorage(device, { secrets: [second.password] });

    await expect
      .poll(() => readCounts(presenter, 'Authorization code \\+ PKCE'))
      .toEqual({ 'signed-in': 1, tokens: 1, refreshed: 1, api: 1 });
    await expect
      .poll(() => readCounts(presenter, 'Device code'))
      .toEqual({ 'signed-in': 1, tokens: 1, refreshed: 0, api: 1 });
    await secondContext.close();
    await presenterContext.close();
  });

  test('an attendee completes a form_post flow through the room receiver, then on-behalf-of and the API chain at the room API', async ({
    page,
    room,
  }) => {
    test.setTimeout(90_000);
    const attendee = room.attendees[2];
    if (!attendee) throw new Error('the join sheet lists too few attendees');

    // Authorization code + PKCE with response_mode=form_post: the room IdP posts the response to
    // the room's own receiver (not the loopback relay), which hands it to this browser's callback.
    await page.goto(`${ROOM}/flows/code-pkce`);
    await page.getByRole('combobox', { name: /^response_mode —/ }).fill('form_post');
    await expect(page.getByText(`use the receiver ${ROOM}/form-post as redirect_uri`).first()).toBeVisible();
    await page.getByRole('textbox', { name: /^redirect_uri —/ }).fill(`${ROOM}/form-post`);
    await page.getByRole('textbox', { name: /^scope —/ }).fill('openid profile api-a.access');
    await expect(page.getByText('/form-post as redirect_uri')).toHaveCount(0);
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await page.waitForURL(new RegExp(`^${IDP}/interaction/`));
    await signIn(page, attendee);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${ROOM}/flows/code-pkce`);
    await expectStepStatus(page, /Redirect back to the app/, 'Done');
    await expect(step(page, /Redirect back to the app/)).toContainText('in the fragment');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(authorization_code\)/, 'Done');
    await expect(page.getByRole('region', { name: 'access_token' })).toContainText('api://api-a');

    // On-behalf-of: the playground plays API A against the room IdP (directly, no relay), then
    // calls API B at the room's API address; then API A's own chain route does the same.
    await page.goto(`${ROOM}/flows/on-behalf-of`);
    await expect(page.getByRole('textbox', { name: /^api_b_url —/ })).toHaveValue(`${API}/api-b/data`);
    await page.getByRole('button', { name: /Use the access token of the last run/ }).click();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expectStepStatus(page, /Client calls API A/, 'Done');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(jwt-bearer, on_behalf_of\)/, 'Done');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /API A calls API B/, 'Done');
    await expect(page.getByRole('region', { name: /User token → on-behalf-of token/ })).toContainText(
      'same user (subject kept)',
    );
    await expect(page.getByText(`GET ${API}/api-a/chain`)).toBeVisible();
    await page.getByRole('button', { name: 'Call API A’s chain route' }).click();
    const answer = page.getByLabel('API A chain answer');
    await expect(answer).toContainText('HTTP 200');
    await expect(answer).toContainText(`API B data for`);
    await expect(answer).toContainText('"aud": "api://api-b"');
    await auditStorage(page, { secrets: [attendee.password, 'api-a-secret'] });
  });

  test('the room form_post receiver answers each posting browser with its own response only, and keeps nothing', async ({
    playwright,
  }) => {
    const browsers = [await playwright.request.newContext(), await playwright.request.newContext()];
    const answers = await Promise.all(
      browsers.map((browser, index) =>
        browser.post(`${ROOM}/form-post`, {
          form: { code: `code-${index}`, state: `state-${index}` },
          maxRedirects: 0,
        }),
      ),
    );
    for (const [index, answer] of answers.entries()) {
      expect(answer.status()).toBe(303);
      expect(answer.headers().location).toBe(`${ROOM}/callback#code=code-${index}&state=state-${index}`);
      expect(answer.headers()['cache-control']).toBe('no-store');
      expect(answer.headers()['set-cookie']).toBeUndefined();
    }
    // Only form_post bodies are taken.
    const json = await browsers[0]!.post(`${ROOM}/form-post`, { data: { code: 'c' }, maxRedirects: 0 });
    expect(json.status()).toBe(415);
    await Promise.all(browsers.map((browser) => browser.dispose()));
  });

  test('private_key_jwt in a room: a key made in the browser is registered at the room, not the relay, and signs the assertion', async ({
    page,
  }) => {
    await page.goto(`${ROOM}/flows/client-credentials`);
    await page.getByLabel('Demo client of the local IdP').selectOption('playground-assertion');
    await page.getByRole('button', { name: 'Generate a key pair and certificate' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Generated.' })).toBeVisible();
    const privateKey = await page.getByRole('textbox', { name: /^private key/ }).inputValue();
    const upload = page.waitForRequest(`${ROOM}/demo/assertion-keys`);
    await page.getByRole('button', { name: 'Register the public key with the local IdP' }).click();
    await upload;
    await expect(page.getByRole('status').filter({ hasText: 'Registered' })).toBeVisible();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Client assertion (decoded)' })).toContainText(
      `${IDP}/token`,
    );
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Token request \(client_credentials\)/, 'Done');
    await expect(page.getByRole('region', { name: 'access_token' })).toContainText(
      '"sub": "playground-assertion"',
    );
    await auditStorage(page, { secrets: [privateKey.split('\n')[1] ?? privateKey] });
  });

  test('self-service join: an attendee creates a demo account, sees it once, and signs in with it', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await page.goto(`${ROOM}/`);
    await expect(page.getByRole('complementary', { name: 'Workshop room notice' })).toContainText(
      `No account? Get one at ${ROOM}/room/join`,
    );
    await page.goto(`${ROOM}/room/join`);
    await expect(page.getByRole('heading', { name: 'Get a demo account' })).toBeVisible();
    await page.getByRole('button', { name: 'Create my demo account' }).click();
    await expect(page.getByRole('heading', { name: 'Your demo account' })).toBeVisible();
    const username = (await page.locator('dt:text-is("Username") + dd').textContent()) ?? '';
    const password = (await page.locator('dt:text-is("Password") + dd').textContent()) ?? '';
    expect(username).toMatch(/^guest-\d{2}$/);
    expect(password).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    await expect(page.getByText('shows them once')).toBeVisible();

    await page.getByRole('link', { name: 'Open the playground' }).click();
    await page.goto(`${ROOM}/flows/code-pkce`);
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await page.waitForURL(new RegExp(`^${IDP}/interaction/`));
    await signIn(page, { username, password });
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${ROOM}/flows/code-pkce`);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expectStepStatus(page, /Validate the ID token/, 'Done');
    await expect(page.getByRole('region', { name: 'id_token' })).toContainText(username);
    await auditStorage(page, { secrets: [password] });
  });

  test('the relay refuses the room origin, and the room app may not even reach it', async ({
    page,
    request,
    room,
  }) => {
    expect(room.attendees).toHaveLength(4);
    const answer = await request.post(`${RELAY_ORIGIN}/relay`, {
      headers: { origin: ROOM, 'content-type': 'application/json' },
      data: { method: 'GET', url: `${IDP}/.well-known/openid-configuration` },
    });
    expect(answer.status()).toBe(403);
    expect(((await answer.json()) as { error?: string }).error).toBe('origin_not_allowed');

    await page.goto(`${ROOM}/`);
    const blocked = await page.evaluate(async (relay) => {
      try {
        await fetch(`${relay}/relay/allow-list`);
        return 'reached';
      } catch (error) {
        return String(error);
      }
    }, RELAY_ORIGIN);
    expect(blocked).toMatch(/Failed to fetch/);
    // The room's page carries no setting that points at the relay.
    const config = await page.locator('meta[name="token-playground-config"]').getAttribute('content');
    expect(JSON.parse(config ?? '{}')).toMatchObject({ localIssuer: IDP, relay: false });
  });

  test('the room app, the join sheet, the presenter view and the sign-in page have no serious axe findings', async ({
    page,
    room,
  }) => {
    const pages = [
      `${ROOM}/`,
      `${ROOM}/room/join`,
      room.presenterUrl.replace('/room/presenter', '/room/print'),
      room.presenterUrl,
      `${IDP}/device`,
    ];
    for (const url of pages) {
      await page.goto(url);
      await expect(page.getByText('demo identity provider for this room only').first()).toBeVisible();
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map(
          (violation) =>
            `${url} ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
        );
      expect(serious).toEqual([]);
    }
  });

  test('the presenter pages need the presenter token', async ({ request, room }) => {
    expect((await request.get(`${ROOM}/room/presenter`)).status()).toBe(401);
    expect((await request.get(room.statsUrl)).status()).toBe(200);
  });
});
