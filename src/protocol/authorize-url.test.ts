import { describe, expect, it } from 'vitest';
import type { PlaygroundError } from './errors';
import {
  analyzeAuthorizeParams,
  buildAuthorizeUrl,
  FORM_POST_RECEIVER,
  parseAuthorizeUrl,
  type AuthorizeContext,
} from './authorize-url';

const APP = 'http://localhost:5173';
const context: AuthorizeContext = { appOrigin: APP, provider: 'local' };
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('buildAuthorizeUrl', () => {
  it('keeps the user order, then the extras, and encodes values', () => {
    const url = buildAuthorizeUrl(
      'https://as.example/authorize',
      { scope: 'openid profile', client_id: 'app', redirect_uri: `${APP}/callback` },
      [['foo', 'a&b=c']],
    );
    expect(url).toBe(
      'https://as.example/authorize?scope=openid+profile&client_id=app&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fcallback&foo=a%26b%3Dc',
    );
  });

  it('keeps the query the endpoint already has (e.g. a B2C policy)', () => {
    expect(buildAuthorizeUrl('https://as.example/authorize?p=b2c_1_signin', { client_id: 'x' })).toBe(
      'https://as.example/authorize?p=b2c_1_signin&client_id=x',
    );
  });

  it('leaves out empty values unless asked', () => {
    const params = { client_id: 'x', prompt: '' };
    expect(buildAuthorizeUrl('https://as.example/a', params, [['extra', '']])).toBe(
      'https://as.example/a?client_id=x',
    );
    expect(buildAuthorizeUrl('https://as.example/a', params, [['extra', '']], { includeEmpty: true })).toBe(
      'https://as.example/a?client_id=x&prompt=&extra=',
    );
  });

  it('sends repeated extras as given (wrong values are part of learning)', () => {
    expect(buildAuthorizeUrl('https://as.example/a', { scope: 'a' }, [['scope', 'b']])).toBe(
      'https://as.example/a?scope=a&scope=b',
    );
  });

  it.each(['not a url', '/relative', 'https://as.example/a#frag'])('refuses endpoint %s', (endpoint) => {
    expect(() => buildAuthorizeUrl(endpoint, {})).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }) as PlaygroundError,
    );
  });
});

describe('parseAuthorizeUrl', () => {
  it('round-trips a built URL', () => {
    const params = { client_id: 'app', response_type: 'code id_token', scope: 'openid', state: 'a b+c' };
    const parsed = parseAuthorizeUrl(buildAuthorizeUrl('https://as.example/oauth2/authorize', params));
    expect(parsed.endpoint).toBe('https://as.example/oauth2/authorize');
    expect(parsed.params).toEqual(params);
    expect(parsed.repeated).toEqual([]);
  });

  it('reports repeated parameters and keeps every pair', () => {
    const parsed = parseAuthorizeUrl('  https://as.example/a?scope=a&scope=b&x=1  ');
    expect(parsed.pairs).toEqual([
      ['scope', 'a'],
      ['scope', 'b'],
      ['x', '1'],
    ]);
    expect(parsed.repeated).toEqual(['scope']);
  });

  it('refuses what is not a URL', () => {
    expect(() => parseAuthorizeUrl('client_id=x')).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }) as PlaygroundError,
    );
  });
});

function baseParams(responseType: string, mode: string): Record<string, string> {
  const params: Record<string, string> = {
    client_id: 'app',
    redirect_uri: mode === 'form_post' ? FORM_POST_RECEIVER : `${APP}/callback`,
    response_type: responseType,
    scope: 'openid profile',
    state: 'xyz',
    nonce: 'n-0S6',
  };
  if (mode !== '') params.response_mode = mode;
  if (responseType.split(' ').includes('code')) {
    params.code_challenge = CHALLENGE;
    params.code_challenge_method = 'S256';
  }
  return params;
}

const ids = (params: Record<string, string>, ctx: AuthorizeContext = context) =>
  analyzeAuthorizeParams(params, ctx).map((warning) => warning.id);

describe('analyzeAuthorizeParams: response types × modes', () => {
  const implicit = ['implicit-legacy'];
  const hybridCode = ['hybrid-flow'];
  const hybridToken = ['hybrid-flow', 'hybrid-access-token-front-channel'];
  const query = 'response-mode-query-with-tokens';
  it.each([
    ['code', '', []],
    ['code', 'query', []],
    ['code', 'fragment', []],
    ['code', 'form_post', []],
    ['token', '', implicit],
    ['token', 'query', [...implicit, query]],
    ['token', 'fragment', implicit],
    ['token', 'form_post', implicit],
    ['id_token', '', implicit],
    ['id_token', 'query', [...implicit, query]],
    ['id_token', 'fragment', implicit],
    ['id_token', 'form_post', implicit],
    ['id_token token', '', implicit],
    ['id_token token', 'query', [...implicit, query]],
    ['id_token token', 'fragment', implicit],
    ['id_token token', 'form_post', implicit],
    ['code id_token', '', hybridCode],
    ['code id_token', 'query', [...hybridCode, query]],
    ['code id_token', 'fragment', hybridCode],
    ['code id_token', 'form_post', hybridCode],
    ['code token', '', hybridToken],
    ['code token', 'query', [...hybridToken, query]],
    ['code token', 'fragment', hybridToken],
    ['code token', 'form_post', hybridToken],
    ['code id_token token', '', hybridToken],
    ['code id_token token', 'query', [...hybridToken, query]],
    ['code id_token token', 'fragment', hybridToken],
    ['code id_token token', 'form_post', hybridToken],
    ['none', '', ['response-type-none']],
    ['none', 'query', ['response-type-none']],
    ['none', 'fragment', ['response-type-none']],
    ['none', 'form_post', ['response-type-none']],
  ])('response_type=%s response_mode=%s → %j', (responseType, mode, expected) => {
    expect(ids(baseParams(responseType, mode))).toEqual(expected);
  });
});

describe('analyzeAuthorizeParams: single findings', () => {
  const code = () => baseParams('code', '');
  it.each<[string, (p: Record<string, string>) => void, string[]]>([
    ['no state', (p) => delete p.state, ['state-missing']],
    ['empty state', (p) => (p.state = ''), ['state-missing']],
    ['no client_id', (p) => delete p.client_id, ['client-id-missing']],
    ['no response_type', (p) => delete p.response_type, ['response-type-missing']],
    ['unknown response_type', (p) => (p.response_type = 'code magic'), ['response-type-unknown']],
    ['repeated response_type', (p) => (p.response_type = 'code code'), ['response-type-repeated']],
    ['none combined', (p) => (p.response_type = 'none code'), ['response-type-none-combined']],
    ['plain PKCE', (p) => (p.code_challenge_method = 'plain'), ['pkce-plain']],
    [
      'no PKCE',
      (p) => {
        delete p.code_challenge;
        delete p.code_challenge_method;
      },
      ['pkce-missing'],
    ],
    [
      'method without challenge',
      (p) => delete p.code_challenge,
      ['pkce-missing', 'pkce-method-without-challenge'],
    ],
    ['challenge without method', (p) => delete p.code_challenge_method, ['pkce-method-default-plain']],
    ['unknown method', (p) => (p.code_challenge_method = 'S512'), ['pkce-method-unknown']],
    [
      'hex challenge',
      (p) => (p.code_challenge = '13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3'),
      ['pkce-challenge-hex'],
    ],
    ['padded challenge', (p) => (p.code_challenge = `${CHALLENGE}=`), ['pkce-challenge-padded']],
    ['code flow without nonce', (p) => delete p.nonce, ['nonce-recommended']],
    ['offline_access', (p) => (p.scope = 'openid offline_access'), ['offline-access']],
    ['prompt none combined', (p) => (p.prompt = 'none login'), ['prompt-none-combined']],
    ['max_age not a number', (p) => (p.max_age = '1h'), ['max-age-invalid']],
    ['no redirect_uri', (p) => delete p.redirect_uri, ['redirect-uri-missing']],
    ['relative redirect_uri', (p) => (p.redirect_uri = '/callback'), ['redirect-uri-invalid']],
    ['fragment in redirect_uri', (p) => (p.redirect_uri = `${APP}/cb#x`), ['redirect-uri-fragment']],
    [
      'foreign redirect_uri',
      (p) => (p.redirect_uri = 'https://app.example/cb'),
      ['redirect-uri-unreceivable'],
    ],
    [
      'http foreign redirect_uri',
      (p) => (p.redirect_uri = 'http://app.example/cb'),
      ['redirect-uri-http', 'redirect-uri-unreceivable'],
    ],
    ['form_post to the app', (p) => (p.response_mode = 'form_post'), ['form-post-needs-receiver']],
    ['unknown mode', (p) => (p.response_mode = 'web_message'), ['response-mode-unknown']],
  ])('%s', (_label, change, expected) => {
    const params = code();
    change(params);
    expect(ids(params)).toEqual(expected);
  });

  it('flags id_token without nonce and without openid', () => {
    const params = baseParams('id_token', 'fragment');
    delete params.nonce;
    params.scope = 'profile';
    expect(ids(params)).toEqual(['implicit-legacy', 'nonce-missing', 'openid-missing']);
  });

  it('names the parameter and says what is wrong', () => {
    const params = code();
    delete params.state;
    expect(analyzeAuthorizeParams(params, context)).toEqual([
      expect.objectContaining({ id: 'state-missing', severity: 'warning', parameter: 'state' }),
    ]);
  });

  it('never changes the parameters', () => {
    const params = baseParams('token', 'query');
    const copy = { ...params };
    analyzeAuthorizeParams(params, context);
    expect(params).toEqual(copy);
  });

  it('names the receiver the app was given (a room serves its own) when form_post goes to the app', () => {
    const params = { ...code(), response_mode: 'form_post' };
    const [warning] = analyzeAuthorizeParams(params, {
      ...context,
      formPostReceiver: 'http://10.0.0.5:4100/form-post',
    });
    expect(warning?.message).toContain('use the receiver http://10.0.0.5:4100/form-post as redirect_uri');
    expect(warning?.message).not.toContain('localhost:4002');
  });

  it('accepts a custom form_post receiver', () => {
    const params = { ...code(), response_mode: 'form_post', redirect_uri: 'http://127.0.0.1:9000/fp' };
    expect(ids(params, { ...context, formPostReceiver: 'http://127.0.0.1:9000/fp' })).toEqual([]);
  });
});

describe('analyzeAuthorizeParams: Entra', () => {
  const entra: AuthorizeContext = { appOrigin: APP, provider: 'entra' };
  const code = (scope: string, extra: Record<string, string> = {}): Record<string, string> => ({
    ...baseParams('code', ''),
    scope,
    ...extra,
  });
  it.each<[string, Record<string, string>, string[]]>([
    ['Graph scopes only', code('openid User.Read https://graph.microsoft.com/Mail.Read'), []],
    ['two resources', code('openid User.Read api://1111/access_as_user'), ['entra-several-resources']],
    [
      '.default with another scope of the same resource',
      code('https://graph.microsoft.com/.default User.Read'),
      ['entra-default-mixed'],
    ],
    [
      '.default of two resources',
      code('https://graph.microsoft.com/.default api://1111/.default'),
      ['entra-several-resources'],
    ],
    [
      'resource parameter',
      code('openid', { resource: 'https://graph.microsoft.com' }),
      ['entra-resource-not-supported'],
    ],
    ['no scope at all', code(''), ['entra-scope-empty']],
  ])('%s', (_label, params, expected) => {
    expect(ids(params, entra)).toEqual(expected);
  });

  it('notes the implicit grant setting and mentions AADSTS9002325 without PKCE', () => {
    const implicit = baseParams('id_token', '');
    expect(ids(implicit, entra)).toEqual(['implicit-legacy', 'entra-implicit-grant-setting']);
    const noPkce = code('openid');
    delete noPkce.code_challenge;
    delete noPkce.code_challenge_method;
    expect(analyzeAuthorizeParams(noPkce, entra)[0]?.message).toContain('AADSTS9002325');
  });
});

describe('parseAuthorizeUrl: hostile names', () => {
  it('keeps "__proto__" as a plain parameter', () => {
    const parsed = parseAuthorizeUrl('https://as.example/a?__proto__=x&client_id=y');
    expect(Object.keys(parsed.params)).toEqual(['__proto__', 'client_id']);
    expect(Object.getPrototypeOf(parsed.params)).toBe(Object.prototype);
  });
});
