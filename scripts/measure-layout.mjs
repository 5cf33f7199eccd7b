// Measures what issue 14 is about, at the four reference viewports: page height and horizontal
// overflow per route, Tab presses and scroll distance to "Start", Tab presses to "Send request"
// after the redirect, truncated diagram labels, and the presenter diagram's width.
// Needs the companion and the dev server running (see README); prints JSON.
// Usage: node scripts/measure-layout.mjs [out.json] [inspector]
/* global document, window -- evaluated inside the page */
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const APP = 'http://localhost:5173';
const VIEWPORTS = [
  [390, 844],
  [1024, 768],
  [1366, 900],
  [1920, 1080],
];
const ROUTES = [
  '/',
  '/inspect',
  '/flows',
  '/flows/code-pkce',
  '/flows/device-code',
  '/flows/client-credentials',
  '/setups',
  '/settings',
  '/logged-out',
  '/attack-lab',
];

async function overflowAndHeight(page) {
  return page.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  }));
}

async function tabsTo(page, matcher, limit = 250) {
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName}:${el.textContent?.trim().slice(0, 60) ?? ''}` : '';
    });
    if (matcher.test(text)) return presses;
  }
  return `>${limit}`;
}

async function truncatedLabels(page) {
  return page.evaluate(() => {
    let truncated = 0;
    let total = 0;
    for (const text of document.querySelectorAll('figure svg text')) {
      total += 1;
      if ((text.textContent ?? '').endsWith('…')) truncated += 1;
    }
    for (const el of document.querySelectorAll('figure [data-label]')) {
      total += 1;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) truncated += 1;
    }
    return { truncated, total };
  });
}

async function signIn(page) {
  await page.waitForURL(/localhost:4000/);
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('alice-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL(/localhost:5173\/flows\/code-pkce/);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const results = [];
const only = process.argv[3];
const tokenResponse = await (
  await fetch('http://localhost:4000/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'playground-ropc',
      username: 'alice',
      password: 'alice-password-1',
      scope: 'openid profile email api.read',
    }),
  })
).json();
for (const [width, height] of VIEWPORTS) {
  const inspectorContext = await browser.newContext({ viewport: { width, height } });
  const inspector = await inspectorContext.newPage();
  await inspector.goto(`${APP}/inspect`);
  await inspector.getByLabel('Token', { exact: true }).fill(tokenResponse.access_token);
  await inspector
    .getByText(/Signature/)
    .first()
    .waitFor();
  await inspector.waitForTimeout(500);
  const inspectorFigures = {
    ...(await overflowAndHeight(inspector)),
    claimsTop: Math.round(
      await inspector.evaluate(() => {
        const first = document.querySelector('[data-claim-name], table caption');
        return first ? first.getBoundingClientRect().top + window.scrollY : -1;
      }),
    ),
    tokenShownTimes: await inspector.evaluate((token) => {
      const bodyText = document.body.innerText.replace(/\s+/g, '');
      let count = 0;
      const head = token.slice(0, 40);
      for (let at = bodyText.indexOf(head); at !== -1; at = bodyText.indexOf(head, at + 1)) count += 1;
      return count + [...document.querySelectorAll('textarea')].filter((t) => t.value.includes(head)).length;
    }, tokenResponse.access_token),
  };
  await inspector.screenshot({ path: `.tmp/measure/${width}x${height}-inspector.png`, fullPage: false });
  await inspectorContext.close();
  if (only === 'inspector') {
    results.push({ viewport: `${width}x${height}`, inspector: inspectorFigures });
    continue;
  }
  const row = { viewport: `${width}x${height}`, inspector: inspectorFigures, routes: {} };
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  for (const route of ROUTES) {
    await page.goto(APP + route);
    await page.waitForLoadState('networkidle');
    row.routes[route] = await overflowAndHeight(page);
  }
  // The PKCE flow, keyboard and scroll.
  await page.goto(`${APP}/flows/code-pkce`);
  await page.waitForLoadState('networkidle');
  const start = page.getByRole('button', { name: /^Start/ }).first();
  row.startTop = Math.round(await start.evaluate((el) => el.getBoundingClientRect().top + window.scrollY));
  row.scrollToStart = Math.max(0, Math.round(row.startTop - height + 60));
  row.tabsToStart = await tabsTo(page, /^BUTTON:Start/);
  row.diagramBefore = await truncatedLabels(page);
  await start.click();
  await signIn(page);
  await page.getByRole('button', { name: 'Send request' }).waitFor();
  row.afterRedirect = {
    scrollY: await page.evaluate(() => window.scrollY),
    focus: await page.evaluate(() => document.activeElement?.tagName ?? ''),
    sendTopInViewport: Math.round(
      await page
        .getByRole('button', { name: 'Send request' })
        .evaluate((el) => el.getBoundingClientRect().top),
    ),
  };
  row.tabsToSend = await tabsTo(page, /^BUTTON:Send request/);
  await page.getByRole('button', { name: 'Send request' }).click();
  await page
    .getByText(/Signature verified/)
    .first()
    .waitFor();
  row.finishedFlow = await overflowAndHeight(page);
  row.diagramAfter = await truncatedLabels(page);
  await page.screenshot({ path: `.tmp/measure/${row.viewport}-flow-done.png`, fullPage: false });
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await page.waitForTimeout(300);
  row.presenter = {
    ...(await overflowAndHeight(page)),
    diagramWidth: Math.round(
      await page.evaluate(() => {
        const stage = document.querySelector(
          '[data-presenter-stage], section[aria-describedby="presenter-keys"]',
        );
        const widths = [...(stage ?? document).querySelectorAll('figure svg')].map(
          (svg) => svg.getBoundingClientRect().width,
        );
        return Math.max(0, ...widths);
      }),
    ),
    ...(await truncatedLabels(page)),
  };
  await page.screenshot({ path: `.tmp/measure/${row.viewport}-presenter.png`, fullPage: false });
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  results.push(row);
  await context.close();
}
// 320 px wide: overflow per route.
if (only === 'inspector') {
  await browser.close();
  console.log(JSON.stringify(results, null, 1));
  process.exit(0);
}
const narrow = await browser.newContext({ viewport: { width: 320, height: 640 } });
const narrowPage = await narrow.newPage();
const at320 = {};
for (const route of ROUTES) {
  await narrowPage.goto(APP + route);
  await narrowPage.waitForLoadState('networkidle');
  at320[route] = await overflowAndHeight(narrowPage);
}
results.push({ viewport: '320x640', routes: at320 });
await browser.close();
const json = JSON.stringify(results, null, 1);
if (process.argv[2]) writeFileSync(process.argv[2], json);
console.log(json);
