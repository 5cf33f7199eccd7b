import { PlaygroundError } from '../errors';
import { buildPasswordRequest } from '../token-request';
import { collectExtraParams } from './client-credentials';
import { resolveClientAuth } from './client';
import { readTokenOutcome } from './outcomes';
import { API, AUTHORIZATION_SERVER, CLIENT, USER } from './participants';
import { optional, requireEndpoint } from './steps';
import type { FlowDefinition, StepDefinition } from './types';

export const PASSWORD_WARNING =
  'Legacy and unsafe (RFC 9700 §2.4 forbids it): the app sees and handles the user’s password, so a compromised or phishing app gets it; there is no MFA, Conditional Access prompt or consent screen, and it fails for federated, passwordless and MFA-protected accounts. Use authorization code + PKCE or the device code flow instead.';

export const collectCredentialsStep: StepDefinition = {
  id: 'collect-credentials',
  title: 'User types the password into the app',
  explanation:
    'The user gives their username and password to the application itself, not to the authorization server: this is what makes the grant unsafe. The playground keeps the password in memory only and never stores, logs or exports it.',
  spec: { name: 'RFC 6749 §4.3.1', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.3.1' },
  from: 'user',
  to: 'client',
  action: 'local',
  interaction: { kind: 'credentials' },
};

export const passwordTokenStep: StepDefinition = {
  id: 'password-token',
  title: 'Token request (password)',
  explanation:
    'The app sends the username and password to the token endpoint. The authorization server cannot ask for a second factor here: accounts that need MFA get an error (AADSTS50076 on Entra).',
  spec: { name: 'RFC 6749 §4.3.2', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.3.2' },
  from: 'client',
  to: 'as',
  action: 'send',
  interaction: { kind: 'request' },
  responseLabel: 'Access, ID and refresh tokens',
  relayable: true,
  build: async (run, secrets) => {
    const endpoint = requireEndpoint(run, 'token_endpoint');
    const username = run.tokenParams.username ?? '';
    if (username === '') {
      throw new PlaygroundError('INVALID_PARAMETER', '"username" is empty: enter the user’s name.', {
        cause: { expected: 'a username', actual: '' },
      });
    }
    if (!secrets.password) {
      throw new PlaygroundError(
        'INVALID_PARAMETER',
        '"password" is empty: type it again (it is kept in this tab’s memory only, so a reload forgets it).',
        { cause: { expected: 'a password', actual: '' } },
      );
    }
    return buildPasswordRequest({
      endpoint,
      clientAuth: await resolveClientAuth(run, secrets, endpoint),
      username,
      password: secrets.password,
      ...optional('scope', run.tokenParams.scope),
      extra: collectExtraParams(run),
    });
  },
  read: (run, response) => readTokenOutcome(response, 'Password grant', run.authMethod),
};

/** Resource owner password credentials: kept to show why it is dangerous. */
export const passwordFlow: FlowDefinition = {
  id: 'password',
  title: 'Password (ROPC)',
  summary:
    'The app collects the user’s username and password and trades them for tokens at the token endpoint. Shown so that you can see what it does and why it must not be used for new apps.',
  warning: PASSWORD_WARNING,
  channel: 'back',
  participants: [USER, CLIENT, AUTHORIZATION_SERVER, API],
  steps: [collectCredentialsStep, passwordTokenStep],
  requires: ['token_endpoint'],
  authMethods: ['none', 'client_secret_post', 'client_secret_basic', 'private_key_jwt'],
  defaultTokenParams: { username: 'alice', scope: 'openid profile email offline_access api.read' },
  registration:
    'Entra ID: "Allow public client flows" = Yes (Authentication page) for a public client, or a secret for a confidential one; organisational accounts without MFA only (personal accounts and MFA fail). Goes through the local relay: Entra refuses it from browsers.',
};
