import { base64url, exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CryptoKey, JWK } from 'jose';

/** Signing algorithms the inspector verifies, asymmetric first. */
export const ASYMMETRIC_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
export const HMAC_ALGS = ['HS256', 'HS384', 'HS512'] as const;
export type AsymmetricAlg = (typeof ASYMMETRIC_ALGS)[number];

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const CLIENT_ID = '6731de76-14a6-49ae-97bc-6eba6914391e';

/** Claims of an Entra ID v1 access token for Microsoft Graph, the shape Graph always receives. */
export function buildEntraV1Claims(now: number): Record<string, unknown> {
  return {
    aud: '00000003-0000-0000-c000-000000000000',
    iss: `https://sts.windows.net/${TENANT_ID}/`,
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    acct: 0,
    acr: '1',
    aio: 'AVQAq/8TAAAA',
    amr: ['pwd', 'mfa'],
    app_displayname: 'Token Playground',
    appid: CLIENT_ID,
    appidacr: '0',
    idtyp: 'user',
    ipaddr: '203.0.113.7',
    name: 'Alice Example',
    oid: 'a1b2c3d4-0000-4000-8000-000000000001',
    rh: '0.AXEA',
    scp: 'openid profile User.Read email',
    sub: 'pairwise-subject',
    tid: TENANT_ID,
    unique_name: 'alice@contoso.example',
    upn: 'alice@contoso.example',
    uti: 'AbCdEf',
    ver: '1.0',
    wids: ['62e90394-69f5-4237-9190-012177145e10', 'b79fbf4d-3ef9-4689-8143-76b194e85509'],
    xms_tcdt: 1289241547,
  };
}

/** Claims of an Entra ID v2 ID token for a client. */
export function buildEntraV2IdTokenClaims(now: number): Record<string, unknown> {
  return {
    aud: CLIENT_ID,
    iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    name: 'Alice Example',
    nonce: 'n-0S6_WzA2Mj',
    oid: 'a1b2c3d4-0000-4000-8000-000000000001',
    preferred_username: 'alice@contoso.example',
    rh: '0.AXEA',
    sid: '0011aabb-0000-4000-8000-000000000002',
    sub: 'pairwise-subject',
    tid: TENANT_ID,
    uti: 'AbCdEf',
    ver: '2.0',
  };
}

/** Claims of an Entra ID v2 app-only access token (client credentials). */
export function buildEntraV2AppOnlyClaims(now: number): Record<string, unknown> {
  return {
    aud: 'api://playground-api',
    iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    azp: CLIENT_ID,
    azpacr: '1',
    idtyp: 'app',
    oid: 'a1b2c3d4-0000-4000-8000-000000000009',
    roles: ['Orders.Read.All'],
    sub: 'a1b2c3d4-0000-4000-8000-000000000009',
    tid: TENANT_ID,
    ver: '2.0',
  };
}

export interface SigningKey {
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A fresh key pair for `alg` with its public JWK (with `kid`, `alg`, `use`). */
export async function createSigningKey(alg: AsymmetricAlg, kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, privateKey, publicJwk };
}

/** Signs claims with the given key and header extras. */
export async function signToken(
  claims: Record<string, unknown>,
  alg: string,
  key: CryptoKey | Uint8Array,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ ...header, alg }).sign(key);
}

/** Changes a claim in the payload and keeps the old signature, as an attacker would. */
export function tamperPayload(token: string): string {
  const [h, p, sig] = token.split('.');
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p ?? ''))) as Record<string, unknown>;
  const changed = base64url.encode(JSON.stringify({ ...claims, sub: 'mallory' }));
  return `${h ?? ''}.${changed}.${sig ?? ''}`;
}

/** A self-signed EC P-256 test certificate (CN=token-playground-test) and its private key, for tests only. */
export const TEST_CERTIFICATE_PEM = `-----BEGIN CERTIFICATE-----
MIIBlzCCAT2gAwIBAgIUQzRHraeD/ypyJe51FKF2Ufh7SwowCgYIKoZIzj0EAwIw
IDEeMBwGA1UEAwwVdG9rZW4tcGxheWdyb3VuZC10ZXN0MCAXDTI2MTEyNDIwMDAw
MFoYDzIxMjYxMDMxMjAwMDAwWjAgMR4wHAYDVQQDDBV0b2tlbi1wbGF5Z3JvdW5k
LXRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATaYJwwqwLoek7u7Cif8Ape
WQZMFVvI7UtH/1fWnQTCpxTwpo2fRDwUvlH27gD4tTB415Pf9S6+sr9bk3b3rRHR
o1MwUTAdBgNVHQ4EFgQUmNCvYOY64yjVNCGOEMgogor5FYkwHwYDVR0jBBgwFoAU
mNCvYOY64yjVNCGOEMgogor5FYkwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQD
AgNIADBFAiEArpOY92cL3Qx1/H89ZohszLX5BDzhdX/7fINQqGCTORoCIAN+AHgf
a1B6cI4XuboDwHn5VMoXxBp33vqpcrqlmmxN
-----END CERTIFICATE-----`;
export const TEST_CERTIFICATE_PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgWHkqFcMthoCUM+ap
mjtK8U30s7ecO4gSlrmT/liT5CyhRANCAATaYJwwqwLoek7u7Cif8ApeWQZMFVvI
7UtH/1fWnQTCpxTwpo2fRDwUvlH27gD4tTB415Pf9S6+sr9bk3b3rRHR
-----END PRIVATE KEY-----`;
