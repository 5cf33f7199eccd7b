import { decodeJwt, decodeProtectedHeader, exportPKCS8, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryDocument } from '../discovery';
import type { HttpResponse } from '../http';
import { codeConfidentialFlow, codePkceFlow, implicitFlow } from './browser-flows';
import { clientCredentialsFlow } from './client-credentials';
import {
  collectAuthorizationParams,
  listRequestObjectAlgs,
  offersModernModes,
  parStep,
  requireRequestObject,
  resolveRequestModes,
  signRunRequestObject,
} from './modern-steps';
import { buildRunAuthorizeUrl } from './steps';
import { createTestRun, readForm } from './test-run';
import type { FlowRun, RequestModes } from './types';

const ISSUER = 'https://as.example';
const PAR = `${ISSUER}/par`;
const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z

function doc(extra: Partial<DiscoveryDocument> = {}): DiscoveryDocument {
  return {
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/authorize`,
    token_endpoint: `${ISSUER}/token`,
    jwks_uri: `${ISSUER}/jwks`,
    ...extra,
  };
}

function runWith(modes: RequestModes | undefined, patch: Partial<FlowRun> = {}): FlowRun {
  return {
    ...createTestRun(codePkceFlow, {
      endpoints: {
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/authorize`,
        token_endpoint: `${ISSUER}/token`,
      },
      authorizeParams: {
        client_id: 'app',
        response_type: 'code',
        scope: 'openid',
        state: 'st',
        max_age: '',
      },
      extraParams: [['acr_values', 'urn:mfa']],
      ...(modes ? { modes } : {}),
    }),
    ...patch,
  };
}

describe('offersModernModes', () => {
  it.each([
    [codePkceFlow.id, codePkceFlow, true],
    [codeConfidentialFlow.id, codeConfidentialFlow, true],
    [implicitFlow.id, implicitFlow, false],
    [clientCredentialsFlow.id, clientCredentialsFlow, false],
  ])('%s', (_id, flow, offered) => {
    expect(offersModernModes(flow)).toBe(offered);
  });
});

describe('listRequestObjectAlgs', () => {
  it.each([
    ['nothing listed: all three', undefined, ['PS256', 'RS256', 'ES256']],
    ['only what the browser signs with, in its order', ['ES256', 'none', 'RS256'], ['RS256', 'ES256']],
    ['nothing usable', ['HS256'], []],
  ])('%s', (_name, listed, expected) => {
    expect(
      listRequestObjectAlgs(doc(listed ? { request_object_signing_alg_values_supported: listed } : {})),
    ).toEqual(expected);
  });
});

describe('resolveRequestModes', () => {
  const parDoc = { pushed_authorization_request_endpoint: PAR };
  const jarDoc = {
    request_parameter_supported: true,
    request_object_signing_alg_values_supported: ['RS256', 'ES256'],
  };
  it.each<
    [string, Parameters<typeof resolveRequestModes>[0], Partial<DiscoveryDocument>, RequestModes | undefined]
  >([
    ['no discovery choice: nothing', undefined, {}, undefined],
    ['PAR chosen but not advertised: nothing', { par: true }, {}, undefined],
    ['PAR chosen and advertised', { par: true }, parDoc, { par: { endpoint: PAR } }],
    [
      'PAR required and nothing chosen: on, marked required',
      undefined,
      { ...parDoc, require_pushed_authorization_requests: true },
      { par: { endpoint: PAR, required: true } },
    ],
    [
      'PAR required but unticked: off (to see the refusal)',
      { par: false },
      { ...parDoc, require_pushed_authorization_requests: true },
      undefined,
    ],
    [
      'JAR chosen without request_parameter_supported: nothing',
      { jar: true },
      { request_parameter_supported: false },
      undefined,
    ],
    ['JAR chosen: the first usable alg', { jar: true }, jarDoc, { jar: { alg: 'RS256' } }],
    ['JAR with a listed alg chosen', { jar: true, jarAlg: 'ES256' }, jarDoc, { jar: { alg: 'ES256' } }],
    [
      'JAR with an unlisted alg chosen: the first usable',
      { jar: true, jarAlg: 'PS256' },
      jarDoc,
      { jar: { alg: 'RS256' } },
    ],
    [
      'JAR with a lifetime',
      { jar: true, jarLifetime: 2 },
      jarDoc,
      { jar: { alg: 'RS256', lifetimeSeconds: 2 } },
    ],
    [
      'JAR with a lifetime of 0: the default',
      { jar: true, jarLifetime: 0 },
      jarDoc,
      { jar: { alg: 'RS256' } },
    ],
    [
      'JAR required and nothing chosen',
      undefined,
      { ...jarDoc, require_signed_request_object: true },
      { jar: { alg: 'RS256' } },
    ],
    [
      'both',
      { par: true, jar: true },
      { ...parDoc, ...jarDoc },
      { par: { endpoint: PAR }, jar: { alg: 'RS256' } },
    ],
  ])('%s', (_name, choice, extra, expected) => {
    const document = _name.startsWith('no discovery') ? undefined : doc(extra);
    expect(resolveRequestModes(choice, document)).toEqual(expected);
  });
});

describe('collectAuthorizationParams', () => {
  it('takes the form’s parameters, then the custom ones, leaving empty values out', () => {
    expect(collectAuthorizationParams(runWith(undefined))).toEqual({
      client_id: 'app',
      response_type: 'code',
      scope: 'openid',
      state: 'st',
      acr_values: 'urn:mfa',
    });
  });
});

describe('the request object step (JAR)', () => {
  let pem: string;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    pem = await exportPKCS8(pair.privateKey);
  });

  it('signs the run’s parameters with the pasted key: typ, kid, iss, aud, exp from the lifetime', async () => {
    const run = runWith({ jar: { alg: 'RS256', lifetimeSeconds: 2 } });
    const outcome = await signRunRequestObject(run, { requestObjectKey: pem, requestObjectKeyId: 'k1' }, NOW);
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.message).toContain('with the request object key you gave (alg RS256, kid k1)');
    expect(outcome.message).toContain('valid for 2 s; it goes in the redirect as "request"');
    const jwt = outcome.values?.request_object ?? '';
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', kid: 'k1', typ: 'oauth-authz-req+jwt' });
    expect(decodeJwt(jwt)).toMatchObject({
      iss: 'app',
      aud: ISSUER,
      client_id: 'app',
      acr_values: 'urn:mfa',
      iat: NOW,
      exp: NOW + 2,
    });
  });

  it('falls back to the private_key_jwt key and says it travels in the PAR body with PAR', async () => {
    const run = runWith({ jar: { alg: 'RS256' }, par: { endpoint: PAR } }, { authMethod: 'private_key_jwt' });
    const outcome = await signRunRequestObject(run, { privateKey: pem, keyId: 'client-key' }, NOW);
    expect(outcome.message).toContain('the client’s private_key_jwt key (alg RS256, kid client-key)');
    expect(outcome.message).toContain('it goes in the PAR body');
    expect(decodeJwt(outcome.values?.request_object ?? '').exp).toBe(NOW + 300);
  });

  it.each([
    ['no key at all', runWith({ jar: { alg: 'RS256' } }), {}, 'KEY_INVALID'],
    ['a run without JAR', runWith(undefined), { requestObjectKey: 'x' }, 'INVALID_PARAMETER'],
    [
      'a key that is not a key',
      runWith({ jar: { alg: 'RS256' } }),
      { requestObjectKey: 'not a key' },
      'KEY_INVALID',
    ],
  ])('%s fails', async (_name, run, secrets, code) => {
    expect(await signRunRequestObject(run, secrets, NOW)).toMatchObject({ ok: false, errorCode: code });
  });

  it('requireRequestObject names the step that must come first', () => {
    expect(() => requireRequestObject(runWith({ jar: { alg: 'RS256' } }))).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }),
    );
  });
});

describe('the PAR step', () => {
  const build = (run: FlowRun, secrets = {}) => parStep.build!(run, secrets);

  it('posts every authorization parameter, authenticated like a token request', async () => {
    const request = await build(runWith({ par: { endpoint: PAR } }, { authMethod: 'client_secret_basic' }), {
      clientSecret: 's3cret',
    });
    expect(request.method).toBe('POST');
    expect(request.url).toBe(PAR);
    expect(request.headers.authorization).toBe(`Basic ${btoa('app:s3cret')}`);
    expect(readForm(request.body)).toEqual([
      ['client_id', 'app'],
      ['response_type', 'code'],
      ['scope', 'openid'],
      ['state', 'st'],
      ['acr_values', 'urn:mfa'],
    ]);
  });

  it('with JAR posts only client_id and the signed request', async () => {
    const run = runWith(
      { par: { endpoint: PAR }, jar: { alg: 'RS256' } },
      { values: { request_object: 'h.p.s' } },
    );
    expect(readForm((await build(run)).body)).toEqual([
      ['request', 'h.p.s'],
      ['client_id', 'app'],
    ]);
  });

  it.each([
    ['no PAR endpoint in the run', runWith(undefined), 'DISCOVERY_MISSING_ENDPOINT'],
    ['JAR before signing', runWith({ par: { endpoint: PAR }, jar: { alg: 'RS256' } }), 'INVALID_PARAMETER'],
  ])('%s fails', async (_name, run, code) => {
    await expect(build(run)).rejects.toMatchObject({ code });
  });

  const created = (body: unknown, status = 201): HttpResponse => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  it.each<[string, HttpResponse, Record<string, unknown>]>([
    [
      '201 with request_uri and expires_in',
      created({ request_uri: 'urn:ietf:params:oauth:request_uri:abc', expires_in: 60 }),
      {
        ok: true,
        values: {
          request_uri: 'urn:ietf:params:oauth:request_uri:abc',
          request_uri_expires_at: '2026-01-01T00:01:00.000Z',
        },
      },
    ],
    ['no request_uri', created({ expires_in: 60 }), { ok: false, errorCode: 'RESPONSE_INVALID' }],
    [
      'an OAuth error',
      created({ error: 'invalid_request_object', error_description: 'could not validate' }, 400),
      {
        ok: false,
        errorCode: 'OAUTH_ERROR',
        message: expect.stringContaining('invalid_request_object') as unknown,
      },
    ],
  ])('reads %s', (_name, response, expected) => {
    expect(parStep.read!(runWith(undefined), response, new Date(NOW * 1000))).toMatchObject(expected);
  });
});

describe('buildRunAuthorizeUrl with the request modes', () => {
  it.each<[string, FlowRun, string[]]>([
    [
      'plain: every parameter',
      runWith(undefined),
      ['client_id', 'response_type', 'scope', 'state', 'acr_values'],
    ],
    [
      'after PAR: client_id and request_uri only',
      runWith({ par: { endpoint: PAR } }, { values: { request_uri: 'urn:x' } }),
      ['client_id', 'request_uri'],
    ],
    [
      'JAR by value: client_id and request only',
      runWith({ jar: { alg: 'RS256' } }, { values: { request_object: 'h.p.s' } }),
      ['client_id', 'request'],
    ],
  ])('%s', (_name, run, names) => {
    expect([...new URL(buildRunAuthorizeUrl(run)).searchParams.keys()]).toEqual(names);
  });

  it('refuses to redirect with PAR before the push succeeded', () => {
    expect(() => buildRunAuthorizeUrl(runWith({ par: { endpoint: PAR } }))).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }),
    );
  });
});
