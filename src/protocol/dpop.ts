import {
  base64url,
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  SignJWT,
} from 'jose';
import type { CryptoKey, JWK, JWTPayload, ProtectedHeaderParameters } from 'jose';
import { PlaygroundError } from './errors';
import type { HttpResponse } from './http';
import { generateRandomString } from './random';
import { readJsonObject, readOAuthErrorBody } from './token-response';
import { parseWwwAuthenticate } from './www-authenticate';

/** The algorithms the playground can generate DPoP keys for. */
export type DpopAlgorithm = 'ES256' | 'RS256' | 'PS256' | 'EdDSA';

/** A DPoP key pair: the private half stays a non-extractable CryptoKey in the browser. */
export interface DpopKey {
  alg: DpopAlgorithm;
  privateKey: CryptoKey;
  /** The public JWK that goes into every proof's header. */
  publicJwk: JWK;
  /** RFC 7638 SHA-256 thumbprint of the public key: `dpop_jkt` and the tokens' `cnf.jkt`. */
  jkt: string;
}

/**
 * Generates a DPoP key pair with WebCrypto; the private key is not extractable, so page script can
 * sign with it but nothing can read it out.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-2
 */
export async function createDpopKey(alg: DpopAlgorithm = 'ES256'): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: false });
  const exported = await exportJWK(publicKey);
  const publicJwk = pickPublicMembers(exported);
  return { alg, privateKey, publicJwk, jkt: await computeJwkThumbprint(publicJwk) };
}

const PUBLIC_MEMBERS: Record<string, readonly string[]> = {
  EC: ['kty', 'crv', 'x', 'y'],
  RSA: ['kty', 'n', 'e'],
  OKP: ['kty', 'crv', 'x'],
};

function pickPublicMembers(jwk: JWK): JWK {
  const members = PUBLIC_MEMBERS[jwk.kty ?? ''];
  if (members === undefined) {
    throw new PlaygroundError('KEY_INVALID', `A DPoP key must be EC, RSA or OKP, not "${String(jwk.kty)}"`, {
      cause: { expected: 'EC, RSA or OKP', actual: jwk.kty },
    });
  }
  const source = jwk as Record<string, unknown>;
  return Object.fromEntries(members.filter((name) => name in source).map((name) => [name, source[name]]));
}

/**
 * The RFC 7638 thumbprint (SHA-256, base64url) of a public JWK: only the required members, in
 * lexicographic order, hashed. Private members are ignored, as the RFC requires.
 * @see https://www.rfc-editor.org/rfc/rfc7638#section-3
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-6.1
 */
export async function computeJwkThumbprint(jwk: JWK): Promise<string> {
  try {
    return await calculateJwkThumbprint(jwk, 'sha256');
  } catch (error) {
    throw new PlaygroundError(
      'KEY_INVALID',
      `The JWK has no thumbprint: ${error instanceof Error ? error.message : String(error)}`,
      { cause: { expected: 'a JWK with its required members (RFC 7638 §3.2)', actual: jwk } },
    );
  }
}

/**
 * `htu`: the target URI without query and fragment.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 */
export function normalizeHtu(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PlaygroundError('INVALID_PARAMETER', `"htu" needs an absolute URL, not "${url}"`, {
      cause: { expected: 'an absolute URL', actual: url },
    });
  }
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString();
}

/**
 * `ath`: base64url of the SHA-256 of the access token's ASCII bytes.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 */
export async function computeAccessTokenHash(accessToken: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken));
  return base64url.encode(new Uint8Array(digest));
}

export interface DpopProofOptions {
  key: Pick<DpopKey, 'alg' | 'privateKey' | 'publicJwk'>;
  /** HTTP method of the request the proof goes with. */
  htm: string;
  /** The request URL (query and fragment are removed). */
  htu: string;
  /** With a DPoP-bound access token (resource requests): adds `ath`. */
  accessToken?: string;
  /** The server's latest `DPoP-Nonce`. */
  nonce?: string;
  /** Seconds since the epoch; now by default. */
  now?: number;
  jti?: string;
}

/** A proof and its decoded parts for display. */
export interface DpopProof {
  jwt: string;
  header: ProtectedHeaderParameters;
  payload: JWTPayload;
}

/**
 * A DPoP proof JWT: header `typ: dpop+jwt`, `alg`, the public `jwk`; payload `jti` (random),
 * `htm`, `htu`, `iat`, and `ath` and `nonce` when given. One proof per request.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 */
export async function createDpopProof(options: DpopProofOptions): Promise<DpopProof> {
  const payload: JWTPayload = {
    jti: options.jti ?? generateRandomString(32),
    htm: options.htm.toUpperCase(),
    htu: normalizeHtu(options.htu),
    iat: options.now ?? Math.floor(Date.now() / 1000),
  };
  if (options.accessToken !== undefined) payload.ath = await computeAccessTokenHash(options.accessToken);
  if (options.nonce !== undefined && options.nonce !== '') payload.nonce = options.nonce;
  const jwt = await new SignJWT(payload)
    .setProtectedHeader({ alg: options.key.alg, typ: 'dpop+jwt', jwk: options.key.publicJwk })
    .sign(options.key.privateKey);
  return { jwt, header: decodeProtectedHeader(jwt), payload: decodeJwt(jwt) };
}

/** What a response says about DPoP nonces. */
export interface DpopNonceSignal {
  /** The `DPoP-Nonce` header, to put in the next proof to this server. */
  nonce?: string;
  /** The server refused for want of a (fresh) nonce: resend once with `nonce`. */
  retry: boolean;
  /** Where the server said so: the JSON `error` (authorization server) or `WWW-Authenticate` (API). */
  via?: 'body' | 'www-authenticate';
}

/**
 * Reads `use_dpop_nonce` from an authorization server (400 with a JSON `error`) or a resource
 * server (401 with `WWW-Authenticate: DPoP error="use_dpop_nonce"`), and the `DPoP-Nonce` header.
 * A retry is only offered when the server supplied a nonce.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-9
 */
export function readDpopNonce(response: HttpResponse): DpopNonceSignal {
  const header = response.headers['dpop-nonce'];
  const nonce = header !== undefined && header !== '' ? header : undefined;
  let via: DpopNonceSignal['via'];
  const challenge = response.headers['www-authenticate'];
  if (challenge !== undefined) {
    try {
      const dpop = parseWwwAuthenticate(challenge).find((item) => item.scheme.toLowerCase() === 'dpop');
      if (dpop?.params.error === 'use_dpop_nonce') via = 'www-authenticate';
    } catch {
      // a malformed challenge is reported where the response is read; here it just is not a nonce request
    }
  }
  if (via === undefined && response.status === 400) {
    try {
      if (readOAuthErrorBody(readJsonObject(response, 'response'))?.error === 'use_dpop_nonce') via = 'body';
    } catch {
      // not JSON: not a nonce request
    }
  }
  const signal: DpopNonceSignal = { retry: via !== undefined && nonce !== undefined };
  if (nonce !== undefined) signal.nonce = nonce;
  if (via !== undefined) signal.via = via;
  return signal;
}

/** One check of a token response against the DPoP key it was requested with. */
export interface DpopBindingCheck {
  check: 'token_type' | 'cnf.jkt';
  ok: boolean;
  message: string;
}

/**
 * Checks that the token response is DPoP-bound to `jkt`: `token_type` is `DPoP` (RFC 9449 §5.1) and,
 * when the access token is a readable JWT, its `cnf.jkt` is the key's thumbprint (§6.1). An opaque
 * access token cannot be checked locally, which is said rather than assumed.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-6.1
 */
export function checkDpopBinding(
  tokenResponse: { token_type: string; access_token: string },
  jkt: string,
): DpopBindingCheck[] {
  const checks: DpopBindingCheck[] = [];
  const isDpop = tokenResponse.token_type.toLowerCase() === 'dpop';
  checks.push({
    check: 'token_type',
    ok: isDpop,
    message: isDpop
      ? '"token_type" is DPoP: the access token is bound to the key and must be sent with a proof'
      : `"token_type" is "${tokenResponse.token_type}", not DPoP: the server issued an unbound token (it may not support DPoP for this client)`,
  });
  let claims: JWTPayload | undefined;
  try {
    claims = decodeJwt(tokenResponse.access_token);
  } catch {
    claims = undefined;
  }
  if (claims === undefined) {
    checks.push({
      check: 'cnf.jkt',
      ok: true,
      message:
        'The access token is not a JWT, so "cnf.jkt" cannot be read here; only the API can check the binding',
    });
    return checks;
  }
  const cnf = claims.cnf;
  const actual =
    typeof cnf === 'object' && cnf !== null && 'jkt' in cnf && typeof cnf.jkt === 'string'
      ? cnf.jkt
      : undefined;
  checks.push({
    check: 'cnf.jkt',
    ok: actual === jkt,
    message:
      actual === undefined
        ? 'The access token has no "cnf.jkt": it is not bound to any DPoP key'
        : actual === jkt
          ? '"cnf.jkt" is the thumbprint of this DPoP key'
          : `"cnf.jkt" is ${actual}, not this key's thumbprint ${jkt}`,
  });
  return checks;
}

/**
 * Throws `DPOP_BINDING_MISMATCH` when a binding check failed, naming it.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-6.1
 */
export function assertDpopBinding(checks: readonly DpopBindingCheck[], jkt: string): void {
  const failed = checks.find((check) => !check.ok);
  if (failed === undefined) return;
  throw new PlaygroundError('DPOP_BINDING_MISMATCH', failed.message, {
    cause: { expected: failed.check === 'token_type' ? 'DPoP' : jkt, actual: failed.message },
  });
}

/**
 * The `Authorization` header for a DPoP-bound access token (the proof goes in the `DPoP` header).
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
 */
export function buildDpopAuthorization(accessToken: string): string {
  return `DPoP ${accessToken}`;
}
