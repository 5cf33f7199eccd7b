// The demo APIs' DPoP enforcement (RFC 9449 §7), step-up challenges (RFC 9470) and protected
// resource metadata (RFC 9728), against real tokens from the local IdP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDpopKey, createDpopProof, readDpopNonce } from '../src/protocol/dpop.ts';
import {
  buildAuthorizationServerMetadataUrls,
  buildResourceMetadataUrl,
  parseResourceMetadataResponse,
  readResourceMetadataFromChallenge,
} from '../src/protocol/resource-metadata.ts';
import { buildDpopMistake } from '../src/protocol/flows/dpop-steps.ts';
import { applyStepUpChallenge, readStepUpChallenge } from '../src/protocol/step-up.ts';
import { parseWwwAuthenticate } from '../src/protocol/www-authenticate.ts';
import { ACR_MFA, ACR_PASSWORD } from './config.js';
import { APP_ORIGIN, basicAuth, signAccessToken, startTestCompanion } from './test-support.js';

let companion;
let tokenEndpoint;

beforeAll(async () => {
  companion = await startTestCompanion();
  tokenEndpoint = (await (await fetch(`${companion.issuer}/.well-known/openid-configuration`)).json())
    .token_endpoint;
});

afterAll(async () => {
  await companion?.close();
});

/** A DPoP-bound client-credentials token for playground-web, answering the nonce challenge once. */
async function dpopToken(key, scope = 'api.read') {
  const request = async (nonce) =>
    fetch(tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuth('playground-web', 'playground-web-secret'),
        dpop: (await createDpopProof({ key, htm: 'POST', htu: tokenEndpoint, nonce })).jwt,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
    });
  const first = await request();
  const signal = readDpopNonce({
    status: first.status,
    headers: Object.fromEntries(first.headers),
    body: await first.text(),
  });
  expect(signal.retry).toBe(true);
  const second = await request(signal.nonce);
  expect(second.status).toBe(200);
  return second.json();
}

const url = (path) => `${companion.apiOrigin}${path}`;

async function call(path, { token, scheme = 'DPoP', proof, headers = {} } = {}) {
  const response = await fetch(url(path), {
    headers: {
      ...(token ? { authorization: `${scheme} ${token}` } : {}),
      ...(proof ? { dpop: proof } : {}),
      ...headers,
    },
  });
  const challenge = response.headers.get('www-authenticate');
  return {
    status: response.status,
    challenge,
    parsed: challenge ? parseWwwAuthenticate(challenge)[0] : undefined,
    body: await response.json(),
  };
}

describe('DPoP-bound tokens at the demo APIs', () => {
  let key;
  let tokens;
  beforeAll(async () => {
    key = await createDpopKey('ES256');
    tokens = await dpopToken(key);
  });

  const proofFor = (path, options = {}) =>
    createDpopProof({ key, htm: 'GET', htu: url(path), accessToken: tokens.access_token, ...options }).then(
      (proof) => proof.jwt,
    );

  it('accepts the token with a proof for this request and says it was DPoP', async () => {
    const result = await call('/dpop/me', {
      token: tokens.access_token,
      proof: await proofFor('/dpop/me'),
      headers: { origin: APP_ORIGIN },
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ token_type: 'DPoP', caller: { dpop_jkt: key.jkt } });
  });

  it('ignores the query of the request URL in htu, as RFC 9449 §4.3 says', async () => {
    const proof = await proofFor('/me?x=1');
    const response = await fetch(`${url('/me')}?x=1`, {
      headers: { authorization: `DPoP ${tokens.access_token}`, dpop: proof },
    });
    expect(response.status).toBe(200);
  });

  it.each([
    ['no proof', async () => undefined, 'invalid_dpop_proof', /no DPoP proof/],
    ['a proof for another URL', () => proofFor('/api-b/data'), 'invalid_dpop_proof', /not for this URL/],
    [
      'a proof for another method',
      () => proofFor('/dpop/me', { htm: 'POST' }),
      'invalid_dpop_proof',
      /method POST, this request is GET/,
    ],
    [
      'a wrong ath',
      () => proofFor('/dpop/me', { accessToken: 'another-token' }),
      'invalid_dpop_proof',
      /ath is not the hash of this access token/,
    ],
    [
      'a proof older than five minutes',
      () => proofFor('/dpop/me', { now: Math.floor(Date.now() / 1000) - 600 }),
      'invalid_dpop_proof',
      /older than 300 seconds/,
    ],
    [
      'a proof signed with another key',
      async () =>
        (
          await createDpopProof({
            key: await createDpopKey('ES256'),
            htm: 'GET',
            htu: url('/dpop/me'),
            accessToken: tokens.access_token,
          })
        ).jwt,
      'invalid_token',
      /another key than the one the token is bound to/,
    ],
  ])('refuses %s and says why in the DPoP challenge', async (_label, makeProof, error, reason) => {
    const result = await call('/dpop/me', { token: tokens.access_token, proof: await makeProof() });
    expect(result.status).toBe(401);
    expect(result.parsed.scheme).toBe('DPoP');
    expect(result.parsed.params).toMatchObject({
      error,
      algs: expect.stringContaining('ES256'),
      resource_metadata: `${companion.apiOrigin}/.well-known/oauth-protected-resource/dpop/me`,
    });
    expect(result.parsed.params.error_description).toMatch(reason);
  });

  it.each([
    ['replay', 'invalid_dpop_proof', 'this proof was already used (replayed jti)'],
    [
      'no-proof',
      'invalid_dpop_proof',
      'no DPoP proof: send a DPoP header with a proof signed by the key the token is bound to',
    ],
    ['other-url', 'invalid_dpop_proof', 'the proof is for URL_ELSEWHERE, not for this URL (URL_HERE)'],
    ['wrong-ath', 'invalid_dpop_proof', 'the proof ath is not the hash of this access token'],
    [
      'other-key',
      'invalid_token',
      'the proof is signed with another key than the one the token is bound to (cnf.jkt)',
    ],
  ])(
    'refuses the playground’s deliberate mistake %s with %s and its reason',
    async (mistake, error, reason) => {
      const sent = {
        method: 'GET',
        url: url('/dpop/me'),
        headers: { authorization: `DPoP ${tokens.access_token}`, dpop: await proofFor('/dpop/me') },
      };
      const send = (request) => fetch(request.url, { headers: request.headers });
      expect((await send(sent)).status).toBe(200);
      const altered = await buildDpopMistake(sent, mistake, { key, otherUrl: url('/elsewhere') });
      const response = await send(altered);
      expect(response.status).toBe(401);
      const [challenge] = parseWwwAuthenticate(response.headers.get('www-authenticate'));
      expect(challenge.params.error).toBe(error);
      expect(challenge.params.error_description).toBe(
        reason.replace('URL_ELSEWHERE', url('/elsewhere')).replace('URL_HERE', url('/dpop/me')),
      );
    },
  );

  it('refuses a replayed proof (same jti) the second time', async () => {
    const proof = await proofFor('/dpop/me');
    expect((await call('/dpop/me', { token: tokens.access_token, proof })).status).toBe(200);
    const replayed = await call('/dpop/me', { token: tokens.access_token, proof });
    expect(replayed.status).toBe(401);
    expect(replayed.parsed.params.error_description).toMatch(/already used/);
  });

  it('refuses the DPoP-bound token sent as a Bearer token', async () => {
    const result = await call('/me', { token: tokens.access_token, scheme: 'Bearer' });
    expect(result.status).toBe(401);
    expect(result.parsed).toMatchObject({ scheme: 'DPoP', params: { error: 'invalid_token' } });
    expect(result.parsed.params.error_description).toMatch(/DPoP-bound/);
  });

  it('refuses an unbound Bearer token at the DPoP-only API, and answers a bare request with a DPoP challenge', async () => {
    const bearer = await signAccessToken(companion);
    const result = await call('/dpop/me', { token: bearer, scheme: 'Bearer' });
    expect(result.status).toBe(401);
    expect(result.parsed.params.error_description).toMatch(/DPoP-bound tokens only/);
    const bare = await call('/dpop/me');
    expect(bare.parsed.scheme).toBe('DPoP');
    expect(bare.parsed.params.error).toBeUndefined();
  });
});

describe('step-up (RFC 9470) at /step-up/me', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a token whose user signed in with the second factor recently', async () => {
    const token = await signAccessToken(companion, { acr: ACR_MFA, auth_time: now() - 30 });
    const result = await call('/step-up/me', { token, scheme: 'Bearer' });
    expect(result.status).toBe(200);
    expect(result.body.caller).toMatchObject({ acr: ACR_MFA });
  });

  it('challenges a password-only token with insufficient_user_authentication and the acr it needs', async () => {
    const token = await signAccessToken(companion, { acr: ACR_PASSWORD, auth_time: now() - 30 });
    const result = await call('/step-up/me', { token, scheme: 'Bearer' });
    expect(result.status).toBe(401);
    const challenge = readStepUpChallenge(result.challenge);
    expect(challenge).toMatchObject({ scheme: 'Bearer', acr_values: ACR_MFA });
    expect(challenge.error_description).toContain(ACR_PASSWORD);
    expect(applyStepUpChallenge({ scope: 'openid api.read' }, challenge)).toEqual({
      scope: 'openid api.read',
      acr_values: ACR_MFA,
    });
  });

  it('challenges a sign-in older than max_age with max_age', async () => {
    const token = await signAccessToken(companion, { acr: ACR_MFA, auth_time: now() - 3600 });
    const result = await call('/step-up/me', { token, scheme: 'Bearer' });
    expect(result.status).toBe(401);
    expect(readStepUpChallenge(result.challenge)).toMatchObject({ max_age: 600, acr_values: ACR_MFA });
  });

  it('leaves /me alone: it needs no particular acr', async () => {
    const token = await signAccessToken(companion, { acr: ACR_PASSWORD, auth_time: now() - 3600 });
    expect((await call('/me', { token, scheme: 'Bearer' })).status).toBe(200);
  });
});

describe('protected resource metadata (RFC 9728)', () => {
  it('leads from a bare API call to the metadata and on to the authorization server metadata', async () => {
    const bare = await call('/me');
    const metadataUrl = readResourceMetadataFromChallenge(bare.challenge);
    expect(metadataUrl).toBe(buildResourceMetadataUrl(url('/me')));
    const response = await fetch(metadataUrl, { headers: { origin: 'https://any.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const metadata = parseResourceMetadataResponse(
      { status: response.status, headers: {}, body: await response.text() },
      url('/me'),
    );
    expect(metadata).toMatchObject({
      authorization_servers: [companion.issuer],
      scopes_supported: ['api.read', 'api.write'],
      dpop_bound_access_tokens_required: false,
    });
    const [oauthUrl, oidcUrl] = buildAuthorizationServerMetadataUrls(metadata.authorization_servers[0]);
    expect(oidcUrl).toBe(`${companion.issuer}/.well-known/openid-configuration`);
    expect((await fetch(oidcUrl)).status).toBe(200);
    expect(oauthUrl).toBe(`${companion.issuer}/.well-known/oauth-authorization-server`);
  });

  it('serves metadata for the host and says which route needs DPoP', async () => {
    const host = await (await fetch(buildResourceMetadataUrl(companion.apiOrigin))).json();
    expect(host.resource).toBe(companion.apiOrigin);
    expect(host.scopes_supported).toEqual(expect.arrayContaining(['api.read', 'api-a.access', 'api-b.read']));
    const dpop = await (await fetch(buildResourceMetadataUrl(url('/dpop/me')))).json();
    expect(dpop.dpop_bound_access_tokens_required).toBe(true);
  });

  it('answers 404 for a route that is not protected, and the reader refuses metadata for another resource', async () => {
    expect((await fetch(`${companion.apiOrigin}/.well-known/oauth-protected-resource/nope`)).status).toBe(
      404,
    );
    const response = await fetch(buildResourceMetadataUrl(url('/me')));
    expect(() =>
      parseResourceMetadataResponse(
        { status: 200, headers: {}, body: JSON.stringify({ resource: url('/me') }) },
        url('/api-b/data'),
      ),
    ).toThrow(expect.objectContaining({ code: 'RESOURCE_MISMATCH' }));
    expect(response.status).toBe(200);
  });
});

describe('the demo API URLs as resource indicators (RFC 8707 with RFC 9728)', () => {
  const clientCredentials = (resource) =>
    fetch(tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuth('playground-web', 'playground-web-secret'),
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api.read', resource }),
    });

  it('issues a token for the metadata resource of /me that /me accepts', async () => {
    const response = await clientCredentials(url('/me'));
    expect(response.status).toBe(200);
    const { access_token: token } = await response.json();
    const result = await call('/me', { token, scheme: 'Bearer' });
    expect(result.status).toBe(200);
  });

  it.each([
    ['a path that is no protected route', '/health'],
    ['a route URL with a query', '/me?x=1'],
  ])('refuses %s with invalid_target', async (_label, path) => {
    const response = await clientCredentials(url(path));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_target');
  });
});
