// Small server-rendered pages of the local IdP. No scripts at all: forms only.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes a value for HTML text and double-quoted attributes. */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

export const STYLESHEET_PATH = '/assets/idp.css';

export const STYLESHEET = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; background: Canvas; color: CanvasText; }
main { max-width: 28rem; margin: 3rem auto; padding: 1.5rem; border: 1px solid GrayText; border-radius: 0.5rem; }
h1 { font-size: 1.5rem; margin-top: 0; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input[type=text], input[type=password] { width: 100%; box-sizing: border-box; font-size: 1rem; padding: 0.5rem; margin-top: 0.25rem; }
button { font-size: 1rem; padding: 0.5rem 1.25rem; margin: 1rem 0.5rem 0 0; cursor: pointer; }
:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
.error { border: 2px solid #b91c1c; padding: 0.5rem 0.75rem; border-radius: 0.25rem; }
.hint { color: GrayText; font-size: 0.9rem; }
.banner { margin: 0; padding: 0.5rem 1rem; background: #fef3c7; color: #713f12; border-bottom: 2px solid #b45309; font-weight: 600; text-align: center; }
code { font-size: 1.25rem; letter-spacing: 0.1em; }
h2 { font-size: 1.1rem; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
`;

/**
 * Content Security Policy for every page of the IdP. Forms may post to the IdP itself and, because
 * browsers apply form-action to the redirects that follow a submission, to the app and relay origins.
 */
export function buildCsp(formTargets) {
  return [
    "default-src 'none'",
    // No scripts are served; oidc-provider appends the hash of its form_post auto-submit script here.
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self' ${formTargets.join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Puts a notice (plain text, escaped here) at the top of a page's body. */
export function insertBanner(html, text) {
  const banner = `<p class="banner" role="note">${escapeHtml(text)}</p>`;
  const index = html.search(/<body[^>]*>/i);
  if (index < 0) return `${banner}${html}`;
  const end = html.indexOf('>', index) + 1;
  return `${html.slice(0, end)}\n${banner}${html.slice(end)}`;
}

/** Renders a full page; `body` must already be escaped HTML. */
export function renderPage(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Local demo IdP</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

function renderError(message) {
  return message ? `<p class="error" role="alert" id="form-error">${escapeHtml(message)}</p>` : '';
}

/**
 * The sign-in form. `secondFactor` (step-up) adds the security code field and, when the request
 * only asked for it voluntarily, a button to continue with the password alone.
 */
export function renderLoginPage({ action, clientName, username, error, secondFactor }) {
  const described = error ? ' aria-describedby="form-error" aria-invalid="true"' : '';
  const codeField = secondFactor?.mfa
    ? `<label for="security_code">Security code (second factor)</label>
<input type="text" id="security_code" name="security_code" inputmode="numeric" autocomplete="one-time-code" aria-describedby="security-code-hint"${described}>
<p class="hint" id="security-code-hint">The application asked for a stronger sign-in (step-up). Demo codes: alice 246810, bob 135791.</p>`
    : '';
  const skip = secondFactor?.skippable
    ? '<button type="submit" name="skip_second_factor" value="yes">Continue with the password only</button>'
    : '';
  return renderPage(
    'Sign in',
    `<p>Sign in to continue to <strong>${escapeHtml(clientName)}</strong>.</p>
${renderError(error)}
<form method="post" action="${escapeHtml(action)}">
<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" required value="${escapeHtml(username)}"${described}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required${described}>
${codeField}
<button type="submit">Sign in</button>
${skip}
</form>
<p class="hint">Demo users: alice / alice-password-1, bob / bob-password-1.</p>`,
  );
}

export function renderConsentPage({
  action,
  clientName,
  clientId,
  username,
  scopes,
  authorizationDetails = [],
}) {
  const items = scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('\n');
  const details = authorizationDetails.length
    ? `<h2>Authorization details (RFC 9396)</h2>
<ul aria-label="Requested authorization details">
${authorizationDetails.map((detail) => `<li><pre>${escapeHtml(JSON.stringify(detail, null, 2))}</pre></li>`).join('\n')}
</ul>`
    : '';
  return renderPage(
    'Allow access?',
    `<p><strong>${escapeHtml(clientName)}</strong> (<code>${escapeHtml(clientId)}</code>) asks to act for
<strong>${escapeHtml(username)}</strong> with these permissions:</p>
<ul aria-label="Requested scopes">
${items || '<li>No scopes beyond signing you in</li>'}
</ul>
${details}
<form method="post" action="${escapeHtml(action)}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

export function renderDeviceInputPage({ action, xsrf, userCode, error }) {
  return renderPage(
    'Connect a device',
    `<p>Enter the code shown on your device.</p>
${renderError(error)}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(xsrf)}">
<label for="user_code">Code</label>
<input type="text" id="user_code" name="user_code" autocomplete="off" required value="${escapeHtml(userCode)}"${error ? ' aria-describedby="form-error" aria-invalid="true"' : ''}>
<button type="submit">Continue</button>
</form>`,
  );
}

export function renderDeviceConfirmPage({ action, xsrf, userCode, clientName }) {
  return renderPage(
    'Confirm the device',
    `<p><strong>${escapeHtml(clientName)}</strong> asks to sign in on a device showing this code:</p>
<p><code>${escapeHtml(userCode)}</code></p>
<p>Continue only if your device shows the same code.</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(xsrf)}">
<input type="hidden" name="user_code" value="${escapeHtml(userCode)}">
<input type="hidden" name="confirm" value="yes">
<button type="submit">Continue</button>
<button type="submit" name="abort" value="yes">Cancel</button>
</form>`,
  );
}

export function renderDeviceSuccessPage({ clientName }) {
  return renderPage(
    'Device connected',
    `<p>You are signed in on the device for <strong>${escapeHtml(clientName)}</strong>. You can close this page.</p>`,
  );
}

export function renderLogoutPage({ action, xsrf, host }) {
  return renderPage(
    'Sign out?',
    `<p>Do you want to sign out of the local demo IdP at <strong>${escapeHtml(host)}</strong>?</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(xsrf)}">
<button type="submit" name="logout" value="yes">Yes, sign me out</button>
<button type="submit">No, stay signed in</button>
</form>`,
  );
}

export function renderLoggedOutPage({ clientName }) {
  return renderPage(
    'Signed out',
    `<p>You are signed out${clientName ? ` of <strong>${escapeHtml(clientName)}</strong>` : ''}. You can close this page.</p>`,
  );
}

export function renderErrorPage(fields) {
  const rows = Object.entries(fields)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('\n');
  return renderPage('Something went wrong', `<dl>\n${rows}\n</dl>`);
}
