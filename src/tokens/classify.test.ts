import { describe, expect, it } from 'vitest';
import { base64url } from 'jose';
import { classifyToken, inspectToken } from './classify';
import type { TokenClassification } from './classify';
import { decodeJwt } from './decode';
import type { TokenSourceName } from './extract';
import { MSA_TENANT_ID } from './claims-catalog';
import { RFC7515_A1_TOKEN, RFC7519_UNSECURED_TOKEN } from './rfc-vectors';
import { buildEntraV1Claims, buildEntraV2AppOnlyClaims, buildEntraV2IdTokenClaims } from './test-fixtures';

const NOW = 1_700_000_000;
const enc = (value: unknown) => base64url.encode(JSON.stringify(value));
const unsigned = (header: Record<string, unknown>, payload: Record<string, unknown>) =>
  `${enc(header)}.${enc(payload)}.c2lnbmF0dXJl`;

describe('classifyToken', () => {
  it.each<[string, string, TokenSourceName | undefined, Partial<TokenClassification>]>([
    ['RFC 7515 A.1 example', RFC7515_A1_TOKEN, undefined, { format: 'jws', use: 'unknown' }],
    ['RFC 7519 unsecured example', RFC7519_UNSECURED_TOKEN, undefined, { format: 'unsecured' }],
    [
      'Entra v1 Graph access token with header nonce',
      unsigned({ typ: 'JWT', alg: 'RS256', nonce: 'abc', x5t: 'k', kid: 'k' }, buildEntraV1Claims(NOW)),
      undefined,
      {
        format: 'jws',
        use: 'access_token',
        provider: 'entra',
        entraVersion: '1.0',
        subject: 'delegated',
        graphNonce: true,
      },
    ],
    [
      'Entra v2 ID token',
      unsigned({ typ: 'JWT', alg: 'RS256', kid: 'k' }, buildEntraV2IdTokenClaims(NOW)),
      undefined,
      { use: 'id_token', provider: 'entra', entraVersion: '2.0', graphNonce: false },
    ],
    [
      'Entra v2 app-only token',
      unsigned({ typ: 'JWT', alg: 'RS256' }, buildEntraV2AppOnlyClaims(NOW)),
      undefined,
      { use: 'access_token', entraVersion: '2.0', subject: 'app-only' },
    ],
    [
      'roles without idtyp',
      unsigned({ alg: 'RS256' }, { ...buildEntraV2AppOnlyClaims(NOW), idtyp: undefined }),
      undefined,
      { use: 'access_token', subject: 'app-only' },
    ],
    [
      'RFC 9068 access token by typ',
      unsigned({ alg: 'ES256', typ: 'at+jwt' }, { iss: 'http://localhost:4000', sub: 'alice' }),
      undefined,
      { use: 'access_token' },
    ],
    [
      'RFC 9068 access token by claims',
      unsigned({ alg: 'RS256' }, { client_id: 'c', scope: 'api.read' }),
      undefined,
      { use: 'access_token' },
    ],
    [
      'ID token by nonce',
      unsigned({ alg: 'RS256' }, { iss: 'http://localhost:4000', nonce: 'n', sub: 'a', aud: 'c' }),
      undefined,
      { use: 'id_token' },
    ],
    ['ID token by field name', unsigned({ alg: 'RS256' }, { sub: 'a' }), 'id_token', { use: 'id_token' }],
    [
      'access token by field name',
      unsigned({ alg: 'RS256' }, { sub: 'a' }),
      'access_token',
      { use: 'access_token' },
    ],
    [
      'logout token',
      unsigned(
        { alg: 'RS256', typ: 'logout+jwt' },
        { events: { 'http://schemas.openid.net/event/backchannel-logout': {} } },
      ),
      undefined,
      { use: 'logout_token' },
    ],
    [
      'personal-account ID token',
      unsigned({ alg: 'RS256' }, { ...buildEntraV2IdTokenClaims(NOW), tid: MSA_TENANT_ID }),
      undefined,
      { personalAccount: true, entraVersion: '2.0' },
    ],
    [
      'v1 issuer without ver',
      unsigned(
        { alg: 'RS256' },
        { iss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/', scp: 'x' },
      ),
      undefined,
      { entraVersion: '1.0' },
    ],
  ])('%s', (_name, token, hint, expected) => {
    const result = classifyToken(decodeJwt(token), hint);
    expect(result).toMatchObject(expected);
    for (const finding of result.findings) expect(finding.reason.length).toBeGreaterThan(10);
  });

  it('explains a Graph nonce in words', () => {
    const result = classifyToken(
      decodeJwt(unsigned({ alg: 'RS256', nonce: 'abc' }, buildEntraV1Claims(NOW))),
    );
    expect(result.findings.find((f) => f.topic === 'signature')?.reason).toMatch(
      /only the audience \(Graph\)/,
    );
  });

  it('says why it thinks a token is v1', () => {
    const result = classifyToken(decodeJwt(unsigned({ alg: 'RS256' }, buildEntraV1Claims(NOW))));
    expect(result.findings.find((f) => f.topic === 'version')?.reason).toMatch(
      /"ver" is "1\.0" and the issuer https:\/\/sts\.windows\.net\/.* is the v1 form/,
    );
  });

  it('reports a JWE as encrypted with its header', () => {
    const jwe = `${enc({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.ZW5j.aXY.Y2lwaGVy.dGFn`;
    const result = classifyToken(decodeJwt(jwe), 'id_token');
    expect(result).toMatchObject({ format: 'jwe', use: 'id_token' });
    expect(result.findings[0]?.reason).toMatch(/alg RSA-OAEP, enc A256GCM/);
  });
});

describe('inspectToken', () => {
  it.each<[string, string, TokenSourceName | undefined, Partial<TokenClassification>]>([
    [
      'Microsoft-account EwB token',
      'EwBwA8l6BAAUkj1oNFOWUOAb1wP5Mx+5OINA5VIAAQ==',
      undefined,
      { format: 'opaque', use: 'access_token', provider: 'microsoft-account', personalAccount: true },
    ],
    [
      'Entra refresh token',
      '0.AXEAv4j5cvGGr0GRqy180BHbR3bcMWemFK5Jl7xuumkUOR4CAOg.AgABAAEAAAD',
      'refresh_token',
      { format: 'opaque', use: 'refresh_token', provider: 'entra' },
    ],
    [
      'Microsoft-account refresh token',
      'M.C507_BAY.0.U.-Cnx',
      undefined,
      { format: 'opaque', use: 'refresh_token', personalAccount: true },
    ],
    ['random opaque string', 'a8f9c0b1d2e3', undefined, { format: 'opaque', use: 'unknown' }],
    [
      'opaque access token by field',
      '2YotnFZFEjr1zCsicMWpAA',
      'access_token',
      { format: 'opaque', use: 'access_token' },
    ],
  ])('classifies %s without an error', (_name, raw, hint, expected) => {
    const inspected = inspectToken(raw, hint);
    expect(inspected.error).toBeUndefined();
    expect(inspected.decoded).toBeUndefined();
    expect(inspected.classification).toMatchObject(expected);
  });

  it.each([
    ['abc.def', 'JWT_SEGMENT_COUNT'],
    ['', 'TOKEN_EMPTY'],
    [`${enc({ typ: 'JWT' })}.${enc({})}.`, 'JWT_HEADER_NO_ALG'],
  ])('keeps the decoding error of %j', (raw, code) => {
    const inspected = inspectToken(raw);
    expect(inspected.error?.code).toBe(code);
    expect(inspected.classification.findings[0]?.conclusion).toBe('Malformed JWT');
  });
});
