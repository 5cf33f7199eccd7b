import { classifyParameter, isSecretOrToken, type Sensitivity } from './sensitivity';

/** What the UI shows about one wire parameter. */
export interface ParamInfo {
  name: string;
  /** One line. */
  description: string;
  spec: string;
  specUrl: string;
  /** From `sensitivity.ts`: secrets, tokens and personal values are redacted in the UI and exports. */
  sensitivity: Sensitivity;
  /** Whether the value is a secret or a token (hidden in the request editor until asked). */
  secret: boolean;
  allowedValues?: string[];
}

const RFC6749 = 'https://www.rfc-editor.org/rfc/rfc6749';
const RFC7636 = 'https://www.rfc-editor.org/rfc/rfc7636';
const OIDC = 'https://openid.net/specs/openid-connect-core-1_0.html';
const RFC9101 = 'https://www.rfc-editor.org/rfc/rfc9101';
const RFC9126 = 'https://www.rfc-editor.org/rfc/rfc9126';
const RFC9396 = 'https://www.rfc-editor.org/rfc/rfc9396';
const RFC9449 = 'https://www.rfc-editor.org/rfc/rfc9449';
const ENTRA_AUTH_CODE = 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow';

type Row = [description: string, spec: string, specUrl: string, extra?: { allowedValues?: string[] }];

const ROWS: Record<string, Row> = {
  // authorization request
  client_id: [
    'The application (client) id the provider issued to this app.',
    'RFC 6749 §2.2',
    `${RFC6749}#section-2.2`,
  ],
  redirect_uri: [
    'Where the provider sends the response; must match a registered URI exactly.',
    'RFC 6749 §3.1.2',
    `${RFC6749}#section-3.1.2`,
  ],
  response_type: [
    'What the authorization endpoint returns: a code, tokens, or both.',
    'RFC 6749 §3.1.1',
    `${RFC6749}#section-3.1.1`,
    {
      allowedValues: [
        'code',
        'token',
        'id_token',
        'id_token token',
        'code id_token',
        'code token',
        'code id_token token',
        'none',
      ],
    },
  ],
  response_mode: [
    'How the response comes back: in the query, the fragment, or a form POST.',
    'OAuth 2.0 Multiple Response Types §2.1',
    'https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#ResponseModes',
    {
      allowedValues: ['query', 'fragment', 'form_post', 'jwt', 'query.jwt', 'fragment.jwt', 'form_post.jwt'],
    },
  ],
  scope: [
    'Space-separated permissions asked for; "openid" makes it an OpenID Connect request.',
    'RFC 6749 §3.3',
    `${RFC6749}#section-3.3`,
  ],
  state: [
    'A random value echoed back, to tie the callback to this request (CSRF protection).',
    'RFC 6749 §4.1.1',
    `${RFC6749}#section-4.1.1`,
  ],
  nonce: [
    'A random value copied into the ID token, to tie the token to this request (replay protection).',
    'OIDC Core §3.1.2.1',
    `${OIDC}#AuthRequest`,
  ],
  prompt: [
    'Whether the provider must show a login, consent or account picker, or none at all.',
    'OIDC Core §3.1.2.1',
    `${OIDC}#AuthRequest`,
    { allowedValues: ['none', 'login', 'consent', 'select_account', 'create'] },
  ],
  login_hint: [
    'The username or email to prefill on the login page.',
    'OIDC Core §3.1.2.1',
    `${OIDC}#AuthRequest`,
  ],
  domain_hint: [
    'Entra: skip home-realm discovery and go to this organisation\'s sign-in ("consumers", "organizations" or a domain).',
    'Microsoft identity platform',
    ENTRA_AUTH_CODE,
  ],
  max_age: [
    'Maximum seconds since the user last signed in; older sessions must sign in again (step-up, RFC 9470).',
    'OIDC Core §3.1.2.1',
    `${OIDC}#AuthRequest`,
  ],
  ui_locales: [
    "Preferred languages for the provider's pages (BCP 47 tags, space-separated).",
    'OIDC Core §3.1.2.1',
    `${OIDC}#AuthRequest`,
  ],
  claims: [
    'JSON asking for specific claims in the ID token or from userinfo.',
    'OIDC Core §5.5',
    `${OIDC}#ClaimsParameter`,
  ],
  acr_values: [
    'Requested authentication context class (strength of sign-in), in order of preference; voluntary.',
    'OIDC Core §3.1.2.1',
    `${OIDC}#AuthRequest`,
  ],
  request: [
    'The authorization parameters as one JWT signed by the client (a request object), so nobody can change them.',
    'RFC 9101 §5.1',
    `${RFC9101}#section-5.1`,
  ],
  request_uri: [
    'A reference to parameters the client pushed earlier (PAR): the URL then carries only client_id and this.',
    'RFC 9126 §4',
    `${RFC9126}#section-4`,
  ],
  dpop_jkt: [
    "Thumbprint of the client's DPoP key: the code can then only be redeemed with a proof from that key.",
    'RFC 9449 §10',
    `${RFC9449}#section-10`,
  ],
  authorization_details: [
    'JSON array of fine-grained permissions (a payment, an account) beyond what scopes can say.',
    'RFC 9396 §2',
    `${RFC9396}#section-2`,
  ],
  response: [
    'JARM: the whole authorization response (code, state, iss) as one JWT signed by the provider.',
    'JARM §2.1',
    'https://openid.net/specs/oauth-v2-jarm-final.html#section-2.1',
  ],
  code_challenge: [
    'The PKCE challenge: BASE64URL(SHA-256(code_verifier)) for S256.',
    'RFC 7636 §4.2',
    `${RFC7636}#section-4.2`,
  ],
  code_challenge_method: [
    'How the challenge was derived from the verifier.',
    'RFC 7636 §4.3',
    `${RFC7636}#section-4.3`,
    { allowedValues: ['S256', 'plain'] },
  ],
  resource: [
    'The API (resource indicator) the token is for; not supported by Entra v2.0 (use scope).',
    'RFC 8707 §2',
    'https://www.rfc-editor.org/rfc/rfc8707#section-2',
  ],
  id_token_hint: [
    'A previously issued ID token, naming the user the request is about.',
    'OIDC Core §3.1.2.1',
    `${OIDC}#AuthRequest`,
  ],
  // token endpoint
  grant_type: [
    'Which grant the token request uses.',
    'RFC 6749 §4',
    `${RFC6749}#section-4`,
    {
      allowedValues: [
        'authorization_code',
        'refresh_token',
        'client_credentials',
        'password',
        'urn:ietf:params:oauth:grant-type:device_code',
        'urn:ietf:params:oauth:grant-type:jwt-bearer',
        'urn:ietf:params:oauth:grant-type:token-exchange',
      ],
    },
  ],
  code: ['The one-time authorization code from the callback.', 'RFC 6749 §4.1.3', `${RFC6749}#section-4.1.3`],
  code_verifier: [
    'The PKCE secret whose hash was sent as code_challenge.',
    'RFC 7636 §4.5',
    `${RFC7636}#section-4.5`,
  ],
  refresh_token: ['A long-lived token traded for new access tokens.', 'RFC 6749 §6', `${RFC6749}#section-6`],
  client_secret: [
    "The client's password, for confidential clients.",
    'RFC 6749 §2.3.1',
    `${RFC6749}#section-2.3.1`,
  ],
  client_assertion: [
    "A signed JWT proving the client's identity instead of a secret.",
    'RFC 7521 §4.2',
    'https://www.rfc-editor.org/rfc/rfc7521#section-4.2',
  ],
  client_assertion_type: [
    'The format of client_assertion.',
    'RFC 7523 §2.2',
    'https://www.rfc-editor.org/rfc/rfc7523#section-2.2',
    { allowedValues: ['urn:ietf:params:oauth:client-assertion-type:jwt-bearer'] },
  ],
  device_code: [
    "The device flow's code the client polls with.",
    'RFC 8628 §3.4',
    'https://www.rfc-editor.org/rfc/rfc8628#section-3.4',
  ],
  username: ["The user's name for the password grant.", 'RFC 6749 §4.3.2', `${RFC6749}#section-4.3.2`],
  password: [
    "The user's password (password grant; legacy and unsafe).",
    'RFC 6749 §4.3.2',
    `${RFC6749}#section-4.3.2`,
  ],
  assertion: [
    "The incoming token being exchanged (on-behalf-of: the user's token for this API).",
    'RFC 7523 §2.1',
    'https://www.rfc-editor.org/rfc/rfc7523#section-2.1',
  ],
  requested_token_use: [
    'Entra: "on_behalf_of" marks a jwt-bearer request as the on-behalf-of flow.',
    'Microsoft identity platform',
    'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow',
    { allowedValues: ['on_behalf_of'] },
  ],
  subject_token: [
    'The token that represents the party the new token is for.',
    'RFC 8693 §2.1',
    'https://www.rfc-editor.org/rfc/rfc8693#section-2.1',
  ],
  subject_token_type: [
    'The type of subject_token.',
    'RFC 8693 §3',
    'https://www.rfc-editor.org/rfc/rfc8693#section-3',
    {
      allowedValues: [
        'urn:ietf:params:oauth:token-type:access_token',
        'urn:ietf:params:oauth:token-type:refresh_token',
        'urn:ietf:params:oauth:token-type:id_token',
        'urn:ietf:params:oauth:token-type:jwt',
        'urn:ietf:params:oauth:token-type:saml2',
        'urn:ietf:params:oauth:token-type:saml1',
      ],
    },
  ],
  requested_token_type: [
    'The type of token wanted back (for example an access token or a JWT).',
    'RFC 8693 §2.1',
    'https://www.rfc-editor.org/rfc/rfc8693#section-2.1',
    {
      allowedValues: [
        'urn:ietf:params:oauth:token-type:access_token',
        'urn:ietf:params:oauth:token-type:refresh_token',
        'urn:ietf:params:oauth:token-type:id_token',
        'urn:ietf:params:oauth:token-type:jwt',
      ],
    },
  ],
  mkt: [
    'Entra: the language of the device-code "message" (for example en-US), sent in the query.',
    'Microsoft identity platform device code flow',
    'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code',
  ],
  expected_audience: [
    'Not sent: the audience ("aud") the incoming user token should have, i.e. the middle-tier API itself.',
    'RFC 7519 §4.1.3',
    'https://www.rfc-editor.org/rfc/rfc7519#section-4.1.3',
  ],
  api_b_url: [
    'Not sent: the downstream API (API B) called with the token obtained on behalf of the user.',
    'RFC 6750 §2.1',
    'https://www.rfc-editor.org/rfc/rfc6750#section-2.1',
  ],
  audience: [
    'The logical name of the service the new token is meant for.',
    'RFC 8693 §2.1',
    'https://www.rfc-editor.org/rfc/rfc8693#section-2.1',
  ],
  // introspection, revocation, logout
  token: [
    'The token to introspect or revoke.',
    'RFC 7662 §2.1 / RFC 7009 §2.1',
    'https://www.rfc-editor.org/rfc/rfc7009#section-2.1',
  ],
  token_type_hint: [
    'Which kind of token "token" is, to speed up the lookup.',
    'RFC 7009 §2.1',
    'https://www.rfc-editor.org/rfc/rfc7009#section-2.1',
    { allowedValues: ['access_token', 'refresh_token'] },
  ],
  post_logout_redirect_uri: [
    'Where the provider sends the browser after logout; must be registered.',
    'OIDC RP-Initiated Logout §2',
    'https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout',
  ],
  logout_hint: [
    'Which user to sign out (Entra: the login_hint claim of the ID token).',
    'OIDC RP-Initiated Logout §2',
    'https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout',
  ],
};

/**
 * Every wire parameter the UI shows, with its one-line meaning and specification section.
 * @see https://www.iana.org/assignments/oauth-parameters/oauth-parameters.xhtml#parameters
 */
export const PARAMS_CATALOG: Readonly<Record<string, ParamInfo>> = Object.fromEntries(
  Object.entries(ROWS).map(([name, [description, spec, specUrl, extra]]) => [
    name,
    {
      name,
      description,
      spec,
      specUrl,
      sensitivity: classifyParameter(name),
      secret: isSecretOrToken(name),
      ...extra,
    },
  ]),
);

/**
 * The catalogue entry for a parameter, or `undefined` for a custom one.
 * @see https://www.iana.org/assignments/oauth-parameters/oauth-parameters.xhtml#parameters
 */
export function findParameter(name: string): ParamInfo | undefined {
  return Object.hasOwn(PARAMS_CATALOG, name) ? PARAMS_CATALOG[name] : undefined;
}

/**
 * Whether a parameter's value must be redacted in the UI and exports.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.3
 */
export function isSecretParam(name: string): boolean {
  return isSecretOrToken(name);
}
