import { generateKeyPairSync, randomBytes, createPublicKey, createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';

export const DEFAULT_DATA_DIR = new URL('./.data/', import.meta.url).pathname;

function readOrCreate(dataDir, fileName, create) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, fileName);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8'));
  const value = create();
  writeFileSync(path, JSON.stringify(value, null, 2), { mode: 0o600 });
  return value;
}

async function withKid(jwk, alg) {
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: 'sig' };
}

/**
 * Loads the IdP signing keys (RS256 first, then ES256) from the data folder, creating them on first start.
 * @param {string} dataDir
 */
export async function loadSigningKeys(dataDir) {
  return toSigningKeySet(readOrCreate(dataDir, 'signing-keys.json', createSigningKeyMaterial));
}

/** Fresh private signing keys as stored (an RSA and a P-256 JWK). */
export function createSigningKeyMaterial() {
  return {
    rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
    ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
  };
}

/** The provider's JWKS (RS256 first, then ES256) from stored key material. */
export async function toSigningKeySet(stored) {
  return { keys: [await withKid(stored.rsa, 'RS256'), await withKid(stored.ec, 'ES256')] };
}

/** Loads the cookie signing keys, creating them on first start. */
export function loadCookieKeys(dataDir) {
  return readOrCreate(dataDir, 'cookie-keys.json', createCookieKeys);
}

/** Fresh cookie signing keys. */
export function createCookieKeys() {
  return [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')];
}

/**
 * Loads the demo key pair of the private_key_jwt client, creating it on first start.
 * @returns {Promise<{ kid: string, privateJwk: object, publicJwk: object, privateKeyPem: string }>}
 */
export async function loadAssertionKey(dataDir) {
  return toAssertionKey(readOrCreate(dataDir, 'assertion-key.json', createAssertionKeyMaterial));
}

/** A fresh demo key pair for the private_key_jwt client, as stored. */
export function createAssertionKeyMaterial() {
  return { jwk: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) };
}

/**
 * The demo assertion key in every form the companion hands out, from stored key material.
 * @returns {Promise<{ kid: string, privateJwk: object, publicJwk: object, privateKeyPem: string }>}
 */
export async function toAssertionKey(stored) {
  const privateKey = createPrivateKey({ key: stored.jwk, format: 'jwk' });
  const bare = createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = await calculateJwkThumbprint(bare);
  return {
    kid,
    privateJwk: { ...stored.jwk, kid },
    publicJwk: { ...bare, kid, use: 'sig' },
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}
