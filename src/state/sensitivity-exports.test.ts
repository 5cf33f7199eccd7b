// Walks every parameter any flow definition can send (built from the definitions themselves, plus
// the parameter catalogue) and checks that each secret, token or personal one is hidden in every
// place a request leaves the app: curl, PowerShell and fetch snippets, bash/PowerShell/.http
// session exports, the request log's on-screen (redacted) view, saved setups, setup files and
// share links. Issue 11: the logout step's `id_token_hint` used to be printed in clear.
import { describe, expect, it } from 'vitest';
import type { Exchange, HttpRequest } from '@/protocol/http';
import { PARAMS_CATALOG } from '@/protocol/params-catalog';
import { FLOWS, FOLLOW_UP_STEPS } from '@/protocol/flows/registry';
import { createTestRun } from '@/protocol/flows/test-run';
import type { ClientAuthMethod, FlowRun, RunSecrets } from '@/protocol/flows/types';
import { classifyParameter, listSensitiveParameters } from '@/protocol/sensitivity';
import {
  toBashScript,
  toCurl,
  toFetch,
  toHttpFile,
  toPowerShell,
  toPowerShellScript,
} from '@/transport/export';
import { redactExchange } from '@/transport/redact';
import { stripSecrets, toSetupContent, toShareJson } from '@/state/setups';

const MARK = 'Zq9SENSITIVEq9Z';

// A private key generated once for the assertion-building steps (RS256, PKCS#8 PEM).
async function generatePem(): Promise<string> {
  const pair = await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
  const der = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  let binary = '';
  for (const byte of der) binary += String.fromCharCode(byte);
  return `-----BEGIN PRIVATE KEY-----\n${btoa(binary)}\n-----END PRIVATE KEY-----`;
}

function fullRun(flow: (typeof FLOWS)[number], authMethod: ClientAuthMethod): FlowRun {
  const run = createTestRun(flow, {
    authMethod,
    authorizeParams: { ...flow.defaultAuthorizeParams, login_hint: `${MARK}login_hint` },
    tokenParams: {
      ...flow.defaultTokenParams,
      username: `${MARK}username`,
      api_url: 'https://api.example/me',
      post_logout_redirect_uri: 'https://app.example/out',
      logout_hint: `${MARK}logout_hint`,
    },
    generated: { state: 'state-1', nonce: 'nonce-1', codeVerifier: `${MARK}code_verifier` },
  });
  return {
    ...run,
    endpoints: {
      ...run.endpoints,
      authorization_endpoint: 'https://as.example/authorize',
      userinfo_endpoint: 'https://as.example/userinfo',
      end_session_endpoint: 'https://as.example/logout',
    },
    values: {
      code: `${MARK}code`,
      access_token: `${MARK}access_token`,
      id_token: `${MARK}id_token`,
      refresh_token: `${MARK}refresh_token`,
      device_code: `${MARK}device_code`,
      obo_access_token: `${MARK}obo_access_token`,
    },
  };
}

/** Every request every step of every flow builds, for every client authentication it offers. */
async function buildEveryRequest(): Promise<HttpRequest[]> {
  const secrets: RunSecrets = {
    clientSecret: `${MARK}client_secret`,
    password: `${MARK}password`,
    clientAssertion: `${MARK}client_assertion`,
    privateKey: await generatePem(),
  };
  const requests: HttpRequest[] = [];
  for (const flow of FLOWS) {
    for (const authMethod of flow.authMethods) {
      const run = fullRun(flow, authMethod);
      for (const step of [...flow.steps, ...FOLLOW_UP_STEPS]) {
        try {
          // A browser navigation (authorization request, logout) is a URL; a back-channel step builds a request.
          if (step.url) requests.push({ method: 'GET', url: step.url(run), headers: {} });
          if (step.build) requests.push(await step.build(run, secrets));
        } catch {
          // a step that cannot apply to this flow (no such endpoint): nothing is sent
        }
      }
    }
  }
  return requests;
}

function parameterNames(request: HttpRequest): string[] {
  const url = new URL(request.url);
  const names = [...url.searchParams.keys()];
  if (request.body) {
    if (request.body.trimStart().startsWith('{'))
      names.push(...Object.keys(JSON.parse(request.body) as object));
    else names.push(...new URLSearchParams(request.body).keys());
  }
  return names;
}

const requests = await buildEveryRequest();
const sentNames = new Set(requests.flatMap(parameterNames));
const everyName = [
  ...new Set([...sentNames, ...Object.keys(PARAMS_CATALOG), ...listSensitiveParameters()]),
].sort();
const sensitiveNames = everyName.filter((name) => classifyParameter(name) !== 'public');

function exchangeOf(request: HttpRequest, interactive: boolean): Exchange {
  return {
    id: 'x1',
    label: interactive ? 'Logout' : 'Token request',
    startedAt: '2026-11-27T00:00:00.000Z',
    durationMs: 1,
    via: interactive ? 'browser' : 'direct',
    request,
    ...(interactive ? {} : { response: { status: 200, statusText: 'OK', headers: {}, body: '{}' } }),
  } as Exchange;
}

/** Every text a request turns into when it leaves the app, redaction left at its default. */
function everyExport(request: HttpRequest): Record<string, string> {
  const texts: Record<string, string> = {
    curl: toCurl(request),
    PowerShell: toPowerShell(request),
    fetch: toFetch(request),
    'request log (on screen)': JSON.stringify(redactExchange(exchangeOf(request, false))),
  };
  for (const interactive of [false, true]) {
    const items = [exchangeOf(request, interactive)];
    const suffix = interactive ? ' (browser step)' : '';
    texts[`bash script${suffix}`] = toBashScript(items);
    texts[`PowerShell script${suffix}`] = toPowerShellScript(items);
    texts[`.http file${suffix}`] = toHttpFile(items);
  }
  return texts;
}

describe('the sensitivity registry covers every parameter a flow sends', () => {
  it('finds the parameters the flows really send (the walk is not empty)', () => {
    for (const name of [
      'client_secret',
      'code',
      'code_verifier',
      'refresh_token',
      'id_token_hint',
      'device_code',
    ])
      expect(sentNames, name).toContain(name);
  });

  it.each([
    ['id_token_hint', 'token'],
    ['logout_hint', 'personal'],
    ['login_hint', 'personal'],
    ['username', 'personal'],
    ['client_assertion', 'secret'],
    ['assertion', 'token'],
    ['subject_token', 'token'],
    ['actor_token', 'token'],
    ['device_code', 'token'],
    ['code', 'token'],
    ['code_verifier', 'secret'],
    ['refresh_token', 'token'],
    ['password', 'secret'],
    ['client_secret', 'secret'],
    ['request', 'token'],
    ['request_uri', 'public'],
    ['state', 'public'],
    ['code_challenge', 'public'],
  ])('classifies %s as %s', (name, sensitivity) => {
    expect(classifyParameter(name)).toBe(sensitivity);
  });

  it('leaves no value marked as sensitive by the walk in a public parameter', () => {
    // Every value the walk filled with the marker came from a sensitive source; a parameter that
    // carries it but is classified public would leak.
    for (const request of requests) {
      const pairs = [
        ...new URL(request.url).searchParams.entries(),
        ...(request.body && !request.body.trimStart().startsWith('{')
          ? new URLSearchParams(request.body).entries()
          : []),
      ];
      for (const [name, value] of pairs) {
        if (value.includes(MARK))
          expect(classifyParameter(name), `${name} carries ${value}`).not.toBe('public');
      }
    }
  });
});

describe.each(sensitiveNames)('%s is hidden wherever a request leaves the app', (name) => {
  const value = `${MARK}-${name}-value`;
  const asQuery: HttpRequest = {
    method: 'GET',
    url: `https://as.example/logout?client_id=app&${name}=${encodeURIComponent(value)}`,
    headers: {},
  };
  const asForm: HttpRequest = {
    method: 'POST',
    url: 'https://as.example/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=x&${name}=${encodeURIComponent(value)}`,
  };
  const asJson: HttpRequest = {
    method: 'POST',
    url: 'https://as.example/par',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ [name]: value }),
  };

  it.each([
    ['in the query', asQuery],
    ['in a form body', asForm],
    ['in a JSON body', asJson],
  ])('%s', (_where, request) => {
    for (const [format, text] of Object.entries(everyExport(request))) {
      expect(text, `${format} prints ${name}`).not.toContain(MARK);
    }
  });

  it('in saved setups, setup files and share links', () => {
    const content = {
      name: 'Setup',
      provider: {
        kind: 'local' as const,
        localIssuer: '',
        entraTenant: '',
        entraCloud: 'global' as const,
        customUrl: '',
      },
      flowId: 'code-pkce' as const,
      clientId: 'app',
      authMethod: 'none' as const,
      via: 'direct' as const,
      authorizeParams: { [name]: value },
      tokenParams: { [name]: value },
      extraParams: [[name, value]] as [string, string][],
    };
    expect(JSON.stringify(toSetupContent(content)), 'setup file').not.toContain(MARK);
    expect(toShareJson(content), 'share link').not.toContain(MARK);
    if (classifyParameter(name) !== 'personal')
      expect(JSON.stringify(stripSecrets(content)), 'saved setup').not.toContain(MARK);
  });
});

describe.each([
  ['Authorization (Bearer)', 'Authorization', `Bearer ${MARK}`],
  ['Authorization (DPoP)', 'Authorization', `DPoP ${MARK}`],
  ['Authorization (Basic)', 'Authorization', `Basic ${MARK}`],
  ['Authorization (another scheme)', 'Authorization', `MAC id="${MARK}"`],
  ['Authorization (no scheme)', 'Authorization', MARK],
  ['DPoP proof', 'DPoP', `eyJ0eXAiOiJkcG9wK2p3dCJ9.${MARK}.sig`],
  ['Cookie', 'Cookie', `session=${MARK}`],
])('the %s header is hidden wherever a request leaves the app', (_label, header, headerValue) => {
  it('in every export', () => {
    const request: HttpRequest = {
      method: 'POST',
      url: 'https://as.example/token',
      headers: { [header]: headerValue, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    };
    for (const [format, text] of Object.entries(everyExport(request))) {
      expect(text, `${format} prints the ${header} header`).not.toContain(MARK);
    }
  });
});
