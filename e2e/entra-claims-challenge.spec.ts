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
  await page.getByRole('button', { name: 'Call the API' }).click();
  await page.getByRole('button', { name: 'Send request' }).click();
  await expectStep(page, /Call the API with the access token/, 'Failed');
  const prompt = page.getByRole('region', { name: 'Claims challenge' });
  await expect(prompt).toContainText('xms_cc');
  await prompt.getByRole('button', { name: 'Authorize again with these claims' }).click();

  await page.getByRole('button', { name: 'Start in this tab' }).click();
  await backToApp(page, 'code-pkce');
  await page.getByRole('button', { name: 'Send request' }).click();
  await expectStep(page, /Validate the ID token/, 'Done');
  await page.getByRole('button', { name: 'Call the API' }).click();
  await page.getByRole('button', { name: 'Send request' }).click();
  await expectStep(page, /Call the API with the access token/, 'Done');
  await request.post(`${ENTRA_GRAPH_ORIGIN}/demo/claims-challenge`, { data: '"off"' });
});
