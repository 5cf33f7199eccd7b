// Untrusted input for the modern modes' readers: whatever a server or a user sends, they either
// return or throw a PlaygroundError with a code, never anything else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPropertyRuns } from '@/tokens/fc-runs';
import { parseClientMetadata, parseRegistrationResponse } from './dcr';
import { readDpopNonce } from './dpop';
import { PlaygroundError } from './errors';
import type { HttpResponse } from './http';
import { readJarmResponseParameter, verifyJarmResponse } from './jarm';
import { parsePushedAuthorizationResponse } from './par';
import { checkAuthorizationDetails, readGrantedAuthorizationDetails } from './rar';
import { parseResourceMetadataResponse, readResourceMetadataFromChallenge } from './resource-metadata';
import { parseClaimsParameter, readStepUpChallenge } from './step-up';

const numRuns = readPropertyRuns(process.env);

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.jsonValue().map((value) => JSON.stringify(value)),
);
const response: fc.Arbitrary<HttpResponse> = fc.record({
  status: fc.constantFrom(200, 201, 400, 401, 500),
  headers: fc.dictionary(fc.constantFrom('dpop-nonce', 'www-authenticate', 'content-type'), fc.string(), {
    maxKeys: 3,
  }),
  body: fc.oneof(
    text,
    fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }).map((value) => JSON.stringify(value)),
  ),
});

function onlyPlaygroundErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PlaygroundError);
  }
}

describe('modern readers: untrusted input (property)', () => {
  it('text parsers return or raise PlaygroundError', () => {
    fc.assert(
      fc.property(text, (input) => {
        onlyPlaygroundErrors(() => parseClaimsParameter(input));
        onlyPlaygroundErrors(() => parseClientMetadata(input));
        expect(Array.isArray(checkAuthorizationDetails(input).problems)).toBe(true);
        readStepUpChallenge(input);
        readResourceMetadataFromChallenge(input);
      }),
      { numRuns },
    );
  });

  it('response readers return or raise PlaygroundError', () => {
    fc.assert(
      fc.property(response, (input) => {
        onlyPlaygroundErrors(() => parsePushedAuthorizationResponse(input));
        onlyPlaygroundErrors(() => parseRegistrationResponse(input));
        onlyPlaygroundErrors(() => parseResourceMetadataResponse(input, 'https://api.example'));
        expect(typeof readDpopNonce(input).retry).toBe('boolean');
      }),
      { numRuns },
    );
  });

  it('granted details are read from any JSON without throwing', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const details = readGrantedAuthorizationDetails({ authorization_details: Object.values(value) });
        expect(details?.every((detail) => typeof detail.type === 'string')).toBe(true);
      }),
      { numRuns },
    );
  });

  it('a JARM response that is not a valid JWT of this provider is refused with a code', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('response', 'error', 'state'), fc.string()),
        async (params) => {
          try {
            const jwt = readJarmResponseParameter(params);
            await verifyJarmResponse(jwt, {
              issuer: 'https://as.example',
              clientId: 'c',
              jwks: { keys: [] },
            });
            expect.unreachable('a random response must not verify');
          } catch (error) {
            expect(error).toBeInstanceOf(PlaygroundError);
          }
        },
      ),
      { numRuns: Math.min(numRuns, 500) },
    );
  });
});
