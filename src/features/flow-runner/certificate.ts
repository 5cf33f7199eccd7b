import { exportJWK, exportPKCS8 } from 'jose';
import type { JWK } from 'jose';
import { computeCertificateThumbprints, type CertificateThumbprints } from '@/protocol/client-auth';

/** A DER element: tag, definite length, contents (ITU-T X.690 §8.1). */
function encodeDer(tag: number, contents: Uint8Array): Uint8Array {
  const length = contents.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  const out = new Uint8Array(header.length + length);
  out.set(header, 0);
  out.set(contents, header.length);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const sequence = (...parts: Uint8Array[]) => encodeDer(0x30, concat(...parts));
const set = (...parts: Uint8Array[]) => encodeDer(0x31, concat(...parts));
const explicit = (tagNumber: number, inner: Uint8Array) => encodeDer(0xa0 | tagNumber, inner);
const nullValue = () => encodeDer(0x05, new Uint8Array());
const utf8 = (text: string) => encodeDer(0x0c, new TextEncoder().encode(text));
const octets = (bytes: Uint8Array) => encodeDer(0x04, bytes);
const bitString = (bytes: Uint8Array) => encodeDer(0x03, concat(new Uint8Array([0]), bytes));

/** A non-negative INTEGER from big-endian bytes (a 0x00 is prepended when the top bit is set). */
function integer(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && ((bytes[start + 1] ?? 0) & 0x80) === 0) start += 1;
  const trimmed = bytes.slice(start);
  return encodeDer(0x02, ((trimmed[0] ?? 0) & 0x80) !== 0 ? concat(new Uint8Array([0]), trimmed) : trimmed);
}

/** An OBJECT IDENTIFIER from dotted decimal (X.690 §8.19). */
export function encodeOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const bytes: number[] = [(arcs[0] ?? 0) * 40 + (arcs[1] ?? 0)];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128))
      chunk.unshift((rest & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return encodeDer(0x06, new Uint8Array(bytes));
}

/** UTCTime (YYMMDDHHMMSSZ) before 2050, GeneralizedTime after, as RFC 5280 §4.1.2.5 requires. */
export function encodeTime(date: Date): Uint8Array {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = date.getUTCFullYear();
  return year < 2050
    ? encodeDer(0x17, new TextEncoder().encode(`${iso.slice(2)}Z`))
    : encodeDer(0x18, new TextEncoder().encode(`${iso}Z`));
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const COMMON_NAME = '2.5.4.3';
const BASIC_CONSTRAINTS = '2.5.29.19';

function name(commonName: string): Uint8Array {
  return sequence(set(sequence(encodeOid(COMMON_NAME), utf8(commonName))));
}

export interface GeneratedCredential {
  privateKeyPem: string;
  certificatePem: string;
  publicJwk: JWK;
  kid: string;
  thumbprints: CertificateThumbprints;
  notAfter: Date;
}

function toPem(label: string, der: Uint8Array): string {
  const base64 = btoa(String.fromCharCode(...der));
  return `-----BEGIN ${label}-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;
}

/**
 * Generates an RSA 2048 key pair in the browser and a self-signed X.509 v3 certificate for it
 * (sha256WithRSAEncryption, CN = the given name, CA:false), for uploading to an app registration.
 * The key is RSASSA-PKCS1-v1_5 in WebCrypto; its PKCS#8 export signs PS256 or RS256 assertions.
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.1
 */
export async function generateSelfSignedCredential(
  commonName: string,
  now: Date = new Date(),
  validDays = 365,
): Promise<GeneratedCredential> {
  const keys = await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const notAfter = new Date(now.getTime() + validDays * 86_400_000);
  const algorithm = sequence(encodeOid(SHA256_WITH_RSA), nullValue());
  const extensions = explicit(3, sequence(sequence(encodeOid(BASIC_CONSTRAINTS), octets(sequence()))));
  const tbs = sequence(
    explicit(0, integer(new Uint8Array([2]))),
    integer(serial),
    algorithm,
    name(commonName),
    sequence(encodeTime(now), encodeTime(notAfter)),
    name(commonName),
    spki,
    extensions,
  );
  const signature = new Uint8Array(
    await crypto.subtle.sign('RSASSA-PKCS1-v1_5', keys.privateKey, tbs as Uint8Array<ArrayBuffer>),
  );
  const certificate = sequence(tbs, algorithm, bitString(signature));
  const thumbprints = await computeCertificateThumbprints(certificate);
  const jwk = await exportJWK(keys.publicKey);
  const kid = thumbprints.x5tS256;
  return {
    privateKeyPem: await exportPKCS8(keys.privateKey),
    certificatePem: toPem('CERTIFICATE', certificate),
    publicJwk: { kty: 'RSA', n: jwk.n ?? '', e: jwk.e ?? '', kid, use: 'sig' },
    kid,
    thumbprints,
    notAfter,
  };
}
