import type { ErrorCode, OAuthErrorFields } from './errors';

/** A link the user may open (never fetched by the app). */
export interface DocLink {
  title: string;
  url: string;
}

/** What one error code means and how to fix it. */
export interface ErrorCodeInfo {
  code: string;
  meaning: string;
  fix: string;
  docs?: DocLink;
}

/** The explanation shown next to an error: the headline, and every code it carried. */
export interface ErrorExplanation {
  title: string;
  meaning: string;
  likelyFix: string;
  codes: ErrorCodeInfo[];
}

const RFC6749_AUTHZ: DocLink = {
  title: 'RFC 6749 §4.1.2.1 Error Response',
  url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1',
};
const RFC6749_TOKEN: DocLink = {
  title: 'RFC 6749 §5.2 Error Response',
  url: 'https://www.rfc-editor.org/rfc/rfc6749#section-5.2',
};
const OIDC_ERRORS: DocLink = {
  title: 'OpenID Connect Core §3.1.2.6 Authentication Error Response',
  url: 'https://openid.net/specs/openid-connect-core-1_0.html#AuthError',
};
const RFC8628: DocLink = {
  title: 'RFC 8628 §3.5 Device Access Token Response',
  url: 'https://www.rfc-editor.org/rfc/rfc8628#section-3.5',
};
const RFC6750: DocLink = {
  title: 'RFC 6750 §3.1 Error Codes',
  url: 'https://www.rfc-editor.org/rfc/rfc6750#section-3.1',
};
const ENTRA_DOCS: DocLink = {
  title: 'Microsoft Entra authentication and authorization error codes',
  url: 'https://learn.microsoft.com/entra/identity-platform/reference-error-codes',
};

type Entry = readonly [meaning: string, fix: string, docs: DocLink];

const OAUTH_ERRORS: Record<string, Entry> = {
  invalid_request: [
    'The request is missing a required parameter, repeats one, or has a malformed value.',
    "Compare the request with the endpoint's required parameters; the description usually names the parameter.",
    RFC6749_TOKEN,
  ],
  invalid_client: [
    'The client could not be authenticated: unknown client, wrong or missing secret/assertion, or an unsupported authentication method.',
    'Check client_id, the secret or assertion, and whether the client is registered as public or confidential (token_endpoint_auth_method).',
    RFC6749_TOKEN,
  ],
  invalid_grant: [
    'The code, refresh token, device code or credentials are invalid, expired, revoked, already used, or were issued to another client or redirect URI.',
    'Start the flow again for a fresh code; check that redirect_uri and code_verifier match the authorization request.',
    RFC6749_TOKEN,
  ],
  unauthorized_client: [
    'This client is not allowed to use this grant type or response type.',
    'Enable the grant or response type for the client in its registration.',
    RFC6749_TOKEN,
  ],
  unsupported_grant_type: [
    'The authorization server does not support this grant_type.',
    'Check grant_types_supported in the discovery document, and the spelling of grant_type.',
    RFC6749_TOKEN,
  ],
  invalid_scope: [
    'A requested scope is invalid, unknown, malformed, or more than was granted.',
    'Request only scopes the resource defines and the client may have; on Entra, one resource per request.',
    RFC6749_TOKEN,
  ],
  access_denied: [
    'The user or the authorization server refused the request (for example, consent was declined).',
    'Sign in again and accept, or ask an administrator to grant consent or assign the user.',
    RFC6749_AUTHZ,
  ],
  unsupported_response_type: [
    'The authorization server does not support this response_type, or not for this client.',
    "Check response_types_supported in discovery and the client's registered response types.",
    RFC6749_AUTHZ,
  ],
  server_error: [
    'The authorization server hit an unexpected condition.',
    "Retry later; if it persists, keep the trace and correlation ids for the provider's support.",
    RFC6749_AUTHZ,
  ],
  temporarily_unavailable: [
    'The authorization server is overloaded or under maintenance.',
    'Retry after a while.',
    RFC6749_AUTHZ,
  ],
  interaction_required: [
    'The server needs the user to interact (MFA, consent, terms), which prompt=none does not allow.',
    'Send the request again without prompt=none.',
    OIDC_ERRORS,
  ],
  login_required: [
    'The user is not signed in at the provider, and prompt=none forbids showing a login page.',
    'Send the request again without prompt=none (or with prompt=login).',
    OIDC_ERRORS,
  ],
  account_selection_required: [
    'Several accounts are signed in and the user must choose one, which prompt=none does not allow.',
    'Send the request again with prompt=select_account, or a login_hint.',
    OIDC_ERRORS,
  ],
  consent_required: [
    'The user has not consented to the requested scopes, and prompt=none forbids asking.',
    'Send the request again without prompt=none (or with prompt=consent).',
    OIDC_ERRORS,
  ],
  invalid_request_uri: [
    'The request_uri is invalid or could not be retrieved.',
    'Check the request_uri value and that the provider can reach it.',
    OIDC_ERRORS,
  ],
  invalid_request_object: [
    'The request object (JAR) is invalid.',
    'Check its signature, claims and audience.',
    OIDC_ERRORS,
  ],
  request_not_supported: [
    'The provider does not support the request parameter.',
    'Send the parameters in the URL instead.',
    OIDC_ERRORS,
  ],
  request_uri_not_supported: [
    'The provider does not support request_uri.',
    'Send the parameters in the URL instead.',
    OIDC_ERRORS,
  ],
  registration_not_supported: [
    'The provider does not support the registration parameter.',
    'Register the client beforehand.',
    OIDC_ERRORS,
  ],
  authorization_pending: [
    'The user has not finished signing in on the other device yet.',
    'Nothing to fix: keep polling at the interval.',
    RFC8628,
  ],
  slow_down: [
    'Polling too fast.',
    'Add 5 seconds to the polling interval for this and every later poll.',
    RFC8628,
  ],
  expired_token: [
    'The device code expired before the user finished.',
    'Start the device flow again and sign in within expires_in.',
    RFC8628,
  ],
  authorization_declined: [
    "The user declined the sign-in on the other device (Entra's name for access_denied in the device flow).",
    'Start again and accept.',
    RFC8628,
  ],
  bad_verification_code: [
    'The device_code sent is not one the server issued (mistyped or from another request).',
    'Send the device_code from the device authorization response unchanged.',
    RFC8628,
  ],
  invalid_token: [
    'The access token is expired, revoked, malformed, or meant for another API (audience).',
    'Get a new token for this API (check its aud and exp in the inspector).',
    RFC6750,
  ],
  insufficient_claims: [
    'The API wants a new token that satisfies the claims in its challenge (Continuous Access Evaluation revoked the session, or Conditional Access needs more).',
    'Authorize again with the challenge as the "claims" parameter (plus xms_cc "cp1" client capabilities); MSAL does this with claims and clientCapabilities.',
    {
      title: 'Claims challenges, claims requests and client capabilities',
      url: 'https://learn.microsoft.com/entra/identity-platform/claims-challenge',
    },
  ],
  insufficient_scope: [
    'The token is valid but lacks the scope or role this call needs.',
    "Request the scope (and consent) the API needs; the challenge's scope attribute names it.",
    RFC6750,
  ],
};

const AADSTS: Record<string, readonly [meaning: string, fix: string]> = {
  '50011': [
    'The redirect_uri in the request does not match any redirect URI registered for the app.',
    'Register the exact redirect URI (scheme, host, port, path, trailing slash) under Authentication, or send the registered one.',
  ],
  '50058': [
    'prompt=none was sent but the user has no session with Entra (or several).',
    'Send the request without prompt=none so the user can sign in.',
  ],
  '50076': [
    'Multi-factor authentication is required (policy or location), and this request could not perform it.',
    'Sign in interactively so MFA can run; the password grant cannot do MFA.',
  ],
  '50079': [
    'The user must register for multi-factor authentication first.',
    'Sign in interactively to complete MFA registration.',
  ],
  '50126': [
    'The username or password is wrong.',
    'Check the credentials; federated and MFA accounts cannot use the password grant.',
  ],
  '50148': [
    'The code_verifier does not match the code_challenge of the authorization request.',
    'Send the verifier that produced the challenge, with the same method (S256 digest, base64url, no padding).',
  ],
  '501481': [
    'The code_verifier does not match the code_challenge of the authorization request.',
    'Send the verifier that produced the challenge, with the same method (S256 digest, base64url, no padding).',
  ],
  '50149': ['code_challenge_method is not valid.', 'Use "S256" (or "plain"); nothing else is accepted.'],
  '54005': [
    'The authorization code was already redeemed; codes are single-use.',
    'Start the flow again for a new code (watch for double submits and replays).',
  ],
  '65001': [
    'The user or an administrator has not consented to this app and these scopes.',
    'Sign in interactively and consent, or have an administrator grant tenant-wide consent.',
  ],
  '70008': [
    'The code or refresh token has expired or was revoked.',
    'Start the flow again for a new code or refresh token.',
  ],
  '70011': [
    'The scope is invalid: unknown, malformed, or .default mixed with other scopes.',
    'Use "{resource}/.default" alone, or named scopes of one resource.',
  ],
  '700016': [
    'No application with this client_id exists in the tenant.',
    "Check the client_id and the tenant; a single-tenant app must be used on its own tenant, and multi-tenant apps need consent in the user's tenant.",
  ],
  '700022': [
    'The scopes span several resources, but a token is for one resource only.',
    'Request scopes of one resource per request; use another request for the next resource.',
  ],
  '700025': [
    'The client is registered as public but the request carries a secret or assertion.',
    'Remove the client_secret/client_assertion, or register the redirect URI as Web for a confidential client.',
  ],
  '700054': [
    'response_type asks for an ID token, which is not enabled for the app.',
    'Enable "ID tokens" under Authentication → Implicit grant, or use the code flow.',
  ],
  '700082': ['The refresh token expired from inactivity.', 'Sign in again for a new refresh token.'],
  '700084': [
    'A refresh token issued to a single-page application is past its fixed 24-hour lifetime.',
    'Sign in again (SPA refresh tokens cannot be extended).',
  ],
  '7000215': [
    'The client secret is wrong (often the secret id was pasted instead of its value).',
    'Paste the secret value shown once when it was created, or create a new secret.',
  ],
  '7000218': [
    'The body must contain client_secret or client_assertion; for device code or password, "Allow public client flows" may be off.',
    'Send a secret or assertion, or turn on "Allow public client flows" for a public client.',
  ],
  '7000222': ['The client secret has expired.', 'Create a new secret in the app registration and use it.'],
  '9002313': [
    'The request is malformed or invalid (often a wrong or duplicated parameter).',
    "Compare each parameter with the endpoint's requirements; check the encoding.",
  ],
  '9002325': [
    'Proof Key for Code Exchange is required for cross-origin (browser) code redemption.',
    'Send code_challenge in the authorization request and code_verifier when redeeming.',
  ],
  '9002326': [
    'Cross-origin token redemption is only allowed for the Single-page application platform; this redirect URI is registered as Web, so the browser may not redeem the code.',
    'Use the relay (server-side redemption), or register the redirect URI under "Single-page application".',
  ],
  '9002327': [
    'Tokens issued for the Single-page application platform can only be redeemed by cross-origin requests; this one had no Origin header (e.g. through a relay).',
    'Redeem SPA codes and refresh tokens directly from the browser, not through the relay.',
  ],
  '90014': ['A required field is missing from the request.', 'Add the parameter named in the description.'],
  '900144': [
    'A required parameter is missing from the request body.',
    'Add the parameter named in the description (for example grant_type, scope or client_id).',
  ],
  '9001023': [
    'This grant is not supported on the /common or /consumers endpoint.',
    'Use a tenant-specific endpoint (tenant id or domain) or /organizations.',
  ],
  '50194': [
    'The app is single-tenant but the request went to /common (multi-tenant endpoint).',
    'Use the tenant-specific endpoint, or make the app multi-tenant.',
  ],
  '500011': [
    'The resource (API) named in the scope was not found in the tenant.',
    'Check the resource URI or app id in the scope, and that the API has a service principal (consent) in this tenant.',
  ],
  '901002': [
    'The v2.0 endpoint does not support the "resource" parameter.',
    'Remove "resource" and put the resource in the scope, e.g. "https://graph.microsoft.com/.default".',
  ],
  '53003': [
    'Access was blocked by a Conditional Access policy.',
    'Check the sign-in logs for the policy; an administrator must adjust it or the device/location must comply.',
  ],
  '50105': [
    'The user is not assigned to the app, and the app requires assignment.',
    'Ask an administrator to assign the user (or a group) under Enterprise applications → Users and groups.',
  ],
  '1002012': [
    'Client credentials need a scope of the form {resource}/.default (application permissions), not a named scope.',
    'Send scope={Application ID URI}/.default, for example api://my-api/.default or https://graph.microsoft.com/.default.',
  ],
  '90002': [
    'The tenant in the URL does not exist in this cloud (or is misspelled).',
    'Check the tenant id or domain, and that the cloud (global, US Gov, China) is the one the tenant lives in.',
  ],
  '700051': [
    "response_type 'token' is not enabled for the app (implicit grant of access tokens).",
    'Tick "Access tokens (used for implicit flows)" under Authentication, or use the code flow instead.',
  ],
  '65004': [
    'The user declined to consent to the permissions the app asked for.',
    'Ask for fewer permissions, or have an administrator grant consent for the tenant.',
  ],
  '50013': [
    'The assertion (user token or client assertion) failed validation: signature, audience or lifetime.',
    'For on-behalf-of, send the token issued to this API (aud = its client id); for a certificate, sign with the uploaded one.',
  ],
  '50020': [
    'The account is not from this tenant and cannot sign in here (for example a personal account on /organizations).',
    'Use /common or /consumers for personal accounts, or invite the user as a guest.',
  ],
  '700027': [
    'The client assertion failed signature validation: no matching certificate is uploaded to the app.',
    'Upload the certificate under Certificates & secrets and send its thumbprint in x5t#S256.',
  ],
  '70000': [
    'The grant (code, refresh token or device code) is not valid for this client or request.',
    'Start the flow again and redeem the new grant with the same client and redirect URI.',
  ],
};

/**
 * The Entra AADSTS codes of an error: from `error_codes` and from "AADSTS12345" in the description.
 * @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
export function extractAadstsCodes(fields: OAuthErrorFields): string[] {
  const codes = new Set<string>((fields.error_codes ?? []).map(String));
  for (const match of (fields.error_description ?? '').matchAll(/AADSTS(\d{5,8})\b/g)) {
    if (match[1] !== undefined) codes.add(match[1]);
  }
  return [...codes];
}

/**
 * What one code means: an OAuth/OIDC/device/bearer error name, or an AADSTS number
 * (`"50011"` or `"AADSTS50011"`). `undefined` when the catalogue does not know it.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function lookupErrorCode(code: string): ErrorCodeInfo | undefined {
  const oauth = Object.hasOwn(OAUTH_ERRORS, code) ? OAUTH_ERRORS[code] : undefined;
  if (oauth) return { code, meaning: oauth[0], fix: oauth[1], docs: oauth[2] };
  const number = code.replace(/^AADSTS/i, '');
  const entra = Object.hasOwn(AADSTS, number) ? AADSTS[number] : undefined;
  if (entra) return { code: `AADSTS${number}`, meaning: entra[0], fix: entra[1], docs: ENTRA_DOCS };
  return undefined;
}

/**
 * Explains an OAuth error response: the headline from the most specific code known (an AADSTS
 * code beats the generic OAuth one), and every code it carried.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthError
 */
export function explainError(fields: OAuthErrorFields): ErrorExplanation {
  const codes: ErrorCodeInfo[] = [];
  const oauth = lookupErrorCode(fields.error);
  const entraCodes = extractAadstsCodes(fields);
  if (oauth) codes.push(oauth);
  const entraKnown: ErrorCodeInfo[] = [];
  for (const number of entraCodes) {
    const info = lookupErrorCode(`AADSTS${number}`);
    if (info) entraKnown.push(info);
    else {
      codes.push({
        code: `AADSTS${number}`,
        meaning:
          "An Entra error code this playground does not describe; the description above is the provider's own.",
        fix: "Look the code up on Microsoft's error code page.",
        docs: ENTRA_DOCS,
      });
    }
  }
  codes.push(...entraKnown);
  const headline = entraKnown[0] ?? oauth;
  const title = entraKnown[0] ? `${fields.error} (${entraKnown[0].code})` : fields.error;
  if (headline) return { title, meaning: headline.meaning, likelyFix: headline.fix, codes };
  if (fields.error === '')
    return {
      title: 'Unnamed error',
      meaning: fields.error_description ?? 'The provider returned an error without naming it.',
      likelyFix: "Read the provider's documentation.",
      codes,
    };
  // Shown once, and said to be non-standard; the standard code it most likely means, when it can be told.
  const standard = suggestStandardErrorCode(fields.error);
  const standardInfo = standard === undefined ? undefined : lookupErrorCode(standard);
  return {
    title: 'a non-standard error code',
    meaning: standardInfo
      ? `The provider used "${fields.error}", which no OAuth or OpenID Connect specification defines; it most likely means the standard "${standardInfo.code}": ${standardInfo.meaning}`
      : `The provider used "${fields.error}", which no OAuth or OpenID Connect specification defines${fields.error_description ? '; its description above is the only explanation' : ''}.`,
    likelyFix: standardInfo
      ? standardInfo.fix
      : fields.error_uri
        ? 'Open the error_uri the provider sent for details.'
        : "Read the provider's documentation for this error code.",
    codes,
  };
}

// Words in non-standard codes and the standard code they point to (RFC 6749 §5.2, §4.1.2.1).
const STANDARD_HINTS: readonly [RegExp, string][] = [
  [/grant_type|unsupported_grant|grant_not_supported/, 'unsupported_grant_type'],
  [/response_type/, 'unsupported_response_type'],
  [/(^|_)(code|grant|verifier|refresh)(_|$)/, 'invalid_grant'],
  [/(^|_)(client|credentials?|secret|unauthori[sz]ed|authentication|auth_failed)(_|$)/, 'invalid_client'],
  [/(^|_)scopes?(_|$)/, 'invalid_scope'],
  [/(^|_)(denied|declined|rejected|cancel(l)?ed)(_|$)/, 'access_denied'],
  [/(^|_)(missing|malformed|bad_request|invalid_parameter|parameter)(_|$)/, 'invalid_request'],
];

/**
 * The standard OAuth error code a provider's non-standard one most likely stands for, by the words
 * in it (`invalid_code` → `invalid_grant`), or `undefined` when it cannot be told.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function suggestStandardErrorCode(code: string): string | undefined {
  const lower = code.toLowerCase();
  if (lookupErrorCode(lower) !== undefined) return undefined;
  return STANDARD_HINTS.find(([pattern]) => pattern.test(lower))?.[1];
}

const NETWORK_FAILURES: Partial<Record<ErrorCode, { title: string; meaning: string; likelyFix: string }>> &
  Record<string, { title: string; meaning: string; likelyFix: string } | undefined> = {
  NETWORK: {
    title: 'Network error',
    meaning:
      'No HTTP response arrived: the host is unreachable, the name does not resolve, or the connection was refused.',
    likelyFix: 'Check the URL and that the server (or the local companion) is running.',
  },
  CORS_BLOCKED: {
    title: 'Blocked by the browser (CORS)',
    meaning:
      'The server answered without the CORS headers that let this page read the response, so the browser hid it. Entra does this for Web (non-SPA) redirect URIs, confidential clients and the device code endpoint (AADSTS9002326 inside).',
    likelyFix:
      'Send the request through the local relay, or register the redirect URI as Single-page application.',
  },
  TIMEOUT: {
    title: 'Timed out',
    meaning: 'The server did not answer in time.',
    likelyFix: 'Retry; check the server and the relay are up.',
  },
  ABORTED: {
    title: 'Cancelled',
    meaning: 'The request was cancelled before a response arrived.',
    likelyFix: 'Send it again if that was not intended.',
  },
  RELAY_REFUSED: {
    title: 'Refused by the relay',
    meaning:
      'The local relay refused to forward the request: the host is not on its allow-list, or the Origin/Host check failed.',
    likelyFix: 'Add the host to the relay allow-list in the settings, and open the app from its own address.',
  },
  CLIENT_AUTH_REFUSED: {
    title: 'Client authentication refused',
    meaning:
      'The token endpoint answered 401 or 403 without an OAuth error body after the client sent its credentials: the provider most likely did not accept them (RFC 6749 §5.2 calls this invalid_client).',
    likelyFix:
      'Check the client_id, the client secret (or the key behind the assertion), and that the authentication method (client_secret_basic, client_secret_post, private_key_jwt) is the one the registration expects.',
  },
  RELAY_UNAVAILABLE: {
    title: 'Relay not running',
    meaning: 'The local companion that relays requests is not reachable.',
    likelyFix: 'Start it with "npm start" (or "npm run server"), or send the request directly.',
  },
};

/**
 * Explains a failure where no HTTP response could be read (network, CORS, timeout, relay).
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
export function explainNetworkFailure(code: string): {
  title: string;
  meaning: string;
  likelyFix: string;
} {
  const known = Object.hasOwn(NETWORK_FAILURES, code) ? NETWORK_FAILURES[code] : undefined;
  return (
    known ?? {
      title: 'Request failed',
      meaning: `The request failed before a response could be read (${code}).`,
      likelyFix: 'Check the URL, the network and the browser console.',
    }
  );
}
