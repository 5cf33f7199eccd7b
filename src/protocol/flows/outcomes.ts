import { OAuthResponseError, PlaygroundError } from '../errors';
import type { HttpResponse } from '../http';
import { readGrantedAuthorizationDetails } from '../rar';
import { parseTokenResponse } from '../token-response';
import type { ClientAuthMethod, RunValues, StepOutcome } from './types';

/** Turns anything a response reader threw into a failed step outcome, keeping the OAuth error fields. */
export function failureOutcome(error: unknown): StepOutcome {
  if (error instanceof OAuthResponseError) {
    return { ok: false, errorCode: error.code, oauthError: error.fields, message: error.message };
  }
  if (error instanceof PlaygroundError) return { ok: false, errorCode: error.code, message: error.message };
  return {
    ok: false,
    errorCode: 'RESPONSE_INVALID',
    message: error instanceof Error ? error.message : String(error),
  };
}

const AUTH_METHOD_WORDS: Record<Exclude<ClientAuthMethod, 'none'>, string> = {
  client_secret_basic: 'a secret in the Authorization header (client_secret_basic)',
  client_secret_post: 'a secret in the body (client_secret_post)',
  private_key_jwt: 'a signed assertion (private_key_jwt)',
  client_assertion: 'a client assertion',
};

/**
 * A 401 or 403 without an OAuth error body after the client authenticated: the provider most likely
 * refused the client's credentials (RFC 6749 §5.2 says `invalid_client` with 401, but some providers
 * answer with an empty or HTML body). `undefined` for any other failure.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function explainRefusedClientAuthentication(
  response: HttpResponse,
  authMethod: ClientAuthMethod | undefined,
): StepOutcome | undefined {
  if (authMethod === undefined || authMethod === 'none') return undefined;
  if (response.status !== 401 && response.status !== 403) return undefined;
  return {
    ok: false,
    errorCode: 'CLIENT_AUTH_REFUSED',
    message: `The token endpoint answered HTTP ${response.status} ${response.body.trim() === '' ? 'with an empty body' : 'without an OAuth error in JSON'} after the client sent ${AUTH_METHOD_WORDS[authMethod]}: the provider probably refused the client's authentication. Check the client_id, the secret or key, and the authentication method the app registration expects.`,
  };
}

/**
 * Reads a token endpoint response into run values. `authMethod` is how the client authenticated,
 * so that a bare 401/403 can be explained as a refused client authentication.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function readTokenOutcome(
  response: HttpResponse,
  tokensLabel: string,
  authMethod?: ClientAuthMethod,
): StepOutcome {
  try {
    const tokens = parseTokenResponse(response);
    const values: RunValues = { access_token: tokens.access_token, token_type: tokens.token_type };
    if (tokens.id_token !== undefined) values.id_token = tokens.id_token;
    if (tokens.refresh_token !== undefined) values.refresh_token = tokens.refresh_token;
    if (tokens.expires_in !== undefined) values.expires_in = String(tokens.expires_in);
    if (tokens.scope !== undefined) values.scope = tokens.scope;
    // RFC 9396 §7: the details the server granted, kept to show beside the ones asked for.
    const granted = readGrantedAuthorizationDetails(tokens.raw);
    if (granted !== undefined) values.authorization_details = JSON.stringify(granted);
    const parts = [
      'access token',
      ...(tokens.id_token ? ['ID token'] : []),
      ...(tokens.refresh_token ? ['refresh token'] : []),
    ];
    return { ok: true, values, tokensLabel, message: `Received ${joinWords(parts)}.` };
  } catch (error) {
    if (error instanceof PlaygroundError && error.code === 'RESPONSE_NOT_JSON') {
      const refused = explainRefusedClientAuthentication(response, authMethod);
      if (refused) return { ...refused, message: `${refused.message} (${error.message}.)` };
    }
    return failureOutcome(error);
  }
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}
