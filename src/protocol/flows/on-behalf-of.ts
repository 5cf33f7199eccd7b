import { decodeJwt } from 'jose';
import { PlaygroundError } from '../errors';
import { buildApiRequest, buildOnBehalfOfRequest } from '../token-request';
import { collectExtraParams } from './client-credentials';
import { resolveClientAuth } from './client';
import { readTokenOutcome } from './outcomes';
import { API_A, API_B, AUTHORIZATION_SERVER, CLIENT } from './participants';
import { optional, readBearerOutcome, requireEndpoint, requireValue } from './steps';
import type { FlowDefinition, FlowRun, StepDefinition, StepOutcome } from './types';

function requireUserToken(run: FlowRun): string {
  const token = (run.tokenParams.assertion ?? '').trim();
  if (token === '') {
    throw new PlaygroundError(
      'INVALID_PARAMETER',
      '"assertion" is empty: paste a user access token for API A, or take one from an earlier run.',
      { cause: { expected: 'a JWT access token', actual: '' } },
    );
  }
  return token;
}

function readClaims(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

function audiences(claims: Record<string, unknown>): string[] {
  const aud = claims.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Checks the incoming user token before API A exchanges it: a JWT with a user subject. An
 * audience other than `expectedAudience` or an app-only token is reported, because the
 * authorization server will refuse it (`invalid_grant`, AADSTS50013 on Entra).
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow#middle-tier-access-token-request
 */
export function checkOboUserToken(token: string, expectedAudience?: string): StepOutcome {
  const trimmed = token.trim();
  if (trimmed === '') {
    return {
      ok: false,
      errorCode: 'TOKEN_EMPTY',
      message: 'No user token: paste an access token for API A, or get one with another flow first.',
    };
  }
  const claims = readClaims(trimmed);
  if (!claims) {
    return {
      ok: false,
      errorCode: 'JWT_MALFORMED',
      message:
        'The user token is not a readable JWT. On-behalf-of needs the access token API A received (a JWT whose aud is API A).',
    };
  }
  const aud = audiences(claims);
  const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
  const appOnly =
    claims.idtyp === 'app' ||
    (sub !== undefined && (sub === claims.client_id || sub === claims.azp || sub === claims.appid));
  if (appOnly) {
    return {
      ok: false,
      errorCode: 'CLAIM_INVALID',
      message:
        'This is an app-only token (no user): on-behalf-of works only with a token that represents a user.',
    };
  }
  if (expectedAudience !== undefined && expectedAudience !== '' && !aud.includes(expectedAudience)) {
    return {
      ok: true,
      message: `User token for sub ${sub ?? '(none)'}; its aud is ${aud.join(', ') || '(none)'}, not ${expectedAudience}: the authorization server will probably refuse it (invalid_grant).`,
    };
  }
  return {
    ok: true,
    message: `User token for sub ${sub ?? '(none)'}, aud ${aud.join(', ') || '(none)'}: API A received it and may now exchange it.`,
  };
}

export const oboUserTokenStep: StepDefinition = {
  id: 'obo-user-token',
  title: 'Client calls API A with the user’s token',
  explanation:
    'The client got a user access token whose audience is API A (from any user flow) and sends it to API A. API A validates it, then needs to call API B as the same user.',
  spec: {
    name: 'Microsoft identity platform: on-behalf-of',
    url: 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow',
  },
  from: 'client',
  to: 'api-a',
  action: 'local',
  interaction: {
    kind: 'automatic',
    check: (run) => checkOboUserToken(run.tokenParams.assertion ?? '', run.tokenParams.expected_audience),
    status: 'Checking the user token…',
  },
};

export const oboExchangeStep: StepDefinition = {
  id: 'obo-exchange',
  title: 'Token request (jwt-bearer, on_behalf_of)',
  explanation:
    'API A, authenticating as itself (its client id and secret or assertion), sends the user token as "assertion" with requested_token_use=on_behalf_of and the scope of API B. The new token keeps the user (sub) and changes the audience.',
  spec: { name: 'RFC 7523 §2.1', url: 'https://www.rfc-editor.org/rfc/rfc7523#section-2.1' },
  from: 'api-a',
  to: 'as',
  action: 'send',
  interaction: { kind: 'request' },
  responseLabel: 'Access token for API B',
  relayable: true,
  build: async (run, secrets) => {
    const endpoint = requireEndpoint(run, 'token_endpoint');
    return buildOnBehalfOfRequest({
      endpoint,
      clientAuth: await resolveClientAuth(run, secrets, endpoint),
      assertion: requireUserToken(run),
      ...optional('scope', run.tokenParams.scope),
      requestedTokenUse: run.tokenParams.requested_token_use ?? 'on_behalf_of',
      extra: collectExtraParams(run),
    });
  },
  read: (run, response) => readTokenOutcome(response, 'On-behalf-of', run.authMethod),
};

export const callApiBStep: StepDefinition = {
  id: 'call-api-b',
  title: 'API A calls API B with the new token',
  explanation:
    'API A sends the on-behalf-of token to API B (Bearer). API B sees the original user, and the act/azp claims show API A made the call.',
  spec: { name: 'RFC 6750 §2.1', url: 'https://www.rfc-editor.org/rfc/rfc6750#section-2.1' },
  from: 'api-a',
  to: 'api-b',
  action: 'send',
  interaction: { kind: 'request' },
  responseLabel: 'API B response',
  build: (run) => {
    const url = run.tokenParams.api_b_url ?? '';
    if (url === '') {
      throw new PlaygroundError('INVALID_PARAMETER', 'Enter the URL of API B ("api_b_url").', {
        cause: { expected: 'URL', actual: '' },
      });
    }
    return buildApiRequest(url, requireValue(run, 'access_token', 'do the on-behalf-of exchange first.'));
  },
  read: (_run, response) => readBearerOutcome(response, 'API B'),
};

/** Entra's on-behalf-of: a middle-tier API trades the user's token for one to a downstream API. */
export const onBehalfOfFlow: FlowDefinition = {
  id: 'on-behalf-of',
  title: 'On-behalf-of (API to API)',
  summary:
    'API A received a user token and must call API B as that user. It exchanges the token at the token endpoint (jwt-bearer grant, requested_token_use=on_behalf_of) and calls API B with the result. Here the playground plays API A.',
  channel: 'back',
  participants: [CLIENT, API_A, AUTHORIZATION_SERVER, API_B],
  steps: [oboUserTokenStep, oboExchangeStep, callApiBStep],
  requires: ['token_endpoint'],
  authMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'client_assertion'],
  defaultTokenParams: {
    assertion: '',
    scope: 'api-b.read',
    api_b_url: 'http://localhost:4001/api-b/data',
    expected_audience: 'api://api-a',
  },
  panels: ['on-behalf-of'],
  registration:
    'Entra ID: API A exposes an API (Application ID URI and a scope the client asks for), has a client secret or certificate, and delegated permission to API B (or Graph) with consent; the client requests a token for API A’s scope. The exchange goes through the local relay (confidential client).',
};
