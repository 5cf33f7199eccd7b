import type { Page } from '@playwright/test';
import { auditStorage, DEMO_USERS, expect, signInAtDemoIdp, test } from './fixtures';

const DPOP_API = 'http://localhost:4001/dpop/me';

function step(page: Page, title: RegExp | string) {
  return page.getByRole('region', { name: 'Steps' }).getByRole('button', { name: title });
}

async function inPopup(page: Page, act: (popup: Page) => Promise<void>) {
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Start in a popup' }).click();
  const popup = await popupPromise;
  await act(popup);
  await popup.waitForEvent('close');
}

async function consentIfAsked(popup: Page) {
  const allow = popup.getByRole('button', { name: 'Allow' });
  await allow.or(popup.locator('body:not(:has(form))')).first().waitFor();
  if (await allow.isVisible()) await allow.click();
}

/** Code + PKCE with the DPoP demo client: the run's tokens are bound to this page's key. */
async function runDpopCodeFlow(page: Page): Promise<string> {
  await page.goto('/flows/code-pkce');
  await expect(page.getByTestId('authorize-url')).toContainText('localhost:4000');
  await page.getByLabel('Demo client of the local IdP').selectOption('playground-dpop');
  await page.getByRole('heading', { name: 'DPoP: sender-constrained tokens' }).click();
  await page.getByLabel(/Use DPoP/).check();
  const jkt = (await page.getByTestId('dpop-jkt').textContent()) ?? '';
  expect(jkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId('authorize-url')).toContainText(`dpop_jkt=${jkt}`);
  await inPopup(page, async (popup) => {
    await signInAtDemoIdp(popup);
    await consentIfAsked(popup);
  });
  await expect(step(page, /Redirect back to the app/)).toContainText('Done');
  // The proof is shown decoded before the token request leaves.
  const proof = page.getByRole('region', { name: 'DPoP proof' });
  await expect(proof.getByTestId('dpop-htm')).toHaveText('POST');
  await expect(proof.getByTestId('dpop-htu')).toHaveText('http://localhost:4000/token');
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(step(page, /Token request \(authorization_code\)/)).toContainText('Done');
  return jkt;
}

test.describe('DPoP (RFC 9449) against the local IdP and demo API', () => {
  test('code + PKCE: nonce retry drawn and logged, cnf.jkt matched, /dpop/me called', async ({ page }) => {
    test.slow(); // a whole DPoP code flow with the nonce round trip, then two API calls
    await runDpopCodeFlow(page);
    const tokenStep = step(page, /Token request \(authorization_code\)/);
    await expect(tokenStep).toContainText('"token_type" is DPoP');
    await expect(tokenStep).toContainText('"cnf.jkt" is the thumbprint of this DPoP key');
    await expect(step(page, /Validate the ID token/)).toContainText('Done');
    // The use_dpop_nonce round trip: two exchanges in the log, an extra arrow pair on the diagram.
    const log = page.getByRole('region', { name: /Request log/ });
    await expect(
      log.getByText('Token request (authorization_code) (again, with the DPoP nonce)'),
    ).toBeVisible();
    await expect(page.getByText('use_dpop_nonce + DPoP-Nonce header').first()).toBeVisible();

    await page.getByLabel('api_url').fill(DPOP_API);
    await page.getByRole('button', { name: 'Call the API' }).click();
    const proof = page.getByRole('region', { name: 'DPoP proof' }).first();
    await expect(proof.getByTestId('dpop-htu')).toHaveText(DPOP_API);
    await expect(proof.getByTestId('dpop-ath')).toHaveText(/^[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(step(page, /Call the API with the access token/)).toContainText('Done');

    // Replayed jti: the same request again, unchanged, is refused.
    const panel = page.getByRole('region', { name: 'DPoP', exact: true });
    await panel.getByRole('radio', { name: /The same proof again/ }).check();
    await panel.getByRole('button', { name: 'Send it with this mistake' }).click();
    await expect(page.getByTestId('dpop-experiment-result')).toContainText('HTTP 401');
    await expect(page.getByTestId('dpop-experiment-result')).toContainText('already used (replayed jti)');
    await auditStorage(page, { secrets: ['alice-password-1'] });
  });

  test('each deliberate DPoP mistake is refused by the demo API with its own reason, and logged', async ({
    page,
  }) => {
    test.slow(); // a whole DPoP code flow, then five API calls
    await runDpopCodeFlow(page);
    await page.getByLabel('api_url').fill(DPOP_API);
    await page.getByRole('button', { name: 'Call the API' }).click();
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(step(page, /Call the API with the access token/)).toContainText('Done');
    const panel = page.getByRole('region', { name: 'DPoP', exact: true });
    const result = page.getByTestId('dpop-experiment-result');
    const cases: [RegExp, string][] = [
      [/No DPoP proof at all/, 'invalid_dpop_proof: no DPoP proof'],
      [
        /A proof for another URL/,
        'invalid_dpop_proof: the proof is for http://localhost:4001/elsewhere, not for this URL (http://localhost:4001/dpop/me)',
      ],
      [
        /ath is the hash of another token/,
        'invalid_dpop_proof: the proof ath is not the hash of this access token',
      ],
      [
        /A proof signed with another key/,
        'invalid_token: the proof is signed with another key than the one the token is bound to (cnf.jkt)',
      ],
    ];
    for (const [choice, reason] of cases) {
      await panel.getByRole('radio', { name: choice }).check();
      await panel.getByRole('button', { name: 'Send it with this mistake' }).click();
      await expect(result).toContainText('HTTP 401');
      await expect(result).toContainText(reason);
    }
    // The wrong htu is editable, and the proof sent is shown decoded with the refusal.
    await panel.getByRole('radio', { name: /A proof for another URL/ }).check();
    await panel.getByLabel(/htu of the wrong proof/).fill('http://localhost:4001/me');
    await panel.getByRole('button', { name: 'Send it with this mistake' }).click();
    await expect(result).toContainText(
      'the proof is for http://localhost:4001/me, not for this URL (http://localhost:4001/dpop/me)',
    );
    await expect(panel.getByRole('region', { name: 'DPoP proof' }).last().getByTestId('dpop-htu')).toHaveText(
      'http://localhost:4001/me',
    );
    const log = page.getByRole('region', { name: /Request log/ });
    await expect(
      log.getByText(/deliberate DPoP mistake: A proof signed with another key/).first(),
    ).toBeVisible();
  });

  test('a proof made for another URL is refused with its reason and the raw challenge', async ({ page }) => {
    await runDpopCodeFlow(page);
    await page.getByLabel('api_url').fill(DPOP_API);
    await page.getByRole('button', { name: 'Call the API' }).click();
    await page.getByLabel('Request URL').fill('http://localhost:4001/me');
    await expect(page.getByRole('region', { name: 'DPoP proof' }).first()).toContainText(
      'the server will refuse it',
    );
    await page.getByRole('button', { name: 'Send request' }).click();
    const callStep = step(page, /Call the API with the access token/);
    await expect(callStep).toContainText('Failed');
    await expect(callStep).toContainText('invalid_dpop_proof');
    await expect(callStep).toContainText(`the proof is for ${DPOP_API}, not for this URL`);
    await expect(callStep).toContainText('WWW-Authenticate: DPoP realm=');
  });
});

test('step-up (RFC 9470): /step-up/me asks for acr_values, the run authorizes again and succeeds', async ({
  page,
}) => {
  await page.goto('/flows/code-pkce');
  await expect(page.getByTestId('authorize-url')).toContainText('localhost:4000');
  await inPopup(page, async (popup) => {
    await signInAtDemoIdp(popup);
    await consentIfAsked(popup);
  });
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(step(page, /Validate the ID token/)).toContainText('Done');
  await page.getByLabel('api_url').fill('http://localhost:4001/step-up/me');
  await page.getByRole('button', { name: 'Call the API' }).click();
  await page.getByRole('button', { name: 'Send request' }).click();
  const callStep = step(page, /Call the API with the access token/);
  await expect(callStep).toContainText('Failed');
  await expect(callStep).toContainText('insufficient_user_authentication');
  const prompt = page.getByRole('region', { name: 'Step-up challenge' });
  await expect(prompt).toContainText('WWW-Authenticate: Bearer');
  await prompt
    .getByRole('button', { name: /Authorize again with acr_values=urn:playground:acr:mfa/ })
    .click();
  await expect(page.getByTestId('authorize-url')).toContainText('acr_values=urn%3Aplayground%3Aacr%3Amfa');
  await inPopup(page, async (popup) => {
    await signInAtDemoIdp(popup, { securityCode: DEMO_USERS.alice.securityCode });
    await consentIfAsked(popup);
  });
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(step(page, /Validate the ID token/)).toContainText('Done');
  await expect(page.getByLabel('api_url')).toHaveValue('http://localhost:4001/step-up/me');
  await page.getByRole('button', { name: 'Call the API' }).click();
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(step(page, /Call the API with the access token/).last()).toContainText('Done');
});

test('dynamic client registration (RFC 7591): register a client, then run a flow with it', async ({
  page,
}) => {
  await page.goto('/flows/code-pkce');
  await expect(page.getByTestId('authorize-url')).toContainText('localhost:4000');
  await page.getByText('Register a new client (dynamic client registration, RFC 7591)').click();
  const metadata = page.getByLabel('Client metadata (JSON)');
  const typed = await metadata.inputValue();
  // A true message per problem, and what was typed is kept.
  await metadata.fill(typed.replace('"redirect_uris": [', '"redirect_uris": ["not a uri", '));
  await expect(
    page.getByRole('alert').filter({ hasText: '"redirect_uris" holds "not a uri"' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Register the client' })).toBeDisabled();
  await metadata.fill(typed);
  await page.getByRole('button', { name: 'Register the client' }).click();
  const clientId = (await page.getByTestId('registered-client-id').textContent()) ?? '';
  expect(clientId).not.toBe('');
  await page.getByRole('button', { name: 'Use this client' }).click();
  await expect(page.getByTestId('authorize-url')).toContainText(`client_id=${encodeURIComponent(clientId)}`);
  await inPopup(page, async (popup) => {
    await signInAtDemoIdp(popup);
    await consentIfAsked(popup);
  });
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(step(page, /Validate the ID token/)).toContainText('Done');
});
