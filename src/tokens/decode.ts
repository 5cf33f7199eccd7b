import { base64url } from 'jose';
import { PlaygroundError } from '@/protocol/errors';

export type JsonObject = Record<string, unknown>;

/** The name of each segment of a compact JWS or JWE, in order. */
export type JwsPart = 'header' | 'payload' | 'signature';
export type JwePart =
  'header' | 'encrypted key' | 'initialization vector' | 'ciphertext' | 'authentication tag';

export interface DecodedJws {
  format: 'jws';
  raw: string;
  header: JsonObject;
  payload: JsonObject;
  /** Length in bytes of the decoded signature (0 for `alg: none`). */
  signatureLength: number;
  segments: { part: JwsPart; text: string }[];
}

export interface DecodedJwe {
  format: 'jwe';
  raw: string;
  /** The JWE protected header: the only part readable without the decryption key. */
  header: JsonObject;
  segments: { part: JwePart; text: string }[];
}

export type DecodedJwt = DecodedJws | DecodedJwe;

const JWS_PARTS: readonly JwsPart[] = ['header', 'payload', 'signature'];
const JWE_PARTS: readonly JwePart[] = [
  'header',
  'encrypted key',
  'initialization vector',
  'ciphertext',
  'authentication tag',
];
const BASE64URL = /^[A-Za-z0-9_-]*$/;

function describePart(part: string, index: number): string {
  return `The ${part} (segment ${index + 1})`;
}

/**
 * Decodes one base64url segment, naming the part and the first bad character on failure.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-2 (Base64url Encoding)
 */
export function decodeSegment(text: string, part: string, index: number): Uint8Array {
  if (!BASE64URL.test(text)) {
    const bad = text.search(/[^A-Za-z0-9_-]/);
    const ch = String.fromCodePoint(text.codePointAt(bad) ?? 0);
    const shown =
      ch === '='
        ? '"=" (padding is not allowed in base64url)'
        : ch === '+' || ch === '/'
          ? `"${ch}" (standard base64, not base64url)`
          : JSON.stringify(ch);
    throw new PlaygroundError(
      'JWT_NOT_BASE64URL',
      `${describePart(part, index)} is not base64url: character ${shown} at position ${bad + 1}.`,
      {
        cause: { expected: 'A-Z a-z 0-9 - _', actual: ch },
      },
    );
  }
  if (text.length % 4 === 1) {
    throw new PlaygroundError(
      'JWT_NOT_BASE64URL',
      `${describePart(part, index)} is not base64url: its length (${text.length}) cannot be a base64url encoding.`,
      {
        cause: { expected: 'length not 1 mod 4', actual: text.length },
      },
    );
  }
  try {
    return base64url.decode(text);
  } catch (error) {
    throw new PlaygroundError('JWT_NOT_BASE64URL', `${describePart(part, index)} is not base64url.`, {
      cause: error,
    });
  }
}

function parseJsonSegment(text: string, part: string, index: number): unknown {
  if (text === '') {
    throw new PlaygroundError(
      'JWT_NOT_JSON',
      `${describePart(part, index)} is empty; it must be base64url-encoded JSON.`,
    );
  }
  const bytes = decodeSegment(text, part, index);
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new PlaygroundError(
      'JWT_NOT_JSON',
      `${describePart(part, index)} decodes to bytes that are not UTF-8 text, so it is not JSON.`,
      { cause: error },
    );
  }
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PlaygroundError(
      'JWT_NOT_JSON',
      `${describePart(part, index)} decodes to text that is not JSON (${reason}).`,
      { cause: error },
    );
  }
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function readHeader(text: string): JsonObject {
  const header = parseJsonSegment(text, 'header', 0);
  if (!isJsonObject(header)) {
    throw new PlaygroundError(
      'JWT_HEADER_NOT_OBJECT',
      `The header (segment 1) is ${describeJsonType(header)}, not a JSON object.`,
      {
        cause: { expected: 'object', actual: describeJsonType(header) },
      },
    );
  }
  if (typeof header.alg !== 'string' || header.alg === '') {
    throw new PlaygroundError(
      'JWT_HEADER_NO_ALG',
      'The header (segment 1) has no "alg" parameter; every JWS and JWE header must name its algorithm.',
      {
        cause: { expected: 'a string "alg"', actual: header.alg },
      },
    );
  }
  return header;
}

/**
 * Decodes a compact JWT without verifying it: a series of early checks, each with its own code.
 * A five-part JWE is not a failure: its protected header is decoded and the rest stays encrypted.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2 (Validating a JWT)
 * @see https://www.rfc-editor.org/rfc/rfc7516#section-9 (Distinguishing JWS from JWE)
 */
export function decodeJwt(input: string): DecodedJwt {
  const raw = input.trim();
  if (raw === '') {
    throw new PlaygroundError('TOKEN_EMPTY', 'There is no token: the input is empty.');
  }
  const texts = raw.split('.');
  if (texts.length !== 3 && texts.length !== 5) {
    const dots = texts.length - 1;
    throw new PlaygroundError(
      'JWT_SEGMENT_COUNT',
      `A JWT has 3 segments separated by dots (JWS) or 5 (JWE); this input has ${texts.length} (${dots} dot${dots === 1 ? '' : 's'}).`,
      { cause: { expected: '3 or 5', actual: texts.length } },
    );
  }
  const header = readHeader(texts[0] ?? '');
  if (texts.length === 5) {
    texts.slice(1).forEach((text, i) => decodeSegment(text, JWE_PARTS[i + 1] ?? 'segment', i + 1));
    return {
      format: 'jwe',
      raw,
      header,
      segments: texts.map((text, i) => ({ part: JWE_PARTS[i] ?? 'ciphertext', text })),
    };
  }
  const payload = parseJsonSegment(texts[1] ?? '', 'payload', 1);
  if (!isJsonObject(payload)) {
    throw new PlaygroundError(
      'JWT_PAYLOAD_NOT_OBJECT',
      `The payload (segment 2) is ${describeJsonType(payload)}, not a JSON object of claims.`,
      {
        cause: { expected: 'object', actual: describeJsonType(payload) },
      },
    );
  }
  const signature = decodeSegment(texts[2] ?? '', 'signature', 2);
  return {
    format: 'jws',
    raw,
    header,
    payload,
    signatureLength: signature.length,
    segments: texts.map((text, i) => ({ part: JWS_PARTS[i] ?? 'signature', text })),
  };
}
