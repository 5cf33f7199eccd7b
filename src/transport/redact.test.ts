import { describe, expect, it } from 'vitest';
import { buildFormPost, type Exchange, type HttpRequest } from '@/protocol/http';
import {
  describePlaceholder,
  placeholdersUsed,
  redactExchange,
  redactRequest,
  redactUrl,
  splitPlaceholders,
} from '@/transport/redact';

const TOKEN_URL = 'https://login.microsoftonline.com/contoso/oauth2/v2.0/token';

describe('redactRequest', () => {
  it.each([
    ['client_secret', 'client_secret=s3cr%26t', 'client_secret={{client_secret}}'],
    ['password', 'username=ada&password=hunter2', 'username={{username}}&password={{password}}'],
    ['code_verifier', 'code=abc&code_verifier=xyz', 'code={{code}}&code_verifier={{code_verifier}}'],
    ['client_assertion', 'client_assertion=eyJ.a.b', 'client_assertion={{client_assertion}}'],
    [
      'assertion',
      'assertion=eyJ.a.b&requested_token_use=on_behalf_of',
      'assertion={{assertion}}&requested_token_use=on_behalf_of',
    ],
    [
      'refresh_token',
      'grant_type=refresh_token&refresh_token=0.AX',
      'grant_type=refresh_token&refresh_token={{refresh_token}}',
    ],
    [
      'subject_token',
      'subject_token=a&actor_token=b',
      'subject_token={{subject_token}}&actor_token={{actor_token}}',
    ],
    ['token', 'token=abc&token_type_hint=refresh_token', 'token={{token}}&token_type_hint=refresh_token'],
    ['device_code', 'device_code=GmRh', 'device_code={{device_code}}'],
    [
      'access_token and id_token',
      'access_token=a&id_token=b',
      'access_token={{access_token}}&id_token={{id_token}}',
    ],
    ['an encoded name', 'client%5Fsecret=x', 'client%5Fsecret={{client_secret}}'],
  ])('replaces %s in a form body and keeps other pairs byte for byte', (_name, body, expected) => {
    const request: HttpRequest = {
      method: 'POST',
      url: TOKEN_URL,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    };
    expect(redactRequest(request).body).toBe(expected);
  });

  it('leaves an empty secret value alone: there is nothing to hide and the mistake stays visible', () => {
    const request = buildFormPost(TOKEN_URL, { client_id: 'a', client_secret: '' });
    expect(redactRequest(request).body).toBe('client_id=a&client_secret=');
  });

  it.each([
    ['Basic dXNlcjpwYXNz', 'Basic {{client_credentials_base64}}'],
    ['Bearer eyJ0eXAi.eyJhdWQi.sig', 'Bearer {{access_token}}'],
    ['bearer abc', 'bearer {{access_token}}'],
    // issue 11: any other scheme carries credentials too (a Kerberos ticket, a MAC token)
    ['Negotiate abc', '{{authorization}}'],
    ['abc', '{{authorization}}'],
  ])('rewrites Authorization %s', (value, expected) => {
    const request: HttpRequest = {
      method: 'GET',
      url: 'https://graph.microsoft.com/v1.0/me',
      headers: { Authorization: value },
    };
    expect(redactRequest(request).headers).toEqual({ Authorization: expected });
  });

  it('redacts secrets and tokens in a JSON body', () => {
    const request: HttpRequest = {
      method: 'POST',
      url: 'https://api.example/exchange',
      headers: { 'content-type': 'application/json' },
      body: '{"client_id":"a","client_secret":"s","nested":{"access_token":"t"}}',
    };
    expect(JSON.parse(redactRequest(request).body ?? '')).toEqual({
      client_id: 'a',
      client_secret: '{{client_secret}}',
      nested: { access_token: '{{access_token}}' },
    });
  });

  it('does not modify the request it was given', () => {
    const request = buildFormPost(TOKEN_URL, { client_secret: 's' }, { authorization: 'Basic abc' });
    const copy = structuredClone(request);
    redactRequest(request);
    expect(request).toEqual(copy);
  });

  it.each([
    [{ secrets: false }, 'client_secret=s&refresh_token={{refresh_token}}', 'Basic abc'],
    [
      { tokens: false },
      'client_secret={{client_secret}}&refresh_token=r',
      'Basic {{client_credentials_base64}}',
    ],
    [{ secrets: false, tokens: false }, 'client_secret=s&refresh_token=r', 'Basic abc'],
  ])('with %o redacts only the other category', (options, body, authorization) => {
    const request = buildFormPost(
      TOKEN_URL,
      { client_secret: 's', refresh_token: 'r' },
      { authorization: 'Basic abc' },
    );
    const redacted = redactRequest(request, options);
    expect(redacted.body).toBe(body);
    expect(redacted.headers.authorization).toBe(authorization);
  });
});

describe('redactUrl', () => {
  it.each([
    [
      'https://app.example/callback?code=abc&state=xyz',
      'https://app.example/callback?code={{code}}&state=xyz',
    ],
    [
      'https://app.example/callback#access_token=a&token_type=Bearer&id_token=b',
      'https://app.example/callback#access_token={{access_token}}&token_type=Bearer&id_token={{id_token}}',
    ],
    ['https://app.example/page#section-2', 'https://app.example/page#section-2'],
    [
      'https://idp.example/authorize?response_type=code&client_id=a',
      'https://idp.example/authorize?response_type=code&client_id=a',
    ],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('redactExchange', () => {
  const exchange: Exchange = {
    id: 'x1',
    label: 'Token request (authorization_code)',
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 42,
    via: 'direct',
    request: buildFormPost(TOKEN_URL, { grant_type: 'authorization_code', code: 'c0de', code_verifier: 'v' }),
    response: {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'set-cookie': 'fpc=abc' },
      body: JSON.stringify({
        token_type: 'Bearer',
        access_token: 'AT',
        id_token: 'IT',
        refresh_token: 'RT',
        expires_in: 3599,
      }),
    },
  };

  it('redacts the token fields of a JSON response and keeps the rest', () => {
    const redacted = redactExchange(exchange);
    expect(JSON.parse(redacted.response?.body ?? '')).toEqual({
      token_type: 'Bearer',
      access_token: '{{access_token}}',
      id_token: '{{id_token}}',
      refresh_token: '{{refresh_token}}',
      expires_in: 3599,
    });
    expect(redacted.response?.headers['set-cookie']).toBe('{{cookie}}');
    expect(redacted.request.body).toBe(
      'grant_type=authorization_code&code={{code}}&code_verifier={{code_verifier}}',
    );
    expect(redacted.id).toBe('x1');
  });

  it('leaves a body that is not JSON as it is', () => {
    const html: Exchange = {
      ...exchange,
      response: { status: 500, headers: { 'content-type': 'application/json' }, body: '<h1>oops' },
    };
    expect(redactExchange(html).response?.body).toBe('<h1>oops');
  });

  it('does not redact when both categories are off', () => {
    expect(redactExchange(exchange, { secrets: false, tokens: false })).toEqual(exchange);
  });
});

describe('placeholdersUsed', () => {
  it('lists the placeholders of all requests in order of first use, once each', () => {
    const first = redactRequest(buildFormPost(TOKEN_URL, { client_secret: 's', code: 'c' }));
    const second = redactRequest({
      method: 'GET',
      url: 'https://x/me',
      headers: { authorization: 'Bearer t' },
    });
    expect(placeholdersUsed([first, second, first])).toEqual(['client_secret', 'code', 'access_token']);
  });

  it('ignores braces that are not placeholders redaction produces', () => {
    expect(placeholdersUsed([{ method: 'GET', url: 'https://x/?q={{whatever}}', headers: {} }])).toEqual([]);
  });

  it('gives every placeholder a description', () => {
    expect(describePlaceholder('client_credentials_base64')).toMatch(/client_id:client_secret/);
    expect(describePlaceholder('constructor')).toBeUndefined();
  });
});

describe('splitPlaceholders', () => {
  it('splits literals and known placeholders', () => {
    expect(splitPlaceholders('Bearer {{access_token}} and {{nope}}')).toEqual([
      { literal: 'Bearer ' },
      { placeholder: 'access_token' },
      { literal: ' and {{nope}}' },
    ]);
  });
});
