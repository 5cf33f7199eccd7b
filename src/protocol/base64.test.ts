import { describe, expect, it } from 'vitest';
import { decodeBase64Lenient, decodeBase64Text } from './base64';

describe('decodeBase64Text', () => {
  // {"uid":"ü?"} chosen so that standard base64 contains "+" and "/" where base64url has "-" and "_".
  const json = '{"a":"ü>?"}';
  const standard = btoa(String.fromCharCode(...new TextEncoder().encode(json)));

  it('reads standard base64 with padding, as Entra often sends it', () => {
    expect(standard).toMatch(/[+/=]/);
    expect(decodeBase64Text(standard)).toBe(json);
  });

  it('reads base64url without padding', () => {
    const url = standard.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(decodeBase64Text(url)).toBe(json);
  });

  it('says undefined for text that is not base64 or not UTF-8', () => {
    expect(decodeBase64Text('not base64 at all!')).toBeUndefined();
    expect(decodeBase64Text(btoa('\xff\xfe'))).toBeUndefined();
  });

  it('throws a TypeError from the strict form', () => {
    expect(() => decodeBase64Lenient('%%%')).toThrow(TypeError);
  });
});
