import type { Page } from '@playwright/test';
import {
  backToApp,
  chooseLocalEntra,
  ENTRA_APPS,
  ENTRA_USERS,
  entraTest as test,
  LOCAL_ENTRA_ORIGINS,
  expectStep,
  openFlow,
  readPayload,
  signInToEntra,
} from './entra-support';
import { ENTRA_GRAPH_ORIGIN, expect } from './fixtures';

// Only the local Entra tenant is the chosen provider: any other host (sts.windows.net…) fails the test.
test.use({ providerOrigins: [...LOCAL_ENTRA_ORIGINS] });

const CP1 = '{"access_token":{"xms_cc":{"values":["cp1"]}}}';

test('CAE: Graph demands a claims challenge, the run authorizes again with claims and xms_cc cp1', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await chooseLocalEntra(page, 'organizations');
  await openFlow(page, 'code-pkce', ENTRA_APPS.spa);
  // Adding a parameter is folded with the optional ones.
  await page.getByText(/^More parameters/).click();
  await page.getByLabel('Parameter to add (standard or custom)').fill('claims');
  await page.getByRole('button', { name: 'Add parameter' }).click();
  await page
    .getByLabel(/^(Custom parameter 1 value|claims)/)
    .first()
    .fill(CP1);
  await page.getByRole('button', { name: 'Start in this tab' }).click();
  await signInToEntra(page, ENTRA_USERS.alice);
  await backToApp(page, 'code-pkce');
  await page.getByRole('button', { name: 'Send request' }).click();
  await expectStep(page, /Validate the ID token/, 'Done');
  expect(await readPayload(page, 'access_token')).toMatchObject({ xms_cc: ['cp1'] });

  // The Graph-like API revokes the session: tokens issued before now get a claims challenge.
  const demanded = await request.post(`${ENTRA_GRAPH_ORIGIN}/demo/claims-challenge`, { data: '{}' });
  expect(demanded.status()).toBe(200);
  await page.waitForTimeout(1100);
  await page.getByRole('button', { name: 'Call the API', exact: true }).click();
  await page.getByRole('button', { name: 'Send request' }).click();
  await expectStep(page, /Call the API with the access token/, 'Failed');
  const refusedRunId = await runId(page);
  const prompt = page.getByRole('region', { name: 'Claims challenge' });
  await expect(prompt).toContainText('xms_cc');
  await prompt.getByRole('button', { name: 'Authorize again with these claims' }).click();

  await page.getByRole('button', { name: 'Start in this tab' }).click();
  await backToApp(page, 'code-pkce');
  await page.getByRole('button', { name: 'Send request' }).click();
  await expectStep(page, /Validate the ID token/, 'Done');

  // The new run draws the loop: from the refusal in the run before, around the new authorization,
  // to the API call still to repeat.
  const diagram = page.getByRole('group', { name: /sequence diagram$/ });
  await expect(page.locator('[data-loop]')).toHaveText(/^loop: claims challenge: authorize again/);
  await expect(
    diagram.getByRole('button', {
      name: `Step 1: HTTP 401 insufficient_claims (claims challenge), in run ${refusedRunId}, API to Client (this app), done`,
    }),
  ).toBeVisible();
  const repeat = diagram.getByRole('button', {
    name: /again with the new token, Client \(this app\) to API, not started/,
  });
  await expect(repeat).toBeVisible();
  await expect(stepsInWords(page, 'Authorization request (redirect)')).toContainText(
    'in the loop “claims challenge',
  );

  // The new access token carries xms_cc cp1, explained where it is shown: the run tells each token
  // by its summary card, its claims folded under it.
  await page
    .getByRole('region', { name: 'access_token' })
    .getByText('Claims, times, signature checks and encoded token')
    .click();
  const xmsCc = page
    .getByRole('region', { name: 'access_token' })
    .locator('tr[data-claim-name="xms_cc"]')
    .first();
  await expect(xmsCc).toContainText(
    'cp1: the client handles claims challenges (Continuous Access Evaluation)',
  );
  await xmsCc.getByRole('button', { name: 'xms_cc', exact: true }).click();
  await expect(
    xmsCc.getByText(/^Client capabilities the client declared in the claims request parameter/),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Call the API', exact: true }).click();
  await page.getByRole('button', { name: 'Send request' }).click();
  await expectStep(page, /Call the API with the access token/, 'Done');
  // The repeated call closes the loop: it is drawn inside it, done, and nothing is left to repeat.
  await expect(repeat).toHaveCount(0);
  await expect(stepsInWords(page, 'Call the API with the access token')).toContainText(
    'done, in the loop “claims challenge',
  );
  await request.post(`${ENTRA_GRAPH_ORIGIN}/demo/claims-challenge`, { data: '"off"' });
});

/** The run's id, as the run view names it ("Run run-…"). */
async function runId(page: Page): Promise<string> {
  const text = await page.getByText(/^Run run-/).textContent();
  const id = /run-[\w-]+/.exec(text ?? '')?.[0];
  expect(id, 'the run view names its run').toBeDefined();
  return id ?? '';
}

/** The diagram's steps told in words (the list screen readers read), the item for one step. */
function stepsInWords(page: Page, label: string) {
  return page
    .getByRole('list', { name: /steps in order$/ })
    .getByRole('listitem')
    .filter({ has: page.getByText(label, { exact: true }) });
}
