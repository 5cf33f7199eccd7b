import { describe, expect, it } from 'vitest';
import type { ClientAuth } from './client-auth';
import type { PlaygroundError } from './errors';
import type { HttpRequest } from './http';
import {
  buildApiRequest,
  buildAuthorizationCodeRequest,
  buildClientCredentialsRequest,
  buildDeviceAuthorizationRequest,
  buildDeviceCodeTokenRequest,
  buildEndSessionUrl,
  buildIntrospectionRequest,
  buildOnBehalfOfRequest,
  buildPasswordRequest,
  buildRefreshTokenRequest,
  buildRevocationRequest,
  buildTokenExchangeRequest,
  buildUserinfoRequest,
} from './token-request';

const TOKEN = 'https://as.example/token';
const pub: ClientAuth = { method: 'none', clientId: 'app' };
const body = (request: HttpRequest) => [...new URLSearchParams(request.body)];

describe('grant request bodies', () => {
  it.each<[string, HttpRequest, [string, string][]]>([
    [
      'authorization_code with PKCE',
      buildAuthorizationCodeRequest({
        endpoint: TOKEN,
        clientAuth: pub,
        code: 'c1',
        redirectUri: 'http://localhost:5173/callback',
        codeVerifier: 'v'.repeat(43),
      }),
      [
        ['grant_type', 'authorization_code'],
        ['code', 'c1'],
        ['redirect_uri', 'http://localhost:5173/callback'],
        ['code_verifier', 'v'.repeat(43)],
        ['client_id', 'app'],
      ],
    ],
    [
      'refresh_token',
      buildRefreshTokenRequest({ endpoint: TOKEN, clientAuth: pub, refreshToken: 'rt', scope: 'openid' }),
      [
        ['grant_type', 'refresh_token'],
        ['refresh_token', 'rt'],
        ['scope', 'openid'],
        ['client_id', 'app'],
      ],
    ],
    [
      'client_credentials',
      buildClientCredentialsRequest({
        endpoint: TOKEN,
        clientAuth: { method: 'client_secret_post', clientId: 'app', clientSecret: 's' },
        scope: 'https://graph.microsoft.com/.default',
      }),
      [
        ['grant_type', 'client_credentials'],
        ['scope', 'https://graph.microsoft.com/.default'],
        ['client_id', 'app'],
        ['client_secret', 's'],
      ],
    ],
    [
      'device_code',
      buildDeviceCodeTokenRequest({ endpoint: TOKEN, clientAuth: pub, deviceCode: 'dc' }),
      [
        ['grant_type', 'urn:ietf:params:oauth:grant-type:device_code'],
        ['device_code', 'dc'],
        ['client_id', 'app'],
      ],
    ],
    [
      'password',
      buildPasswordRequest({
        endpoint: TOKEN,
        clientAuth: pub,
        username: 'alice',
        password: 'p&ss word',
        scope: 'openid',
      }),
      [
        ['grant_type', 'password'],
        ['username', 'alice'],
        ['password', 'p&ss word'],
        ['scope', 'openid'],
        ['client_id', 'app'],
      ],
    ],
    [
      'on-behalf-of',
      buildOnBehalfOfRequest({
        endpoint: TOKEN,
        clientAuth: { method: 'private_key_jwt', clientId: 'api-a', assertion: 'cl.as.sn' },
        assertion: 'us.er.tok',
        scope: 'api://b/.default',
      }),
      [
        ['grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
        ['assertion', 'us.er.tok'],
        ['scope', 'api://b/.default'],
        ['requested_token_use', 'on_behalf_of'],
        ['client_id', 'api-a'],
        ['client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'],
        ['client_assertion', 'cl.as.sn'],
      ],
    ],
    [
      'token exchange',
      buildTokenExchangeRequest({
        endpoint: TOKEN,
        clientAuth: pub,
        subjectToken: 'st',
        subjectTokenType: 'urn:ietf:params:oauth:token-type:access_token',
        actorToken: 'at',
        actorTokenType: 'urn:ietf:params:oauth:token-type:id_token',
        requestedTokenType: 'urn:ietf:params:oauth:token-type:jwt',
        audience: 'api-b',
        resource: 'https://b.example',
        scope: 'read',
      }),
      [
        ['grant_type', 'urn:ietf:params:oauth:grant-type:token-exchange'],
        ['subject_token', 'st'],
        ['subject_token_type', 'urn:ietf:params:oauth:token-type:access_token'],
        ['actor_token', 'at'],
        ['actor_token_type', 'urn:ietf:params:oauth:token-type:id_token'],
        ['requested_token_type', 'urn:ietf:params:oauth:token-type:jwt'],
        ['audience', 'api-b'],
        ['resource', 'https://b.example'],
        ['scope', 'read'],
        ['client_id', 'app'],
      ],
    ],
    [
      'introspection',
      buildIntrospectionRequest({
        endpoint: TOKEN,
        clientAuth: pub,
        token: 't',
        tokenTypeHint: 'access_token',
      }),
      [
        ['token', 't'],
        ['token_type_hint', 'access_token'],
        ['client_id', 'app'],
      ],
    ],
    [
      'revocation',
      buildRevocationRequest({
        endpoint: TOKEN,
        clientAuth: pub,
        token: 'r',
        tokenTypeHint: 'refresh_token',
      }),
      [
        ['token', 'r'],
        ['token_type_hint', 'refresh_token'],
        ['client_id', 'app'],
      ],
    ],
  ])('%s', (_label, request, pairs) => {
    expect(request.method).toBe('POST');
    expect(request.url).toBe(TOKEN);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(body(request)).toEqual(pairs);
  });
});

describe('sending what the user set', () => {
  it('leaves out optional parameters that are undefined, sends empty and wrong values as given', () => {
    const request = buildAuthorizationCodeRequest({
      endpoint: TOKEN,
      clientAuth: pub,
      code: '',
      codeVerifier: 'short!',
    });
    expect(body(request)).toEqual([
      ['grant_type', 'authorization_code'],
      ['code', ''],
      ['code_verifier', 'short!'],
      ['client_id', 'app'],
    ]);
  });

  it('appends the user extras last, repeats included', () => {
    const request = buildClientCredentialsRequest({
      endpoint: TOKEN,
      clientAuth: pub,
      scope: 'a',
      extra: [
        ['scope', 'b'],
        ['', 'ignored'],
        ['x', ''],
      ],
    });
    expect(request.body).toBe('grant_type=client_credentials&scope=a&client_id=app&scope=b&x=');
  });

  it('puts client_secret_basic in the Authorization header, not the body', () => {
    const request = buildRefreshTokenRequest({
      endpoint: TOKEN,
      clientAuth: { method: 'client_secret_basic', clientId: 'app', clientSecret: 'a+b' },
      refreshToken: 'rt',
    });
    expect(request.headers.authorization).toBe(`Basic ${btoa('app:a%2Bb')}`);
    expect(request.body).toBe('grant_type=refresh_token&refresh_token=rt');
  });

  it('refuses an endpoint that is not a URL', () => {
    expect(() => buildClientCredentialsRequest({ endpoint: 'token', clientAuth: pub })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }) as PlaygroundError,
    );
  });
});

describe('buildDeviceAuthorizationRequest', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'https://login.example/t/oauth2/v2.0/devicecode'],
    ['', 'https://login.example/t/oauth2/v2.0/devicecode'],
    ['de-DE', 'https://login.example/t/oauth2/v2.0/devicecode?mkt=de-DE'],
  ])('mkt %s → %s', (mkt, url) => {
    const request = buildDeviceAuthorizationRequest({
      endpoint: 'https://login.example/t/oauth2/v2.0/devicecode',
      clientAuth: pub,
      scope: 'openid offline_access',
      ...(mkt === undefined ? {} : { mkt }),
    });
    expect(request.url).toBe(url);
    expect(request.body).toBe('scope=openid+offline_access&client_id=app');
  });
});

describe('bearer requests', () => {
  it('userinfo is a GET with the Bearer token', () => {
    expect(buildUserinfoRequest('https://graph.microsoft.com/oidc/userinfo', 'at')).toEqual({
      method: 'GET',
      url: 'https://graph.microsoft.com/oidc/userinfo',
      headers: { authorization: 'Bearer at', accept: 'application/json' },
    });
  });

  it('an API call keeps the method', () => {
    expect(buildApiRequest('http://localhost:4001/api/me', 'at', 'POST').method).toBe('POST');
  });
});

describe('buildEndSessionUrl', () => {
  it('adds the set parameters in a stable order and skips empty ones', () => {
    expect(
      buildEndSessionUrl(
        'https://as.example/logout',
        {
          state: 's',
          id_token_hint: 'a.b.c',
          post_logout_redirect_uri: 'http://localhost:5173/',
          logout_hint: '',
        },
        [['ui_locales', 'fr']],
      ),
    ).toBe(
      'https://as.example/logout?id_token_hint=a.b.c&post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A5173%2F&state=s&ui_locales=fr',
    );
  });
});
