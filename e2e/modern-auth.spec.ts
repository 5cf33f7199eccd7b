import type { BrowserContext, Page } from '@playwright/test';
import { DEMO_USERS, expect, IDP_ORIGIN, signInAtDemoIdp, test } from './fixtures';

const AUTHORIZE = `${IDP_ORIGIN}/auth`;

function step(page: Page, title: RegExp | string) {
  return page.getByRole('region', { name: 'Steps' }).getByRole('button', { name: title });
}

async function consentIfAsked(popup: Page) {
  const allow = popup.getByRole('button', { name: 'Allow' });
  await allow.or(popup.locator('body:not(:has(form))')).first().waitFor();
  if (await allow.isVisible()) await allow.click();
}

/**
 * Opens the run's authorization request in a popup and signs in there: from the form ("Start in a
 * popup") or, after a PAR or JAR step, from the authorization step ("Open in a popup").
 */
async function authorizeInPopup(
  page: Page,
  act?: (popup: Page) => Promise<void>,
  button: 'Open in a popup' | 'Start in a popup' = 'Open in a popup',
) {
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: button }).click();
  const popup = await popupPromise;
  const closed = popup.waitForEvent('close');
  if (act) await act(popup);
  else {
    await signInAtDemoIdp(popup);
    await consentIfAsked(popup);
  }
  await closed;
}

/** Every authorization request URL the context's pages asked for, in order. */
function recordAuthorizeUrls(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (request) => {
    if (request.url().startsWith(`${AUTHORIZE}?`)) urls.push(request.url());
  });
  return urls;
}

async function openFlow(page: Page, flow: string, client?: string) {
  await page.goto(`/flows/${flow}`);
  await expect(page.getByTestId('authorize-url')).toContainText('localhost:4000');
  if (client) await page.getByLabel('Demo client of the local IdP').selectOption(client);
}

// Each test signs in at the real IdP, some twice; the machine running them is shared.
test.describe.configure({ timeout: 240_000 });

const modes = (page: Page) => page.getByRole('group', { name: 'Modern request modes' });

test.describe('PAR (RFC 9126) against the local IdP', () => {
  test('pushes first, redirects with client_id and request_uri only; a second use is refused', async ({
    page,
    context,
  }) => {
    const authorizeUrls = recordAuthorizeUrls(context);
    await openFlow(page, 'code-pkce');
    await modes(page)
      .getByLabel(/Push the request first \(PAR\)/)
      .check();
    await expect(page.getByRole('note').filter({ hasText: 'With PAR these parameters' })).toContainText(
      `${IDP_ORIGIN}/request`,
    );
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    const par = step(page, /Pushed authorization request \(PAR\)/);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(par).toContainText('Done');
    await expect(par).toContainText('urn:ietf:params:oauth:request_uri:');
    await authorizeInPopup(page);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(step(page, /Validate the ID token/)).toContainText('Done');

    const sent = new URL(authorizeUrls[0] ?? '');
    expect([...sent.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    const log = page.getByRole('region', { name: /Request log/ });
    await expect(log.getByText('Pushed authorization request (PAR)').first()).toBeVisible();
    await expect(log.getByText(/Authorization request/).first()).toBeVisible();

    // The same request_uri again: the provider has consumed it.
    const again = await context.newPage();
    await again.goto(authorizeUrls[0] ?? '');
    await expect(again.locator('body')).toContainText('invalid_request_uri');
  });
});

test.describe('JAR (RFC 9101) against the local IdP', () => {
  /** playground-jar must sign its requests; it authenticates with the demo private_key_jwt key. */
  async function openJarClient(page: Page) {
    await openFlow(page, 'code-confidential', 'playground-jar');
    await page.getByRole('button', { name: 'Load the demo key (local IdP)' }).click();
    await expect(page.getByText(/Loaded the DEMO key/)).toBeVisible();
    await expect(modes(page).getByLabel(/Send the parameters as a signed request object/)).toBeChecked();
  }

  test('signs with the client key, shows the request object decoded, sends it by value', async ({
    page,
    context,
  }) => {
    const authorizeUrls = recordAuthorizeUrls(context);
    await openJarClient(page);
    await modes(page).getByRole('button', { name: 'Preview the signed request object' }).click();
    const payload = modes(page).getByRole('region', { name: 'Request object payload' });
    await expect(payload).toContainText('"iss": "playground-jar"');
    await expect(payload).toContainText(`"aud": "${IDP_ORIGIN}"`);
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    const signStep = step(page, /Sign the request object \(JAR\)/);
    await expect(signStep).toContainText('Done');
    await expect(signStep).toContainText('the client’s private_key_jwt key');
    await signStep.click();
    await expect(page.getByRole('region', { name: 'Request object header' }).last()).toContainText(
      'oauth-authz-req+jwt',
    );
    await step(page, /Authorization request \(redirect\)/).click();
    await authorizeInPopup(page);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(step(page, /Validate the ID token/)).toContainText('Done');
    const sent = new URL(authorizeUrls[0] ?? '');
    expect([...sent.searchParams.keys()].sort()).toEqual(['client_id', 'request']);
  });

  test('a request object signed with a key the client never registered is refused at the PAR endpoint', async ({
    page,
  }) => {
    await openJarClient(page);
    await modes(page)
      .getByLabel(/Push the request first \(PAR\)/)
      .check();
    await modes(page).getByRole('button', { name: 'Generate a request object key' }).click();
    await expect(modes(page).getByText(/Generated a PS256 key/)).toBeVisible();
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await expect(step(page, /Sign the request object \(JAR\)/)).toContainText(
      'the request object key you gave',
    );
    await page.getByRole('button', { name: 'Send request' }).click();
    const par = step(page, /Pushed authorization request \(PAR\)/);
    await expect(par).toContainText('Failed');
    await expect(par).toContainText('invalid_request_object');
  });

  test('PAR with a request object of 30 s: the pushed request expires, the provider refuses the redirect', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await openJarClient(page);
    await modes(page)
      .getByLabel(/Push the request first \(PAR\)/)
      .check();
    await modes(page)
      .getByLabel(/request object lifetime \(seconds\)/)
      .fill('30');
    await page.getByRole('button', { name: 'Start in this tab' }).click();
    await expect(step(page, /Sign the request object \(JAR\)/)).toContainText('valid for 30 s');
    await page.getByRole('button', { name: 'Send request' }).click();
    const par = step(page, /Pushed authorization request \(PAR\)/);
    await expect(par).toContainText(/within ([1-9]|[12]\d|30) s/);
    // oidc-provider keeps a pushed request object no longer than its exp.
    await page.waitForTimeout(31_000);
    await authorizeInPopup(page, async (popup) => {
      await expect(popup.locator('body')).toContainText('invalid_request_uri');
      await popup.close();
    });
  });
});

test.describe('rich authorization requests (RFC 9396) against the local IdP', () => {
  async function withDetails(page: Page, amount: string) {
    await openFlow(page, 'code-pkce', 'playground-rar');
    await modes(page).getByRole('button', { name: 'Example: payment_initiation' }).click();
    const editor = modes(page).getByLabel(/^authorization_details/);
    await editor.fill((await editor.inputValue()).replace('"123.50"', `"${amount}"`));
    await expect(modes(page).getByText(/Valid: 1 detail\(s\)/)).toBeVisible();
  }

  test('the details asked are granted and shown from the token response and the access token', async ({
    page,
  }) => {
    await withDetails(page, '42.00');
    await authorizeInPopup(page, undefined, 'Start in a popup');
    await page.getByRole('button', { name: 'Send request' }).click();
    const tokenStep = step(page, /Token request \(authorization_code\)/);
    await expect(tokenStep).toContainText('Done');
    await tokenStep.click();
    const granted = page.getByRole('region', { name: 'Granted authorization_details' });
    await expect(granted).toContainText('Granted in the token response');
    await expect(granted).toContainText('"amount": "42.00"');
    await expect(granted).toContainText('authorization_details claim of the access token');
  });

  test('details the provider refuses come back as invalid_authorization_details', async ({ page }) => {
    await withDetails(page, '5000.00');
    // The IdP answers with an error redirect before any sign-in page.
    await authorizeInPopup(page, () => Promise.resolve(), 'Start in a popup');
    const callback = step(page, /Redirect back to the app/);
    await expect(callback).toContainText('Failed');
    await expect(callback).toContainText('invalid_authorization_details');
    await expect(callback).toContainText('above this demo bank');
  });
});

test.describe('JARM against the local IdP', () => {
  async function startJarm(page: Page) {
    await openFlow(page, 'code-pkce', 'playground-jarm');
    await modes(page)
      .getByLabel('response_mode: JWT-secured authorization response')
      .selectOption('query.jwt');
    await expect(page.getByTestId('authorize-url')).toContainText('response_mode=query.jwt');
  }

  test('the response JWT is verified with the provider’s keys, its claims shown, then the code redeemed', async ({
    page,
  }) => {
    await startJarm(page);
    await authorizeInPopup(page, undefined, 'Start in a popup');
    const callback = step(page, /Redirect back to the app/);
    await expect(callback).toContainText('Done');
    await expect(callback).toContainText('The "response" JWT verifies with the provider\'s key (alg ES256');
    await callback.click();
    await expect(page.getByRole('region', { name: 'JARM response payload' })).toContainText(
      '"aud": "playground-jarm"',
    );
    await page.getByRole('button', { name: 'Back to the current step' }).click();
    // Going back to the step shows its request; it does not send it.
    await expect(step(page, /Token request \(authorization_code\)/)).not.toContainText('Done');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(step(page, /Validate the ID token/)).toContainText('Done');
  });

  test('a response JWT altered on its way back fails its signature check and nothing in it is used', async ({
    page,
    context,
  }) => {
    await startJarm(page);
    // A man in the middle rewrites the code inside the provider's signed response. Playwright
    // routes no redirect hops, so the route takes the consent form's POST and follows the
    // provider's redirects itself, up to the one that carries the response JWT.
    const isConsent = (url: URL) => url.origin === IDP_ORIGIN && url.pathname.endsWith('/consent');
    await context.route(isConsent, async (route) => {
      const consented = await route.fetch({ maxRedirects: 0 });
      const resume = new URL(consented.headers().location ?? '', IDP_ORIGIN);
      const resumed = await context.request.get(resume.toString(), { maxRedirects: 0 });
      const target = new URL(resumed.headers().location ?? '', IDP_ORIGIN);
      const [header, payload, signature] = (target.searchParams.get('response') ?? '').split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<
        string,
        unknown
      >;
      const altered = Buffer.from(JSON.stringify({ ...claims, code: 'swapped-code' })).toString('base64url');
      target.searchParams.set('response', `${header}.${altered}.${signature}`);
      await route.fulfill({ status: 303, headers: { location: target.toString() } });
    });
    await authorizeInPopup(page, undefined, 'Start in a popup');
    const callback = step(page, /Redirect back to the app/);
    await expect(callback).toContainText('Failed');
    await expect(callback).toContainText(
      'The JARM response was not verified, so its parameters are not used',
    );
    await expect(callback).toContainText("signature does not verify with the provider's keys");
    await callback.click();
    await expect(page.getByText(/NOT verified/)).toBeVisible();
    await expect(step(page, /Token request \(authorization_code\)/)).not.toContainText('Done');
  });
});

test.describe('step-up and the claims parameter against the local IdP', () => {
  const MFA = 'urn:playground:acr:mfa';

  test('acr_values met with the second factor: acr, amr and auth_time checked and explained', async ({
    page,
  }) => {
    await openFlow(page, 'code-pkce');
    await modes(page).getByRole('button', { name: MFA }).click();
    await modes(page)
      .getByLabel(/prompt=login/)
      .check();
    await authorizeInPopup(
      page,
      async (popup) => {
        await signInAtDemoIdp(popup, { securityCode: DEMO_USERS.alice.securityCode });
        await consentIfAsked(popup);
      },
      'Start in a popup',
    );
    await page.getByRole('button', { name: 'Send request' }).click();
    const validate = step(page, /Validate the ID token/);
    await expect(validate).toContainText('Done');
    await validate.click();
    const compared = page.getByRole('region', { name: 'Sign-in compared with the request' });
    await expect(compared).toContainText(`acr asked ${MFA}, got ${MFA}: met`);
    await expect(compared).toContainText('prompt=login asked a fresh sign-in');
  });

  test('acr_values asked the second factor, the user went on with the password: acr not met, said so', async ({
    page,
  }) => {
    await openFlow(page, 'code-pkce');
    await modes(page).getByRole('button', { name: MFA }).click();
    await authorizeInPopup(
      page,
      async (popup) => {
        await popup.waitForURL(/localhost:4000/);
        await popup.getByLabel('Username').fill(DEMO_USERS.alice.username);
        await popup.getByLabel('Password').fill(DEMO_USERS.alice.password);
        await popup.getByRole('button', { name: 'Continue with the password only' }).click();
        await consentIfAsked(popup);
      },
      'Start in a popup',
    );
    await page.getByRole('button', { name: 'Send request' }).click();
    const validate = step(page, /Validate the ID token/);
    await expect(validate).toContainText('Failed');
    await expect(validate).toContainText(`acr asked ${MFA}, got urn:playground:acr:password: not met`);
  });
});
