import { describe, expect, it } from 'vitest';
import { groupClaim, describeClaim } from './claims-catalog';
import type { TokenClassification } from './classify';
import { summarizeToken } from './summary';
import { buildEntraV1Claims, CLIENT_ID } from './test-fixtures';

const NOW = 1_800_000_000;

function classification(patch: Partial<TokenClassification> = {}): TokenClassification {
  return {
    format: 'jws',
    use: 'access_token',
    graphNonce: false,
    personalAccount: false,
    findings: [],
    ...patch,
  };
}

describe('summarizeToken', () => {
  it('says what an Entra v1 Graph token is, for whom, from whom, until when and what it grants', () => {
    const summary = summarizeToken(buildEntraV1Claims(NOW), classification({ subject: 'delegated' }), NOW);
    expect(summary.kind).toBe('Access token (signed JWT)');
    expect(summary.audience).toBe('00000003-0000-0000-c000-000000000000 (Microsoft Graph)');
    expect(summary.client).toBe(`Token Playground · ${CLIENT_ID}`);
    expect(summary.subject).toBe('Alice Example (oid a1b2c3d4-0000-4000-8000-000000000001)');
    expect(summary.issuer).toContain('https://sts.windows.net/');
    expect(summary.validUntil).toEqual({ text: '2027-01-15T09:00:00Z (in 1 hour)', status: 'valid' });
    expect(summary.grants).toEqual([
      'scopes: openid, profile, User.Read, email',
      expect.stringMatching(/^directory roles: .*Global Administrator/),
    ]);
  });

  it.each<[string, Record<string, unknown>, Partial<ReturnType<typeof summarizeToken>>]>([
    [
      'an app-only token names the application, not a user',
      { sub: 'x', azp: 'daemon', roles: ['Data.Read'], exp: NOW - 10 },
      {
        subject: 'the application itself: no user signed in (app-only token)',
        client: 'daemon',
        grants: ['roles: Data.Read'],
        validUntil: { text: '2027-01-15T07:59:50Z (10 seconds ago)', status: 'expired' },
      },
    ],
    [
      'a token without exp says so',
      { sub: 'u1', scope: 'a b' },
      {
        subject: 'subject u1',
        grants: ['scopes: a, b'],
        validUntil: { text: 'no expiry (exp) in the token', status: 'no-expiry' },
      },
    ],
    [
      'group overage is named',
      { sub: 'u1', hasgroups: true, exp: NOW + 60 },
      { grants: ['groups: too many for the token (overage), read them from Graph'] },
    ],
  ])('%s', (_title, payload, expected) => {
    const subject = 'roles' in payload ? 'app-only' : 'delegated';
    expect(summarizeToken(payload, classification({ subject }), NOW)).toMatchObject(expected);
  });

  it('summarises an opaque token by its kind alone', () => {
    expect(
      summarizeToken(undefined, classification({ format: 'opaque', use: 'refresh_token' }), NOW),
    ).toEqual({
      kind: 'Refresh token (opaque: only its issuer can read it)',
      grants: [],
    });
  });
});

describe('claim groups', () => {
  it.each([
    ['sub', 'identity'],
    ['preferred_username', 'identity'],
    ['aud', 'authorization'],
    ['scp', 'authorization'],
    ['roles', 'authorization'],
    ['app_displayname', 'authorization'],
    ['xms_cc', 'authorization'],
    ['exp', 'token'],
    ['nonce', 'token'],
    ['aio', 'entra-internal'],
    ['rh', 'entra-internal'],
    ['uti', 'entra-internal'],
    ['xms_whatever', 'entra-internal'],
    ['platf', 'entra-internal'],
    ['favourite_colour', 'other'],
  ])('puts %s in %s', (name, group) => {
    expect(groupClaim(name)).toBe(group);
  });

  it.each(['app_displayname', 'platf', 'ztdid', 'tenant_region_sub_scope', 'xms_tdbr'])(
    'knows the documented Entra claim %s',
    (name) => {
      expect(describeClaim(name, 'x').known).toBe(true);
    },
  );
});
