// The modern OAuth features of the local demo IdP: pushed authorization requests (RFC 9126),
// signed request objects (RFC 9101), JWT-secured responses (JARM), DPoP (RFC 9449), rich
// authorization requests (RFC 9396), the claims parameter and step-up (OIDC Core §5.5, §3.1.2.1),
// and open dynamic client registration (RFC 7591) limited to loopback redirect URIs.
import { randomBytes } from 'node:crypto';
import { errors, interactionPolicy } from 'oidc-provider';
import {
  ACR_MFA,
  ACR_PASSWORD,
  ACR_VALUES,
  RAR_PAYMENT_ACTIONS,
  RAR_PAYMENT_CURRENCIES,
  RAR_PAYMENT_LIMIT,
  RAR_PAYMENT_TYPE,
} from './config.js';

/** How long a pushed request's `request_uri` stays usable (RFC 9126 §2.2 `expires_in`). */
export const PAR_TTL_SECONDS = 60;

const PAYMENT_FIELDS = new Set([
  'type',
  'locations',
  'actions',
  'datatypes',
  'identifier',
  'privileges',
  'instructedAmount',
  'creditorName',
  'creditorAccount',
  'remittanceInformationUnstructured',
]);

/**
 * Checks one `payment_initiation` authorization detail (the RFC 9396 §2 example type) and refuses
 * it with `invalid_authorization_details` naming the field; amounts above the demo limit are refused.
 * oidc-provider has already checked `type` and the common fields (`locations`, `actions`, …).
 * @see https://www.rfc-editor.org/rfc/rfc9396#section-2
 */
export function validatePaymentDetail(detail) {
  const refuse = (message) => {
    throw new errors.InvalidAuthorizationDetails(message);
  };
  for (const field of Object.keys(detail)) {
    if (!PAYMENT_FIELDS.has(field)) refuse(`payment_initiation does not know the field "${field}"`);
  }
  const amount = detail.instructedAmount;
  if (typeof amount !== 'object' || amount === null || Array.isArray(amount))
    refuse('payment_initiation needs "instructedAmount": { "currency", "amount" }');
  if (!RAR_PAYMENT_CURRENCIES.includes(amount.currency))
    refuse(`"instructedAmount.currency" must be one of ${RAR_PAYMENT_CURRENCIES.join(', ')}`);
  if (typeof amount.amount !== 'string' || !/^\d{1,9}(\.\d{1,2})?$/.test(amount.amount))
    refuse('"instructedAmount.amount" must be a decimal string such as "123.50"');
  if (Number(amount.amount) > RAR_PAYMENT_LIMIT)
    refuse(
      `"instructedAmount.amount" ${amount.amount} is above this demo bank's limit of ${RAR_PAYMENT_LIMIT} ${amount.currency}`,
    );
  if (typeof detail.creditorName !== 'string' || detail.creditorName.trim() === '')
    refuse('payment_initiation needs a non-empty "creditorName"');
  if (detail.creditorAccount !== undefined) {
    const account = detail.creditorAccount;
    if (typeof account !== 'object' || account === null || typeof account.iban !== 'string')
      refuse('"creditorAccount" must be an object with an "iban" string');
  }
  if (detail.actions?.some((action) => !RAR_PAYMENT_ACTIONS.includes(action)))
    refuse(`"actions" may only hold ${RAR_PAYMENT_ACTIONS.join(', ')}`);
  if (
    detail.remittanceInformationUnstructured !== undefined &&
    typeof detail.remittanceInformationUnstructured !== 'string'
  )
    refuse('"remittanceInformationUnstructured" must be a string');
}

function parseDetails(value) {
  if (!value) return undefined;
  const details = JSON.parse(value);
  return Array.isArray(details) && details.length ? details : undefined;
}

/**
 * The `richAuthorizationRequests` feature: one type, and the details the user consented to carried
 * from the request into the code, the token response, the access token and refreshes.
 * @see https://www.rfc-editor.org/rfc/rfc9396#section-7
 */
export function buildRichAuthorizationRequests() {
  return {
    enabled: true,
    ack: 'experimental-01',
    types: { [RAR_PAYMENT_TYPE]: { validate: (_ctx, detail) => validatePaymentDetail(detail) } },
    // The consent page grants all requested details or none, so the request's details are the grant.
    rarForAuthorizationCode: (ctx) => parseDetails(ctx.oidc.params.authorization_details),
    rarForCodeResponse: (ctx) => ctx.oidc.authorizationCode.rar,
    rarForRefreshTokenResponse: (ctx) => ctx.oidc.refreshToken.rar,
    rarForIntrospectionResponse: (_ctx, token) => token.rar,
  };
}

/** The `acr` values asked for: `acr_values` (voluntary) and `claims.id_token.acr` (maybe essential). */
export function readRequestedAcr(params) {
  const voluntary = (params.acr_values ?? '').split(' ').filter(Boolean);
  let essential = [];
  if (params.claims) {
    try {
      const acr = JSON.parse(params.claims)?.id_token?.acr;
      const values = acr?.values ?? (acr?.value !== undefined ? [acr.value] : []);
      if (acr?.essential === true) essential = values;
      else voluntary.push(...values);
    } catch {
      // oidc-provider refuses a malformed claims parameter before any page is shown.
    }
  }
  return { voluntary, essential };
}

/** Whether the request asks for the second factor, and whether it may be skipped (voluntary only). */
export function describeStepUp(params) {
  const { voluntary, essential } = readRequestedAcr(params);
  if (essential.includes(ACR_MFA) && !essential.includes(ACR_PASSWORD))
    return { mfa: true, skippable: false };
  if (voluntary.includes(ACR_MFA) || essential.includes(ACR_MFA)) return { mfa: true, skippable: true };
  return { mfa: false, skippable: false };
}

/**
 * The default interaction policy plus one login check: a request whose `acr_values` ask for the
 * second factor when the session was made with a password only signs the user in again (step-up).
 * The built-in checks already cover `prompt=login`, `max_age` and an essential `acr` claim.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 * @see https://www.rfc-editor.org/rfc/rfc9470#section-4
 */
export function buildInteractionPolicy() {
  const policy = interactionPolicy.base();
  policy.get('login').checks.add(
    new interactionPolicy.Check('acr_values_step_up', 'the requested acr needs a second factor', (ctx) => {
      const { oidc } = ctx;
      const { voluntary } = readRequestedAcr(oidc.params);
      // Not right after a sign-in in this interaction: the user may have declined the second factor.
      const justSignedIn = oidc.result?.login !== undefined;
      if (voluntary.includes(ACR_MFA) && oidc.session?.accountId && oidc.acr !== ACR_MFA && !justSignedIn) {
        return interactionPolicy.Check.REQUEST_PROMPT;
      }
      return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
  );
  return policy;
}

function isAllowedRedirect(value, extraHosts) {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      (['localhost', '[::1]'].includes(url.hostname) ||
        /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname) ||
        extraHosts.includes(url.hostname))
    );
  } catch {
    return false;
  }
}

/**
 * Client metadata checks for dynamically registered clients: the registration endpoint is open
 * (no initial access token) for the demo, so redirect URIs must stay on loopback or the app's host. RFC 7591 §2's
 * `software_id` and `software_version` are accepted and echoed back.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function buildExtraClientMetadata({ appOrigin } = {}) {
  // A workshop room serves the app on its own address: its redirect URIs are allowed too.
  const extraHosts = appOrigin ? [new URL(appOrigin).hostname] : [];
  return {
    properties: ['software_id', 'software_version'],
    validator(ctx, key, value, metadata) {
      if (value !== undefined && typeof value !== 'string')
        throw new errors.InvalidClientMetadata(`${key} must be a string`);
      if (key !== 'software_id' || ctx?.oidc?.route !== 'registration') return;
      for (const field of ['redirect_uris', 'post_logout_redirect_uris']) {
        const outside = (metadata[field] ?? []).filter((uri) => !isAllowedRedirect(uri, extraHosts));
        if (outside.length)
          throw new errors.InvalidClientMetadata(
            `${field} must stay on this machine (localhost, 127.x.x.x, [::1]) or the app's own host for the local demo IdP; refused: ${outside.join(', ')}`,
          );
      }
      for (const field of ['jwks_uri', 'sector_identifier_uri']) {
        if (metadata[field] !== undefined)
          throw new errors.InvalidClientMetadata(
            `${field} is not accepted by the local demo IdP: it fetches nothing from other hosts${field === 'jwks_uri' ? '; send the public keys as "jwks"' : ''}`,
          );
      }
    },
  };
}

/**
 * The `features` entries for the modern modes. DPoP nonces are required at every endpoint so that
 * each DPoP client sees the `use_dpop_nonce` round trip (RFC 9449 §8).
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8
 */
export function buildModernFeatures() {
  return {
    pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
    requestObjects: { request: true, requestUri: false, requireSignedRequestObject: false, mode: 'strict' },
    jwtResponseModes: { enabled: true },
    dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true },
    richAuthorizationRequests: buildRichAuthorizationRequests(),
    registration: { enabled: true, initialAccessToken: false },
    claimsParameter: { enabled: true },
  };
}

export { ACR_VALUES };
