// Entra ID's error shapes: the JSON body of the token endpoint, the redirect back to the app, and
// the HTML page shown when the app cannot be trusted with a redirect.
// @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes
// @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#error-response
import { randomUUID } from 'node:crypto';

/** The AADSTS codes the local tenant sends, with the OAuth `error` Entra pairs them with. */
export const AADSTS = Object.freeze({
  50011: [
    'invalid_request',
    'The redirect URI specified in the request does not match the redirect URIs configured for the application.',
  ],
  50058: ['login_required', 'A silent sign-in request was sent but no user is signed in.'],
  50126: ['invalid_grant', 'Error validating credentials due to invalid username or password.'],
  501481: [
    'invalid_grant',
    'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  ],
  50013: ['invalid_grant', 'Assertion failed signature validation or is not valid for this application.'],
  54005: [
    'invalid_grant',
    'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  ],
  65001: ['invalid_grant', 'The user or administrator has not consented to use the application.'],
  65004: ['access_denied', 'User declined to consent to access the app.'],
  70000: ['invalid_grant', 'The provided grant is not valid for this client or request.'],
  70008: ['invalid_grant', 'The provided authorization code or refresh token has expired due to inactivity.'],
  70016: [
    'authorization_pending',
    'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
  ],
  70019: ['expired_token', 'Verification code expired.'],
  700027: [
    'invalid_client',
    'Client assertion failed signature validation: no certificate is uploaded to the application.',
  ],
  70011: ['invalid_scope', "The provided request must include a valid 'scope' input parameter."],
  700016: ['unauthorized_client', 'Application was not found in the directory.'],
  700025: [
    'invalid_client',
    "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
  ],
  700051: ['unsupported_response_type', "response_type 'token' is not enabled for the application."],
  700054: ['invalid_request', "response_type 'id_token' is not enabled for the application."],
  700084: [
    'invalid_grant',
    'The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended.',
  ],
  7000215: ['invalid_client', 'Invalid client secret provided.'],
  7000218: [
    'invalid_client',
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  ],
  900144: ['invalid_request', 'The request body must contain the following parameter.'],
  9001023: [
    'invalid_request',
    'The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.',
  ],
  9002313: ['invalid_request', 'Invalid request. Request is malformed or invalid.'],
  9002325: [
    'invalid_request',
    'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
  ],
  9002326: [
    'invalid_request',
    "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type.",
  ],
  9002327: [
    'invalid_request',
    "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
  ],
  1002012: [
    'invalid_scope',
    'The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).',
  ],
  500011: ['invalid_resource', 'The resource principal was not found in the tenant.'],
  90002: [
    'invalid_tenant',
    'Tenant not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.',
  ],
  90014: ['invalid_request', 'The required field is missing from the credential.'],
  50020: [
    'invalid_request',
    'User account from identity provider does not exist in tenant and cannot access the application in that tenant.',
  ],
});

function timestamp(date = new Date()) {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * The fields Entra returns with every error: `error_description` starts "AADSTSnnnn:" and ends
 * with trace and correlation ids and a timestamp.
 * @param {number} code
 * @param {string} [detail] appended to the catalogue message
 * @param {string} loginOrigin
 */
export function buildError(code, detail, loginOrigin) {
  const entry = AADSTS[code];
  if (!entry) throw new Error(`unknown AADSTS code ${code}`);
  const [error, message] = entry;
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const time = timestamp();
  return {
    error,
    error_description: `AADSTS${code}: ${message}${detail ? ` ${detail}` : ''} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${time}`,
    error_codes: [code],
    timestamp: time,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${loginOrigin}/error?code=${code}`,
  };
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A page on the login host, no scripts, restrictive CSP. */
export function sendPage(res, status, title, bodyHtml, headers = {}) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://localhost:*; frame-ancestors 'none'",
    ...headers,
  });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}label{display:block;margin:.6rem 0}input,select{font:inherit;padding:.3rem;width:100%;box-sizing:border-box}button{font:inherit;padding:.4rem 1rem;margin-right:.5rem}.err{border:1px solid #a80000;background:#fde7e9;padding:.6rem}code{word-break:break-all}</style></head>
<body><p><strong>Local Entra tenant</strong> (offline, Token Playground)</p>${bodyHtml}</body></html>`);
}

/**
 * Entra's error page: shown instead of a redirect when the client or redirect URI cannot be
 * trusted (AADSTS700016, AADSTS50011), so the error never reaches an unverified address.
 */
export function sendErrorPage(res, code, detail, loginOrigin) {
  const body = buildError(code, detail, loginOrigin);
  sendPage(
    res,
    400,
    'Sign in to your account',
    `<h1>Sorry, but we're having trouble signing you in.</h1>
<p class="err" id="error-description">${escapeHtml(body.error_description)}</p>
<dl><dt>Error code</dt><dd id="error-code">AADSTS${code}</dd><dt>Request Id</dt><dd>${escapeHtml(body.trace_id)}</dd><dt>Correlation Id</dt><dd>${escapeHtml(body.correlation_id)}</dd><dt>Timestamp</dt><dd>${escapeHtml(body.timestamp)}</dd></dl>`,
  );
}
