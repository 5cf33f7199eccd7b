import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { LAB_ORIGINS, LOCAL_PROVIDER_ORIGINS, expect, test } from './fixtures';

const SHOTS = path.join(process.cwd(), '.tmp', 'screenshots', 'teaching');
mkdirSync(SHOTS, { recursive: true });

const EXPERIMENTS = [
  ['Login CSRF: a callback the app never asked for', /signed in as Bob Example/, /state does not match/],
  ['Intercepted code redeemed by someone else', /holds the victim's tokens/, /invalid_grant/],
  ['Mix-up between two issuers', /redeemed the victim's code at the honest issuer/, /another issuer/],
  ['Code replay', /accepted the code twice/, /refused the second use \(invalid_grant\) and revoked/],
  ['A token for another API', /careless API accepted/, /correct API answered 401/],
  ['ID token from another app', /issued to "lab-other-app"/, /refused the ID token: unexpected "aud"/],
] as const;

// The lab page is the only one that talks to the lab's servers (its runner, issuers and APIs).
test.use({ providerOrigins: [...LOCAL_PROVIDER_ORIGINS, ...LAB_ORIGINS] });

test.describe('attack lab', () => {
  for (const [title, attackWorks, defenceHolds] of EXPERIMENTS) {
    test(`${title}: succeeds with the defence off, refused with it on`, async ({ page }) => {
      await page.goto('/attack-lab');
      const card = page.getByRole('region', { name: title });
      await card.getByRole('button', { name: 'Run with the defence off' }).click();
      const off = card.getByRole('region', { name: 'Result with the defence off' });
      await expect(off.getByRole('status')).toContainText('the attack succeeded', { timeout: 30_000 });
      await expect(off.getByRole('status')).toContainText(attackWorks);

      await card.getByRole('button', { name: 'Run with the defence on' }).click();
      const on = card.getByRole('region', { name: 'Result with the defence on' });
      await expect(on.getByRole('status')).toContainText('the attack was refused', { timeout: 30_000 });
      await expect(on.getByRole('status')).toContainText(defenceHolds);
      // Drawn: the run's steps are on a sequence diagram, and no password is shown.
      await expect(on.locator('svg[data-sequence-diagram] [data-message]').first()).toBeAttached();
      await expect(card).not.toContainText('alice-password-1');
      await expect(card).not.toContainText('bob-password-1');
      await card.screenshot({
        path: path.join(SHOTS, `attack-lab-${title.slice(0, 20).replace(/\W+/g, '-')}.png`),
      });
    });
  }

  test('the lab runner refuses a page from another origin', async ({ request }) => {
    const response = await request.post('http://localhost:4008/experiments/csrf-login', {
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      data: { defence: 'off' },
    });
    expect(response.status()).toBe(403);
  });
});
