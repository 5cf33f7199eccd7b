import { describe, expect, it } from 'vitest';
import { buildRegistrationRequest, parseClientMetadata, parseRegistrationResponse } from './dcr';
import type { HttpResponse } from './http';

// RFC 7591 §3.1's example metadata.
const RFC7591_METADATA = {
  redirect_uris: ['https://client.example.org/callback', 'https://client.example.org/callback2'],
  client_name: 'My Example Client',
  token_endpoint_auth_method: 'client_secret_basic',
  logo_uri: 'https://client.example.org/logo.png',
  jwks_uri: 'https://client.example.org/my_public_keys.jwks',
  example_extension_parameter: 'example_value',
};

const json = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('parseClientMetadata', () => {
  it('accepts the RFC 7591 §3.1 example, extension members included', () => {
    expect(parseClientMetadata(JSON.stringify(RFC7591_METADATA))).toEqual(RFC7591_METADATA);
  });

  it.each([
    ['not JSON', '{', 'not valid JSON'],
    ['an array', '[]', 'JSON object'],
    ['redirect_uris as a string', '{"redirect_uris":"https://a/cb"}', '"redirect_uris" must be an array'],
    ['a relative redirect URI', '{"redirect_uris":["/cb"]}', 'not an absolute URI'],
    ['a redirect URI with a fragment', '{"redirect_uris":["https://a/cb#x"]}', 'fragment'],
    ['grant_types with a number', '{"grant_types":[1]}', '"grant_types"'],
    ['a client_name that is not a string', '{"client_name":5}', '"client_name"'],
    ['jwks without keys', '{"jwks":{}}', '"jwks"'],
    ['a private key in jwks', '{"jwks":{"keys":[{"kty":"EC","d":"secret"}]}}', 'private key material (d)'],
  ])('refuses %s', (_label, text, message) => {
    expect(() => parseClientMetadata(text)).toThrow(
      expect.objectContaining({
        code: 'CLIENT_METADATA_INVALID',
        message: expect.stringContaining(message) as string,
      }),
    );
  });
});

describe('buildRegistrationRequest', () => {
  it('POSTs JSON, with the initial access token when there is one (RFC 7591 §3.1)', () => {
    expect(
      buildRegistrationRequest({
        endpoint: 'https://server.example.com/register',
        metadata: { client_name: 'x' },
        initialAccessToken: 'iat',
      }),
    ).toEqual({
      method: 'POST',
      url: 'https://server.example.com/register',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: 'Bearer iat',
      },
      body: '{"client_name":"x"}',
    });
    expect(buildRegistrationRequest({ endpoint: 'https://s/r', metadata: {} }).headers).not.toHaveProperty(
      'authorization',
    );
  });
});

describe('parseRegistrationResponse', () => {
  it('splits the RFC 7591 §3.2.1 example response into metadata and secrets', () => {
    const client = parseRegistrationResponse(
      json(201, {
        client_id: 's6BhdRkqt3',
        client_secret: 'cf136dc3c1fc93f31185e5885805d',
        client_id_issued_at: 2893256800,
        client_secret_expires_at: 2893276800,
        redirect_uris: ['https://client.example.org/callback'],
        registration_access_token: 'reg-23410913-abewfq.123483',
        registration_client_uri: 'https://server.example.com/register/s6BhdRkqt3',
      }),
    );
    expect(client).toEqual({
      client_id: 's6BhdRkqt3',
      client_id_issued_at: 2893256800,
      client_secret_expires_at: 2893276800,
      registration_client_uri: 'https://server.example.com/register/s6BhdRkqt3',
      secrets: {
        client_secret: 'cf136dc3c1fc93f31185e5885805d',
        registration_access_token: 'reg-23410913-abewfq.123483',
      },
      metadata: {
        client_id: 's6BhdRkqt3',
        client_id_issued_at: 2893256800,
        client_secret_expires_at: 2893276800,
        redirect_uris: ['https://client.example.org/callback'],
        registration_client_uri: 'https://server.example.com/register/s6BhdRkqt3',
      },
    });
    expect(JSON.stringify(client.metadata)).not.toContain('cf136dc3');
  });

  it.each<[string, HttpResponse, string]>([
    [
      'the RFC 7591 §3.2.2 error example',
      json(400, {
        error: 'invalid_redirect_uri',
        error_description: 'The redirection URI http://sketchy.example.com is not allowed by this server.',
      }),
      'OAUTH_ERROR',
    ],
    ['no client_id', json(201, { client_name: 'x' }), 'RESPONSE_INVALID'],
    ['a 500 without error', json(500, {}), 'RESPONSE_INVALID'],
  ])('refuses %s', (_label, response, code) => {
    expect(() => parseRegistrationResponse(response)).toThrow(expect.objectContaining({ code }));
  });
});
