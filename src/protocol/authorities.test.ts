import { describe, expect, it } from 'vitest';
import { describeEntraAuthority, explainAuthorityIssuer } from './authorities';

const TID = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

describe('describeEntraAuthority', () => {
  it.each([
    [
      'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/v2.0/.well-known/openid-configuration',
      { kind: 'b2c', tenantName: 'contoso', policy: 'B2C_1_signin' },
    ],
    [
      'https://contoso.b2clogin.com/tfp/contoso.onmicrosoft.com/B2C_1A_signup_signin/v2.0/',
      { kind: 'b2c', tenantName: 'contoso', policy: 'B2C_1A_signup_signin' },
    ],
    [
      'https://contoso.b2clogin.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration?p=B2C_1_edit',
      { kind: 'b2c', tenantName: 'contoso', policy: 'B2C_1_edit' },
    ],
    [
      'https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0',
      { kind: 'external-id', tenantName: 'contoso' },
    ],
  ])('%s', (url, want) => {
    expect(describeEntraAuthority(url)).toEqual(want);
  });

  it.each([
    'https://login.microsoftonline.com/common/v2.0',
    'not a url',
    'https://b2clogin.com.evil.example/x',
  ])('is not one: %s', (url) => {
    expect(describeEntraAuthority(url)).toBeUndefined();
  });
});

describe('explainAuthorityIssuer', () => {
  const b2c = 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/v2.0';
  const ciam = 'https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0';
  it.each([
    [b2c, `https://contoso.b2clogin.com/${TID}/v2.0/`, /tfp/],
    [b2c, `https://contoso.b2clogin.com/tfp/${TID}/B2C_1_signin/v2.0/`, /"tfp" issuer format/],
    [ciam, `https://${TID}.ciamlogin.com/${TID}/v2.0`, /External ID/],
  ])('accepts %s published as %s', (expected, actual, note) => {
    expect(explainAuthorityIssuer(expected, actual)).toMatch(note);
  });

  it.each([
    [b2c, `https://fabrikam.b2clogin.com/${TID}/v2.0/`],
    [b2c, 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/v2.0/'],
    [ciam, `https://${TID}.ciamlogin.com/0f1e2d3c-4b5a-4978-8695-000000000000/v2.0`],
    ['https://login.microsoftonline.com/common/v2.0', `https://login.microsoftonline.com/${TID}/v2.0`],
  ])('refuses %s published as %s', (expected, actual) => {
    expect(explainAuthorityIssuer(expected, actual)).toBeUndefined();
  });
});
