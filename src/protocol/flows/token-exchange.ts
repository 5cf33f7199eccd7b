import { PlaygroundError } from '../errors';
import { GRANT_TYPES, buildTokenExchangeRequest } from '../token-request';
import { parseTokenResponse } from '../token-response';
import { collectExtraParams } from './client-credentials';
import { resolveClientAuth } from './client';
import { failureOutcome, readTokenOutcome } from './outcomes';
import { API_B, AUTHORIZATION_SERVER, CLIENT } from './participants';
import { requireEndpoint } from './steps';
import type { FlowDefinition, FlowRun, StepDefinition, StepOutcome } from './types';

export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/**
 * Whether the provider's discovery document lists a grant in `grant_types_supported`
 * (`undefined` when it publishes no list: the grant may still work).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function supportsGrant(endpoints: FlowRun['endpoints'], grantType: string): boolean | undefined {
  const listed = (endpoints as { grant_types_supported?: unknown }).grant_types_supported;
  if (!Array.isArray(listed)) return undefined;
  return listed.includes(grantType);
}

function readExchangeOutcome(
  response: Parameters<typeof parseTokenResponse>[0],
  authMethod: FlowRun['authMethod'],
): StepOutcome {
  const outcome = readTokenOutcome(response, 'Token exchange', authMethod);
  if (!outcome.ok) return outcome;
  try {
    const issued = parseTokenResponse(response).issued_token_type;
    return issued === undefined
      ? outcome
      : {
          ...outcome,
          values: { ...outcome.values, issued_token_type: issued },
          message: `${outcome.message ?? ''} issued_token_type: ${issued}.`,
        };
  } catch (error) {
    return failureOutcome(error);
  }
}

export const tokenExchangeStep: StepDefinition = {
  id: 'token-exchange',
  title: 'Token request (token-exchange)',
  explanation:
    'The service presents a token it holds (subject_token, with its type) and asks for a new one for another audience or scope. RFC 8693 is the standard form of what Entra calls on-behalf-of.',
  spec: { name: 'RFC 8693 §2.1', url: 'https://www.rfc-editor.org/rfc/rfc8693#section-2.1' },
  from: 'client',
  to: 'as',
  action: 'send',
  interaction: { kind: 'request' },
  responseLabel: 'Issued token (issued_token_type)',
  relayable: true,
  build: async (run, secrets) => {
    const endpoint = requireEndpoint(run, 'token_endpoint');
    const params = run.tokenParams;
    const subjectToken = (params.subject_token ?? '').trim();
    if (subjectToken === '') {
      throw new PlaygroundError(
        'INVALID_PARAMETER',
        '"subject_token" is empty: paste the token to exchange, or take one from an earlier run.',
        { cause: { expected: 'a token', actual: '' } },
      );
    }
    const pick = (name: string) => {
      const value = params[name];
      return value === undefined || value === '' ? undefined : value;
    };
    const requestedTokenType = pick('requested_token_type');
    const audience = pick('audience');
    const resource = pick('resource');
    const scope = pick('scope');
    return buildTokenExchangeRequest({
      endpoint,
      clientAuth: await resolveClientAuth(run, secrets, endpoint),
      subjectToken,
      subjectTokenType: pick('subject_token_type') ?? ACCESS_TOKEN_TYPE,
      ...(requestedTokenType === undefined ? {} : { requestedTokenType }),
      ...(audience === undefined ? {} : { audience }),
      ...(resource === undefined ? {} : { resource }),
      ...(scope === undefined ? {} : { scope }),
      extra: collectExtraParams(run, []),
    });
  },
  read: (run, response) => readExchangeOutcome(response, run.authMethod),
};

/** RFC 8693 token exchange, offered where discovery lists the grant. */
export const tokenExchangeFlow: FlowDefinition = {
  id: 'token-exchange',
  title: 'Token exchange (RFC 8693)',
  summary: `A service exchanges a token it received (subject_token) for a new token for another audience or scope, keeping the user. Offered where the provider's discovery lists ${GRANT_TYPES.tokenExchange} in grant_types_supported (Entra ID does not: use on-behalf-of there).`,
  channel: 'back',
  advertisedGrant: GRANT_TYPES.tokenExchange,
  participants: [CLIENT, AUTHORIZATION_SERVER, API_B],
  steps: [tokenExchangeStep],
  requires: ['token_endpoint'],
  authMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'client_assertion'],
  defaultTokenParams: {
    subject_token: '',
    subject_token_type: ACCESS_TOKEN_TYPE,
    requested_token_type: '',
    audience: '',
    scope: 'api-b.read',
  },
  registration:
    'The provider must support RFC 8693 for this client (the local IdP allows it for api-a). Entra ID has no token exchange grant: use on-behalf-of.',
};
