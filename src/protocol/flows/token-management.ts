import { PlaygroundError } from '../errors';
import type { HttpResponse } from '../http';
import { parseIntrospectionResponse, parseRevocationResponse } from '../token-response';
import { buildIntrospectionRequest, buildRevocationRequest } from '../token-request';
import { resolveClientAuth } from './client';
import { failureOutcome } from './outcomes';
import { requireEndpoint } from './steps';
import type { FlowRun, StepDefinition, StepOutcome } from './types';

type ManagedToken = 'access_token' | 'refresh_token';

/** Which of the run's tokens introspection and revocation act on (`manage_token` in the run's parameters). */
export function pickManagedToken(run: FlowRun): { name: ManagedToken; token: string } {
  const name: ManagedToken =
    run.tokenParams.manage_token === 'refresh_token' ? 'refresh_token' : 'access_token';
  const token = run.values[name];
  if (!token) {
    throw new PlaygroundError('INVALID_PARAMETER', `There is no "${name}" in this run to act on.`, {
      cause: { expected: name, actual: undefined },
    });
  }
  return { name, token };
}

/**
 * Reads an introspection answer into words: active or not, and for whom.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 */
export function readIntrospectionOutcome(response: HttpResponse): StepOutcome {
  try {
    const { active, claims } = parseIntrospectionResponse(response);
    const about = ['sub', 'client_id', 'scope', 'aud']
      .filter((name) => claims[name] !== undefined)
      .map((name) => `${name} ${JSON.stringify(claims[name])}`)
      .join(', ');
    return {
      ok: true,
      values: { introspection_active: String(active) },
      message: active
        ? `active: true — the server still accepts this token${about ? ` (${about})` : ''}.`
        : 'active: false — the server does not vouch for this token: revoked, expired, issued to another client, or (oidc-provider) a JWT access token for an API, which only that API may introspect.',
    };
  } catch (error) {
    return failureOutcome(error);
  }
}

/**
 * Reads a revocation answer: 200 means done, even for a token the server did not know.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2
 */
export function readRevocationOutcome(response: HttpResponse): StepOutcome {
  try {
    parseRevocationResponse(response);
    return {
      ok: true,
      message:
        'HTTP 200: revoked (RFC 7009 answers 200 for unknown tokens too). Introspect it to see active: false.',
    };
  } catch (error) {
    return failureOutcome(error);
  }
}

export const introspectStep: StepDefinition = {
  id: 'introspect',
  title: 'Token introspection',
  explanation:
    'The client (or an API) asks the authorization server whether a token is still active and what it grants. The answer is authoritative, unlike reading a JWT locally: a revoked token shows active: false.',
  spec: { name: 'RFC 7662 §2.1', url: 'https://www.rfc-editor.org/rfc/rfc7662#section-2.1' },
  from: 'client',
  to: 'as',
  action: 'send',
  interaction: { kind: 'request' },
  responseLabel: 'active, and the token’s claims',
  relayable: true,
  build: async (run, secrets) => {
    const endpoint = requireEndpoint(run, 'introspection_endpoint');
    const { name, token } = pickManagedToken(run);
    return buildIntrospectionRequest({
      endpoint,
      clientAuth: await resolveClientAuth(run, secrets, endpoint),
      token,
      tokenTypeHint: name,
    });
  },
  read: (_run, response) => readIntrospectionOutcome(response),
};

export const revokeStep: StepDefinition = {
  id: 'revoke',
  title: 'Token revocation',
  explanation:
    'The client tells the authorization server it no longer needs a token (on sign-out, say). Revoking a refresh token usually ends its access tokens too.',
  spec: { name: 'RFC 7009 §2.1', url: 'https://www.rfc-editor.org/rfc/rfc7009#section-2.1' },
  from: 'client',
  to: 'as',
  action: 'send',
  interaction: { kind: 'request' },
  responseLabel: '200 OK',
  relayable: true,
  build: async (run, secrets) => {
    const endpoint = requireEndpoint(run, 'revocation_endpoint');
    const { name, token } = pickManagedToken(run);
    return buildRevocationRequest({
      endpoint,
      clientAuth: await resolveClientAuth(run, secrets, endpoint),
      token,
      tokenTypeHint: name,
    });
  },
  read: (_run, response) => readRevocationOutcome(response),
};

export const TOKEN_MANAGEMENT_STEPS: readonly StepDefinition[] = [introspectStep, revokeStep];
