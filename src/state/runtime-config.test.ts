import { describe, expect, it } from 'vitest';
import { parseRuntimeConfig } from './runtime-config';

describe('parseRuntimeConfig', () => {
  it.each([
    ['no element', null, {}],
    ['empty content', '', {}],
    ['not JSON', '{localIssuer:', {}],
    [
      'a room',
      '{"localIssuer":"http://10.0.0.5:4101/","apiUrl":"http://10.0.0.5:4102/me","relay":false}',
      { localIssuer: 'http://10.0.0.5:4101', apiUrl: 'http://10.0.0.5:4102/me', relay: false },
    ],
    [
      'a room with its own form_post receiver and demo key routes',
      '{"formPostReceiver":"http://10.0.0.5:4100/form-post","demoKeyOrigin":"http://10.0.0.5:4100/"}',
      { formPostReceiver: 'http://10.0.0.5:4100/form-post', demoKeyOrigin: 'http://10.0.0.5:4100' },
    ],
    ['a script receiver', '{"formPostReceiver":"javascript:alert(1)"}', {}],
    ['only the issuer', '{"localIssuer":"https://idp.example"}', { localIssuer: 'https://idp.example' }],
    ['a script URL', '{"localIssuer":"javascript:alert(1)"}', {}],
    ['an unknown member', '{"localIssuer":"http://a.example","extra":1}', {}],
    ['a wrong type', '{"relay":"no"}', {}],
  ])('%s', (_label, content, expected) => {
    expect(parseRuntimeConfig(content)).toEqual(expected);
  });
});
