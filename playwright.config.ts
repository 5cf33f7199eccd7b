import { defineConfig, devices } from '@playwright/test';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const chromiumArgs = [
  ...(isRoot ? ['--no-sandbox'] : []),
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * End-to-end tests drive Debian's Chromium (Playwright cannot download its own browsers here)
 * against the real companion (local IdP, demo APIs, relay) and the app's production build, served
 * as npm start serves it (scripts/e2e-app.mjs).
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    baseURL: 'http://localhost:5173',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  projects: [
    { name: 'chromium', testIgnore: /security-prod\.spec\.ts/ },
    // The production build (vite build, served on 4173 by npm start's app server, both started by
    // security-prod.spec.ts) under its CSP. Chromium maps the app origin to that server, so the
    // page keeps http://localhost:5173, the only redirect URI the local IdP registers.
    {
      name: 'prod',
      testMatch: /security-prod\.spec\.ts/,
      grep: /@prod/,
      use: {
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [...chromiumArgs, '--host-resolver-rules=MAP localhost:5173 127.0.0.1:4173'],
        },
      },
    },
  ],
  webServer: [
    {
      command: 'node server/index.js',
      url: 'http://localhost:4002/health',
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The production build, served as npm start serves it (scripts/e2e-app.mjs builds it first).
      command: 'node scripts/e2e-app.mjs',
      url: 'http://localhost:5173',
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
