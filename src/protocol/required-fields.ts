import type { ClientAuthMethod, FlowChannel, FlowId, RunSecrets } from './flows/types';

/** A required value the person has not filled in, named by the field that holds it. */
export interface MissingField {
  /** The field's name as the page labels it: the wire name (`client_id`) or `private key`. */
  field: string;
  /** Stable code, for tests and logs. */
  code: 'FIELD_REQUIRED';
  /** Names the wire parameter and says what belongs there. */
  message: string;
}

export interface RequiredFieldsInput {
  flowId: FlowId;
  channel: FlowChannel;
  /** `entra` changes the wording (Application ID) and the client-credentials `scope` rule. */
  providerKind: string;
  clientId: string;
  authMethod: ClientAuthMethod;
  authorizeParams: Record<string, string>;
  tokenParams: Record<string, string>;
  secrets: Pick<RunSecrets, 'clientSecret' | 'privateKey' | 'clientAssertion'>;
}

const GENERIC_MEANING: Record<string, string> = {
  client_id: 'the identifier the provider gave this client when it was registered',
  response_type: 'which credentials the authorization endpoint returns (for example "code")',
  redirect_uri: 'where the provider sends the browser back; it must match a registered redirect URI',
  client_secret: 'the secret registered for this confidential client',
  'private key': 'the private key whose public half is registered, to sign the client_assertion',
  client_assertion: 'the federated assertion (a JWT) trusted by the client’s federated credential',
  username: 'the user’s name, as the resource owner password grant sends it',
  assertion: 'the user’s access token that API A received, to exchange on behalf of that user',
  subject_token: 'the token to exchange',
  scope: 'the permissions requested',
};

const ENTRA_MEANING: Record<string, string> = {
  client_id: 'the Application (client) ID of your app registration',
  redirect_uri: 'a redirect URI registered on the app registration’s platform (SPA or Web)',
  client_secret: 'a client secret from the app registration’s “Certificates & secrets”',
  'private key': 'the private key of a certificate uploaded to the app registration',
  scope:
    'Entra ID needs {resource}/.default for client credentials, for example https://graph.microsoft.com/.default',
  assertion: 'the user’s access token for API A (its aud is API A’s Application ID URI)',
};

/**
 * The one message for a missing required value, `"<wire name>" is required: <what belongs there>`.
 * Used by the field itself and by the page's summary, so that both say the same.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export function requiredMessage(field: string, providerKind: string): string {
  const meaning =
    (providerKind === 'entra' ? ENTRA_MEANING[field] : undefined) ?? GENERIC_MEANING[field] ?? 'a value';
  return `"${field}" is required: ${meaning}`;
}

/** Token parameters a flow cannot send without, by flow (only those shown as fields on its setup). */
function requiredTokenParams(flowId: FlowId, providerKind: string): string[] {
  switch (flowId) {
    case 'client-credentials':
      // Entra ID refuses client credentials without a scope (AADSTS900144), which must be {resource}/.default.
      return providerKind === 'entra' ? ['scope'] : [];
    case 'password':
      return ['username'];
    case 'on-behalf-of':
      return ['assertion'];
    case 'token-exchange':
      return ['subject_token'];
    default:
      return [];
  }
}

const blank = (value: string | undefined) => (value ?? '').trim() === '';

/**
 * Every required value still empty on a flow's setup, in the order the page shows the fields
 * (client first, then the request's parameters). An empty list means the flow may start.
 * Only parameters present in the form are checked: a parameter the person removed is theirs to drop.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export function findMissingFields(input: RequiredFieldsInput): MissingField[] {
  const names: string[] = [];
  if (blank(input.clientId)) names.push('client_id');
  // A browser flow sends the client's credential only later, with the token request, whose step asks
  // for it; a same-tab redirect drops it anyway (secrets live in memory only), so it cannot block Start.
  const credentialNow = input.channel !== 'front';
  if (credentialNow)
    switch (input.authMethod) {
      case 'client_secret_basic':
      case 'client_secret_post':
        if (blank(input.secrets.clientSecret)) names.push('client_secret');
        break;
      case 'private_key_jwt':
        if (blank(input.secrets.privateKey)) names.push('private key');
        break;
      case 'client_assertion':
        if (blank(input.secrets.clientAssertion)) names.push('client_assertion');
        break;
      case 'none':
        break;
    }
  if (input.channel === 'front') {
    for (const name of ['response_type', 'redirect_uri']) {
      if (name in input.authorizeParams && blank(input.authorizeParams[name])) names.push(name);
    }
  } else {
    for (const name of requiredTokenParams(input.flowId, input.providerKind)) {
      if (name in input.tokenParams && blank(input.tokenParams[name])) names.push(name);
    }
  }
  return names.map((field) => ({
    field,
    code: 'FIELD_REQUIRED',
    message: requiredMessage(field, input.providerKind),
  }));
}
