import { explainAuthorityIssuer } from './authorities';
import { PlaygroundError } from './errors';
import type { HttpRequest, HttpResponse } from './http';
import type { ProviderEndpoints } from './providers';

/** OpenID Provider / OAuth authorization server metadata, as much of it as the playground reads. */
export interface DiscoveryDocument extends ProviderEndpoints {
  scopes_supported?: string[];
  response_types_supported?: string[];
  response_modes_supported?: string[];
  grant_types_supported?: string[];
  token_endpoint_auth_methods_supported?: string[];
  code_challenge_methods_supported?: string[];
  id_token_signing_alg_values_supported?: string[];
  claims_supported?: string[];
  [key: string]: unknown;
}

/**
 * The endpoint fields of a discovery document that must hold an absolute http(s) URL when present.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 */
export const URL_FIELDS = [
  'authorization_endpoint',
  'token_endpoint',
  'device_authorization_endpoint',
  'userinfo_endpoint',
  'jwks_uri',
  'end_session_endpoint',
  'introspection_endpoint',
  'revocation_endpoint',
] as const;

/** The endpoints a provider must publish for the playground's browser flows to work. */
export const REQUIRED_ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;

/**
 * Builds the discovery request.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationRequest
 */
export function buildDiscoveryRequest(discoveryUrl: string): HttpRequest {
  return { method: 'GET', url: discoveryUrl, headers: { accept: 'application/json' } };
}

/**
 * Whether a document's issuer matches the one expected. Entra ID's multi-tenant documents
 * (`common`, `organizations`) name the issuer with a literal `{tenantid}` placeholder, which
 * matches any tenant id.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationValidation
 */
export function issuerMatches(expected: string, actual: string): boolean {
  const trim = (value: string) => value.replace(/\/$/, '');
  if (trim(expected) === trim(actual)) return true;
  if (actual.split('{tenantid}').length === 2) {
    // The expected issuer holds the alias (common, organizations) or a tenant id in that place.
    // Exactly one placeholder: several adjacent ones would make the pattern backtrack for minutes.
    const pattern = new RegExp(`^${trim(actual).split('{tenantid}').map(escapeRegExp).join('[^/]+')}$`);
    return pattern.test(trim(expected));
  }
  return false;
}

const TENANT_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PERSONAL_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/**
 * Why an Entra issuer that names a tenant id is right for a discovery URL that named the tenant by
 * alias, or `undefined` when it is not such a case. Entra publishes the GUID issuer for `consumers`
 * (the personal-account tenant `9188040d-6c67-4c5b-b112-36a304b66dad`) and for a verified domain
 * (the id of the tenant that owns the domain); only `common` and `organizations` show `{tenantid}`.
 * @see https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
 * @see https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer
 */
export function explainTenantIssuer(expected: string, actual: string): string | undefined {
  let want: URL;
  let got: URL;
  try {
    want = new URL(expected);
    got = new URL(actual);
  } catch {
    return undefined;
  }
  const [, alias, ...rest] = want.pathname.replace(/\/$/, '').split('/');
  const [, tenantId, ...restGot] = got.pathname.replace(/\/$/, '').split('/');
  if (want.origin !== got.origin || alias === undefined || tenantId === undefined) return undefined;
  if (rest.join('/') !== restGot.join('/') || !TENANT_GUID.test(tenantId)) return undefined;
  const name = decodeURIComponent(alias).toLowerCase();
  if (name === 'consumers') {
    return tenantId.toLowerCase() === PERSONAL_TENANT_ID
      ? `The tenant "consumers" is published under its tenant id ${tenantId}, the tenant of all personal Microsoft accounts: tokens carry this issuer, so it is the one checked.`
      : undefined;
  }
  if (!name.includes('.')) return undefined;
  return `The domain "${name}" is published under the id of the tenant that owns it, ${tenantId}: tokens carry this issuer, so it is the one checked.`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Reads a discovery response. With `tenantAliases` (Entra ID) a tenant named by `consumers` or a
 * domain may publish its tenant-id issuer (see `explainTenantIssuer`); B2C and External ID hosts
 * publish theirs too (see `explainAuthorityIssuer`). Each failure has its own code: `DISCOVERY_FAILED` (HTTP status),
 * `DISCOVERY_NOT_JSON`, `DISCOVERY_ISSUER_MISMATCH`, `DISCOVERY_MISSING_ENDPOINT`.
 * Missing optional endpoints are not errors; `listMissingEndpoints` reports them.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationResponse
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.2
 */
export function parseDiscoveryResponse(
  response: HttpResponse,
  expectedIssuer: string,
  options: { tenantAliases?: boolean } = {},
): DiscoveryDocument {
  if (response.status < 200 || response.status >= 300) {
    throw new PlaygroundError(
      'DISCOVERY_FAILED',
      `The discovery document answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}: check the issuer or tenant.`,
      { cause: { expected: 200, actual: response.status } },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    const start = response.body.trimStart().slice(0, 200);
    const looksHtml = /^<(!doctype|html|head|body)/i.test(start);
    throw new PlaygroundError(
      'DISCOVERY_NOT_JSON',
      looksHtml
        ? 'The discovery URL returned an HTML page, not a JSON document: the URL probably points at a web page rather than the issuer.'
        : response.body.trim() === ''
          ? 'The discovery URL returned an empty body instead of a JSON document.'
          : 'The discovery URL returned something that is not JSON.',
      { cause: { expected: 'application/json', actual: start } },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PlaygroundError('DISCOVERY_NOT_JSON', 'The discovery document is JSON but not an object.', {
      cause: { expected: 'object', actual: Array.isArray(parsed) ? 'array' : typeof parsed },
    });
  }
  const document = parsed as Record<string, unknown>;
  const issuer = document.issuer;
  if (typeof issuer !== 'string' || issuer === '') {
    throw new PlaygroundError('DISCOVERY_MISSING_ENDPOINT', 'The discovery document has no "issuer".', {
      cause: { expected: 'issuer', actual: issuer },
    });
  }
  if (
    !issuerMatches(expectedIssuer, issuer) &&
    !(options.tenantAliases === true && explainTenantIssuer(expectedIssuer, issuer) !== undefined) &&
    explainAuthorityIssuer(expectedIssuer, issuer) === undefined
  ) {
    throw new PlaygroundError(
      'DISCOVERY_ISSUER_MISMATCH',
      `The document's "issuer" is ${issuer}, not ${expectedIssuer}: tokens from this provider would fail the issuer check.`,
      { cause: { expected: expectedIssuer, actual: issuer } },
    );
  }
  for (const field of URL_FIELDS) {
    const value = document[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !isHttpUrl(value)) {
      throw new PlaygroundError(
        'DISCOVERY_MISSING_ENDPOINT',
        `"${field}" in the discovery document is not a URL.`,
        {
          cause: { expected: 'absolute http(s) URL', actual: value },
        },
      );
    }
  }
  const missing = REQUIRED_ENDPOINTS.filter((field) => typeof document[field] !== 'string');
  if (missing.length > 0) {
    throw new PlaygroundError(
      'DISCOVERY_MISSING_ENDPOINT',
      `The discovery document lacks ${missing.map((name) => `"${name}"`).join(', ')}: the playground's flows need ${missing.length === 1 ? 'it' : 'them'}.`,
      { cause: { expected: REQUIRED_ENDPOINTS, actual: missing } },
    );
  }
  return document as DiscoveryDocument;
}

/** The optional endpoints a document does not publish, so the UI can say which flows are unavailable. */
export function listMissingEndpoints(document: DiscoveryDocument): (typeof URL_FIELDS)[number][] {
  return URL_FIELDS.filter((field) => typeof document[field] !== 'string');
}

/**
 * Whether a string is an absolute http(s) URL (metadata members that name endpoints or issuers).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
