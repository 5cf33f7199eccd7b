/**
 * Azure AD B2C and Microsoft Entra External ID authorities: their hosts, user-flow policies and
 * the issuers their tokens carry, which differ from the discovery URL a user types.
 */
const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export interface EntraAuthority {
  kind: 'b2c' | 'external-id';
  /** The tenant name before `.b2clogin.com` / `.ciamlogin.com`. */
  tenantName: string;
  /** The B2C user flow or custom policy (`B2C_1_signin`, `B2C_1A_…`), from `/tfp/…`, the path or `p=`. */
  policy?: string;
}

/**
 * Recognises a B2C (`{tenant}.b2clogin.com`) or External ID (`{tenant}.ciamlogin.com`) URL.
 * @see https://learn.microsoft.com/azure/active-directory-b2c/b2clogin
 * @see https://learn.microsoft.com/entra/external-id/customers/reference-tenant-type-comparison
 */
export function describeEntraAuthority(input: string): EntraAuthority | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  const b2c = /^([a-z0-9-]+)\.b2clogin\.com$/.exec(host);
  if (b2c?.[1]) {
    const parts = url.pathname.split('/').filter(Boolean);
    const queryPolicy = url.searchParams.get('p') ?? undefined;
    const pathPolicy = parts[0]?.toLowerCase() === 'tfp' ? parts[2] : parts[1];
    const policy = queryPolicy ?? (pathPolicy && /^b2c_1a?_/i.test(pathPolicy) ? pathPolicy : undefined);
    return { kind: 'b2c', tenantName: b2c[1], ...(policy ? { policy } : {}) };
  }
  const ciam = /^([a-z0-9-]+)\.ciamlogin\.com$/.exec(host);
  if (ciam?.[1]) return { kind: 'external-id', tenantName: ciam[1] };
  return undefined;
}

/**
 * Why a B2C or External ID issuer is right although it differs from the discovery URL, or
 * `undefined`. B2C tokens carry `https://{tenant}.b2clogin.com/{tenant id}/v2.0/` (or, with the
 * "tfp" compatibility setting, `…/tfp/{tenant id}/{policy}/v2.0/`); External ID tokens carry
 * `https://{tenant id}.ciamlogin.com/{tenant id}/v2.0`.
 * @see https://learn.microsoft.com/azure/active-directory-b2c/tokens-overview#claims
 * @see https://learn.microsoft.com/entra/external-id/customers/how-to-web-app-role-based-access-control (issuer)
 */
export function explainAuthorityIssuer(expected: string, actual: string): string | undefined {
  const authority = describeEntraAuthority(expected);
  if (!authority) return undefined;
  let issuer: URL;
  try {
    issuer = new URL(actual);
  } catch {
    return undefined;
  }
  if (authority.kind === 'b2c') {
    if (issuer.hostname.toLowerCase() !== `${authority.tenantName}.b2clogin.com`) return undefined;
    const plain = new RegExp(`^/(${GUID})/v2\\.0/?$`, 'i').exec(issuer.pathname);
    const tfp = new RegExp(`^/tfp/(${GUID})/([^/]+)/v2\\.0/?$`, 'i').exec(issuer.pathname);
    if (plain?.[1])
      return `Azure AD B2C names the tenant by its id (${plain[1]}) in the issuer, whatever name the discovery URL used; the user flow is in the token's "tfp" (or, for older policies, "acr") claim.`;
    if (tfp?.[1])
      return `Azure AD B2C is set to the "tfp" issuer format: tenant id ${tfp[1]} and the user flow ${tfp[2] ?? ''} appear in the issuer.`;
    return undefined;
  }
  const match = new RegExp(`^(${GUID})\\.ciamlogin\\.com$`, 'i').exec(issuer.hostname);
  if (!match?.[1] || !new RegExp(`^/${match[1]}/v2\\.0/?$`, 'i').test(issuer.pathname)) return undefined;
  return `Microsoft Entra External ID names the tenant by its id (${match[1]}) in both the host and the path of the issuer.`;
}
