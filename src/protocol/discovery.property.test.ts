import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPropertyRuns } from '@/tokens/fc-runs';
import { parseDiscoveryResponse, REQUIRED_ENDPOINTS, URL_FIELDS } from './discovery';
import { PlaygroundError } from './errors';
import type { HttpResponse } from './http';

const numRuns = readPropertyRuns(process.env);
const EXPECTED_ISSUER = 'https://login.example.test/tenant-1/v2.0';
const DISCOVERY_CODES = [
  'DISCOVERY_FAILED',
  'DISCOVERY_NOT_JSON',
  'DISCOVERY_ISSUER_MISMATCH',
  'DISCOVERY_MISSING_ENDPOINT',
];

const urlLike = fc.oneof(
  fc.webUrl(),
  fc.constantFrom('javascript:alert(1)', 'data:text/html,<b>x</b>', '//evil.example/', 'not a url', ''),
  fc.string(),
);
const issuerValue = fc.oneof(
  fc.constant(EXPECTED_ISSUER),
  fc.constant(`${EXPECTED_ISSUER}/`),
  fc.constant('https://login.example.test/{tenantid}/v2.0'),
  fc.webUrl(),
  fc.jsonValue(),
);
const fieldValue = fc.oneof(urlLike, fc.jsonValue());
const documentArbitrary = fc.record(
  {
    issuer: issuerValue,
    authorization_endpoint: fieldValue,
    token_endpoint: fieldValue,
    jwks_uri: fieldValue,
    userinfo_endpoint: fieldValue,
    end_session_endpoint: fieldValue,
    scopes_supported: fc.jsonValue(),
    extra: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }),
  },
  { requiredKeys: [] },
);
const bodyArbitrary = fc.oneof(
  documentArbitrary.map((document) => JSON.stringify(document)),
  documentArbitrary.map((document) => JSON.stringify(document).slice(0, -1)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '<!doctype html><title>Sign in</title>', 'null', '[]', '"issuer"'),
);
const responseArbitrary: fc.Arbitrary<HttpResponse> = fc.record({
  status: fc.oneof(fc.constant(200), fc.integer({ min: 100, max: 599 })),
  headers: fc.constant({ 'content-type': 'application/json' }),
  body: bodyArbitrary,
});

/** Runs the parser and returns what it threw, or `undefined` when it accepted the document. */
function catchParse(response: HttpResponse, issuer: string): unknown {
  try {
    const document = parseDiscoveryResponse(response, issuer);
    for (const field of REQUIRED_ENDPOINTS) expect(typeof document[field]).toBe('string');
    for (const field of URL_FIELDS) {
      const value = document[field];
      if (value !== undefined) expect(value).toMatch(/^https?:/);
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('parseDiscoveryResponse with generated documents', () => {
  it('accepts a document or throws a PlaygroundError with a discovery code, nothing else', () => {
    fc.assert(
      fc.property(responseArbitrary, (response) => {
        const thrown = catchParse(response, EXPECTED_ISSUER);
        if (thrown === undefined) return;
        expect(thrown).toBeInstanceOf(PlaygroundError);
        expect(DISCOVERY_CODES).toContain((thrown as PlaygroundError).code);
      }),
      { numRuns },
    );
  });

  it('never throws anything but a PlaygroundError for any expected issuer', () => {
    fc.assert(
      fc.property(responseArbitrary, fc.oneof(fc.string(), fc.webUrl()), (response, issuer) => {
        const thrown = catchParse(response, issuer);
        if (thrown !== undefined) expect(thrown).toBeInstanceOf(PlaygroundError);
      }),
      { numRuns },
    );
  });

  it.each([
    ['five placeholders', `https://x/${'{tenantid}'.repeat(5)}!`],
    ['twenty placeholders', `https://x/${'{tenantid}'.repeat(20)}!`],
  ])('answers quickly for an issuer with %s that does not match', (_name, issuer) => {
    const response: HttpResponse = {
      status: 200,
      headers: {},
      body: JSON.stringify({
        issuer,
        authorization_endpoint: 'https://x/a',
        token_endpoint: 'https://x/t',
        jwks_uri: 'https://x/k',
      }),
    };
    const started = performance.now();
    const thrown = catchParse(response, `https://x/${'a'.repeat(40)}`);
    expect(performance.now() - started).toBeLessThan(200);
    expect((thrown as PlaygroundError).code).toBe('DISCOVERY_ISSUER_MISMATCH');
  });
});

describe('issuer placeholder', () => {
  it('still accepts a tenant id in the single {tenantid} placeholder', () => {
    const response: HttpResponse = {
      status: 200,
      headers: {},
      body: JSON.stringify({
        issuer: 'https://login.example.test/{tenantid}/v2.0',
        authorization_endpoint: 'https://x/a',
        token_endpoint: 'https://x/t',
        jwks_uri: 'https://x/k',
      }),
    };
    expect(catchParse(response, EXPECTED_ISSUER)).toBeUndefined();
  });
});
