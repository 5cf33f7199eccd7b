// Token shapes of the local Entra tenant, as Microsoft documents them.
// @see https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference
// @see https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { base64url, CompactSign, exportJWK, generateKeyPair, calculateJwkThumbprint } from 'jose';
import { GRAPH_APP_ID } from './config.js';

const LIFETIME_SECONDS = 3600;

/** An opaque value shaped like Entra's (codes and refresh tokens are not JWTs). */
export function createOpaque(bytes = 96) {
  return `1.AXkA${randomBytes(bytes).toString('base64url')}`;
}

/** Internal claims Entra adds (aio, rh, uti): opaque by design, only their shape is copied. */
function internalClaims() {
  return {
    aio: `AWQAm/8${randomBytes(36).toString('base64')}`,
    rh: `1.AXkA${randomBytes(24).toString('base64url')}.`,
    uti: randomBytes(16).toString('base64url'),
  };
}

/** `sub` is pairwise: the same user has a different subject in each application. */
export function pairwiseSubject(oid, appId) {
  return createHash('sha256').update(`${oid}|${appId}`).digest('base64url').slice(0, 43);
}

export async function createSigningKey() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, publicJwk: { kty: 'RSA', use: 'sig', kid, x5t: kid, n: jwk.n, e: jwk.e } };
}

async function signJwt(key, header, claims) {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({
      typ: 'JWT',
      alg: 'RS256',
      x5t: key.publicJwk.kid,
      kid: key.publicJwk.kid,
      ...header,
    })
    .sign(key.privateKey);
}

/**
 * Graph's tokens carry a `nonce` in the header and are signed over a header in which that nonce is
 * replaced by its SHA-256 hash, so only Graph can verify them. The exact transformation is not
 * documented by Microsoft; this tenant uses the hex SHA-256 and its Graph-like API undoes it.
 */
export function hashGraphNonce(nonce) {
  return createHash('sha256').update(nonce).digest('hex');
}

async function signGraphToken(key, claims) {
  const nonce = randomBytes(32).toString('base64url');
  const signedHeader = {
    typ: 'JWT',
    nonce: hashGraphNonce(nonce),
    alg: 'RS256',
    x5t: key.publicJwk.kid,
    kid: key.publicJwk.kid,
  };
  // Signed with exactly this header (key order kept), so that the API can rebuild it.
  const signed = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader(signedHeader)
    .sign(key.privateKey);
  const [, payload, signature] = signed.split('.');
  const shownHeader = base64url.encode(JSON.stringify({ ...signedHeader, nonce }));
  return `${shownHeader}.${payload}.${signature}`;
}

function times(now) {
  return { iat: now, nbf: now, exp: now + LIFETIME_SECONDS };
}

/**
 * A v2.0 ID token.
 * @param {{ key: object, loginOrigin: string, user: object, appId: string, sid: string, nonce?: string, scopes: string[], hashes?: object }} input
 */
export async function issueIdToken({ key, loginOrigin, user, appId, sid, nonce, scopes, hashes = {} }) {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: appId,
    iss: `${loginOrigin}/${user.tid}/v2.0`,
    ...times(now),
    ...(scopes.includes('profile') ? { name: user.name } : {}),
    ...(nonce === undefined ? {} : { nonce }),
    oid: user.oid,
    preferred_username: user.username,
    ...(scopes.includes('email') ? { email: user.username } : {}),
    sid,
    sub: pairwiseSubject(user.oid, appId),
    tid: user.tid,
    ver: '2.0',
    ...internalClaims(),
    ...hashes,
  };
  return signJwt(key, {}, claims);
}

/**
 * An access token for the resource the scopes name. Graph gets a v1.0 token with a header nonce
 * (whatever the endpoint); custom APIs get the version they accept (v2.0 here). `azpacr`/`appidacr`:
 * 0 public client, 1 secret, 2 certificate.
 * @see https://learn.microsoft.com/entra/identity-platform/access-tokens#token-formats
 */
export async function issueAccessToken({
  key,
  loginOrigin,
  resource,
  user,
  appId,
  tenantId,
  scp,
  roles,
  acr,
  xmsCc,
}) {
  const now = Math.floor(Date.now() / 1000);
  const appOnly = user === undefined;
  const servicePrincipalId = createHash('sha256').update(`sp|${appId}`).digest('hex');
  const spOid = `${servicePrincipalId.slice(0, 8)}-${servicePrincipalId.slice(8, 12)}-4${servicePrincipalId.slice(13, 16)}-8${servicePrincipalId.slice(17, 20)}-${servicePrincipalId.slice(20, 32)}`;
  const oid = appOnly ? spOid : user.oid;
  const capabilities = xmsCc && xmsCc.length > 0 ? { xms_cc: xmsCc } : {};
  if (resource.kind === 'graph') {
    return signGraphToken(key, {
      aud: GRAPH_APP_ID,
      iss: `https://sts.windows.net/${tenantId}/`,
      ...times(now),
      acct: 0,
      ...(appOnly
        ? {}
        : { acr: '1', amr: ['pwd'], name: user.name, unique_name: user.username, upn: user.username }),
      app_displayname: resource.clientName,
      appid: appId,
      appidacr: acr,
      idtyp: appOnly ? 'app' : 'user',
      oid,
      ...(appOnly ? { roles } : { scp: scp.join(' ') }),
      sub: appOnly ? oid : pairwiseSubject(oid, GRAPH_APP_ID),
      tid: tenantId,
      ver: '1.0',
      ...capabilities,
      ...internalClaims(),
    });
  }
  return signJwt(
    key,
    {},
    {
      aud: resource.appId,
      iss: `${loginOrigin}/${tenantId}/v2.0`,
      ...times(now),
      azp: appId,
      azpacr: acr,
      ...(appOnly
        ? { idtyp: 'app', roles }
        : { name: user.name, preferred_username: user.username, scp: scp.join(' ') }),
      oid,
      sub: appOnly ? oid : pairwiseSubject(oid, resource.appId),
      tid: tenantId,
      ver: '2.0',
      ...capabilities,
      ...internalClaims(),
    },
  );
}

export const TOKEN_LIFETIME_SECONDS = LIFETIME_SECONDS;

export function createSessionId() {
  return randomUUID();
}
