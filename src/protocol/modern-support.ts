import type { DiscoveryDocument } from './discovery';
import { JARM_RESPONSE_MODES } from './jarm';

/** The modern request modes and features the playground offers when a provider advertises them. */
export type ModernMode = 'par' | 'jar' | 'jarm' | 'dpop' | 'rar' | 'claims' | 'acr' | 'dcr';

/** What discovery says about one mode. */
export interface ModeSupport {
  mode: ModernMode;
  title: string;
  spec: string;
  specUrl: string;
  available: boolean;
  /** The discovery member(s) read, and what they said, in words. */
  evidence: string;
  /** The provider requires it (`require_pushed_authorization_requests`, `require_signed_request_object`). */
  required?: boolean;
  /** What the provider offers instead, when it does not advertise the mode (Entra ID). */
  instead?: { text: string; url: string };
}

type Kind = 'entra' | 'other';

const MODES: readonly { mode: ModernMode; title: string; spec: string; specUrl: string }[] = [
  {
    mode: 'par',
    title: 'Pushed authorization requests',
    spec: 'RFC 9126',
    specUrl: 'https://www.rfc-editor.org/rfc/rfc9126',
  },
  {
    mode: 'jar',
    title: 'Signed request objects (JAR)',
    spec: 'RFC 9101',
    specUrl: 'https://www.rfc-editor.org/rfc/rfc9101',
  },
  {
    mode: 'jarm',
    title: 'JWT-secured responses (JARM)',
    spec: 'JARM',
    specUrl: 'https://openid.net/specs/oauth-v2-jarm-final.html',
  },
  {
    mode: 'dpop',
    title: 'DPoP-bound tokens',
    spec: 'RFC 9449',
    specUrl: 'https://www.rfc-editor.org/rfc/rfc9449',
  },
  {
    mode: 'rar',
    title: 'Rich authorization requests',
    spec: 'RFC 9396',
    specUrl: 'https://www.rfc-editor.org/rfc/rfc9396',
  },
  {
    mode: 'claims',
    title: 'The claims request parameter',
    spec: 'OIDC Core §5.5',
    specUrl: 'https://openid.net/specs/openid-connect-core-1_0.html#ClaimsParameter',
  },
  {
    mode: 'acr',
    title: 'Authentication context (acr_values, step-up)',
    spec: 'OIDC Core §3.1.2.1, RFC 9470',
    specUrl: 'https://www.rfc-editor.org/rfc/rfc9470',
  },
  {
    mode: 'dcr',
    title: 'Dynamic client registration',
    spec: 'RFC 7591',
    specUrl: 'https://www.rfc-editor.org/rfc/rfc7591',
  },
];

/**
 * What Microsoft Entra ID offers in place of a mode its discovery document does not advertise.
 * @see https://learn.microsoft.com/entra/msal/javascript/browser/access-token-proof-of-possession
 * @see https://learn.microsoft.com/entra/identity-platform/developer-guide-conditional-access-authentication-context
 * @see https://learn.microsoft.com/graph/api/application-post-applications
 */
const ENTRA_INSTEAD: Partial<Record<ModernMode, { text: string; url: string }>> = {
  dpop: {
    text: 'Entra ID binds tokens with its own proof-of-possession scheme (MSAL "AT PoP": token_type=pop with req_cnf, sent as signed HTTP requests), not RFC 9449 DPoP.',
    url: 'https://learn.microsoft.com/entra/msal/javascript/browser/access-token-proof-of-possession',
  },
  acr: {
    text: 'Entra ID steps up through Conditional Access authentication contexts: the app sends claims={"access_token":{"acrs":{"essential":true,"value":"c1"}}} and APIs answer with a claims challenge; acr_values is not used.',
    url: 'https://learn.microsoft.com/entra/identity-platform/developer-guide-conditional-access-authentication-context',
  },
  claims: {
    text: 'Entra ID accepts a claims parameter for Conditional Access claims challenges (acrs, xms_cc) without advertising claims_parameter_supported; optional claims are configured on the app registration.',
    url: 'https://learn.microsoft.com/entra/identity-platform/claims-challenge',
  },
  dcr: {
    text: 'Entra ID has no registration endpoint: apps are registered in the Entra admin center or through Microsoft Graph (POST /applications).',
    url: 'https://learn.microsoft.com/graph/api/application-post-applications',
  },
  jarm: {
    text: 'Entra ID does not sign authorization responses; response_mode=form_post at least keeps the code out of the address bar and history.',
    url: 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow',
  },
};

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

function evaluate(
  mode: ModernMode,
  doc: DiscoveryDocument,
): Pick<ModeSupport, 'available' | 'evidence' | 'required'> {
  switch (mode) {
    case 'par': {
      const endpoint = doc.pushed_authorization_request_endpoint;
      const available = typeof endpoint === 'string' && endpoint !== '';
      return {
        available,
        evidence: available
          ? `pushed_authorization_request_endpoint is ${endpoint}`
          : 'no pushed_authorization_request_endpoint',
        ...(doc.require_pushed_authorization_requests === true ? { required: true } : {}),
      };
    }
    case 'jar': {
      const algs = stringList(doc.request_object_signing_alg_values_supported).filter(
        (alg) => alg !== 'none',
      );
      const available = doc.request_parameter_supported === true;
      return {
        available,
        evidence: available
          ? `request_parameter_supported is true${algs.length > 0 ? `; request_object_signing_alg_values_supported: ${algs.join(', ')}` : ''}`
          : 'request_parameter_supported is not true (OpenID Connect Discovery: absent means false)',
        ...(doc.require_signed_request_object === true ? { required: true } : {}),
      };
    }
    case 'jarm': {
      const modes = stringList(doc.response_modes_supported).filter((item) =>
        (JARM_RESPONSE_MODES as readonly string[]).includes(item),
      );
      return {
        available: modes.length > 0,
        evidence:
          modes.length > 0
            ? `response_modes_supported lists ${modes.join(', ')}`
            : 'response_modes_supported lists no JWT response mode',
      };
    }
    case 'dpop': {
      const algs = stringList(doc.dpop_signing_alg_values_supported);
      return {
        available: algs.length > 0,
        evidence:
          algs.length > 0
            ? `dpop_signing_alg_values_supported: ${algs.join(', ')}`
            : 'no dpop_signing_alg_values_supported',
      };
    }
    case 'rar': {
      const types = stringList(doc.authorization_details_types_supported);
      return {
        available: types.length > 0,
        evidence:
          types.length > 0
            ? `authorization_details_types_supported: ${types.join(', ')}`
            : 'no authorization_details_types_supported',
      };
    }
    case 'claims': {
      const available = doc.claims_parameter_supported === true;
      return {
        available,
        evidence: available
          ? 'claims_parameter_supported is true'
          : 'claims_parameter_supported is not true (absent means false)',
      };
    }
    case 'acr': {
      const values = stringList(doc.acr_values_supported);
      return {
        available: values.length > 0,
        evidence:
          values.length > 0 ? `acr_values_supported: ${values.join(', ')}` : 'no acr_values_supported',
      };
    }
    case 'dcr': {
      const endpoint = doc.registration_endpoint;
      const available = typeof endpoint === 'string' && endpoint !== '';
      return {
        available,
        evidence: available ? `registration_endpoint is ${endpoint}` : 'no registration_endpoint',
      };
    }
  }
}

/**
 * Which modern modes a discovery document advertises, each with the member that says so. The UI
 * offers a mode only when it is available and says why not otherwise; for Microsoft Entra ID it
 * also says what Entra offers instead, where there is something.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 */
export function describeModernSupport(doc: DiscoveryDocument, kind: Kind = 'other'): ModeSupport[] {
  return MODES.map((base) => {
    const support: ModeSupport = { ...base, ...evaluate(base.mode, doc) };
    const instead = kind === 'entra' && !support.available ? ENTRA_INSTEAD[base.mode] : undefined;
    if (instead !== undefined) support.instead = instead;
    return support;
  });
}

/**
 * One sentence for the whole provider, e.g. Entra's "advertises none of them".
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 */
export function summarizeModernSupport(support: readonly ModeSupport[], providerName: string): string {
  const available = support.filter((item) => item.available);
  if (available.length === 0) {
    return `${providerName}'s discovery document advertises none of these modes (PAR, JAR, JARM, DPoP, RAR, the claims parameter, acr values, dynamic registration), so the playground does not offer them for it.`;
  }
  if (available.length === support.length) return `${providerName} advertises every one of these modes.`;
  return `${providerName} advertises ${available.map((item) => item.title).join(', ')}; the others are not offered.`;
}
