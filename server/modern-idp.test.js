// The local IdP's modern modes over real HTTP, driven by the playground's own pure builders and
// readers (src/protocol), including the failure cases each mode is known for.
import { createHash, randomBytes } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildAuthorizeUrl } from '../src/protocol/authorize-url.ts';
import { createClientAssertion } from '../src/protocol/client-auth.ts';
import { checkDpopBinding, createDpopKey, createDpopProof, readDpopNonce } from '../src/protocol/dpop.ts';
import {
  buildRequestObjectAuthorizeUrl,
  buildRequestObjectClaims,
  signRequestObject,
} from '../src/protocol/jar.ts';
import { readJarmResponseParameter, verifyJarmResponse } from '../src/protocol/jarm.ts';
import { describeModernSupport } from '../src/protocol/modern-support.ts';
import {
  buildPushedAuthorizationRequest,
  buildPushedAuthorizeUrl,
  parsePushedAuthorizationResponse,
} from '../src/protocol/par.ts';
import { readGrantedAuthorizationDetails, serializeAuthorizationDetails } from '../src/protocol/rar.ts';
import { checkAuthenticationClaims } from '../src/protocol/step-up.ts';
import { ACR_MFA, ACR_PASSWORD } from './config.js';
import {
  APP_ORIGIN,
  createBrowser,
  decodePart,
  signInThroughPages,
  startTestCompanion,
} from './test-support.js';

let companion;
let discovery;
let jwks;

beforeAll(async () => {
  companion = await startTestCompanion();
  discovery = await (await fetch(`${companion.issuer}/.well-known/openid-configuration`)).json();
  jwks = await (await fetch(discovery.jwks_uri)).json();
});

afterAll(async () => {
  await companion?.close();
});

afterEach(() => {
  vi.useRealTimers();
});

const REDIRECT_URI = `${APP_ORIGIN}/callback`;

/** Sends a protocol/ HttpRequest as transport/ would, and returns a protocol/ HttpResponse. */
async function send(request) {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  return {
    status: response.status,
    headers: Object.fromEntries([...response.headers].map(([name, value]) => [name.toLowerCase(), value])),
    body: await response.text(),
  };
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function codeParams(clientId, extra = {}) {
  const { verifier, challenge } = pkce();
  return {
    verifier,
    params: {
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile api.read',
      state: randomBytes(8).toString('hex'),
      nonce: randomBytes(8).toString('hex'),
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    },
  };
}

/** Follows the IdP's pages to the redirect back to the app and returns the callback URL. */
async function authorize(url, options = {}) {
  const browser = options.browser ?? createBrowser();
  const final = await signInThroughPages(browser, companion.issuer, url, options);
  const location = final.headers.get('location');
  if (!location) return { final, callback: undefined };
  return { final, callback: new URL(location) };
}

async function redeem(code, verifier, clientAuth, headers = {}) {
  return send({
    method: 'POST',
    url: discovery.token_endpoint,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers, ...clientAuth.headers },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      ...clientAuth.params,
    }).toString(),
  });
}

const codeGrant = (callback, verifier, clientId) => ({
  grant_type: 'authorization_code',
  code: callback.searchParams.get('code'),
  redirect_uri: REDIRECT_URI,
  code_verifier: verifier,
  client_id: clientId,
});

const publicClient = (clientId) => ({ params: { client_id: clientId }, headers: { origin: APP_ORIGIN } });

describe('discovery advertises every modern mode', () => {
  it('says each one is available, with the member that says so', () => {
    const support = describeModernSupport(discovery);
    expect(support.filter((mode) => !mode.available).map((mode) => mode.mode)).toEqual([]);
    expect(discovery).toMatchObject({
      request_parameter_supported: true,
      claims_parameter_supported: true,
      acr_values_supported: [ACR_PASSWORD, ACR_MFA],
      authorization_details_types_supported: ['payment_initiation'],
      dpop_signing_alg_values_supported: expect.arrayContaining(['ES256']),
      response_modes_supported: expect.arrayContaining(['jwt', 'query.jwt', 'form_post.jwt']),
    });
    expect(discovery.registration_endpoint).toBe(`${companion.issuer}/reg`);
  });
});

describe('PAR (RFC 9126)', () => {
  async function push(clientId, params, clientAuth) {
    return send(
      buildPushedAuthorizationRequest({
        endpoint: discovery.pushed_authorization_request_endpoint,
        clientAuth: clientAuth ?? { method: 'none', clientId },
        params,
      }),
    );
  }

  it('pushes a public client request, redirects with request_uri only and redeems the code', async () => {
    const { params, verifier } = codeParams('playground-spa');
    const response = await push('playground-spa', params);
    expect(response.status).toBe(201);
    const pushed = parsePushedAuthorizationResponse(response);
    expect(pushed.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    expect(pushed.expires_in).toBe(60);
    const url = buildPushedAuthorizeUrl(
      discovery.authorization_endpoint,
      'playground-spa',
      pushed.request_uri,
    );
    expect([...new URL(url).searchParams.keys()]).toEqual(['client_id', 'request_uri']);
    const { callback } = await authorize(url);
    expect(callback.searchParams.get('state')).toBe(params.state);
    const token = await redeem(callback.searchParams.get('code'), verifier, publicClient('playground-spa'));
    expect(token.status).toBe(200);
  });

  it('authenticates a confidential client at the PAR endpoint and refuses a wrong secret', async () => {
    const { params } = codeParams('playground-par');
    const ok = await push('playground-par', params, {
      method: 'client_secret_basic',
      clientId: 'playground-par',
      clientSecret: 'playground-par-secret',
    });
    expect(ok.body).toContain('request_uri');
    expect(ok.status).toBe(201);
    const bad = await push('playground-par', params, {
      method: 'client_secret_basic',
      clientId: 'playground-par',
      clientSecret: 'wrong',
    });
    expect(bad.status).toBe(401);
    expect(() => parsePushedAuthorizationResponse(bad)).toThrow(
      expect.objectContaining({ code: 'OAUTH_ERROR' }),
    );
    expect(JSON.parse(bad.body).error).toBe('invalid_client');
  });

  it('refuses a plain front-channel request from a client that must use PAR', async () => {
    const { params } = codeParams('playground-par');
    const response = await createBrowser()(buildAuthorizeUrl(discovery.authorization_endpoint, params));
    const callback = new URL(response.headers.get('location'));
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/pushed authorization request/i);
  });

  it('refuses a request_uri used a second time', async () => {
    const { params } = codeParams('playground-spa');
    const pushed = parsePushedAuthorizationResponse(await push('playground-spa', params));
    const url = buildPushedAuthorizeUrl(
      discovery.authorization_endpoint,
      'playground-spa',
      pushed.request_uri,
    );
    const browser = createBrowser();
    const first = await authorize(url, { browser });
    expect(first.callback.searchParams.get('code')).toEqual(expect.any(String));
    const second = await createBrowser()(url);
    const body = await second.text();
    expect(second.status).toBe(400);
    expect(body).toContain('invalid_request_uri');
    expect(body).toMatch(/invalid, expired, or was already used/);
  });

  it('refuses an expired request_uri', async () => {
    const { params } = codeParams('playground-spa');
    const pushed = parsePushedAuthorizationResponse(await push('playground-spa', params));
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (pushed.expires_in + 5) * 1000 });
    const response = await createBrowser()(
      buildPushedAuthorizeUrl(discovery.authorization_endpoint, 'playground-spa', pushed.request_uri),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('invalid_request_uri');
  });
});

describe('JAR (RFC 9101)', () => {
  let demo;
  beforeAll(async () => {
    demo = await (await fetch(`${companion.relayOrigin}/demo/assertion-key`)).json();
  });

  async function signedRequest(params, key = demo.privateJwk, kid = demo.kid) {
    const claims = buildRequestObjectClaims({ clientId: 'playground-jar', issuer: discovery.issuer, params });
    return signRequestObject(claims, key, { alg: 'PS256', kid });
  }

  async function jarClientAuth() {
    const { jwt } = await createClientAssertion({
      clientId: 'playground-jar',
      audience: discovery.token_endpoint,
      key: demo.privateJwk,
      kid: demo.kid,
    });
    return {
      params: {
        client_id: 'playground-jar',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: jwt,
      },
      headers: {},
    };
  }

  it('accepts a request object by value and issues a code for its parameters', async () => {
    const { params, verifier } = codeParams('playground-jar');
    const signed = await signedRequest(params);
    expect(signed.header).toMatchObject({ typ: 'oauth-authz-req+jwt', alg: 'PS256', kid: demo.kid });
    const url = buildRequestObjectAuthorizeUrl(
      discovery.authorization_endpoint,
      'playground-jar',
      signed.jwt,
    );
    const { callback } = await authorize(url);
    expect(callback.searchParams.get('state')).toBe(params.state);
    const token = await redeem(callback.searchParams.get('code'), verifier, await jarClientAuth());
    expect(token.status).toBe(200);
    expect(decodePart(JSON.parse(token.body).id_token, 1).nonce).toBe(params.nonce);
  });

  it('refuses a request object signed with another key than the registered ones', async () => {
    const { params } = codeParams('playground-jar');
    const { privateKey } = await generateKeyPair('PS256');
    const signed = await signedRequest(params, privateKey, demo.kid);
    const response = await createBrowser()(
      buildRequestObjectAuthorizeUrl(discovery.authorization_endpoint, 'playground-jar', signed.jwt),
    );
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).toContain('invalid_request_object');
    expect(text).toContain('could not validate Request Object');
  });

  it('refuses plain parameters from the client that must sign its requests', async () => {
    const { params } = codeParams('playground-jar');
    const response = await createBrowser()(buildAuthorizeUrl(discovery.authorization_endpoint, params));
    const callback = new URL(response.headers.get('location'));
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/request object/i);
  });

  it('pushes a signed request object to the PAR endpoint and redirects with its request_uri', async () => {
    const { params, verifier } = codeParams('playground-jar');
    const signed = await signedRequest(params);
    const auth = await jarClientAuth();
    const response = await send(
      buildPushedAuthorizationRequest({
        endpoint: discovery.pushed_authorization_request_endpoint,
        clientAuth: {
          method: 'private_key_jwt',
          clientId: 'playground-jar',
          assertion: auth.params.client_assertion,
        },
        params: { request: signed.jwt },
      }),
    );
    expect(response.status).toBe(201);
    const pushed = parsePushedAuthorizationResponse(response);
    const { callback } = await authorize(
      buildPushedAuthorizeUrl(discovery.authorization_endpoint, 'playground-jar', pushed.request_uri),
    );
    const token = await redeem(callback.searchParams.get('code'), verifier, await jarClientAuth());
    expect(token.status).toBe(200);
  });
});

describe('JARM', () => {
  it('returns the response as one ES256 JWT that verifies with the IdP keys and holds code and state', async () => {
    const { params, verifier } = codeParams('playground-jarm', { response_mode: 'jwt' });
    const { callback } = await authorize(buildAuthorizeUrl(discovery.authorization_endpoint, params));
    expect([...callback.searchParams.keys()]).toEqual(['response']);
    const jwt = readJarmResponseParameter(Object.fromEntries(callback.searchParams));
    const verified = await verifyJarmResponse(jwt, {
      issuer: discovery.issuer,
      clientId: 'playground-jarm',
      jwks,
    });
    expect(verified.header.alg).toBe('ES256');
    expect(verified.params.state).toBe(params.state);
    const token = await redeem(verified.params.code, verifier, publicClient('playground-jarm'));
    expect(token.status).toBe(200);
  });

  it('refuses a response JWT whose signature was tampered with, and one for another client', async () => {
    const { params } = codeParams('playground-spa', { response_mode: 'query.jwt' });
    const { callback } = await authorize(buildAuthorizeUrl(discovery.authorization_endpoint, params));
    const jwt = callback.searchParams.get('response');
    const [header, payload, signature] = jwt.split('.');
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    await expect(
      verifyJarmResponse(`${header}.${payload}.${flipped}`, {
        issuer: discovery.issuer,
        clientId: 'playground-spa',
        jwks,
      }),
    ).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    await expect(
      verifyJarmResponse(jwt, { issuer: discovery.issuer, clientId: 'playground-jarm', jwks }),
    ).rejects.toMatchObject({ code: 'AUDIENCE_MISMATCH' });
  });

  it('signs error responses too (access_denied)', async () => {
    const { params } = codeParams('playground-spa', { response_mode: 'jwt' });
    const { callback } = await authorize(buildAuthorizeUrl(discovery.authorization_endpoint, params), {
      username: 'bob',
      deny: true,
    });
    const verified = await verifyJarmResponse(callback.searchParams.get('response'), {
      issuer: discovery.issuer,
      clientId: 'playground-spa',
      jwks,
    });
    expect(verified.params.error).toBe('access_denied');
  });
});

describe('DPoP (RFC 9449) at the IdP', () => {
  async function tokenWithDpop(key, body, nonce, extraHeaders = {}) {
    const proof = await createDpopProof({ key, htm: 'POST', htu: discovery.token_endpoint, nonce });
    return send({
      method: 'POST',
      url: discovery.token_endpoint,
      headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: proof.jwt, ...extraHeaders },
      body: new URLSearchParams(body).toString(),
    });
  }

  it('asks for a nonce, then binds the code flow tokens to the dpop_jkt key', async () => {
    const key = await createDpopKey('ES256');
    const { params, verifier } = codeParams('playground-dpop', { dpop_jkt: key.jkt });
    const { callback } = await authorize(buildAuthorizeUrl(discovery.authorization_endpoint, params));
    const body = codeGrant(callback, verifier, 'playground-dpop');
    const first = await tokenWithDpop(key, body, undefined, { origin: APP_ORIGIN });
    expect(first.status).toBe(400);
    const signal = readDpopNonce(first);
    expect(signal).toMatchObject({ retry: true, via: 'body', nonce: expect.any(String) });
    expect(first.headers['access-control-expose-headers']).toMatch(/DPoP-Nonce/i);
    const second = await tokenWithDpop(key, body, signal.nonce, { origin: APP_ORIGIN });
    expect(second.status).toBe(200);
    const tokens = JSON.parse(second.body);
    expect(tokens.token_type).toBe('DPoP');
    expect(checkDpopBinding(tokens, key.jkt).every((check) => check.ok)).toBe(true);
  });

  it('refuses a code bound by dpop_jkt when redeemed with another key', async () => {
    const key = await createDpopKey('ES256');
    const other = await createDpopKey('ES256');
    const { params, verifier } = codeParams('playground-dpop', { dpop_jkt: key.jkt });
    const { callback } = await authorize(buildAuthorizeUrl(discovery.authorization_endpoint, params));
    const body = codeGrant(callback, verifier, 'playground-dpop');
    const { nonce } = readDpopNonce(await tokenWithDpop(other, body));
    const refused = await tokenWithDpop(other, body, nonce);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/dpop_jkt/),
    });
  });

  it('refuses a client that must use DPoP when it sends no proof', async () => {
    const { params, verifier } = codeParams('playground-dpop');
    const { callback } = await authorize(buildAuthorizeUrl(discovery.authorization_endpoint, params));
    const refused = await redeem(
      callback.searchParams.get('code'),
      verifier,
      publicClient('playground-dpop'),
    );
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).error).toBe('invalid_grant');
  });

  it('refuses a proof for another URL and a replayed proof at the token endpoint', async () => {
    const key = await createDpopKey('ES256');
    const body = { grant_type: 'client_credentials', scope: 'api.read' };
    const basic = {
      authorization: `Basic ${Buffer.from('playground-web:playground-web-secret').toString('base64')}`,
    };
    const { nonce } = readDpopNonce(await tokenWithDpop(key, body, undefined, basic));
    const elsewhere = await createDpopProof({ key, htm: 'POST', htu: `${companion.issuer}/other`, nonce });
    const wrongUrl = await send({
      method: 'POST',
      url: discovery.token_endpoint,
      headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: elsewhere.jwt, ...basic },
      body: new URLSearchParams(body).toString(),
    });
    expect(JSON.parse(wrongUrl.body)).toMatchObject({
      error: 'invalid_dpop_proof',
      error_description: expect.stringMatching(/htu/),
    });
    const proof = await createDpopProof({ key, htm: 'POST', htu: discovery.token_endpoint, nonce });
    const request = {
      method: 'POST',
      url: discovery.token_endpoint,
      headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: proof.jwt, ...basic },
      body: new URLSearchParams(body).toString(),
    };
    expect((await send(request)).status).toBe(200);
    const replayed = await send(request);
    expect(replayed.status).toBe(400);
    expect(JSON.parse(replayed.body).error_description).toMatch(/replay/i);
  });
});

describe('through the relay (confidential clients)', () => {
  it('forwards a pushed request with a DPoP proof and hands the nonce challenge back untouched', async () => {
    const key = await createDpopKey('ES256');
    const { params } = codeParams('playground-par');
    const relay = async (nonce) => {
      const proof = await createDpopProof({
        key,
        htm: 'POST',
        htu: discovery.pushed_authorization_request_endpoint,
        nonce,
      });
      const request = buildPushedAuthorizationRequest({
        endpoint: discovery.pushed_authorization_request_endpoint,
        clientAuth: {
          method: 'client_secret_basic',
          clientId: 'playground-par',
          clientSecret: 'playground-par-secret',
        },
        params,
        dpopProof: proof.jwt,
      });
      const response = await fetch(`${companion.relayOrigin}/relay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: APP_ORIGIN },
        body: JSON.stringify(request),
      });
      return response.json();
    };
    const first = await relay();
    expect(first.status).toBe(400);
    const signal = readDpopNonce(first);
    expect(signal).toMatchObject({ retry: true, via: 'body' });
    const second = await relay(signal.nonce);
    expect(second.status).toBe(201);
    expect(parsePushedAuthorizationResponse(second).request_uri).toMatch(
      /^urn:ietf:params:oauth:request_uri:/,
    );
  });
});

describe('rich authorization requests (RFC 9396)', () => {
  const payment = (amount) =>
    serializeAuthorizationDetails(
      JSON.stringify([
        {
          type: 'payment_initiation',
          actions: ['initiate', 'status'],
          instructedAmount: { currency: 'EUR', amount },
          creditorName: 'Merchant A',
          creditorAccount: { iban: 'DE02100100109307118603' },
        },
      ]),
      ['payment_initiation'],
    );

  it('shows the details on the consent page and returns them in the token response and the access token', async () => {
    const { params, verifier } = codeParams('playground-rar', {
      scope: 'openid',
      authorization_details: payment('123.50'),
    });
    let consentHtml = '';
    const { callback } = await authorize(buildAuthorizeUrl(discovery.authorization_endpoint, params), {
      onConsent: (html) => {
        consentHtml = html;
      },
    });
    expect(consentHtml).toContain('Authorization details (RFC 9396)');
    expect(consentHtml).toContain('Merchant A');
    const token = await redeem(callback.searchParams.get('code'), verifier, publicClient('playground-rar'));
    expect(token.status).toBe(200);
    const body = JSON.parse(token.body);
    const granted = readGrantedAuthorizationDetails(body);
    expect(granted).toEqual([
      expect.objectContaining({ type: 'payment_initiation', creditorName: 'Merchant A' }),
    ]);
    expect(readGrantedAuthorizationDetails(decodePart(body.access_token, 1))).toEqual(granted);
  });

  it.each([
    ['above the demo limit', payment('5000.00'), /limit of 1000/],
    [
      'of an unknown type',
      JSON.stringify([{ type: 'account_information' }]),
      /unsupported authorization details type/,
    ],
    [
      'missing a required field',
      JSON.stringify([{ type: 'payment_initiation', instructedAmount: { currency: 'EUR', amount: '1.00' } }]),
      /creditorName/,
    ],
  ])('refuses details %s with invalid_authorization_details', async (_label, details, description) => {
    const { params } = codeParams('playground-rar', { authorization_details: details });
    const response = await createBrowser()(buildAuthorizeUrl(discovery.authorization_endpoint, params));
    const callback = new URL(response.headers.get('location'));
    expect(callback.searchParams.get('error')).toBe('invalid_authorization_details');
    expect(callback.searchParams.get('error_description')).toMatch(description);
  });
});

describe('step-up, acr_values, max_age and the claims parameter', () => {
  async function signIn(extra, options) {
    const { params, verifier } = codeParams('playground-spa', extra);
    const result = await authorize(buildAuthorizeUrl(discovery.authorization_endpoint, params), options);
    if (!result.callback) return { ...result, params };
    const token = await redeem(
      result.callback.searchParams.get('code'),
      verifier,
      publicClient('playground-spa'),
    );
    return { ...result, params, tokens: JSON.parse(token.body) };
  }

  it('asks for the security code when acr_values wants the second factor, and says so in the tokens', async () => {
    let loginHtml = '';
    let logins = 0;
    const { tokens, params } = await signIn(
      { acr_values: ACR_MFA, max_age: '300' },
      {
        securityCode: '246810',
        onLogin: (html) => {
          loginHtml = html;
          logins += 1;
        },
      },
    );
    // One sign-in: the consent that follows it must not send the user back to the sign-in page.
    expect(logins).toBe(1);
    expect(loginHtml).toContain('Security code (second factor)');
    expect(loginHtml).toContain('Continue with the password only');
    const idToken = decodePart(tokens.id_token, 1);
    expect(idToken).toMatchObject({ acr: ACR_MFA, amr: ['pwd', 'otp'], auth_time: expect.any(Number) });
    expect(decodePart(tokens.access_token, 1)).toMatchObject({ acr: ACR_MFA, auth_time: idToken.auth_time });
    const checks = checkAuthenticationClaims(idToken, { acrValues: params.acr_values, maxAge: 300 });
    expect(checks.filter((check) => check.status === 'not-met' || check.status === 'missing')).toEqual([]);
  });

  it('signs the user in once for prompt=login, consent included', async () => {
    let logins = 0;
    const { tokens } = await signIn({ prompt: 'login' }, { onLogin: () => (logins += 1) });
    expect(logins).toBe(1);
    expect(decodePart(tokens.id_token, 1).acr).toBe(ACR_PASSWORD);
  });

  it('returns the password-only acr when the user skips the voluntary second factor (acr not met)', async () => {
    let logins = 0;
    const { tokens, params } = await signIn(
      { acr_values: ACR_MFA },
      { skipSecondFactor: true, onLogin: () => (logins += 1) },
    );
    expect(logins).toBe(1);
    const idToken = decodePart(tokens.id_token, 1);
    expect(idToken).toMatchObject({ acr: ACR_PASSWORD, amr: ['pwd'] });
    expect(checkAuthenticationClaims(idToken, { acrValues: params.acr_values })).toEqual([
      expect.objectContaining({ claim: 'acr', status: 'not-met' }),
      expect.objectContaining({ claim: 'amr', status: 'info' }),
    ]);
  });

  it('keeps the user on the sign-in page for a wrong security code', async () => {
    const { final } = await signIn({ acr_values: ACR_MFA }, { securityCode: '000000' });
    expect(final.status).toBe(400);
    expect(await final.text()).toContain('Wrong security code');
  });

  it('offers no way around an essential acr in the claims parameter', async () => {
    let loginHtml = '';
    const claims = JSON.stringify({ id_token: { acr: { essential: true, values: [ACR_MFA] } } });
    const { tokens } = await signIn(
      { claims },
      { securityCode: '246810', onLogin: (html) => (loginHtml = html) },
    );
    expect(loginHtml).toContain('Security code (second factor)');
    expect(loginHtml).not.toContain('Continue with the password only');
    expect(decodePart(tokens.id_token, 1).acr).toBe(ACR_MFA);
  });

  it('signs a password-only session in again when a later request asks for the second factor', async () => {
    const browser = createBrowser();
    const first = await signIn({}, { browser });
    expect(decodePart(first.tokens.id_token, 1).acr).toBe(ACR_PASSWORD);
    let asked = false;
    const second = await signIn(
      { acr_values: ACR_MFA },
      { browser, securityCode: '246810', onLogin: () => (asked = true) },
    );
    expect(asked).toBe(true);
    expect(decodePart(second.tokens.id_token, 1).acr).toBe(ACR_MFA);
  });

  it('puts a claim asked for in the claims parameter into the ID token without its scope', async () => {
    const claims = JSON.stringify({ id_token: { email: { essential: true } } });
    const { tokens } = await signIn({ scope: 'openid', claims });
    expect(decodePart(tokens.id_token, 1).email).toBe('alice@example.test');
  });
});

describe('dynamic client registration (RFC 7591)', () => {
  const register = (metadata, headers = {}) =>
    fetch(discovery.registration_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(metadata),
    });

  it('registers a confidential client whose secret then works at the token endpoint', async () => {
    const response = await register(
      {
        client_name: 'Registered from the playground',
        redirect_uris: [REDIRECT_URI],
        grant_types: ['client_credentials'],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
        software_id: 'token-playground',
      },
      { origin: APP_ORIGIN },
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const client = await response.json();
    expect(client).toMatchObject({
      client_id: expect.any(String),
      client_secret: expect.any(String),
      registration_access_token: expect.any(String),
      software_id: 'token-playground',
    });
    const token = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api.read' }),
    });
    expect(token.status).toBe(200);
  });

  it.each([
    [{ redirect_uris: ['https://evil.example/cb'] }, 'invalid_redirect_uri', /stay on this machine/],
    [
      { redirect_uris: [REDIRECT_URI], jwks_uri: 'https://evil.example/jwks' },
      'invalid_client_metadata',
      /jwks_uri/,
    ],
    [
      { redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'magic' },
      'invalid_client_metadata',
      /token_endpoint_auth_method/,
    ],
  ])('refuses %j with %s', async (metadata, error, description) => {
    const response = await register(metadata);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toBe(error);
    expect(body.error_description).toMatch(description);
  });

  it('answers the CORS preflight for the app origin only', async () => {
    const preflight = (origin) =>
      fetch(discovery.registration_endpoint, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const ok = await preflight(APP_ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
