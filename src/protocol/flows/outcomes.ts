import { OAuthResponseError, PlaygroundError } from '../errors';
import type { HttpResponse } from '../http';
import { parseTokenResponse } from '../token-response';
import type { RunValues, StepOutcome } from './types';

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

/**
 * Reads a token endpoint response into run values.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function readTokenOutcome(response: HttpResponse, tokensLabel: string): StepOutcome {
  try {
    const tokens = parseTokenResponse(response);
    const values: RunValues = { access_token: tokens.access_token, token_type: tokens.token_type };
    if (tokens.id_token !== undefined) values.id_token = tokens.id_token;
    if (tokens.refresh_token !== undefined) values.refresh_token = tokens.refresh_token;
    if (tokens.expires_in !== undefined) values.expires_in = String(tokens.expires_in);
    if (tokens.scope !== undefined) values.scope = tokens.scope;
    const parts = [
      'access token',
      ...(tokens.id_token ? ['ID token'] : []),
      ...(tokens.refresh_token ? ['refresh token'] : []),
    ];
    return { ok: true, values, tokensLabel, message: `Received ${joinWords(parts)}.` };
  } catch (error) {
    return failureOutcome(error);
  }
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}
