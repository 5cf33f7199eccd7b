import { describe, expect, it } from 'vitest';
import {
  CLAIMS_CATALOG,
  describeClaim,
  describeHeaderParameter,
  HEADER_CATALOG,
  MSA_TENANT_ID,
} from './claims-catalog';

const REQUIRED_CLAIMS = [
  ...['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'],
  ...[
    'auth_time',
    'nonce',
    'acr',
    'amr',
    'azp',
    'at_hash',
    'c_hash',
    'sid',
    'name',
    'email',
    'preferred_username',
  ],
  ...['client_id', 'scope', 'groups', 'roles', 'entitlements', 'act', 'may_act', 'cnf'],
  ...[
    'aio',
    'appid',
    'appidacr',
    'azpacr',
    'idp',
    'idtyp',
    'ipaddr',
    'oid',
    'rh',
    'scp',
    'tid',
    'unique_name',
    'upn',
    'uti',
    'ver',
    'wids',
  ],
  ...['hasgroups', '_claim_names', '_claim_sources', 'acct', 'acrs', 'ctry', 'tenant_ctry', 'login_hint'],
  ...['xms_cc', 'xms_edov', 'xms_pdl', 'xms_pl', 'xms_tpl'],
];
const REQUIRED_HEADER = ['alg', 'typ', 'kid', 'x5t', 'x5t#S256', 'jku', 'x5c', 'cty', 'enc', 'zip', 'nonce'];

describe('claims catalogue', () => {
  it.each(REQUIRED_CLAIMS)('explains the claim %s', (name) => {
    const info = CLAIMS_CATALOG[name];
    expect(info?.meaning.length).toBeGreaterThan(5);
  });

  it.each(REQUIRED_HEADER)('explains the header parameter %s', (name) => {
    expect(HEADER_CATALOG[name]?.meaning.length).toBeGreaterThan(5);
  });

  it.each<[string, unknown, string | undefined]>([
    ['appidacr', '0', '0: public client (no client secret or certificate)'],
    ['appidacr', '1', '1: confidential client authenticated with a client secret'],
    ['azpacr', '2', '2: confidential client authenticated with a certificate or signed assertion'],
    ['azpacr', '7', undefined],
    ['acct', 1, '1: guest in the tenant'],
    [
      'xms_cc',
      ['cp1'],
      'cp1: the client handles claims challenges (Continuous Access Evaluation): an API such as Graph may answer a token it no longer accepts with 401 insufficient_claims and a claims value to authorize again with, instead of a plain refusal',
    ],
    ['xms_cc', ['cp2'], undefined],
    ['amr', ['pwd', 'mfa'], 'pwd: password; mfa: multiple-factor authentication'],
    ['amr', ['unknown-method'], undefined],
    [
      'wids',
      ['62e90394-69f5-4237-9190-012177145e10', 'b79fbf4d-3ef9-4689-8143-76b194e85509'],
      '62e90394-69f5-4237-9190-012177145e10: Global Administrator; b79fbf4d-3ef9-4689-8143-76b194e85509: User (the default role of every member user)',
    ],
    [
      'wids',
      ['00000000-0000-0000-0000-000000000001'],
      '00000000-0000-0000-0000-000000000001: role not in the well-known list',
    ],
    ['tid', MSA_TENANT_ID, 'the personal Microsoft account tenant (consumers: Outlook.com, Xbox, Skype…)'],
    ['tid', '72f988bf-86f1-41af-91ab-2d7cd011db47', undefined],
    ['idtyp', 'app', 'app: app-only token (client credentials, no user)'],
    ['aud', '00000003-0000-0000-c000-000000000000', 'Microsoft Graph'],
    ['scp', 'User.Read Mail.Send', '2 delegated permissions: User.Read, Mail.Send'],
  ])('decodes %s = %j', (name, value, decoded) => {
    expect(describeClaim(name, value).decoded).toBe(decoded);
  });

  it.each<[string, boolean, boolean]>([
    ['exp', true, true],
    ['auth_time', true, true],
    ['oid', true, false],
    ['my_custom_claim', false, false],
    ['xms_unheard_of', false, false],
    ['__proto__', false, false],
    ['constructor', false, false],
  ])('describes %s (known %s, time %s)', (name, known, isTime) => {
    const description = describeClaim(name, 'x');
    expect(description.known).toBe(known);
    expect(description.isTime).toBe(isTime);
  });

  it('marks unknown claims and names Entra extension claims', () => {
    expect(describeClaim('favourite_colour', 'blue')).toMatchObject({
      known: false,
      meaning: expect.stringMatching(/^Unknown claim/) as unknown,
    });
    expect(describeClaim('xms_new', 1).meaning).toMatch(/Entra ID extension/);
  });

  it('explains a Graph header nonce separately from the payload nonce', () => {
    expect(describeHeaderParameter('nonce', 'abc').meaning).toMatch(/only Graph can verify/);
    expect(describeClaim('nonce', 'abc').meaning).toMatch(/authorization request/);
  });

  it('has a meaning and a source for every entry', () => {
    for (const info of [...Object.values(CLAIMS_CATALOG), ...Object.values(HEADER_CATALOG)]) {
      expect(info.meaning).toMatch(/\.$|\)$/);
      expect(info.source).toBeTruthy();
    }
    expect(Object.keys(CLAIMS_CATALOG).length).toBeGreaterThan(90);
  });
});
