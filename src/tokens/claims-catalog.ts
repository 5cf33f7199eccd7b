export type ClaimSource =
  | 'RFC 7519'
  | 'RFC 7515'
  | 'RFC 7516'
  | 'RFC 7800'
  | 'RFC 8693'
  | 'RFC 8176'
  | 'RFC 9068'
  | 'RFC 8417'
  | 'RFC 9449'
  | 'OIDC Core'
  | 'OIDC Back-Channel Logout'
  | 'OIDC Session'
  | 'Entra ID';

export interface ClaimInfo {
  meaning: string;
  source: ClaimSource;
  /** Explains a value with a known code (for example `appidacr: "2"` → certificate). */
  decodeValue?: (value: unknown) => string | undefined;
  /** NumericDate claims, shown as local, UTC and relative times. */
  isTime?: boolean;
}

/** The personal Microsoft account tenant id (consumers). */
export const MSA_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

const CLIENT_AUTH: Record<string, string> = {
  '0': 'public client (no client secret or certificate)',
  '1': 'confidential client authenticated with a client secret',
  '2': 'confidential client authenticated with a certificate or signed assertion',
};

/**
 * Client capabilities (`xms_cc`).
 * @see https://learn.microsoft.com/entra/identity-platform/claims-challenge#client-capabilities
 * @see https://learn.microsoft.com/entra/identity-platform/app-resilience-continuous-access-evaluation
 */
const CLIENT_CAPABILITIES: Record<string, string> = {
  cp1: 'the client handles claims challenges (Continuous Access Evaluation): an API such as Graph may answer a token it no longer accepts with 401 insufficient_claims and a claims value to authorize again with, instead of a plain refusal',
};

/** @see https://www.rfc-editor.org/rfc/rfc8176#section-2 plus Entra ID's own values */
const AMR_METHODS: Record<string, string> = {
  face: 'facial recognition',
  fpt: 'fingerprint',
  geo: 'geolocation',
  hwk: 'proof of possession of a hardware-secured key',
  iris: 'iris scan',
  kba: 'knowledge-based authentication',
  mca: 'multiple-channel authentication',
  mfa: 'multiple-factor authentication',
  otp: 'one-time password',
  pin: 'personal identification number',
  pwd: 'password',
  rba: 'risk-based authentication',
  retina: 'retina scan',
  sc: 'smart card',
  sms: 'confirmation by SMS text message',
  swk: 'proof of possession of a software-secured key',
  tel: 'confirmation by telephone call',
  user: 'user presence test',
  vbm: 'voice biometric',
  wia: 'Windows integrated authentication',
  rsa: 'RSA key (Entra ID: for example Microsoft Authenticator or Windows Hello)',
  ngcmfa: 'Windows Hello / passwordless sign-in satisfying MFA (Entra ID)',
  wiaormfa: 'Windows integrated authentication or MFA (Entra ID)',
  fed: 'federated assertion from another identity provider (Entra ID)',
};

/** Well-known Entra ID directory role template ids, the values of `wids`. */
export const DIRECTORY_ROLES: Record<string, string> = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451': 'Global Reader',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13': 'Privileged Authentication Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
  '158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
  'cf1c38e5-3621-4004-a7cb-879624dced7c': 'Application Developer',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
  '5d6b6bb7-de71-4623-b4af-96380a352509': 'Security Reader',
  '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f': 'Security Operator',
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9': 'Conditional Access Administrator',
  'c4e39bd9-1100-46d3-8c65-fb160da0071f': 'Authentication Administrator',
  '729827e3-9c14-49f7-bb1b-9608f156bbb8': 'Helpdesk Administrator',
  '966707d0-3269-4727-9be2-8c3a10f19b9d': 'Password Administrator',
  'fdd7a751-b60b-444a-984c-02652fe8fa1c': 'Groups Administrator',
  '29232cdf-9323-42fd-ade2-1d097af3e4de': 'Exchange Administrator',
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c': 'SharePoint Administrator',
  '69091246-20e8-4a56-aa4d-066075b2a7a8': 'Teams Administrator',
  '3a2c62db-5318-420d-8d74-23affee5d9d5': 'Intune Administrator',
  'b0f54661-2d74-4c50-afa3-1ec803f12efe': 'Billing Administrator',
  '17315797-102d-40b4-93e0-432062caca18': 'Compliance Administrator',
  '4a5d8f65-41da-4de4-8968-e035b65339cf': 'Reports Reader',
  '88d8e3e3-8f55-4a1e-953a-9b9898b8876b': 'Directory Readers',
  '9360feb5-f418-4baa-8175-e2a00bac4301': 'Directory Writers',
  '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2': 'Hybrid Identity Administrator',
  '4d6ac14f-3453-41d0-bef9-a3e0c569773a': 'License Administrator',
  '95e79109-95c0-4d8e-aee3-d01accf2d47b': 'Guest Inviter',
  'f023fd81-a637-4b56-95fd-791ac0226033': 'Service Support Administrator',
  '11648597-926c-4cf3-9c36-bcebb0ba8dcc': 'Power Platform Administrator',
  '44367163-eba1-44c3-98af-f5787879f96a': 'Dynamics 365 Administrator',
  'e3973bdf-4987-49ae-837a-ba8e231c7286': 'Azure DevOps Administrator',
  'b79fbf4d-3ef9-4689-8143-76b194e85509': 'User (the default role of every member user)',
  '10dae51f-b6af-4016-8d66-8c2a99b929b3': 'Guest User (default role of guests)',
  '2af84b1e-32c8-42b7-82bc-daa82404023b': 'Restricted Guest User',
};

/** Well-known Microsoft application ids seen in `aud`, `appid` and `azp`. */
export const WELL_KNOWN_APPS: Record<string, string> = {
  '00000003-0000-0000-c000-000000000000': 'Microsoft Graph',
  'https://graph.microsoft.com': 'Microsoft Graph',
  '00000002-0000-0000-c000-000000000000': 'Azure AD Graph (retired)',
  '797f4846-ba00-4fd7-ba43-dac1f8f63013': 'Azure Resource Manager',
  'https://management.azure.com/': 'Azure Resource Manager',
  'https://management.azure.com': 'Azure Resource Manager',
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46': 'Azure CLI',
  '1950a258-227b-4e31-a9cf-717495945fc2': 'Azure PowerShell',
  'de8bc8b5-d9f9-48b1-a8ad-b748da725064': 'Graph Explorer',
  '14d82eec-204b-4c2f-b7e8-296a70dab67e': 'Microsoft Graph Command Line Tools',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c': 'Microsoft Office',
};

function asStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function decodeWith(
  table: Record<string, string>,
  unknownLabel?: string,
): (value: unknown) => string | undefined {
  return (value) => {
    const parts = asStrings(value).map((v) =>
      table[v] ? `${v}: ${table[v]}` : unknownLabel ? `${v}: ${unknownLabel}` : undefined,
    );
    const known = parts.filter((p): p is string => p !== undefined);
    return known.length > 0 ? known.join('; ') : undefined;
  };
}

function decodeTenant(value: unknown): string | undefined {
  return value === MSA_TENANT_ID
    ? 'the personal Microsoft account tenant (consumers: Outlook.com, Xbox, Skype…)'
    : undefined;
}

function decodeApp(value: unknown): string | undefined {
  const names = asStrings(value)
    .map((v) => WELL_KNOWN_APPS[v])
    .filter((n): n is string => n !== undefined);
  return names.length > 0 ? names.join(', ') : undefined;
}

function decodeSpaceList(label: string): (value: unknown) => string | undefined {
  return (value) => {
    if (typeof value !== 'string') return undefined;
    const items = value.split(' ').filter(Boolean);
    return items.length > 1 ? `${items.length} ${label}: ${items.join(', ')}` : undefined;
  };
}

/**
 * The claims catalogue: JWT registered claims, OpenID Connect ID token and standard claims, JWT access
 * tokens, token exchange, logout tokens, and Microsoft Entra ID v1/v2 claims.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 * @see https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 */
export const CLAIMS_CATALOG: Readonly<Record<string, ClaimInfo>> = {
  // RFC 7519 registered claims
  iss: { meaning: 'Issuer: who created and signed the token.', source: 'RFC 7519' },
  sub: {
    meaning: 'Subject: the principal the token is about (in Entra ID, pairwise: different per application).',
    source: 'RFC 7519',
  },
  aud: {
    meaning: 'Audience: who the token is meant for; a recipient must reject a token not addressed to it.',
    source: 'RFC 7519',
    decodeValue: decodeApp,
  },
  exp: {
    meaning: 'Expiration time: the token must not be accepted on or after this moment.',
    source: 'RFC 7519',
    isTime: true,
  },
  nbf: {
    meaning: 'Not before: the token must not be accepted before this moment.',
    source: 'RFC 7519',
    isTime: true,
  },
  iat: { meaning: 'Issued at: when the token was created.', source: 'RFC 7519', isTime: true },
  jti: { meaning: 'JWT ID: a unique identifier for this token, used to prevent replay.', source: 'RFC 7519' },
  // OpenID Connect ID token
  auth_time: {
    meaning: 'When the user last actively authenticated (entered credentials).',
    source: 'OIDC Core',
    isTime: true,
  },
  nonce: {
    meaning:
      'The value the client sent in the authorization request, echoed to bind the ID token to that request (replay protection).',
    source: 'OIDC Core',
  },
  acr: {
    meaning:
      'Authentication context class reference: how strong the authentication was (Entra v1: "0" means it did not meet ISO/IEC 29115 level 1, "1" means it did). In Azure AD B2C tokens from older policies it holds the user-flow (policy) name instead.',
    source: 'OIDC Core',
  },
  amr: {
    meaning: 'Authentication methods references: how the user authenticated.',
    source: 'OIDC Core',
    decodeValue: decodeWith(AMR_METHODS),
  },
  azp: {
    meaning:
      'Authorized party: the client the token was issued to (Entra v2: the application id of the calling client).',
    source: 'OIDC Core',
    decodeValue: decodeApp,
  },
  at_hash: {
    meaning:
      'Access token hash: left half of the hash of the access token issued with this ID token, base64url.',
    source: 'OIDC Core',
  },
  c_hash: {
    meaning:
      'Code hash: left half of the hash of the authorization code issued with this ID token (hybrid flow), base64url.',
    source: 'OIDC Core',
  },
  s_hash: { meaning: 'State hash (FAPI): left half of the hash of the state value.', source: 'OIDC Core' },
  sid: {
    meaning:
      'Session id: identifies the sign-in session, used for logout (Entra: per-session, not per-user).',
    source: 'OIDC Session',
  },
  name: { meaning: 'Full name, for display; not unique and may change.', source: 'OIDC Core' },
  given_name: { meaning: 'Given (first) name.', source: 'OIDC Core' },
  family_name: { meaning: 'Family (last) name.', source: 'OIDC Core' },
  middle_name: { meaning: 'Middle name.', source: 'OIDC Core' },
  nickname: { meaning: 'Casual name.', source: 'OIDC Core' },
  preferred_username: {
    meaning:
      'The name the user prefers to sign in with (Entra v2: usually the UPN or email); mutable, never use it for authorization.',
    source: 'OIDC Core',
  },
  profile: { meaning: 'URL of the profile page.', source: 'OIDC Core' },
  picture: { meaning: 'URL of the profile picture.', source: 'OIDC Core' },
  website: { meaning: 'URL of a web page or blog.', source: 'OIDC Core' },
  email: {
    meaning:
      'Email address; mutable and not necessarily verified in Entra ID, so never use it for authorization.',
    source: 'OIDC Core',
  },
  email_verified: { meaning: 'Whether the provider verified the email address.', source: 'OIDC Core' },
  gender: { meaning: 'Gender.', source: 'OIDC Core' },
  birthdate: { meaning: 'Birthday (YYYY-MM-DD or YYYY).', source: 'OIDC Core' },
  zoneinfo: { meaning: 'Time zone (IANA name).', source: 'OIDC Core' },
  locale: { meaning: 'Locale (BCP 47), for example en-US.', source: 'OIDC Core' },
  phone_number: { meaning: 'Phone number.', source: 'OIDC Core' },
  phone_number_verified: { meaning: 'Whether the provider verified the phone number.', source: 'OIDC Core' },
  address: { meaning: 'Postal address (JSON object).', source: 'OIDC Core' },
  updated_at: {
    meaning: 'When the profile information was last updated.',
    source: 'OIDC Core',
    isTime: true,
  },
  sub_jwk: { meaning: 'Public key of a self-issued ID token.', source: 'OIDC Core' },
  // RFC 9068 JWT access tokens and RFC 8693 token exchange
  client_id: {
    meaning: 'The client the access token was issued to.',
    source: 'RFC 9068',
    decodeValue: decodeApp,
  },
  scope: {
    meaning: 'Space-separated scopes granted to the client.',
    source: 'RFC 9068',
    decodeValue: decodeSpaceList('scopes'),
  },
  groups: {
    meaning: 'Groups the subject belongs to (Entra ID: group object ids, or names when configured).',
    source: 'RFC 9068',
  },
  roles: {
    meaning:
      'Roles granted: app roles assigned to the user (delegated) or to the calling application (app-only).',
    source: 'RFC 9068',
  },
  entitlements: { meaning: 'Entitlements granted to the subject.', source: 'RFC 9068' },
  act: {
    meaning: 'Actor: who is acting on behalf of the subject (delegation chain, nested).',
    source: 'RFC 8693',
  },
  may_act: { meaning: 'Who may act on behalf of the subject.', source: 'RFC 8693' },
  cnf: {
    meaning:
      'Confirmation: the key the token is bound to (proof of possession: jkt for DPoP, x5t#S256 for mTLS).',
    source: 'RFC 7800',
  },
  events: {
    meaning: 'Security events (a logout token carries the back-channel logout event).',
    source: 'RFC 8417',
  },
  htm: { meaning: 'DPoP proof: HTTP method of the request.', source: 'RFC 9449' },
  htu: { meaning: 'DPoP proof: HTTP URL of the request.', source: 'RFC 9449' },
  ath: { meaning: 'DPoP proof: hash of the access token.', source: 'RFC 9449' },
  // Microsoft Entra ID
  aio: { meaning: 'Internal claim Entra ID uses to reuse tokens; opaque, ignore it.', source: 'Entra ID' },
  appid: {
    meaning: 'Application (client) id of the client that requested the token (v1; v2 uses azp).',
    source: 'Entra ID',
    decodeValue: decodeApp,
  },
  appidacr: {
    meaning: 'How the client authenticated (v1; v2 uses azpacr).',
    source: 'Entra ID',
    decodeValue: decodeWith(CLIENT_AUTH),
  },
  azpacr: {
    meaning: 'How the client authenticated (v2; v1 uses appidacr).',
    source: 'Entra ID',
    decodeValue: decodeWith(CLIENT_AUTH),
  },
  idp: {
    meaning:
      'The identity provider that authenticated the subject; usually the issuer, different for guests and personal accounts.',
    source: 'Entra ID',
    decodeValue: (v) =>
      v === 'live.com'
        ? 'personal Microsoft account'
        : typeof v === 'string' && v.includes(MSA_TENANT_ID)
          ? 'personal Microsoft account'
          : undefined,
  },
  idtyp: {
    meaning: 'Token type: app-only or user (optional claim on access tokens).',
    source: 'Entra ID',
    decodeValue: decodeWith({
      app: 'app-only token (client credentials, no user)',
      user: 'delegated token for a signed-in user',
      device: 'device token',
    }),
  },
  ipaddr: { meaning: 'IP address the user authenticated from.', source: 'Entra ID' },
  oid: {
    meaning: 'Object id of the user or service principal in this tenant: the stable id to key on (with tid).',
    source: 'Entra ID',
  },
  rh: {
    meaning: 'Internal claim Entra ID uses to revalidate tokens; opaque, ignore it.',
    source: 'Entra ID',
  },
  scp: {
    meaning: 'Delegated permissions (scopes) the user consented to for the client, space-separated.',
    source: 'Entra ID',
    decodeValue: decodeSpaceList('delegated permissions'),
  },
  tid: {
    meaning: 'Tenant id: the directory the user signed in to.',
    source: 'Entra ID',
    decodeValue: decodeTenant,
  },
  unique_name: {
    meaning: 'Human-readable name of the subject (v1 only); not unique over time, display only.',
    source: 'Entra ID',
  },
  upn: { meaning: 'User principal name; mutable, display only.', source: 'Entra ID' },
  uti: { meaning: 'Token identifier claim (internal, like jti); opaque.', source: 'Entra ID' },
  ver: {
    meaning:
      "Token version: 1.0 or 2.0, set by the API's accessTokenAcceptedVersion, not by the endpoint used.",
    source: 'Entra ID',
    decodeValue: decodeWith({ '1.0': 'v1.0 token', '2.0': 'v2.0 token' }),
  },
  wids: {
    meaning: 'Directory role template ids assigned to the user (tenant-wide admin roles).',
    source: 'Entra ID',
    decodeValue: decodeWith(DIRECTORY_ROLES, 'role not in the well-known list'),
  },
  hasgroups: {
    meaning:
      'The user is in groups but there were too many (implicit flow) to include; call Graph to read them.',
    source: 'Entra ID',
  },
  _claim_names: {
    meaning:
      'Group overage: names claims (groups) that are too large for the token and must be fetched from _claim_sources.',
    source: 'Entra ID',
  },
  _claim_sources: {
    meaning: 'Group overage: where to fetch the claims named in _claim_names (a Graph endpoint).',
    source: 'Entra ID',
  },
  acct: {
    meaning: 'Account status in the tenant.',
    source: 'Entra ID',
    decodeValue: decodeWith({ '0': 'member of the tenant', '1': 'guest in the tenant' }),
  },
  acrs: {
    meaning: 'Authentication context ids (Conditional Access) the user satisfied.',
    source: 'Entra ID',
  },
  tfp: {
    meaning:
      'Trust framework policy (Azure AD B2C): the user flow or custom policy that issued the token, such as B2C_1_signupsignin. Older policies put it in "acr" instead.',
    source: 'Entra ID',
  },
  ctry: { meaning: 'Country or region of the user (two letters).', source: 'Entra ID' },
  tenant_ctry: { meaning: 'Country or region of the tenant (two letters).', source: 'Entra ID' },
  tenant_region_scope: { meaning: 'Region of the tenant.', source: 'Entra ID' },
  login_hint: {
    meaning: 'Opaque, reliable login hint for silent sign-in and logout (logout_hint).',
    source: 'Entra ID',
  },
  xms_cc: {
    meaning:
      'Client capabilities the client declared in the claims request parameter (access_token.xms_cc.values); the API reads them to know what the client can handle.',
    source: 'Entra ID',
    decodeValue: decodeWith(CLIENT_CAPABILITIES),
  },
  xms_edov: { meaning: 'Whether the email domain owner was verified.', source: 'Entra ID' },
  xms_pdl: { meaning: 'Preferred data location (multi-geo tenants).', source: 'Entra ID' },
  xms_pl: { meaning: 'User preferred language.', source: 'Entra ID' },
  xms_tpl: { meaning: 'Tenant preferred language.', source: 'Entra ID' },
  xms_ssm: { meaning: 'Internal claim (session management); opaque.', source: 'Entra ID' },
  xms_st: { meaning: 'Internal claim (subject type); opaque.', source: 'Entra ID' },
  xms_mirid: { meaning: 'Resource id of the managed identity that requested the token.', source: 'Entra ID' },
  xms_tcdt: { meaning: 'Tenant creation date.', source: 'Entra ID', isTime: true },
  xms_ftd: { meaning: 'Internal claim (federated token data); opaque.', source: 'Entra ID' },
  xms_idrel: { meaning: 'Internal claim (identity relationship); opaque.', source: 'Entra ID' },
  xms_act_fct: { meaning: 'Internal claim (actor facets); opaque.', source: 'Entra ID' },
  xms_sub_fct: { meaning: 'Internal claim (subject facets); opaque.', source: 'Entra ID' },
  fwd: {
    meaning: 'The original IP address when the request was forwarded (for example by a VPN).',
    source: 'Entra ID',
  },
  onprem_sid: {
    meaning: 'On-premises Active Directory security identifier of the user.',
    source: 'Entra ID',
  },
  pwd_exp: { meaning: 'Seconds until the password expires.', source: 'Entra ID' },
  pwd_url: { meaning: 'Where the user can change the password.', source: 'Entra ID' },
  in_corp: { meaning: 'The user signed in from the corporate network.', source: 'Entra ID' },
  deviceid: { meaning: 'Id of the device the user signed in from.', source: 'Entra ID' },
  verified_primary_email: { meaning: 'Primary email addresses the provider verified.', source: 'Entra ID' },
  verified_secondary_email: {
    meaning: 'Secondary email addresses the provider verified.',
    source: 'Entra ID',
  },
  enfpolids: { meaning: 'Policy ids evaluated for the user.', source: 'Entra ID' },
  vnet: { meaning: 'Virtual network information.', source: 'Entra ID' },
  altsecid: { meaning: 'Alternate security id (guests from other directories).', source: 'Entra ID' },
  puid: { meaning: 'Personal account unique id (internal).', source: 'Entra ID' },
  signin_state: {
    meaning: 'Sign-in state (for example kmsi: "keep me signed in", dvc_mngd: managed device).',
    source: 'Entra ID',
  },
  // Documented in Microsoft's optional claims and access/ID token claims references:
  // https://learn.microsoft.com/entra/identity-platform/optional-claims-reference
  // https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
  // https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference
  app_displayname: {
    meaning:
      'Display name of the client application that requested the token (optional claim; v1 tokens such as Graph carry it). For display only: the application id (appid/azp) is what identifies the client.',
    source: 'Entra ID',
  },
  platf: {
    meaning:
      'Device platform, present only for managed devices whose type could be verified (optional claim).',
    source: 'Entra ID',
  },
  ztdid: {
    meaning: 'Zero-touch deployment id: the device identity used by Windows Autopilot (optional claim).',
    source: 'Entra ID',
  },
  tenant_region_sub_scope: {
    meaning: 'Sub-region of the tenant, for example a US Government cloud (GCC, DOD).',
    source: 'Entra ID',
  },
  xms_tdbr: {
    meaning: 'Tenant data boundary region, for example EU for tenants in the EU Data Boundary.',
    source: 'Entra ID',
  },
  xms_rd: {
    meaning: 'Internal claim Entra ID uses for token recovery; opaque, ignore it.',
    source: 'Entra ID',
  },
  xms_tnt_fct: { meaning: 'Internal claim (tenant facets); opaque.', source: 'Entra ID' },
};

export type ClaimGroup = 'identity' | 'authorization' | 'token' | 'entra-internal' | 'other';

const IDENTITY_CLAIMS = new Set([
  'sub',
  'oid',
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'email',
  'email_verified',
  'upn',
  'unique_name',
  'tid',
  'idp',
  'acct',
  'profile',
  'picture',
  'website',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'phone_number_verified',
  'address',
  'updated_at',
  'verified_primary_email',
  'verified_secondary_email',
  'onprem_sid',
  'ctry',
  'tenant_ctry',
]);

const AUTHORIZATION_CLAIMS = new Set([
  'aud',
  'scp',
  'scope',
  'roles',
  'groups',
  'wids',
  'entitlements',
  'azp',
  'appid',
  'client_id',
  'app_displayname',
  'azpacr',
  'appidacr',
  'idtyp',
  'act',
  'may_act',
  'cnf',
  'hasgroups',
  '_claim_names',
  '_claim_sources',
  'acrs',
  // Client capabilities change how the API answers this client (claims challenges), so shown, not folded.
  'xms_cc',
]);

const TOKEN_CLAIMS = new Set([
  'iss',
  'exp',
  'nbf',
  'iat',
  'jti',
  'auth_time',
  'nonce',
  'acr',
  'amr',
  'at_hash',
  'c_hash',
  's_hash',
  'sid',
  'ver',
  'events',
  'htm',
  'htu',
  'ath',
  'sub_jwk',
]);

/**
 * Sorts a claim into the inspector's groups: who the token is about (identity), what it lets its
 * holder do (authorization), facts about the token itself (token), Entra ID's internal and
 * environment claims (shown folded), and everything else.
 * @see https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 */
export function groupClaim(name: string): ClaimGroup {
  if (IDENTITY_CLAIMS.has(name)) return 'identity';
  if (AUTHORIZATION_CLAIMS.has(name)) return 'authorization';
  if (TOKEN_CLAIMS.has(name)) return 'token';
  if (name.startsWith('xms_')) return 'entra-internal';
  const info = Object.hasOwn(CLAIMS_CATALOG, name) ? CLAIMS_CATALOG[name] : undefined;
  return info?.source === 'Entra ID' ? 'entra-internal' : 'other';
}

/**
 * JOSE header parameters.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc7516#section-4.1
 */
export const HEADER_CATALOG: Readonly<Record<string, ClaimInfo>> = {
  alg: { meaning: 'Algorithm that signs (JWS) or encrypts the key (JWE).', source: 'RFC 7515' },
  typ: {
    meaning: 'Media type of the whole token (JWT; at+jwt for RFC 9068 access tokens; logout+jwt; dpop+jwt).',
    source: 'RFC 7515',
    decodeValue: decodeWith({
      JWT: 'a JWT',
      'at+jwt': 'an RFC 9068 JWT access token',
      'application/at+jwt': 'an RFC 9068 JWT access token',
      'logout+jwt': 'a back-channel logout token',
      'dpop+jwt': 'a DPoP proof',
    }),
  },
  cty: { meaning: 'Content type of the payload (JWT when a JWT is nested inside).', source: 'RFC 7515' },
  kid: { meaning: "Key id: which key of the issuer's JWKS signed the token.", source: 'RFC 7515' },
  x5t: {
    meaning: 'SHA-1 thumbprint of the signing certificate (base64url); Entra ID sets it equal to kid.',
    source: 'RFC 7515',
  },
  'x5t#S256': { meaning: 'SHA-256 thumbprint of the signing certificate (base64url).', source: 'RFC 7515' },
  x5c: { meaning: 'Certificate chain of the signing key.', source: 'RFC 7515' },
  x5u: { meaning: 'URL of the certificate chain.', source: 'RFC 7515' },
  jku: { meaning: 'URL of a JWKS holding the key; never trust it blindly.', source: 'RFC 7515' },
  jwk: { meaning: 'The public key itself, embedded; never trust it blindly.', source: 'RFC 7515' },
  crit: { meaning: 'Extensions the recipient must understand.', source: 'RFC 7515' },
  b64: { meaning: 'Whether the payload is base64url-encoded (RFC 7797).', source: 'RFC 7515' },
  enc: { meaning: 'Content encryption algorithm (JWE).', source: 'RFC 7516' },
  zip: { meaning: 'Compression applied before encryption (JWE).', source: 'RFC 7516' },
  epk: { meaning: 'Ephemeral public key (JWE, ECDH-ES).', source: 'RFC 7516' },
  apu: { meaning: 'Agreement PartyUInfo (JWE, ECDH-ES).', source: 'RFC 7516' },
  apv: { meaning: 'Agreement PartyVInfo (JWE, ECDH-ES).', source: 'RFC 7516' },
  iv: { meaning: 'Initialization vector for key wrapping (JWE, AES-GCM KW).', source: 'RFC 7516' },
  tag: { meaning: 'Authentication tag of key wrapping (JWE, AES-GCM KW).', source: 'RFC 7516' },
  p2s: { meaning: 'PBES2 salt input (JWE).', source: 'RFC 7516' },
  p2c: { meaning: 'PBES2 iteration count (JWE).', source: 'RFC 7516' },
  nonce: {
    meaning:
      'Microsoft Graph: the token was signed over a hash of this nonce, so only Graph can verify the signature; treat it as opaque.',
    source: 'Entra ID',
  },
};

export interface ClaimDescription {
  name: string;
  known: boolean;
  meaning: string;
  source?: ClaimSource;
  /** The value explained, when it carries a known code. */
  decoded?: string;
  isTime: boolean;
}

function describeFrom(
  catalog: Readonly<Record<string, ClaimInfo>>,
  name: string,
  value: unknown,
): ClaimDescription {
  const info = Object.hasOwn(catalog, name) ? catalog[name] : undefined;
  if (!info) {
    const xms = name.startsWith('xms_');
    return {
      name,
      known: false,
      meaning: xms
        ? 'Entra ID extension claim (xms_*) not in the catalogue.'
        : 'Unknown claim: not in the catalogue (custom or private).',
      isTime: false,
    };
  }
  const decoded = info.decodeValue?.(value);
  return {
    name,
    known: true,
    meaning: info.meaning,
    source: info.source,
    isTime: info.isTime === true,
    ...(decoded === undefined ? {} : { decoded }),
  };
}

/**
 * Explains one payload claim: meaning, source and, for known codes, the decoded value.
 * @see https://www.iana.org/assignments/jwt/jwt.xhtml (JSON Web Token Claims registry)
 */
export function describeClaim(name: string, value: unknown): ClaimDescription {
  return describeFrom(CLAIMS_CATALOG, name, value);
}

/**
 * Explains one JOSE header parameter.
 * @see https://www.iana.org/assignments/jose/jose.xhtml#web-signature-encryption-header-parameters
 */
export function describeHeaderParameter(name: string, value: unknown): ClaimDescription {
  return describeFrom(HEADER_CATALOG, name, value);
}
