/**
 * The one registry of what is sensitive on the wire. Redaction (`transport/redact.ts`), saved
 * setups and share links (`state/setups.ts`), exports (`transport/export.ts`), the request log and
 * presenter masking (`ui/presenter/mask.ts`) all read it, so that a parameter added here is hidden
 * everywhere at once. See docs/decisions/0110-sensitivity-registry.md.
 *
 * - `secret`: proves the client's or the user's identity (client secret, password, PKCE verifier,
 *   client assertion, Basic credentials, cookies).
 * - `token`: grants or carries access or identity (codes, access/ID/refresh tokens, assertions,
 *   token-exchange inputs, request objects, DPoP proofs).
 * - `personal`: names a person (login and logout hints, usernames).
 *
 * Anything not listed is `public` (for example `request_uri`: a reference the provider issued, not
 * a credential; `state` and `nonce`: random and per run, but not secret).
 */
export type Sensitivity = 'secret' | 'token' | 'personal' | 'public';

interface Entry {
  sensitivity: Exclude<Sensitivity, 'public'>;
  /** What the placeholder that replaces the value stands for, worded for an export's comment. */
  placeholder: string;
}

const PARAMETERS: Readonly<Record<string, Entry>> = {
  client_secret: { sensitivity: 'secret', placeholder: 'the client secret of the app registration' },
  password: { sensitivity: 'secret', placeholder: 'the password of the user (ROPC)' },
  code_verifier: {
    sensitivity: 'secret',
    placeholder: 'the PKCE code verifier generated for the authorize request',
  },
  client_assertion: {
    sensitivity: 'secret',
    placeholder: 'a signed client assertion JWT (private_key_jwt)',
  },
  assertion: {
    sensitivity: 'token',
    placeholder: 'the incoming access token to exchange (on-behalf-of / JWT bearer)',
  },
  refresh_token: { sensitivity: 'token', placeholder: 'a refresh token from an earlier token response' },
  subject_token: { sensitivity: 'token', placeholder: 'the subject token for token exchange' },
  actor_token: { sensitivity: 'token', placeholder: 'the actor token for token exchange' },
  token: { sensitivity: 'token', placeholder: 'the token to revoke or introspect' },
  device_code: {
    sensitivity: 'token',
    placeholder: 'the device_code from the device authorization response',
  },
  code: { sensitivity: 'token', placeholder: 'the authorization code from the redirect to the callback' },
  access_token: { sensitivity: 'token', placeholder: 'an access token from an earlier token response' },
  id_token: { sensitivity: 'token', placeholder: 'an ID token from an earlier token response' },
  id_token_hint: {
    sensitivity: 'token',
    placeholder: 'the ID token sent as id_token_hint (an earlier ID token of the user)',
  },
  logout_token: { sensitivity: 'token', placeholder: 'a back-channel logout token' },
  login_hint_token: { sensitivity: 'token', placeholder: 'a token naming the user to sign in' },
  request: {
    sensitivity: 'token',
    placeholder: 'the request object (a JWT carrying the authorization request)',
  },
  response: {
    sensitivity: 'token',
    placeholder: 'the JARM response JWT (the whole authorization response, code included)',
  },
  registration_access_token: {
    sensitivity: 'secret',
    placeholder: 'the registration access token returned by dynamic client registration',
  },
  login_hint: { sensitivity: 'personal', placeholder: 'the username or email of the user to sign in' },
  logout_hint: { sensitivity: 'personal', placeholder: 'the username or email of the user to sign out' },
  username: { sensitivity: 'personal', placeholder: 'the username of the user (ROPC)' },
};

/** Placeholders for header values, named after the header or what it carries. */
const HEADER_PLACEHOLDERS: Readonly<Record<string, Entry>> = {
  client_credentials_base64: {
    sensitivity: 'secret',
    placeholder: 'base64 of "client_id:client_secret" (each form-URL-encoded first)',
  },
  authorization: { sensitivity: 'token', placeholder: 'the credentials of the Authorization header' },
  dpop_proof: {
    sensitivity: 'token',
    placeholder: 'a new DPoP proof JWT for this request (single-use: a fresh jti each send)',
  },
  cookie: { sensitivity: 'secret', placeholder: 'the cookies to send, if any' },
};

/**
 * How sensitive a wire parameter (query, form or JSON field) is; `public` for any name not listed.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.3
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4
 */
export function classifyParameter(name: string): Sensitivity {
  return Object.hasOwn(PARAMETERS, name) ? (PARAMETERS[name]?.sensitivity ?? 'public') : 'public';
}

/**
 * How sensitive an HTTP header is, with the placeholder that replaces its value: `Authorization`
 * (Basic is the client's secret, any other scheme a token), `DPoP` (a proof of possession),
 * `Cookie` and `Set-Cookie` (a session). `undefined` for a header that carries nothing sensitive.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function classifyHeader(
  name: string,
  value: string,
): { sensitivity: Exclude<Sensitivity, 'public'>; placeholder: string } | undefined {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    return /^basic\s/i.test(value)
      ? { sensitivity: 'secret', placeholder: 'client_credentials_base64' }
      : /^(bearer|dpop)\s/i.test(value)
        ? { sensitivity: 'token', placeholder: 'access_token' }
        : { sensitivity: 'token', placeholder: 'authorization' };
  }
  if (lower === 'dpop') return { sensitivity: 'token', placeholder: 'dpop_proof' };
  if (lower === 'cookie' || lower === 'set-cookie') return { sensitivity: 'secret', placeholder: 'cookie' };
  return undefined;
}

/** Whether a parameter is a secret or a token: never kept in storage, setups, links or exports. */
export function isSecretOrToken(name: string): boolean {
  const sensitivity = classifyParameter(name);
  return sensitivity === 'secret' || sensitivity === 'token';
}

/** Every name a placeholder may carry (parameters and headers), with what it stands for. */
export function describeSensitivePlaceholder(name: string): string | undefined {
  if (Object.hasOwn(PARAMETERS, name)) return PARAMETERS[name]?.placeholder;
  if (Object.hasOwn(HEADER_PLACEHOLDERS, name)) return HEADER_PLACEHOLDERS[name]?.placeholder;
  return undefined;
}

/** The registered parameter names of one sensitivity, for tests and for masking lists. */
export function listSensitiveParameters(sensitivity?: Exclude<Sensitivity, 'public'>): string[] {
  return Object.entries(PARAMETERS)
    .filter(([, entry]) => sensitivity === undefined || entry.sensitivity === sensitivity)
    .map(([name]) => name);
}
