import { base64url, SignJWT } from 'jose';
import type { APIRequestContext } from '@playwright/test';
import { IDP_ORIGIN, expect, test } from './fixtures';

interface PasswordGrantResponse {
  access_token: string;
  id_token: string;
  token_type: string;
}

/** A real token response from the local IdP (password grant, public client). */
async function fetchRealTokens(request: APIRequestContext): Promise<PasswordGrantResponse> {
  const response = await request.post(`${IDP_ORIGIN}/token`, {
    form: {
      grant_type: 'password',
      client_id: 'playground-ropc',
      username: 'alice',
      password: 'alice-password-1',
      scope: 'openid profile api.read',
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as PasswordGrantResponse;
}

/** The same token with `sub` changed and the original signature kept. */
function tamper(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? ''))) as Record<
    string,
    unknown
  >;
  return `${header ?? ''}.${base64url.encode(JSON.stringify({ ...claims, sub: 'mallory' }))}.${signature ?? ''}`;
}

test.describe('token inspector', () => {
  test('a token from the local IdP is verified through discovery', async ({ page, request }) => {
    const tokens = await fetchRealTokens(request);
    await page.goto('/inspect');
    await expect(page.getByText(/Decoding happens only in this browser/)).toBeVisible();
    await page.getByRole('textbox', { name: 'Token' }).fill(tokens.id_token);
    const idView = page.getByRole('article', { name: 'Token' });
    await expect(idView.getByRole('table', { name: 'Claims' })).toContainText('alice');
    await expect(idView.getByRole('status', { name: 'Signature' })).toContainText(
      /^Signature verified: RS256 with RSA key/,
    );
    await expect(idView.getByRole('status', { name: 'Signature' })).toContainText('(kid ');
  });

  test('every token of a pasted token response is offered and verified', async ({ page, request }) => {
    const tokens = await fetchRealTokens(request);
    await page.goto('/inspect');
    await page.getByRole('textbox', { name: 'Token' }).fill(JSON.stringify(tokens));
    const tabs = page.getByRole('tablist', { name: 'Tokens found' }).getByRole('tab');
    await expect(tabs).toHaveText(['id_token', 'access_token']);
    await tabs.nth(1).click();
    const view = page.getByRole('article', { name: 'Token access_token' });
    // The kind is told first, in the summary card (the reasons are folded below it).
    await expect(view.getByRole('region', { name: 'Summary' })).toContainText('What it isAccess token');
    await expect(view.getByRole('status', { name: 'Signature' })).toContainText('Signature verified');
  });

  test('a tampered copy shows Signature invalid and stays decoded', async ({ page, request }) => {
    const tokens = await fetchRealTokens(request);
    await page.goto('/inspect');
    await page.getByRole('textbox', { name: 'Token' }).fill(tamper(tokens.id_token));
    const view = page.getByRole('article', { name: 'Token' });
    await expect(view.getByRole('status', { name: 'Signature' })).toContainText('Signature invalid');
    await expect(view.getByRole('table', { name: 'Claims' })).toContainText('mallory');
  });

  test('HTML and script in claims stay inert text', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const secret = 'e2e-inspector-shared-secret-of-enough-length';
    const evilName = '<img src=x onerror="alert(1)">';
    const evilNote = '<script>alert(2)</script><b>bold?</b>';
    const token = await new SignJWT({
      name: evilName,
      note: evilNote,
      [`<svg onload=alert(3)>`]: 'claim name',
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: '<i>kid</i>' })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(secret));
    await page.goto('/inspect');
    await page.getByRole('textbox', { name: 'Token' }).fill(token);
    const claims = page.getByRole('table', { name: 'Claims' });
    await expect(claims).toContainText(evilName);
    await expect(claims).toContainText(evilNote);
    await expect(claims).toContainText('<svg onload=alert(3)>');
    await page.getByLabel('Shared secret', { exact: true }).fill(secret);
    await expect(page.getByRole('status', { name: 'Signature' })).toContainText('Signature verified');
    await expect(page.locator('article img, article script, article svg[onload], article b')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });

  test('the #id_token fragment entry point decodes and clears the address bar', async ({ page, request }) => {
    const tokens = await fetchRealTokens(request);
    await page.goto(`/inspect#id_token=${tokens.id_token}`);
    await expect(page.getByRole('article', { name: 'Token id_token' })).toBeVisible();
    await expect(
      page.getByRole('article', { name: 'Token id_token' }).getByRole('region', { name: 'Summary' }),
    ).toContainText('What it isID token');
    await expect.poll(() => page.evaluate(() => window.location.href)).toBe('http://localhost:5173/inspect');
  });

  test('a malformed token shows its specific error', async ({ page }) => {
    await page.goto('/inspect');
    const input = page.getByRole('textbox', { name: 'Token' });
    await input.fill('abc.def');
    await expect(page.getByRole('alert')).toContainText('JWT_SEGMENT_COUNT');
    await expect(page.getByRole('alert')).toContainText('A JWT has 3 segments');
    await input.fill('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0=.sig');
    await expect(page.getByRole('alert')).toContainText('The payload (segment 2) is not base64url');
  });
});
