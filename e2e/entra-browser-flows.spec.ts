import {
  backToApp,
  chooseLocalEntra,
  ENTRA_APPS,
  entraTest as test,
  expectStep,
  openFlow,
  readPayload,
  signInToEntra,
  step,
  TENANTS,
} from './entra-support';
import { expect } from './fixtures';

test.describe('Entra: authorization code + PKCE with the SPA registration (direct)', () => {
  for (const { tenant, user, tid } of TENANTS) {
    test(`tenant ${tenant}: sign in, redeem cross-origin, validate the ID token`, async ({ page }) => {
      await chooseLocalEntra(page, tenant);
      await openFlow(page, 'code-pkce', ENTRA_APPS.spa);
      await page.getByRole('button', { name: 'Start in this tab' }).click();
      await signInToEntra(page, user);
      await backToApp(page, 'code-pkce');
      await expectStep(page, /Redirect back to the app/, 'Done');
      await page.getByRole('button', { name: 'Send request' }).click();
      await expectStep(page, /Token request \(authorization_code\)/, 'Done');
      await expectStep(page, /Validate the ID token/, 'Done');
      await expect(step(page, /Validate the ID token/)).toContainText('Signature verified');
      const idToken = await readPayload(page, 'id_token');
      expect(idToken).toMatchObject({ tid, ver: '2.0', preferred_username: user.username });
    });
  }
});
