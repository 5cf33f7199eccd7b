import { describeClaim } from './claims-catalog';
import type { TokenClassification } from './classify';
import type { JsonObject } from './decode';
import { describeTime, evaluateTokenTime, type TimeStatus } from './time';

/** The few facts a reader wants first about a token, each in plain words. */
export interface TokenSummary {
  /** "ID token (JWT, signed)", "Access token (JWT, RFC 9068)", "Opaque token"… */
  kind: string;
  /** Who the token is meant for (`aud`), with well-known application names. */
  audience?: string;
  /** The client it was issued to (`azp`, `appid` or `client_id`, with `app_displayname`). */
  client?: string;
  /** Who it is about: the user's display name and id, or the application itself for app-only tokens. */
  subject?: string;
  /** Who issued it (`iss`, with Entra's tenant id). */
  issuer?: string;
  /** Until when it is valid, in UTC with a relative time, and the time status. */
  validUntil?: { text: string; status: TimeStatus };
  /** What it grants: scopes (`scp`/`scope`), roles, directory roles, group count. */
  grants: string[];
}

const USE_WORDS: Record<TokenClassification['use'], string> = {
  id_token: 'ID token',
  access_token: 'Access token',
  refresh_token: 'Refresh token',
  logout_token: 'Logout token',
  unknown: 'Token',
};

const FORMAT_WORDS: Record<TokenClassification['format'], string> = {
  jws: 'signed JWT',
  jwe: 'encrypted JWT (JWE)',
  unsecured: 'unsecured JWT (alg none)',
  opaque: 'opaque: only its issuer can read it',
};

function strings(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

function withDecoded(name: string, value: unknown): string | undefined {
  const text = strings(value).join(', ');
  if (text === '') return undefined;
  const decoded = describeClaim(name, value).decoded;
  return decoded === undefined ? text : `${text} (${decoded})`;
}

function describeClient(payload: JsonObject): string | undefined {
  const id = ['azp', 'appid', 'client_id']
    .map((name) => withDecoded(name, payload[name]))
    .find((text) => text !== undefined);
  const display = strings(payload.app_displayname)[0];
  if (id === undefined) return display;
  return display === undefined ? id : `${display} · ${id}`;
}

function describeSubject(payload: JsonObject, classification: TokenClassification): string | undefined {
  if (classification.subject === 'app-only') {
    return 'the application itself: no user signed in (app-only token)';
  }
  const label = ['name', 'preferred_username', 'upn', 'unique_name', 'email']
    .map((name) => strings(payload[name])[0])
    .find((text) => text !== undefined);
  const id = strings(payload.oid)[0] ?? strings(payload.sub)[0];
  if (label === undefined) return id === undefined ? undefined : `subject ${id}`;
  return id === undefined ? label : `${label} (${payload.oid === undefined ? 'sub' : 'oid'} ${id})`;
}

function describeIssuer(payload: JsonObject): string | undefined {
  const issuer = strings(payload.iss)[0];
  if (issuer === undefined) return undefined;
  const tenant = strings(payload.tid)[0];
  return tenant === undefined || issuer.includes(tenant) ? issuer : `${issuer} (tenant ${tenant})`;
}

function describeGrants(payload: JsonObject): string[] {
  const grants: string[] = [];
  const scopes = [...strings(payload.scp), ...strings(payload.scope)].flatMap((value) =>
    value.split(' ').filter(Boolean),
  );
  if (scopes.length > 0) grants.push(`scopes: ${scopes.join(', ')}`);
  const roles = strings(payload.roles);
  if (roles.length > 0) grants.push(`roles: ${roles.join(', ')}`);
  const directoryRoles = describeClaim('wids', payload.wids).decoded;
  if (directoryRoles !== undefined) grants.push(`directory roles: ${directoryRoles}`);
  const groups = strings(payload.groups);
  if (groups.length > 0) grants.push(`${groups.length} group${groups.length === 1 ? '' : 's'}`);
  if (payload.hasgroups === true || payload._claim_names !== undefined) {
    grants.push('groups: too many for the token (overage), read them from Graph');
  }
  return grants;
}

/**
 * Summarises a decoded token for the first screen of the inspector: what it is, for whom, from
 * whom, about whom, until when, and what it grants. Facts only; whether it can be trusted is the
 * signature and validation checks' job.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 * @see https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 */
export function summarizeToken(
  payload: JsonObject | undefined,
  classification: TokenClassification,
  nowSeconds: number,
): TokenSummary {
  const kind = `${USE_WORDS[classification.use]} (${FORMAT_WORDS[classification.format]})`;
  if (payload === undefined) return { kind, grants: [] };
  const summary: TokenSummary = { kind, grants: describeGrants(payload) };
  const audience = withDecoded('aud', payload.aud);
  if (audience !== undefined) summary.audience = audience;
  const client = describeClient(payload);
  if (client !== undefined) summary.client = client;
  const subject = describeSubject(payload, classification);
  if (subject !== undefined) summary.subject = subject;
  const issuer = describeIssuer(payload);
  if (issuer !== undefined) summary.issuer = issuer;
  const status = evaluateTokenTime(payload, nowSeconds).status;
  if (typeof payload.exp === 'number') {
    const time = describeTime(payload.exp, nowSeconds);
    summary.validUntil = { text: `${time.utc} (${time.relative})`, status };
  } else {
    summary.validUntil = { text: 'no expiry (exp) in the token', status };
  }
  return summary;
}
