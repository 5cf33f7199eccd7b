import { base64url } from 'jose';

/**
 * Decodes base64url or standard base64, padded or not (Entra sends both: `client_info` and CAE
 * `claims` values are often padded standard base64). Throws a `TypeError` when it is neither.
 */
export function decodeBase64Lenient(text: string): Uint8Array {
  return base64url.decode(text.trim().replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
}

/** The UTF-8 text of a base64/base64url value; `undefined` when it is not one or not UTF-8. */
export function decodeBase64Text(text: string): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64Lenient(text));
  } catch {
    return undefined;
  }
}
