import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';

export { expect };

export const APP_ORIGIN = 'http://localhost:5173';
export const IDP_ORIGIN = 'http://localhost:4000';
export const API_ORIGIN = 'http://localhost:4001';
export const RELAY_ORIGIN = 'http://localhost:4002';
export const ENTRA_LOGIN_ORIGIN = 'http://localhost:4003';
export const ENTRA_GRAPH_ORIGIN = 'http://localhost:4004';

/** Origins every test may reach: the app and the companion's relay. */
export const BUILT_IN_ORIGINS: readonly string[] = [APP_ORIGIN, RELAY_ORIGIN];

/** The provider a test chose, by the origins it may reach: the local demo IdP and its demo APIs. */
export const LOCAL_PROVIDER_ORIGINS: readonly string[] = [IDP_ORIGIN, API_ORIGIN];
/** The local Entra tenant: its login host and its Graph-like API, nothing else (no sts.windows.net). */
export const LOCAL_ENTRA_ORIGINS: readonly string[] = [ENTRA_LOGIN_ORIGIN, ENTRA_GRAPH_ORIGIN];

/** The attack lab's servers (server/lab/): issuers, APIs and the runner the page calls. */
export const LAB_ORIGINS: readonly string[] = [4005, 4006, 4007, 4008, 4009].map(
  (port) => `http://localhost:${port}`,
);

const IGNORED_SCHEMES = new Set(['data:', 'blob:', 'about:', 'chrome-extension:']);

/** What the network guard saw in one test; `violations` are the URLs that left the allowed origins. */
export interface NetworkGuard {
  /** Every URL the pages of this test requested (HTTP and WebSocket), in order. */
  readonly urls: readonly string[];
  readonly violations: readonly string[];
}

interface GuardOptions {
  /**
   * The origins of the provider the test chose (default: the local demo IdP and demo APIs); the
   * Entra specs use `test.use({ providerOrigins: LOCAL_ENTRA_ORIGINS })`. Any other host fails the test.
   */
  providerOrigins: string[];
  /** Hosts the user added, e.g. `test.use({ allowOrigins: ['http://127.0.0.1:59999'] })`. */
  allowOrigins: string[];
}

interface GuardFixtures {
  networkGuard: NetworkGuard;
  pageErrors: readonly Error[];
  storageGuard: undefined;
}

/** The origin of a URL for the guard, with `ws:`/`wss:` counted as `http:`/`https:`; `undefined` when ignored. */
function originForGuard(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `unparsable URL ${url}`;
  }
  if (IGNORED_SCHEMES.has(parsed.protocol)) return undefined;
  if (parsed.protocol === 'ws:') parsed.protocol = 'http:';
  if (parsed.protocol === 'wss:') parsed.protocol = 'https:';
  return parsed.origin;
}

function normaliseOrigin(origin: string): string {
  return new URL(origin).origin;
}

function reportsDirectory(testInfo: TestInfo): string {
  const root = testInfo.config.configFile ? path.dirname(testInfo.config.configFile) : process.cwd();
  return path.join(root, '.tmp', 'reports');
}

function recordGuardResult(testInfo: TestInfo, checked: number, violations: readonly string[]): void {
  testInfo.annotations.push({ type: 'network-guard', description: `${checked} requests checked` });
  const directory = reportsDirectory(testInfo);
  mkdirSync(directory, { recursive: true });
  // A test marked to fail (the guard's own self-test) is told apart, so that run totals stay honest.
  const expectedToFail = testInfo.expectedStatus === 'failed';
  const line = JSON.stringify({
    title: testInfo.titlePath.join(' › '),
    checked,
    violations,
    ...(expectedToFail ? { expectedToFail } : {}),
  });
  appendFileSync(path.join(directory, 'network-guard.jsonl'), `${line}\n`);
}

export const test = base.extend<GuardFixtures & GuardOptions>({
  providerOrigins: [[...LOCAL_PROVIDER_ORIGINS], { option: true }],
  allowOrigins: [[], { option: true }],

  // Fails the test when any page of its context reached an origin outside the allowed set (DESIGN.md:
  // no third-party requests). Requests are recorded even when they fail, so a refused connection
  // to a third party still counts.
  networkGuard: [
    async ({ context, providerOrigins, allowOrigins }, use, testInfo) => {
      const allowed = new Set(
        [...BUILT_IN_ORIGINS, ...providerOrigins, ...allowOrigins].map(normaliseOrigin),
      );
      const urls: string[] = [];
      const violations: string[] = [];
      let checked = 0;
      const check = (url: string) => {
        const origin = originForGuard(url);
        if (origin === undefined) return;
        urls.push(url);
        checked += 1;
        if (!allowed.has(origin)) violations.push(url);
      };
      const watchPage = (page: Page) => {
        page.on('websocket', (socket) => check(socket.url()));
      };
      context.on('request', (request) => check(request.url()));
      context.on('page', watchPage);
      context.pages().forEach(watchPage);

      await use({ urls, violations });

      recordGuardResult(testInfo, checked, violations);
      expect(
        violations,
        `requests left the allowed origins (${[...allowed].join(', ')}): ${violations.join(', ')}`,
      ).toEqual([]);
    },
    { auto: true },
  ],

  // After every test, each app page still open is read: the demo secrets and passwords may be stored
  // nowhere, private keys nowhere, and tokens (JWT-shaped values) only in session storage (DESIGN.md).
  storageGuard: [
    async ({ context }, use, testInfo) => {
      await use(undefined);
      const findings: string[] = [];
      let audited = 0;
      for (const page of context.pages()) {
        if (page.isClosed() || !page.url().startsWith(APP_ORIGIN)) continue;
        let entries: StorageEntry[];
        try {
          entries = await readStorage(page);
        } catch {
          continue; // the page is navigating away: nothing stable to read
        }
        audited += 1;
        findings.push(...findStorageViolations(entries));
      }
      const directory = path.join(process.cwd(), '.tmp', 'reports');
      mkdirSync(directory, { recursive: true });
      appendFileSync(
        path.join(directory, 'storage-audit.jsonl'),
        `${JSON.stringify({ title: testInfo.titlePath.join(' › '), audited, findings })}\n`,
      );
      expect(findings, 'secrets stored where DESIGN.md forbids them').toEqual([]);
    },
    { auto: true },
  ],

  // Fails the test when a page throws an uncaught exception or leaves a promise rejection unhandled.
  pageErrors: [
    async ({ context }, use) => {
      const errors: Error[] = [];
      context.on('weberror', (webError) => errors.push(webError.error()));
      await use(errors);
      expect(
        errors.map((error) => `${error.name}: ${error.message}`),
        'uncaught exceptions in the page',
      ).toEqual([]);
    },
    { auto: true },
  ],
});

/** One place in the page's storage and its text (JSON for IndexedDB records). */
export interface StorageEntry {
  area: 'localStorage' | 'sessionStorage' | 'indexedDB' | 'cookie';
  key: string;
  value: string;
}

export interface StorageAuditOptions {
  /** Values that must not be stored: client secrets, passwords, private keys, tokens, verifiers. */
  secrets: string[];
  /** Values (tokens, PKCE verifiers) that DESIGN.md lets live in session storage, and only there. */
  sessionAllowed?: string[];
}

/** Reads every storage area of the page's origin: local and session storage, IndexedDB and cookies. */
export async function readStorage(page: Page): Promise<StorageEntry[]> {
  return page.evaluate(async () => {
    const entries: {
      area: 'localStorage' | 'sessionStorage' | 'indexedDB' | 'cookie';
      key: string;
      value: string;
    }[] = [];
    const readArea = (area: 'localStorage' | 'sessionStorage', storage: Storage) => {
      for (let index = 0; index < storage.length; index += 1) {
        const key = storage.key(index);
        if (key !== null) entries.push({ area, key, value: storage.getItem(key) ?? '' });
      }
    };
    readArea('localStorage', localStorage);
    readArea('sessionStorage', sessionStorage);
    if (document.cookie) entries.push({ area: 'cookie', key: 'document.cookie', value: document.cookie });

    const decoder = new TextDecoder();
    const toText = (value: unknown): string =>
      JSON.stringify(value, (_key, inner: unknown) => {
        if (inner instanceof ArrayBuffer) return decoder.decode(inner);
        if (ArrayBuffer.isView(inner)) return decoder.decode(inner);
        if (inner instanceof CryptoKey) return `CryptoKey(${inner.type}, extractable=${inner.extractable})`;
        return inner;
      });
    const request = <T>(req: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
      });
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const openRequest = indexedDB.open(info.name);
      const db = await request(openRequest);
      try {
        for (const storeName of Array.from(db.objectStoreNames)) {
          const store = db.transaction(storeName, 'readonly').objectStore(storeName);
          const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
          values.forEach((value, index) => {
            entries.push({
              area: 'indexedDB',
              key: `${info.name ?? ''}/${storeName}/${toText(keys[index])}`,
              value: toText(value),
            });
          });
        }
      } finally {
        db.close();
      }
    }
    return entries;
  });
}

/** The spellings a stored value may take: raw, URL- and form-encoded, escaped inside JSON. */
function spellingsOf(secret: string): string[] {
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ v: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
    ]),
  ];
}

function shorten(secret: string): string {
  return secret.length > 16 ? `${secret.slice(0, 12)}…(${secret.length} chars)` : secret;
}

/**
 * Fails the test when a secret is stored where DESIGN.md forbids it: nothing sensitive in local
 * storage, IndexedDB or cookies; in session storage only what `sessionAllowed` lists (tokens, PKCE
 * verifiers). Returns what it read so a test can check more.
 */
export async function auditStorage(page: Page, options: StorageAuditOptions): Promise<StorageEntry[]> {
  const sessionAllowed = new Set(options.sessionAllowed ?? []);
  const sensitive = [...new Set([...options.secrets, ...sessionAllowed])].filter((value) => value !== '');
  const entries = await readStorage(page);
  const findings: string[] = [];
  for (const secret of sensitive) {
    const spellings = spellingsOf(secret);
    for (const entry of entries) {
      if (entry.area === 'sessionStorage' && sessionAllowed.has(secret)) continue;
      if (spellings.some((spelling) => entry.value.includes(spelling) || entry.key.includes(spelling))) {
        findings.push(`${shorten(secret)} found in ${entry.area} "${entry.key}"`);
      }
    }
  }
  expect(findings, 'secrets stored where DESIGN.md forbids them').toEqual([]);
  return entries;
}

const JWT_SHAPE = /eyJ[\w-]{4,}\.eyJ[\w-]{4,}\./;

/** What the automatic storage guard refuses in one page's storage. */
export function findStorageViolations(entries: readonly StorageEntry[]): string[] {
  const findings: string[] = [];
  for (const entry of entries) {
    const text = `${entry.key}\n${entry.value}`;
    for (const secret of DEMO_SECRETS) {
      if (spellingsOf(secret).some((spelling) => text.includes(spelling))) {
        findings.push(`demo secret ${shorten(secret)} in ${entry.area} "${entry.key}"`);
      }
    }
    if (text.includes('PRIVATE KEY') || /"d"\s*:\s*"[\w-]{20,}"/.test(text)) {
      findings.push(`a private key in ${entry.area} "${entry.key}"`);
    }
    if (entry.area !== 'sessionStorage' && JWT_SHAPE.test(text)) {
      findings.push(`a token in ${entry.area} "${entry.key}"`);
    }
  }
  return findings;
}

/** A token endpoint response (RFC 6749 §5.1) as the local IdP sends it. */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
  scope?: string;
  id_token?: string;
  refresh_token?: string;
}

/**
 * Gets tokens from the local IdP with the password grant (client `playground-ropc`, see
 * docs/local-idp.md); fails the test unless the IdP answers 200.
 */
export async function getTokenWithPassword(
  request: APIRequestContext,
  options: { username: string; password: string; scope: string; clientId?: string },
): Promise<TokenResponse> {
  const response = await request.post(`${IDP_ORIGIN}/token`, {
    form: {
      grant_type: 'password',
      client_id: options.clientId ?? 'playground-ropc',
      username: options.username,
      password: options.password,
      scope: options.scope,
    },
  });
  const body = await response.text();
  expect(response.status(), `password grant for ${options.username} (${options.scope}): ${body}`).toBe(200);
  return JSON.parse(body) as TokenResponse;
}

function decodeSegment(jwt: string, index: 0 | 1): Record<string, unknown> {
  const segment = jwt.split('.')[index];
  if (segment === undefined || segment === '') throw new Error(`not a JWT: part ${index + 1} is missing`);
  const parsed: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`not a JWT: part ${index + 1} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** The decoded JOSE header of a compact JWS, unverified. */
export function decodeHeader(jwt: string): Record<string, unknown> {
  return decodeSegment(jwt, 0);
}

/** The decoded payload (claims) of a compact JWS, unverified. */
export function decodePayload(jwt: string): Record<string, unknown> {
  return decodeSegment(jwt, 1);
}

/** The demo secrets and passwords of the local companion: they must never be stored anywhere. */
export const DEMO_SECRETS: readonly string[] = [
  'local-entra-web-secret~demo',
  'local-entra-daemon-secret~demo',
  'local-entra-api-a-secret~demo',
  'dana-password-1',
  'playground-web-secret',
  'playground-web-post-secret',
  'api-a-secret',
  'api-b-secret',
  'alice-password-1',
  'bob-password-1',
];

export const DEMO_USERS = {
  alice: {
    username: 'alice',
    password: 'alice-password-1',
    sub: 'a1f6c3e2-5b7d-4e0a-9c1f-000000000a11',
    /** The demo second factor, asked for by a step-up request (`acr_values=urn:playground:acr:mfa`). */
    securityCode: '246810',
  },
  bob: { username: 'bob', password: 'bob-password-1', sub: 'b0b5e7a4-2c9d-4f3b-8e6a-000000000b0b' },
} as const;

/**
 * Signs Alice in on the local demo IdP's login page (the second factor when given), and allows the
 * consent when asked to.
 */
export async function signInAtDemoIdp(page: Page, options: { securityCode?: string; allow?: boolean } = {}) {
  await page.waitForURL(/localhost:4000/);
  await page.getByLabel('Username').fill(DEMO_USERS.alice.username);
  await page.getByLabel('Password').fill(DEMO_USERS.alice.password);
  if (options.securityCode) await page.getByLabel('Security code (second factor)').fill(options.securityCode);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (options.allow) await page.getByRole('button', { name: 'Allow' }).click();
}
