import { describe, expect, it } from 'vitest';
import {
  applyStepUpChallenge,
  checkAuthenticationClaims,
  parseClaimsParameter,
  readStepUpChallenge,
} from './step-up';

describe('parseClaimsParameter', () => {
  it('reads the OIDC Core §5.5 example', () => {
    const text = JSON.stringify({
      userinfo: {
        given_name: { essential: true },
        nickname: null,
        email: { essential: true },
        picture: null,
      },
      id_token: { auth_time: { essential: true }, acr: { values: ['urn:mace:incommon:iap:silver'] } },
    });
    expect(parseClaimsParameter(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['not JSON', '{', 'not valid JSON'],
    ['an array', '[]', 'JSON object'],
    ['an unknown target', '{"access_token":{}}', '"access_token"'],
    ['a target that is not an object', '{"id_token":true}', '"claims.id_token"'],
    ['a claim request that is a string', '{"id_token":{"acr":"x"}}', '"claims.id_token.acr"'],
    ['essential that is not a boolean', '{"id_token":{"acr":{"essential":"yes"}}}', 'essential'],
    ['values that are not an array', '{"id_token":{"acr":{"values":"x"}}}', 'values'],
  ])('refuses %s', (_label, text, name) => {
    expect(() => parseClaimsParameter(text)).toThrow(
      expect.objectContaining({
        code: 'CLAIMS_PARAMETER_INVALID',
        message: expect.stringContaining(name) as string,
      }),
    );
  });
});

describe('checkAuthenticationClaims', () => {
  const NOW = 1_700_000_000;
  const MFA = 'urn:playground:acr:mfa';
  const essential = parseClaimsParameter(
    JSON.stringify({ id_token: { acr: { essential: true, values: [MFA] } } }),
  );

  it.each<
    [string, Record<string, unknown>, Parameters<typeof checkAuthenticationClaims>[1], [string, string][]]
  >([
    [
      'voluntary acr met',
      { acr: MFA, amr: ['pwd', 'otp'] },
      { acrValues: MFA },
      [
        ['acr', 'met'],
        ['amr', 'info'],
      ],
    ],
    ['voluntary acr declined', { acr: 'pwd' }, { acrValues: `${MFA} other` }, [['acr', 'not-met']]],
    ['acr missing', {}, { acrValues: MFA }, [['acr', 'missing']]],
    ['essential acr met', { acr: MFA }, { claims: essential }, [['acr', 'met']]],
    ['essential acr not met', { acr: 'pwd' }, { claims: essential }, [['acr', 'not-met']]],
    ['acr when nothing was asked', { acr: 'pwd' }, {}, [['acr', 'info']]],
    ['max_age met', { auth_time: NOW - 100 }, { maxAge: 300 }, [['auth_time', 'met']]],
    ['max_age exceeded', { auth_time: NOW - 1000 }, { maxAge: 300 }, [['auth_time', 'not-met']]],
    ['max_age without auth_time', {}, { maxAge: 300 }, [['auth_time', 'missing']]],
    [
      'prompt=login with a fresh sign-in',
      { auth_time: NOW - 5 },
      { prompt: 'login', sentAt: NOW - 10 },
      [['auth_time', 'met']],
    ],
    [
      'prompt=login with a reused session',
      { auth_time: NOW - 3600 },
      { prompt: 'login consent', sentAt: NOW - 10 },
      [['auth_time', 'not-met']],
    ],
  ])('%s', (_label, idToken, request, expected) => {
    expect(
      checkAuthenticationClaims(idToken, request, NOW).map((check) => [check.claim, check.status]),
    ).toEqual(expected);
  });

  it('explains that acr_values is voluntary when it was not met', () => {
    const [check] = checkAuthenticationClaims({ acr: 'pwd' }, { acrValues: MFA }, NOW);
    expect(check?.message).toMatch(/voluntary/);
  });
});

describe('readStepUpChallenge', () => {
  it.each<[string, string, object | undefined]>([
    [
      'the RFC 9470 §3 acr_values example',
      'Bearer error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="myACR"',
      {
        scheme: 'Bearer',
        acr_values: 'myACR',
        error_description: 'A different authentication level is required',
      },
    ],
    [
      'the RFC 9470 §3 max_age example',
      'Bearer error="insufficient_user_authentication", error_description="More recent authentication is required", max_age="5"',
      { scheme: 'Bearer', max_age: 5, error_description: 'More recent authentication is required' },
    ],
    [
      'a DPoP challenge',
      'DPoP algs="ES256", error="insufficient_user_authentication", acr_values="a b"',
      { scheme: 'DPoP', acr_values: 'a b' },
    ],
    ['another error', 'Bearer error="invalid_token"', undefined],
    ['a malformed header', 'Bearer error="x', undefined],
  ])('%s', (_label, header, expected) => {
    expect(readStepUpChallenge(header)).toEqual(expected);
  });

  it('turns a challenge into the next authorization parameters', () => {
    expect(
      applyStepUpChallenge(
        { scope: 'openid', acr_values: 'old' },
        { scheme: 'Bearer', acr_values: 'new', max_age: 0 },
      ),
    ).toEqual({
      scope: 'openid',
      acr_values: 'new',
      max_age: '0',
    });
  });
});
