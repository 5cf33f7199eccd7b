import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from '@playwright/test';
import { SignJWT } from 'jose';
import { APP_ORIGIN, expect, test } from './fixtures';
import { XSS_PAYLOADS } from './xss-corpus';

// XSS corpus (issue 7): every payload is placed in token claims, callback parameters, error
// descriptions, discovery documents and imported setups. Nothing may run, open a dialog or
// navigate away, and each payload must be shown as text.

const DISCOVERY_PORT = 47_931;
const DISCOVERY_ORIGIN = `http://127.0.0.1:${DISCOVERY_PORT}`;

test.use({ allowOrigins: [DISCOVERY_ORIGIN] });

interface XssWatch {
  dialogs: string[];
  navigations: string[];
}

function watch(page: Page): XssWatch {
  const seen: XssWatch = { dialogs: [], navigations: [] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && new URL(frame.url()).origin !== APP_ORIGIN)
      seen.navigations.push(frame.url());
  });
  return seen;
}

/** No dialog, no executed payload, no navigation, and no live markup from a payload in the DOM. */
async function expectInert(page: Page, seen: XssWatch) {
  expect(seen.dialogs, 'dialogs opened').toEqual([]);
  expect(seen.navigations, 'navigations away from the app').toEqual([]);
  expect(new URL(page.url()).origin).toBe(APP_ORIGIN);
  const found = await page.evaluate(() => {
    const problems: string[] = [];
    if ((window as { __xss?: unknown }).__xss !== undefined) problems.push('window.__xss was set');
    for (const element of Array.from(document.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) {
        const name = attribute.name.toLowerCase();
        const value = attribute.value.replace(/\s/g, '').toLowerCase();
        if (name.startsWith('on')) problems.push(`<${element.tagName} ${name}>`);
        if (
          ['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(name) &&
          /(javascript|vbscript):|^data:text\/html/.test(value)
        ) {
          problems.push(`<${element.tagName} ${name}="${attribute.value}">`);
        }
      }
      if (element.tagName === 'SCRIPT' && element.textContent.includes('__xss'))
        problems.push('<script> with a payload');
      if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'META'].includes(element.tagName) && element.closest('body'))
        problems.push(`<${element.tagName}> inside the body`);
    }
    return problems;
  });
  expect(found, 'payload markup came alive in the DOM').toEqual([]);
}

/** The text of a region; payloads count as shown raw or JSON-escaped (raw JSON views). */
async function expectShownAsText(region: Locator, payloads: readonly string[]) {
  const text = await region.evaluate((element) => element.textContent);
  const missing = payloads.filter(
    (payload) => !text.includes(payload) && !text.includes(JSON.stringify(payload).slice(1, -1)),
  );
  expect(missing, 'payloads not shown as text').toEqual([]);
}

function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let index = 0; index < items.length; index += size) batches.push(items.slice(index, index + size));
  return batches;
}

test.describe('XSS corpus', () => {
  test(`has at least 50 payloads (${XSS_PAYLOADS.length})`, () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(XSS_PAYLOADS).size).toBe(XSS_PAYLOADS.length);
  });

  test('payloads in token claims and headers are decoded as text', async ({ page }) => {
    const seen = watch(page);
    const secret = new TextEncoder().encode('xss-corpus-test-secret-of-32-bytes!!');
    await page.goto('/inspect');
    const input = page.getByRole('textbox', { name: 'Token' });
    for (const batch of inBatches(XSS_PAYLOADS, 10)) {
      const claims = Object.fromEntries(batch.map((payload, index) => [`p${index}`, payload]));
      const token = await new SignJWT({ ...claims, name: batch[0], iss: batch[1] ?? 'x' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: batch[2] ?? 'k' })
        .setSubject(batch.at(-1) ?? 's')
        .setIssuedAt()
        .sign(secret);
      await input.fill(token);
      const view = page.getByRole('article', { name: 'Token' });
      await expect(view.getByRole('table', { name: 'Claims' })).toContainText(`p${batch.length - 1}`);
      await expectShownAsText(view, batch);
      await expectInert(page, seen);
    }
  });

  test('payloads in an error callback (error_description, error_uri, error) stay text', async ({ page }) => {
    const seen = watch(page);
    await page.goto('/flows/code-pkce');
    const authorizeUrl = new URL((await page.getByTestId('authorize-url').textContent()) ?? '');
    const state = authorizeUrl.searchParams.get('state') ?? '';
    expect(state).not.toBe('');
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await page.waitForURL(/localhost:4000/);
    const description = XSS_PAYLOADS.join(' ⁞ ');
    const callback = new URL(`${APP_ORIGIN}/callback`);
    callback.searchParams.set('error', 'access_denied');
    callback.searchParams.set('error_description', description);
    callback.searchParams.set('error_uri', 'javascript:window.__xss=1');
    callback.searchParams.set('state', state);
    seen.navigations.length = 0;
    await page.goto(callback.href);
    await page.waitForURL(/\/flows\/code-pkce/);
    await expect(
      page.getByRole('region', { name: 'Steps' }).getByRole('button', { name: /Redirect back to the app/ }),
    ).toContainText('Failed');
    await expectShownAsText(page.locator('main'), XSS_PAYLOADS);
    await expectInert(page, seen);
  });

  const callbackVariants: [string, (state: string) => Record<string, string>][] = [
    [
      'the code and extra parameters of a callback with a good state',
      (state) => ({
        code: XSS_PAYLOADS.slice(0, 30).join(' '),
        state,
        session_state: XSS_PAYLOADS.slice(30).join(' '),
      }),
    ],
    ['a state made of payloads', () => ({ code: 'abc', state: XSS_PAYLOADS.slice(0, 12).join(' ') })],
  ];
  for (const [label, buildParams] of callbackVariants) {
    test(`payloads in ${label} stay inert`, async ({ page }) => {
      const seen = watch(page);
      await page.goto('/flows/code-pkce');
      const authorizeUrl = new URL((await page.getByTestId('authorize-url').textContent()) ?? '');
      const state = authorizeUrl.searchParams.get('state') ?? '';
      await page.getByRole('button', { name: 'Start in this tab' }).click();
      await page.waitForURL(/localhost:4000/);
      const callback = new URL(`${APP_ORIGIN}/callback`);
      for (const [name, value] of Object.entries(buildParams(state))) callback.searchParams.set(name, value);
      seen.navigations.length = 0;
      await page.goto(callback.href);
      await page.waitForURL(/\/flows\/code-pkce/);
      await expect(
        page.getByRole('region', { name: 'Steps' }).getByRole('button', { name: /Redirect back to the app/ }),
      ).toContainText(/Done|Failed/);
      await expectInert(page, seen);
    });
  }

  test.describe('discovery documents', () => {
    let server: http.Server | undefined;
    test.beforeAll(async () => {
      server = http.createServer((req, res) => {
        const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
        if (req.url === '/good/.well-known/openid-configuration') {
          const issuer = `${DISCOVERY_ORIGIN}/good`;
          res.writeHead(200, headers);
          res.end(
            JSON.stringify({
              issuer,
              authorization_endpoint: `${issuer}/authorize?x=${encodeURIComponent(XSS_PAYLOADS[0] ?? '')}`,
              token_endpoint: `${issuer}/token`,
              jwks_uri: `${issuer}/jwks`,
              service_documentation: 'javascript:window.__xss=1',
              op_policy_uri: 'javascript:window.__xss=1',
              scopes_supported: XSS_PAYLOADS.slice(0, 20),
              claims_supported: XSS_PAYLOADS.slice(20, 40),
              response_types_supported: XSS_PAYLOADS.slice(40),
            }),
          );
        } else if (req.url === '/bad-issuer/.well-known/openid-configuration') {
          res.writeHead(200, headers);
          res.end(JSON.stringify({ issuer: XSS_PAYLOADS.join(' ') }));
        } else if (req.url === '/bad-endpoint/.well-known/openid-configuration') {
          res.writeHead(200, headers);
          res.end(
            JSON.stringify({
              issuer: `${DISCOVERY_ORIGIN}/bad-endpoint`,
              authorization_endpoint: 'javascript:window.__xss=1',
              token_endpoint: XSS_PAYLOADS[5],
            }),
          );
        } else if (req.url === '/html/.well-known/openid-configuration') {
          res.writeHead(500, { ...headers, 'content-type': 'text/html' });
          res.end(`<!doctype html><html><body>${XSS_PAYLOADS.join('')}</body></html>`);
        } else {
          res.writeHead(404, headers);
          res.end('{}');
        }
      });
      const listening = server;
      await new Promise<void>((resolve) => listening.listen(DISCOVERY_PORT, '127.0.0.1', resolve));
      expect((listening.address() as AddressInfo).port).toBe(DISCOVERY_PORT);
    });
    test.afterAll(async () => {
      const listening = server;
      if (listening) await new Promise((resolve) => listening.close(resolve));
    });

    async function useCustomProvider(page: Page, path: string) {
      await page.goto('/settings');
      await page.getByLabel('Custom provider').check();
      await page.getByLabel(/Issuer or discovery URL/).fill(`${DISCOVERY_ORIGIN}${path}`);
    }

    test('payloads in a valid document are listed as text', async ({ page }) => {
      const seen = watch(page);
      await useCustomProvider(page, '/good');
      const panel = page.getByRole('region', { name: 'Discovery document' });
      await expect(panel).toContainText(`${DISCOVERY_ORIGIN}/good/token`);
      await panel.locator('summary').click();
      await expectShownAsText(panel, XSS_PAYLOADS);
      await expectInert(page, seen);
    });

    const refused: [string, string, readonly string[]][] = [
      ['an issuer made of payloads', '/bad-issuer', XSS_PAYLOADS],
      ['a javascript: endpoint', '/bad-endpoint', ['authorization_endpoint']],
      ['an HTML error page full of payloads', '/html', ['HTTP 500']],
    ];
    for (const [label, path, shown] of refused) {
      test(`a document with ${label} is refused with a message, as text`, async ({ page }) => {
        const seen = watch(page);
        await useCustomProvider(page, path);
        const alert = page.getByRole('region', { name: 'Discovery document' }).getByRole('alert');
        await expect(alert).toBeVisible();
        await expectShownAsText(alert, shown);
        await expectInert(page, seen);
      });
    }
  });
});

test('payloads in imported setups are listed as text', async ({ page }) => {
  const seen = watch(page);
  const names = XSS_PAYLOADS.map((payload, index) => `${index} ${payload}`.slice(0, 100).trim());
  const file = {
    format: 'token-playground.setups',
    version: 1,
    setups: XSS_PAYLOADS.map((payload, index) => ({
      name: names[index],
      description: payload,
      provider: {
        kind: 'custom',
        localIssuer: 'http://localhost:4000',
        entraTenant: 'common',
        entraCloud: 'global',
        customUrl: 'javascript:window.__xss=1',
      },
      flowId: 'code-pkce',
      clientId: payload,
      authMethod: 'none',
      via: 'direct',
      authorizeParams: { scope: payload },
      tokenParams: {},
      extraParams: [['x_note', payload]],
    })),
  };
  await page.goto('/setups');
  await page.getByLabel('Import from a JSON file').setInputFiles({
    name: 'xss-setups.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(file)),
  });
  await expect(
    page.getByRole('status').filter({ hasText: `Imported ${XSS_PAYLOADS.length} setups` }),
  ).toBeVisible();
  await expectShownAsText(page.locator('main'), names);
  await expectInert(page, seen);
});
