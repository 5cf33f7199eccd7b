import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { APP_ORIGIN, expect, test as base } from './fixtures';

/**
 * Issue 7, robustness: each way a token endpoint can fail is shown in the step with its own
 * message, nothing crashes, and the step can be retried with the same client id, secret and scope.
 * The provider is a small custom OpenID provider served by this test on 127.0.0.1.
 */

type TokenMode = 'ok' | 'oauth-error-500' | 'html-502' | 'text-200' | 'reset' | 'no-answer' | 'no-cors';

interface ReceivedTokenRequest {
  method: string;
  authorization: string | undefined;
  body: string;
}

interface FakeProvider {
  readonly origin: string;
  readonly port: number;
  /** How `/token` answers from now on. */
  setMode(mode: TokenMode): void;
  /** Every POST /token this provider read to the end, in order (reset and hung ones included). */
  readonly tokenRequests: ReceivedTokenRequest[];
  /** Stops listening and drops every open connection: the provider is down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

const CLIENT_ID = 'netfail-client';
const CLIENT_SECRET = 'netfail-secret-42';
const SCOPE = 'orders.read orders.write';
const ACCESS_TOKEN = 'opaque-access-token-7f3c';
const ERROR_DESCRIPTION = 'The token service had an internal failure (trace 5c1e).';

function setCors(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', APP_ORIGIN);
  res.setHeader('vary', 'Origin');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function startProvider(): Promise<FakeProvider> {
  let mode: TokenMode = 'ok';
  let port = 0;
  const tokenRequests: ReceivedTokenRequest[] = [];
  const hung = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const origin = `http://127.0.0.1:${port}`;
    const path = new URL(req.url ?? '/', origin).pathname;
    const isToken = path === '/token';
    if (!(isToken && mode === 'no-cors')) setCors(res);

    if (req.method === 'OPTIONS') {
      if (!(isToken && mode === 'no-cors')) {
        res.setHeader('access-control-allow-methods', 'GET, POST');
        res.setHeader('access-control-allow-headers', 'authorization, content-type');
        res.setHeader('access-control-max-age', '0');
      }
      res.writeHead(204);
      res.end();
      return;
    }

    if (path === '/.well-known/openid-configuration') {
      sendJson(res, 200, {
        issuer: origin,
        authorization_endpoint: `${origin}/authorize`,
        token_endpoint: `${origin}/token`,
        jwks_uri: `${origin}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        grant_types_supported: ['authorization_code', 'client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
      return;
    }
    if (path === '/jwks') {
      sendJson(res, 200, { keys: [] });
      return;
    }
    if (!isToken) {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    if (req.method !== 'POST') {
      // What a real token endpoint says to a GET (the app's opaque reachability probe lands here).
      sendJson(res, 405, { error: 'invalid_request', error_description: 'POST only' });
      return;
    }

    const body = await readBody(req);
    tokenRequests.push({ method: req.method, authorization: req.headers.authorization, body });
    switch (mode) {
      case 'ok':
      case 'no-cors':
        sendJson(res, 200, { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600 });
        return;
      case 'oauth-error-500':
        sendJson(res, 500, { error: 'server_error', error_description: ERROR_DESCRIPTION });
        return;
      case 'html-502':
        res.writeHead(502, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          '<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
        );
        return;
      case 'text-200':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('access_token=not-json&token_type=bearer');
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'no-answer':
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return;
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();

  return {
    get origin() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    setMode(next) {
      mode = next;
    },
    tokenRequests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const res of hung) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    start: listen,
  };
}

const test = base.extend<{ provider: FakeProvider }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
  provider: async ({}, provide) => {
    const provider = await startProvider();
    await provide(provider);
    await provider.stop();
  },
  allowOrigins: async ({ provider }, provide) => {
    await provide([provider.origin]);
  },
});

const tokenStep = /Token request \(client_credentials\)/;

function stepButton(page: Page) {
  return page.getByRole('region', { name: 'Steps', exact: true }).getByRole('button', { name: tokenStep });
}

function stepAlert(page: Page) {
  return page.getByRole('alert').filter({ hasText: /\S/ }).first();
}

function requestForm(page: Page) {
  return page.getByRole('form', { name: /^Request: Token request \(client_credentials\)/ });
}

/** Custom provider in the settings, then the client credentials flow set up and started, request sent. */
async function startRun(page: Page, provider: FakeProvider): Promise<void> {
  await page.goto('/settings');
  await page.getByRole('radio', { name: /Custom provider/ }).check();
  await page.getByRole('textbox', { name: /Issuer or discovery URL/ }).fill(provider.origin);
  await expect(page.getByRole('status').filter({ hasText: 'Loaded from' })).toContainText(
    `${provider.origin}/.well-known/openid-configuration`,
  );

  await page.goto('/flows/client-credentials');
  await page.getByRole('textbox', { name: /^client_id —/ }).fill(CLIENT_ID);
  await page.getByLabel('Client authentication').selectOption('client_secret_basic');
  await page.getByLabel(/^client_secret —/).fill(CLIENT_SECRET);
  await page.getByRole('radio', { name: 'directly from the browser' }).check();
  await page.getByRole('textbox', { name: /^scope —/ }).fill(SCOPE);
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await sendAndCheckParameters(page);
}

/** Checks the request about to be sent still carries the client id, secret and scope, then sends it. */
async function sendAndCheckParameters(page: Page): Promise<void> {
  const form = requestForm(page);
  await expect(form.getByRole('textbox', { name: /^scope —/ })).toHaveValue(SCOPE);
  await expect(form.getByRole('textbox', { name: /^grant_type —/ })).toHaveValue('client_credentials');
  await form.getByRole('checkbox', { name: 'Show secrets in this request' }).check();
  const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
  await expect(form.getByRole('row', { name: /authorization/ })).toContainText(basic);
  // The request's send button lives in the step's next-action bar, not inside the form.
  await page
    .getByRole('region', { name: 'Next action' })
    .getByRole('button', { name: 'Send request' })
    .click();
}

/** The page is still the flow page with its steps: no blank screen, no error boundary. */
async function expectPageIntact(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Client credentials' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Steps', exact: true })).toBeVisible();
  await expect(page.getByText(CLIENT_ID, { exact: true }).first()).toBeVisible();
}

type FailureCase = Exclude<TokenMode, 'ok'> | 'down';

/** What each failure's message says, and what no other failure's message may say. */
const SIGNATURES: Record<FailureCase, RegExp> = {
  'oauth-error-500': /server_error/,
  'html-502': /HTML page/,
  'text-200': /is not JSON \(status 200, text\/plain/,
  reset: /connection .*(closed|reset)/i,
  'no-answer': /within the time limit/,
  'no-cors': /\(CORS\)/,
  down: /Could not reach/,
};

async function expectFailure(page: Page, mode: FailureCase): Promise<string> {
  await expect(stepButton(page)).toContainText('Failed');
  const alert = stepAlert(page);
  await expect(alert).toContainText(SIGNATURES[mode]);
  const text = (await alert.textContent()) ?? '';
  for (const [other, signature] of Object.entries(SIGNATURES)) {
    if (other !== mode)
      expect(text, `the ${mode} message must not read like ${other}`).not.toMatch(signature);
  }
  await expectPageIntact(page);
  return text;
}

/** Switches the provider back to a good answer, retries the failed step, and checks it succeeds. */
async function retryAndSucceed(page: Page, provider: FakeProvider): Promise<void> {
  provider.setMode('ok');
  const before = provider.tokenRequests.length;
  await page.getByRole('button', { name: 'Try this step again' }).click();
  await sendAndCheckParameters(page);
  await expectSuccess(page, provider, before);
}

async function expectSuccess(page: Page, provider: FakeProvider, before: number): Promise<void> {
  await expect(stepButton(page)).toContainText('Done');
  await expect(stepButton(page)).toContainText('Received access token.');
  const sent = provider.tokenRequests.slice(before);
  expect(sent).toHaveLength(1);
  const [request] = sent;
  expect(request?.authorization).toBe(
    `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
  );
  const form = new URLSearchParams(request?.body);
  expect(form.get('grant_type')).toBe('client_credentials');
  expect(form.get('scope')).toBe(SCOPE);
  await expectPageIntact(page);
}

test.describe('token endpoint failures, each explained and retried with the same parameters', () => {
  test('500 with an OAuth error body: the error and its description', async ({ page, provider }) => {
    provider.setMode('oauth-error-500');
    await startRun(page, provider);
    const text = await expectFailure(page, 'oauth-error-500');
    expect(text).toContain(ERROR_DESCRIPTION);
    await retryAndSucceed(page, provider);
  });

  test('HTML error page (502): said to be an HTML page', async ({ page, provider }) => {
    provider.setMode('html-502');
    await startRun(page, provider);
    const text = await expectFailure(page, 'html-502');
    expect(text).toContain('status 502');
    expect(text).toContain('RESPONSE_NOT_JSON');
    await retryAndSucceed(page, provider);
  });

  test('a 200 body that is not JSON: said to be not JSON, with its content type', async ({
    page,
    provider,
  }) => {
    provider.setMode('text-200');
    await startRun(page, provider);
    const text = await expectFailure(page, 'text-200');
    expect(text).toContain('RESPONSE_NOT_JSON');
    await retryAndSucceed(page, provider);
  });

  test('connection reset: said to be a closed connection, not CORS nor a host that is down', async ({
    page,
    provider,
  }) => {
    provider.setMode('reset');
    await startRun(page, provider);
    const text = await expectFailure(page, 'reset');
    expect(text).toContain(
      `The connection to 127.0.0.1:${provider.port} was closed before an answer arrived`,
    );
    expect(provider.tokenRequests.length, 'the POST reached the provider and was reset').toBeGreaterThan(0);
    await expect(page.getByRole('button', { name: 'Send through the relay' })).toHaveCount(0);
    await retryAndSucceed(page, provider);
  });

  test('no answer at all: timed out', async ({ page, provider }) => {
    // The app gives up after 20 s (its default, not settable in the UI).
    test.setTimeout(45_000);
    provider.setMode('no-answer');
    await startRun(page, provider);
    await expect(stepButton(page)).toContainText('Failed', { timeout: 25_000 });
    const text = await expectFailure(page, 'no-answer');
    expect(text).toContain(`No answer from 127.0.0.1:${provider.port} within the time limit.`);
    expect(text).toContain('TIMEOUT');
    await retryAndSucceed(page, provider);
  });

  test('provider down: could not reach the host; retried once it is back', async ({ page, provider }) => {
    await startRun(page, provider);
    await expectSuccess(page, provider, 0);
    await provider.stop();
    await stepButton(page).click();
    await page.getByRole('button', { name: /Send this request again/ }).click();
    await sendAndCheckParameters(page);
    const text = await expectFailure(page, 'down');
    expect(text).toContain(`Could not reach 127.0.0.1:${provider.port}`);
    expect(text).toContain('NETWORK');
    await provider.start();
    await retryAndSucceed(page, provider);
  });

  test('CORS refused: says CORS and offers the relay, whose refusal of 127.0.0.1 is explained', async ({
    page,
    provider,
  }) => {
    provider.setMode('no-cors');
    await startRun(page, provider);
    await expectFailure(page, 'no-cors');
    expect(provider.tokenRequests).toHaveLength(0);

    await page.getByRole('button', { name: 'Send through the relay' }).click();
    await expect(requestForm(page)).toContainText('Goes through the local relay');
    await sendAndCheckParameters(page);
    await expect(stepButton(page)).toContainText('Failed');
    const refusal = stepAlert(page);
    await expect(refusal).toContainText('The relay refused to forward the request (HTTP 403)');
    await expect(refusal).toContainText(`http://127.0.0.1:${provider.port}`);
    await expect(refusal).toContainText('Refused by the relay');
    await expect(refusal).toContainText('RELAY_REFUSED');
    await expectPageIntact(page);
    expect(provider.tokenRequests).toHaveLength(0);

    // The relay cannot reach a loopback provider: back to a new run sent directly, once CORS is fixed.
    provider.setMode('ok');
    await page.getByRole('button', { name: 'New run (keep parameters)' }).click();
    await expect(page.getByRole('textbox', { name: /^client_id —/ })).toHaveValue(CLIENT_ID);
    await expect(page.getByLabel(/^client_secret —/)).toHaveValue(CLIENT_SECRET);
    await expect(page.getByRole('textbox', { name: /^scope —/ })).toHaveValue(SCOPE);
    await expect(page.getByRole('radio', { name: 'directly from the browser' })).toBeChecked();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await sendAndCheckParameters(page);
    await expectSuccess(page, provider, 0);
  });
});
