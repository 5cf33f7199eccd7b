import { PlaygroundError } from './errors';
import type { HttpRequest, HttpResponse } from './http';
import { readCreatedResponse } from './token-response';

/** Client metadata members the editor checks the shape of (RFC 7591 §2); others pass as typed. */
const URI_ARRAY_MEMBERS = ['redirect_uris', 'post_logout_redirect_uris'] as const;
const STRING_ARRAY_MEMBERS = ['grant_types', 'response_types', 'contacts'] as const;
const STRING_MEMBERS = [
  'client_name',
  'token_endpoint_auth_method',
  'scope',
  'software_id',
  'software_version',
  'jwks_uri',
] as const;

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** Members of a registration response that are credentials: shown once, kept in memory only. */
export const REGISTRATION_SECRET_MEMBERS = ['client_secret', 'registration_access_token'] as const;

/**
 * Reads client metadata typed by the user (JSON object) and checks the shapes RFC 7591 §2 gives
 * its members: arrays of absolute URIs, arrays of strings, strings, and `jwks` an object with
 * `keys`. Throws `CLIENT_METADATA_INVALID` naming the member.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function parseClientMetadata(text: string): Record<string, unknown> {
  const fail = (message: string, actual: unknown): never => {
    throw new PlaygroundError('CLIENT_METADATA_INVALID', message, {
      cause: { expected: 'RFC 7591 client metadata', actual },
    });
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(
      `The client metadata is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      text.slice(0, 200),
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail('The client metadata must be a JSON object', parsed);
  }
  const metadata = parsed as Record<string, unknown>;
  for (const member of URI_ARRAY_MEMBERS) {
    const value = metadata[member];
    if (value === undefined) continue;
    if (!Array.isArray(value)) fail(`"${member}" must be an array of URIs`, value);
    for (const uri of value as unknown[]) {
      if (typeof uri !== 'string' || !isAbsoluteUri(uri))
        fail(`"${member}" holds "${String(uri)}", which is not an absolute URI`, uri);
      if (typeof uri === 'string' && uri.includes('#'))
        fail(`"${member}" must not contain a fragment: ${uri}`, uri);
    }
  }
  for (const member of STRING_ARRAY_MEMBERS) {
    const value = metadata[member];
    if (value !== undefined && (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))) {
      fail(`"${member}" must be an array of strings`, value);
    }
  }
  for (const member of STRING_MEMBERS) {
    const value = metadata[member];
    if (value !== undefined && typeof value !== 'string') fail(`"${member}" must be a string`, value);
  }
  const jwks = metadata.jwks;
  if (
    jwks !== undefined &&
    (typeof jwks !== 'object' || jwks === null || !Array.isArray((jwks as Record<string, unknown>).keys))
  ) {
    fail('"jwks" must be an object with a "keys" array (public keys only)', jwks);
  }
  const keys = (jwks as { keys?: unknown[] } | undefined)?.keys ?? [];
  for (const key of keys) {
    const leaked = PRIVATE_JWK_MEMBERS.filter(
      (name) => typeof key === 'object' && key !== null && name in key,
    );
    if (leaked.length > 0) {
      fail(`"jwks" holds private key material (${leaked.join(', ')}); register the public keys only`, leaked);
    }
  }
  return metadata;
}

function isAbsoluteUri(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The registration request: a JSON POST of the metadata, with `Authorization: Bearer` when the
 * provider needs an initial access token.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.1
 */
export function buildRegistrationRequest(options: {
  endpoint: string;
  metadata: Record<string, unknown>;
  initialAccessToken?: string;
}): HttpRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.initialAccessToken !== undefined && options.initialAccessToken !== '') {
    headers.authorization = `Bearer ${options.initialAccessToken}`;
  }
  return { method: 'POST', url: options.endpoint, headers, body: JSON.stringify(options.metadata) };
}

/** A registration response split into what may be shown and kept, and the credentials. */
export interface RegisteredClient {
  client_id: string;
  /** Seconds since the epoch; 0 means the secret does not expire. */
  client_secret_expires_at?: number;
  client_id_issued_at?: number;
  registration_client_uri?: string;
  /** Every member except the credentials. */
  metadata: Record<string, unknown>;
  /** `client_secret` and `registration_access_token`: show once, keep in memory, never store or export. */
  secrets: { client_secret?: string; registration_access_token?: string };
}

/**
 * Reads a registration response (201 Created with `client_id` and the registered metadata) or an
 * RFC 7591 §3.2.2 error (`invalid_redirect_uri`, `invalid_client_metadata`, …) as an
 * `OAuthResponseError`. The credentials come back apart from the metadata.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.1
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2
 */
export function parseRegistrationResponse(response: HttpResponse): RegisteredClient {
  const body = readCreatedResponse(response, 'registration response');
  const clientId = body.client_id;
  if (typeof clientId !== 'string' || clientId === '') {
    throw new PlaygroundError('RESPONSE_INVALID', 'The registration response has no "client_id"', {
      cause: { expected: 'a client_id string', actual: clientId },
    });
  }
  const metadata: Record<string, unknown> = {};
  const secrets: RegisteredClient['secrets'] = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === 'client_secret' || name === 'registration_access_token') {
      if (typeof value === 'string') secrets[name] = value;
    } else {
      metadata[name] = value;
    }
  }
  const result: RegisteredClient = { client_id: clientId, metadata, secrets };
  for (const name of ['client_secret_expires_at', 'client_id_issued_at'] as const) {
    const value = body[name];
    if (typeof value === 'number') result[name] = value;
  }
  if (typeof body.registration_client_uri === 'string')
    result.registration_client_uri = body.registration_client_uri;
  return result;
}
