import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFormPost, type Exchange, type HttpRequest } from '@/protocol/http';
import {
  isInteractiveExchange,
  quoteBash,
  quotePowerShell,
  toBashScript,
  toCurl,
  toFetch,
  toHttpFile,
  toPowerShell,
  toPowerShellScript,
  type SessionItem,
} from '@/transport/export';

const TOKEN_URL = 'https://login.microsoftonline.com/contoso/oauth2/v2.0/token';

const formRequest = buildFormPost(TOKEN_URL, {
  grant_type: 'client_credentials',
  client_id: '11111111-2222-3333-4444-555555555555',
  client_secret: 'Xy7~s3cr3t',
  scope: 'https://graph.microsoft.com/.default',
});

const bearerRequest: HttpRequest = {
  method: 'GET',
  url: 'https://graph.microsoft.com/v1.0/me',
  headers: { authorization: 'Bearer eyJ0eXAi.eyJhdWQi.c2ln' },
};

const basicRequest = buildFormPost(
  'http://localhost:4000/token',
  { grant_type: 'client_credentials', scope: 'api:read' },
  { authorization: 'Basic Y29uZmlkZW50aWFsOnNlY3JldA==' },
);

const expectedCurl = {
  form: `curl -X POST 'https://login.microsoftonline.com/contoso/oauth2/v2.0/token' \\
  -H 'content-type: application/x-www-form-urlencoded' \\
  -H 'accept: application/json' \\
  --data-urlencode 'grant_type=client_credentials' \\
  --data-urlencode 'client_id=11111111-2222-3333-4444-555555555555' \\
  --data-urlencode 'client_secret={{client_secret}}' \\
  --data-urlencode 'scope=https://graph.microsoft.com/.default'`,
  bearer: `curl 'https://graph.microsoft.com/v1.0/me' \\
  -H 'authorization: Bearer {{access_token}}'`,
  basic: `curl -X POST 'http://localhost:4000/token' \\
  -H 'content-type: application/x-www-form-urlencoded' \\
  -H 'accept: application/json' \\
  -H 'authorization: Basic {{client_credentials_base64}}' \\
  --data-urlencode 'grant_type=client_credentials' \\
  --data-urlencode 'scope=api:read'`,
};

const expectedPowerShell = {
  form: `$headers = @{
    accept = 'application/json'
}
$body = @{
    grant_type = 'client_credentials'
    client_id = '11111111-2222-3333-4444-555555555555'
    client_secret = '{{client_secret}}'
    scope = 'https://graph.microsoft.com/.default'
}
Invoke-RestMethod -Method Post -Uri 'https://login.microsoftonline.com/contoso/oauth2/v2.0/token' -Headers $headers -ContentType 'application/x-www-form-urlencoded' -Body $body`,
  bearer: `$headers = @{
    authorization = 'Bearer {{access_token}}'
}
Invoke-RestMethod -Method Get -Uri 'https://graph.microsoft.com/v1.0/me' -Headers $headers`,
  basic: `$headers = @{
    accept = 'application/json'
    authorization = 'Basic {{client_credentials_base64}}'
}
$body = @{
    grant_type = 'client_credentials'
    scope = 'api:read'
}
Invoke-RestMethod -Method Post -Uri 'http://localhost:4000/token' -Headers $headers -ContentType 'application/x-www-form-urlencoded' -Body $body`,
};

const expectedFetch = {
  form: `const response = await fetch("https://login.microsoftonline.com/contoso/oauth2/v2.0/token", {
  method: "POST",
  headers: {
    "content-type": "application/x-www-form-urlencoded",
    "accept": "application/json",
  },
  body: new URLSearchParams([
    ["grant_type", "client_credentials"],
    ["client_id", "11111111-2222-3333-4444-555555555555"],
    ["client_secret", "{{client_secret}}"],
    ["scope", "https://graph.microsoft.com/.default"],
  ]),
});
console.log(response.status, await response.json());`,
  bearer: `const response = await fetch("https://graph.microsoft.com/v1.0/me", {
  method: "GET",
  headers: {
    "authorization": "Bearer {{access_token}}",
  },
});
console.log(response.status, await response.text());`,
  basic: `const response = await fetch("http://localhost:4000/token", {
  method: "POST",
  headers: {
    "content-type": "application/x-www-form-urlencoded",
    "accept": "application/json",
    "authorization": "Basic {{client_credentials_base64}}",
  },
  body: new URLSearchParams([
    ["grant_type", "client_credentials"],
    ["scope", "api:read"],
  ]),
});
console.log(response.status, await response.json());`,
};

const cases = [
  ['token request with a form body', formRequest, 'form'],
  ['GET with a Bearer header', bearerRequest, 'bearer'],
  ['Basic-auth token request', basicRequest, 'basic'],
] as const;

describe('single-request exporters (redacted by default)', () => {
  it.each(cases)('toCurl: %s', (_name, request, key) => {
    expect(toCurl(request)).toBe(expectedCurl[key]);
  });
  it.each(cases)('toPowerShell: %s', (_name, request, key) => {
    expect(toPowerShell(request)).toBe(expectedPowerShell[key]);
  });
  it.each(cases)('toFetch: %s', (_name, request, key) => {
    expect(toFetch(request)).toBe(expectedFetch[key]);
  });

  it.each([
    ['toCurl', toCurl],
    ['toPowerShell', toPowerShell],
    ['toFetch', toFetch],
  ] as const)('%s includes the secret only when redaction is turned off', (_name, exporter) => {
    expect(exporter(formRequest)).not.toContain('Xy7~s3cr3t');
    expect(exporter(formRequest, { redact: false })).toContain('Xy7~s3cr3t');
    expect(exporter(bearerRequest, { redact: { secrets: false } })).not.toContain('eyJ0eXAi');
    expect(exporter(bearerRequest, { redact: { tokens: false } })).toContain('eyJ0eXAi.eyJhdWQi.c2ln');
  });

  it('adds --globoff when the URL holds braces, which curl would otherwise expand', () => {
    const callback: HttpRequest = { method: 'GET', url: 'https://app.example/cb?code=abc', headers: {} };
    expect(toCurl(callback)).toBe(`curl --globoff 'https://app.example/cb?code={{code}}'`);
  });

  it('sends a body that is not a form as raw data', () => {
    const json: HttpRequest = {
      method: 'POST',
      url: 'https://api.example/items',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"it\'s"}',
    };
    expect(toCurl(json)).toBe(`curl -X POST 'https://api.example/items' \\
  -H 'content-type: application/json' \\
  --data-raw '{"name":"it'\\''s"}'`);
    expect(toPowerShell(json)).toBe(
      `$body = '{"name":"it''s"}'\nInvoke-RestMethod -Method Post -Uri 'https://api.example/items' -ContentType 'application/json' -Body $body`,
    );
  });

  it('keeps a repeated form parameter by sending the body as a string in PowerShell', () => {
    const request: HttpRequest = {
      method: 'POST',
      url: TOKEN_URL,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'resource=a&resource=b',
    };
    expect(toPowerShell(request)).toBe(
      `$body = 'resource=a&resource=b'\nInvoke-RestMethod -Method Post -Uri '${TOKEN_URL}' -ContentType 'application/x-www-form-urlencoded' -Body $body`,
    );
  });
});

const HOSTILE = [
  `it's`,
  `say "hi"`,
  '$(touch /tmp/pwned)',
  '`id`',
  'line1\nline2',
  'a; rm -rf ~',
  '${HOME}',
  '\\',
  `''`,
  '‘smart’ quotes',
];

describe('quoting', () => {
  it.each(HOSTILE)('bash: %j comes back verbatim from printf', (value) => {
    const output = execFileSync('bash', ['-c', `printf '%s' ${quoteBash(value)}`], { encoding: 'utf8' });
    expect(output).toBe(value);
  });

  it.each([
    [`it's`, `'it''s'`],
    ['$(x) `y` "z"', `'$(x) \`y\` "z"'`],
    ['‘smart’ quotes', `'‘‘smart’’ quotes'`],
    ['a\nb', `'a\nb'`],
  ])('PowerShell: %j becomes %s', (value, expected) => {
    expect(quotePowerShell(value)).toBe(expected);
  });
});

function exchange(overrides: Partial<Exchange> & Pick<Exchange, 'id' | 'label' | 'request'>): Exchange {
  return { startedAt: '2025-01-01T00:00:00.000Z', durationMs: 120, via: 'direct', ...overrides };
}

const clientCredentials = exchange({
  id: 'e1',
  label: 'Token request (client_credentials)',
  request: buildFormPost('http://localhost:4000/token', {
    grant_type: 'client_credentials',
    client_id: 'demo-daemon',
    client_secret: 'daemon-secret',
    scope: 'api:read',
  }),
  response: { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, body: '{}' },
});

const authorize = exchange({
  id: 'e0',
  label: 'Authorize request',
  request: {
    method: 'GET',
    url: 'http://localhost:4000/auth?response_type=code&client_id=spa&state=abc',
    headers: {},
  },
});

const workDir = mkdtempSync(join(tmpdir(), 'tp-export-'));
// A stand-in for curl that prints each argument it receives on its own line, so that the test sees
// exactly what the shell passed and never touches the network.
const fakeBin = join(workDir, 'bin');
execFileSync('mkdir', ['-p', fakeBin]);
writeFileSync(join(fakeBin, 'curl'), '#!/bin/sh\nfor arg in "$@"; do printf \'<%s>\\n\' "$arg"; done\n');
chmodSync(join(fakeBin, 'curl'), 0o755);

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function runBash(script: string, env: Record<string, string> = {}) {
  const file = join(workDir, 'script.sh');
  writeFileSync(file, script);
  return spawnSync('bash', [file], {
    encoding: 'utf8',
    env: { PATH: `${fakeBin}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...env },
  });
}

describe('toBashScript', () => {
  const script = toBashScript([authorize, clientCredentials], {
    title: 'Client credentials',
    exportedAt: '2025-01-01T00:00:00.000Z',
  });

  it('writes the header, the variables and one curl per exchange, the interactive step as a comment', () => {
    expect(script).toBe(`#!/usr/bin/env bash
# Token Playground session export: Client credentials
# 1 request replayed with curl, exported 2025-01-01T00:00:00.000Z.
# Secrets and tokens were replaced by environment variables; set them before running.
set -euo pipefail

# CLIENT_SECRET: the client secret of the app registration
: "\${CLIENT_SECRET:?is not set: export CLIENT_SECRET with the client secret of the app registration}"

# 1. Authorize request
#    Interactive step: open this URL in a browser, sign in and consent; the provider then redirects to the redirect URI with the result (code or tokens) in the query or fragment.
#    http://localhost:4000/auth?response_type=code&client_id=spa&state=abc

# 2. Token request (client_credentials)
#    recorded: 200 OK, 120 ms, direct
echo '== 2. Token request (client_credentials)'
curl -X POST 'http://localhost:4000/token' \\
  -H 'content-type: application/x-www-form-urlencoded' \\
  -H 'accept: application/json' \\
  --data-urlencode 'grant_type=client_credentials' \\
  --data-urlencode 'client_id=demo-daemon' \\
  --data-urlencode 'client_secret='"\${CLIENT_SECRET}" \\
  --data-urlencode 'scope=api:read'
echo
`);
    expect(script).not.toContain('daemon-secret');
  });

  it('passes bash -n', () => {
    const file = join(workDir, 'syntax.sh');
    writeFileSync(file, script);
    const result = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('stops with a clear message when a variable is not set', () => {
    const result = runBash(script);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('CLIENT_SECRET: is not set: export CLIENT_SECRET with the client secret');
    expect(result.stdout).not.toContain('<');
  });

  it('passes a hostile secret from the environment to curl as one untouched argument', () => {
    const secret = `a'b"c$(touch ${workDir}/pwned)\`id\`;x`;
    const result = runBash(script, { CLIENT_SECRET: secret });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`<client_secret=${secret}>\n`);
  });

  it.each(HOSTILE)('keeps the hostile value %j intact in every position when not redacted', (value) => {
    const hostile = exchange({
      id: 'h',
      label: `label ${value}`,
      request: {
        method: 'POST',
        url: `https://idp.example/token?x=${value}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test': value },
        body: new URLSearchParams({ client_secret: value }).toString(),
      },
      response: { status: 200, headers: {}, body: '' },
    });
    const note: SessionItem = { kind: 'note', text: `note ${value}` };
    const result = runBash(toBashScript([note, hostile], { redact: false }));
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        `== 2. label ${value}`,
        ...(/[[\]{}]/.test(value) ? ['<--globoff>'] : []),
        '<-X>',
        '<POST>',
        `<https://idp.example/token?x=${value}>`,
        '<-H>',
        '<content-type: application/x-www-form-urlencoded>',
        '<-H>',
        `<x-test: ${value}>`,
        '<--data-urlencode>',
        `<client_secret=${value}>`,
        '',
        '',
      ].join('\n'),
    );
  });
});

describe('toPowerShellScript', () => {
  it('checks the variables first and reads placeholders from $env:', () => {
    const bearer = exchange({
      id: 'e2',
      label: 'Call the API',
      request: {
        method: 'GET',
        url: 'http://localhost:4001/me',
        headers: { authorization: 'Bearer eyJ.x.y' },
      },
      response: { status: 401, headers: {}, body: '' },
      via: 'relay',
    });
    expect(
      toPowerShellScript([clientCredentials, { kind: 'note', text: "Wait for the user's\nsign-in" }, bearer]),
    ).toBe(`# Token Playground session export
# 2 requests replayed with Invoke-RestMethod.
# Secrets and tokens were replaced by environment variables; set them before running.
$ErrorActionPreference = 'Stop'

# CLIENT_SECRET: the client secret of the app registration
if (-not $env:CLIENT_SECRET) { throw 'Set the environment variable CLIENT_SECRET: the client secret of the app registration' }
# ACCESS_TOKEN: an access token from an earlier token response
if (-not $env:ACCESS_TOKEN) { throw 'Set the environment variable ACCESS_TOKEN: an access token from an earlier token response' }

# 1. Token request (client_credentials)
#    recorded: 200 OK, 120 ms, direct
Write-Host '== 1. Token request (client_credentials)'
$headers = @{
    accept = 'application/json'
}
$body = @{
    grant_type = 'client_credentials'
    client_id = 'demo-daemon'
    client_secret = $env:CLIENT_SECRET
    scope = 'api:read'
}
Invoke-RestMethod -Method Post -Uri 'http://localhost:4000/token' -Headers $headers -ContentType 'application/x-www-form-urlencoded' -Body $body

# 2. Wait for the user's sign-in

# 3. Call the API
#    recorded: 401, 120 ms, through the local relay
Write-Host '== 3. Call the API'
$headers = @{
    authorization = ('Bearer ' + $env:ACCESS_TOKEN)
}
Invoke-RestMethod -Method Get -Uri 'http://localhost:4001/me' -Headers $headers
`);
  });
});

describe('toHttpFile', () => {
  it('declares one variable per placeholder and separates requests with ###', () => {
    expect(toHttpFile([clientCredentials, authorize, bearerRequest])).toBe(`# Token Playground session export
# 2 requests replayed with an HTTP client.
# Secrets and tokens were replaced by environment variables; set them before running.
# Fill in the variables below; form values are sent as written, so URL-encode them.

# the client secret of the app registration
@client_secret =
# an access token from an earlier token response
@access_token =

### 1. Token request (client_credentials)
POST http://localhost:4000/token
content-type: application/x-www-form-urlencoded
accept: application/json

grant_type=client_credentials&client_id=demo-daemon&client_secret={{client_secret}}&scope=api%3Aread

### 2. Authorize request
# Interactive step: open this URL in a browser, sign in and consent; the provider then redirects to the redirect URI with the result (code or tokens) in the query or fragment.
# http://localhost:4000/auth?response_type=code&client_id=spa&state=abc

### 3. Request 3
GET https://graph.microsoft.com/v1.0/me
authorization: Bearer {{access_token}}
`);
  });
});

describe('isInteractiveExchange', () => {
  it.each([
    ['a GET without response', true, authorize],
    ['a GET with a response', false, { ...authorize, response: { status: 200, headers: {}, body: '' } }],
    ['a GET that failed', false, { ...authorize, failure: { code: 'NETWORK', message: 'offline' } }],
    ['a POST', false, clientCredentials],
  ])('%s → %s', (_name, expected, item) => {
    expect(isInteractiveExchange(item)).toBe(expected);
  });
});

describe('a PAR session (RFC 9126) in a script', () => {
  const push: Exchange = {
    id: 'par-1',
    label: 'Pushed authorization request (PAR)',
    request: buildFormPost('http://localhost:4000/request', {
      response_type: 'code',
      client_id: 'playground-web',
      client_secret: 'web-secret-1',
      redirect_uri: 'http://localhost:5173/callback',
      scope: 'openid',
      state: 's1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }),
    response: {
      status: 201,
      statusText: 'Created',
      headers: { 'content-type': 'application/json' },
      body: '{"request_uri":"urn:ietf:params:oauth:request_uri:abc","expires_in":60}',
    },
    durationMs: 30,
    startedAt: '2026-12-06T06:00:00.000Z',
    via: 'direct',
  };
  const redirect: Exchange = {
    id: 'par-2',
    label: 'Authorization request',
    startedAt: '2026-12-06T06:00:01.000Z',
    durationMs: 0,
    via: 'direct',
    request: {
      method: 'GET',
      url: 'http://localhost:4000/auth?client_id=playground-web&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Aabc',
      headers: {},
    },
  };
  const script = toBashScript([push, redirect], { title: 'PAR' });

  it('replays the push with every parameter, the client secret as a variable', () => {
    expect(script).toContain("curl -X POST 'http://localhost:4000/request'");
    expect(script).toContain("--data-urlencode 'code_challenge_method=S256'");
    expect(script).toContain('CLIENT_SECRET');
    expect(script).not.toContain('web-secret-1');
  });

  it('tells that the request_uri is single-use and short-lived, so the push must be sent again', () => {
    expect(script).toContain('# 2. Authorization request');
    expect(script).toMatch(/request_uri was returned by the pushed authorization request \(PAR, RFC 9126\)/);
    expect(script).toContain('send the push again');
  });

  it('says a JAR request by value carries the parameters inside the signed request object', () => {
    const jar: Exchange = {
      ...redirect,
      request: {
        method: 'GET',
        url: 'http://localhost:4000/auth?client_id=jar&request=eyJ.eyJ.sig',
        headers: {},
      },
    };
    expect(toBashScript([jar])).toContain('signed request object (JAR, RFC 9101)');
  });
});
