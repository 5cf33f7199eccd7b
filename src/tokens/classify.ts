import { PlaygroundError } from '@/protocol/errors';
import { decodeJwt } from './decode';
import type { DecodedJwt, JsonObject } from './decode';
import type { TokenSourceName } from './extract';
import { MSA_TENANT_ID } from './claims-catalog';

export type TokenFormat = 'jws' | 'jwe' | 'unsecured' | 'opaque';
export type TokenUse = 'id_token' | 'access_token' | 'refresh_token' | 'logout_token' | 'unknown';

/** One conclusion and the evidence behind it. */
export interface Finding {
  topic: 'format' | 'use' | 'provider' | 'version' | 'subject' | 'signature' | 'account';
  conclusion: string;
  reason: string;
}

export interface TokenClassification {
  format: TokenFormat;
  use: TokenUse;
  provider?: 'entra' | 'microsoft-account';
  entraVersion?: '1.0' | '2.0';
  /** app-only (client credentials) or delegated (a user signed in). */
  subject?: 'app-only' | 'delegated';
  /** A Microsoft Graph token whose header `nonce` means nobody but Graph can verify the signature. */
  graphNonce: boolean;
  personalAccount: boolean;
  findings: Finding[];
}

const V1_ISSUER = /^https:\/\/sts\.(?:windows\.net|chinacloudapi\.cn|windows-ppe\.net)\/([0-9a-f-]{36})\/$/i;
const V2_ISSUER =
  /^https:\/\/login\.(?:microsoftonline\.(?:com|us)|partner\.microsoftonline\.cn|chinacloudapi\.cn)\/([0-9a-f-]{36})\/v2\.0$/i;
const GRAPH_AUDIENCES = new Set([
  '00000003-0000-0000-c000-000000000000',
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
  'https://graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
]);

function classifyOpaque(
  raw: string,
  hint: TokenSourceName | undefined,
  findings: Finding[],
): TokenClassification {
  const base: TokenClassification = {
    format: 'opaque',
    use: 'unknown',
    graphNonce: false,
    personalAccount: false,
    findings,
  };
  findings.push({
    topic: 'format',
    conclusion: 'Opaque token',
    reason: 'It is not a JWT (not 3 or 5 dot-separated base64url parts), so only its issuer can read it.',
  });
  if (raw.startsWith('EwB')) {
    findings.push({
      topic: 'account',
      conclusion: 'Microsoft-account (personal) access token',
      reason:
        'It starts with "EwB": personal Microsoft accounts get encrypted, opaque access tokens that only Microsoft services (such as Graph) can read; this is expected, not an error.',
    });
    return { ...base, use: 'access_token', provider: 'microsoft-account', personalAccount: true };
  }
  if (/^M\.C\d/.test(raw) || /^M\.R\d/.test(raw)) {
    findings.push({
      topic: 'account',
      conclusion: 'Microsoft-account (personal) refresh token',
      reason:
        'It starts with "M.C" / "M.R", the shape of refresh tokens issued to personal Microsoft accounts.',
    });
    return { ...base, use: 'refresh_token', provider: 'microsoft-account', personalAccount: true };
  }
  if (/^[01]\.A[A-Za-z0-9_-]/.test(raw) || raw.startsWith('AQAB')) {
    findings.push({
      topic: 'use',
      conclusion: 'Entra ID refresh token',
      reason:
        'It starts with "0.A", "1.A" or "AQAB", the shape of Entra ID refresh tokens: encrypted and opaque by design, readable only by Entra ID.',
    });
    return { ...base, use: 'refresh_token', provider: 'entra' };
  }
  if (hint === 'refresh_token') {
    findings.push({
      topic: 'use',
      conclusion: 'Refresh token',
      reason: 'It came in the refresh_token field; refresh tokens are usually opaque.',
    });
    return { ...base, use: 'refresh_token' };
  }
  if (hint === 'access_token') {
    findings.push({
      topic: 'use',
      conclusion: 'Access token',
      reason:
        'It came in the access_token field; opaque access tokens are read by the API through introspection, not by the client.',
    });
    return { ...base, use: 'access_token' };
  }
  return base;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function decideUse(header: JsonObject, payload: JsonObject, hint: TokenSourceName | undefined): Finding {
  const typ = stringOf(header.typ)?.toLowerCase();
  if (typ === 'at+jwt' || typ === 'application/at+jwt')
    return {
      topic: 'use',
      conclusion: 'Access token',
      reason: `The header says typ "${String(header.typ)}", the RFC 9068 type of JWT access tokens.`,
    };
  if (
    typ === 'logout+jwt' ||
    (typeof payload.events === 'object' &&
      payload.events !== null &&
      'http://schemas.openid.net/event/backchannel-logout' in payload.events)
  ) {
    return {
      topic: 'use',
      conclusion: 'Logout token',
      reason: 'It carries the back-channel logout event (or typ logout+jwt).',
    };
  }
  if (hint === 'id_token')
    return { topic: 'use', conclusion: 'ID token', reason: 'It came in the id_token field of the response.' };
  if (hint === 'access_token')
    return {
      topic: 'use',
      conclusion: 'Access token',
      reason: 'It came in the access_token field of the response.',
    };
  if ('scp' in payload)
    return {
      topic: 'use',
      conclusion: 'Access token',
      reason: 'It has "scp" (delegated permissions), which only access tokens carry.',
    };
  if (payload.idtyp === 'app' || payload.idtyp === 'user')
    return {
      topic: 'use',
      conclusion: 'Access token',
      reason: `It has "idtyp": "${payload.idtyp}", an Entra access-token claim.`,
    };
  if ('roles' in payload && ('appid' in payload || ('azp' in payload && !('nonce' in payload)))) {
    return {
      topic: 'use',
      conclusion: 'Access token',
      reason:
        'It has "roles" with a calling application ("appid"/"azp") and no nonce: the shape of an app-only access token.',
    };
  }
  if ('client_id' in payload && 'scope' in payload)
    return {
      topic: 'use',
      conclusion: 'Access token',
      reason: 'It has "client_id" and "scope", the RFC 9068 access-token claims.',
    };
  if ('nonce' in payload || 'at_hash' in payload || 'c_hash' in payload) {
    return {
      topic: 'use',
      conclusion: 'ID token',
      reason: 'It has "nonce", "at_hash" or "c_hash", which belong to OpenID Connect ID tokens.',
    };
  }
  if ('appid' in payload)
    return {
      topic: 'use',
      conclusion: 'Access token',
      reason: 'It has "appid" (the calling client), which Entra puts only in access tokens.',
    };
  const aud = stringOf(payload.aud);
  if (aud && GRAPH_AUDIENCES.has(aud))
    return { topic: 'use', conclusion: 'Access token', reason: 'Its audience is Microsoft Graph, an API.' };
  if (stringOf(payload.azp) !== undefined && aud === payload.azp && 'auth_time' in payload) {
    return {
      topic: 'use',
      conclusion: 'ID token',
      reason: 'Its audience is the client itself (aud = azp) and it records auth_time.',
    };
  }
  if (
    'iss' in payload &&
    'sub' in payload &&
    'aud' in payload &&
    ('auth_time' in payload || 'preferred_username' in payload || 'email' in payload) &&
    !('scope' in payload)
  ) {
    return {
      topic: 'use',
      conclusion: 'Probably an ID token',
      reason: 'It describes a user (auth_time, preferred_username or email) and grants no scopes or roles.',
    };
  }
  return {
    topic: 'use',
    conclusion: 'Unknown use',
    reason: 'No claim says whether it is an ID token or an access token.',
  };
}

function readUse(finding: Finding): TokenUse {
  if (finding.conclusion.includes('ID token')) return 'id_token';
  if (finding.conclusion === 'Access token') return 'access_token';
  if (finding.conclusion === 'Logout token') return 'logout_token';
  return 'unknown';
}

function classifyEntra(payload: JsonObject, use: TokenUse, result: TokenClassification): void {
  const iss = stringOf(payload.iss) ?? '';
  const v1 = V1_ISSUER.exec(iss);
  const v2 = V2_ISSUER.exec(iss);
  const ver = stringOf(payload.ver);
  if (!v1 && !v2 && !(ver === '1.0' || ver === '2.0') && !('tid' in payload)) return;
  result.provider = 'entra';
  const version = ver === '1.0' || ver === '2.0' ? ver : v1 ? '1.0' : v2 ? '2.0' : undefined;
  if (version) {
    result.entraVersion = version;
    const why = [
      ver ? `"ver" is "${ver}"` : undefined,
      v1 ? `the issuer ${iss} is the v1 form (sts.windows.net)` : undefined,
      v2 ? `the issuer ${iss} is the v2 form (…/v2.0)` : undefined,
    ]
      .filter(Boolean)
      .join(' and ');
    result.findings.push({
      topic: 'version',
      conclusion: `Entra ID v${version} token`,
      reason: `${why}. The format follows the API's accessTokenAcceptedVersion, not the endpoint used.`,
    });
  } else {
    result.findings.push({
      topic: 'provider',
      conclusion: 'Entra ID token',
      reason: 'It has a "tid" (tenant id) claim.',
    });
  }
  if (payload.tid === MSA_TENANT_ID) {
    result.personalAccount = true;
    result.findings.push({
      topic: 'account',
      conclusion: 'Personal Microsoft account',
      reason: `"tid" is ${MSA_TENANT_ID}, the tenant of personal Microsoft accounts.`,
    });
  }
  if (use === 'access_token') {
    if (payload.idtyp === 'app') {
      result.subject = 'app-only';
      result.findings.push({
        topic: 'subject',
        conclusion: 'App-only token',
        reason: '"idtyp" is "app": the application called with its own identity (client credentials).',
      });
    } else if (payload.idtyp === 'user' || 'scp' in payload) {
      result.subject = 'delegated';
      result.findings.push({
        topic: 'subject',
        conclusion: 'Delegated token',
        reason:
          payload.idtyp === 'user'
            ? '"idtyp" is "user".'
            : 'It has "scp": permissions delegated by a signed-in user.',
      });
    } else if ('roles' in payload) {
      result.subject = 'app-only';
      result.findings.push({
        topic: 'subject',
        conclusion: 'App-only token',
        reason: 'It has "roles" and no "scp": application permissions, no signed-in user.',
      });
    }
  }
}

function classifyDecoded(decoded: DecodedJwt, hint: TokenSourceName | undefined): TokenClassification {
  const found: Finding[] = [];
  if (decoded.format === 'jwe') {
    found.push({
      topic: 'format',
      conclusion: 'JWE (encrypted token)',
      reason: `It has five parts; only the protected header (alg ${String(decoded.header.alg)}, enc ${String(decoded.header.enc)}) is readable. The claims cannot be read without the recipient's private key.`,
    });
    const use: TokenUse =
      hint === 'id_token'
        ? 'id_token'
        : hint === 'access_token'
          ? 'access_token'
          : hint === 'refresh_token'
            ? 'refresh_token'
            : 'unknown';
    return { format: 'jwe', use, graphNonce: false, personalAccount: false, findings: found };
  }
  const { header, payload } = decoded;
  const unsecured = header.alg === 'none';
  found.push(
    unsecured
      ? {
          topic: 'format',
          conclusion: 'Unsecured JWT',
          reason: 'The header says alg "none": nothing protects its content; never accept it.',
        }
      : {
          topic: 'format',
          conclusion: 'JWS (signed JWT)',
          reason: `Three parts, signed with ${String(header.alg)}: anyone can read the claims; the signature proves who issued them.`,
        },
  );
  const useFinding = decideUse(header, payload, hint);
  found.push(useFinding);
  const use = readUse(useFinding);
  const result: TokenClassification = {
    format: unsecured ? 'unsecured' : 'jws',
    use,
    graphNonce: false,
    personalAccount: false,
    findings: found,
  };
  classifyEntra(payload, use, result);
  if (typeof header.nonce === 'string') {
    result.graphNonce = true;
    found.push({
      topic: 'signature',
      conclusion: 'Microsoft Graph token: signature not verifiable by you',
      reason:
        'The header carries a "nonce". Graph tokens are signed over a hash of that nonce, not the nonce itself, so a standard check fails for everyone but Graph. That is by design: only the audience (Graph) validates its tokens; treat them as opaque.',
    });
  }
  return result;
}

export interface InspectedToken {
  raw: string;
  name: TokenSourceName | undefined;
  decoded?: DecodedJwt;
  /** Why decoding failed; absent for opaque tokens that were never meant to be JWTs. */
  error?: PlaygroundError;
  classification: TokenClassification;
}

const KNOWN_OPAQUE = /^(?:EwB|M\.[CR]\d|[01]\.A[A-Za-z0-9_-]|AQAB)/;

/**
 * Classifies a token: JWS, JWE, unsecured or opaque; ID, access, refresh or logout token; Entra v1/v2;
 * app-only or delegated; Graph tokens that only Graph can verify. Every conclusion carries its reason.
 * @see https://www.rfc-editor.org/rfc/rfc7516#section-9 (Distinguishing between JWS and JWE)
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.1 (typ at+jwt)
 * @see https://learn.microsoft.com/entra/identity-platform/access-tokens
 */
export function classifyToken(decoded: DecodedJwt, hint?: TokenSourceName): TokenClassification {
  return classifyDecoded(decoded, hint);
}

/**
 * Decodes and classifies in one call and never throws: a malformed JWT keeps its error, an opaque
 * token is classified as opaque instead of failing.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 */
export function inspectToken(raw: string, name?: TokenSourceName): InspectedToken {
  const value = raw.trim();
  if (KNOWN_OPAQUE.test(value)) return { raw: value, name, classification: classifyOpaque(value, name, []) };
  try {
    const decoded = decodeJwt(value);
    return { raw: value, name, decoded, classification: classifyDecoded(decoded, name) };
  } catch (error) {
    const err =
      error instanceof PlaygroundError
        ? error
        : new PlaygroundError('JWT_MALFORMED', 'The token could not be decoded.', { cause: error });
    const opaque = err.code === 'JWT_SEGMENT_COUNT' && !value.includes('.');
    const classification = opaque
      ? classifyOpaque(value, name, [])
      : {
          format: 'opaque' as const,
          use: 'unknown' as const,
          graphNonce: false,
          personalAccount: false,
          findings: [{ topic: 'format' as const, conclusion: 'Malformed JWT', reason: err.message }],
        };
    return { raw: value, name, ...(opaque ? {} : { error: err }), classification };
  }
}
