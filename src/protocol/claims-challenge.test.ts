import { describe, expect, it } from 'vitest';
import { buildClaimsRequest, readClaimsChallenge } from './claims-challenge';
import { parseWwwAuthenticate } from './www-authenticate';

const NBF = '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}';
const encode = (text: string) => btoa(text);

describe('readClaimsChallenge', () => {
  it('decodes the claims of an insufficient_claims challenge and adds the cp1 capability', () => {
    const [challenge] = parseWwwAuthenticate(
      `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${encode(NBF)}"`,
    );
    const result = readClaimsChallenge(challenge);
    expect(result?.claims).toBe(NBF);
    expect(JSON.parse(result?.claimsRequest ?? '{}')).toEqual({
      access_token: { nbf: { essential: true, value: '1700000000' }, xms_cc: { values: ['cp1'] } },
    });
  });

  it.each([
    ['another error', `Bearer error="invalid_token", claims="${encode(NBF)}"`],
    ['no claims', 'Bearer error="insufficient_claims"'],
    ['claims not base64 JSON', 'Bearer error="insufficient_claims", claims="%%%"'],
    ['claims a JSON array', `Bearer error="insufficient_claims", claims="${encode('[1]')}"`],
  ])('ignores %s', (_name, header) => {
    expect(readClaimsChallenge(parseWwwAuthenticate(header)[0])).toBeUndefined();
  });
});

describe('buildClaimsRequest', () => {
  it('declares capabilities when the challenge names no access_token claims', () => {
    expect(buildClaimsRequest('{}', ['cp1'])).toBe('{"access_token":{"xms_cc":{"values":["cp1"]}}}');
  });
});
