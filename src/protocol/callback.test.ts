import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCallbackIssuer,
  checkCallbackState,
  classifyLateCallback,
  compareIssuer,
  compareState,
  describeIssuerCheck,
  describeLateCallback,
  isIssParameterAdvertised,
  parseCallback,
} from './callback';
import { PlaygroundError } from './errors';

const CB = 'http://localhost:5173/callback';
const runs = Number(process.env.FC_RUNS ?? 1000);

describe('parseCallback: where the response is read', () => {
  it.each<[string, string | undefined, string, 'query' | 'fragment']>([
    ['code', undefined, `${CB}?code=abc&state=s1`, 'query'],
    ['code', 'query', `${CB}?code=abc&state=s1`, 'query'],
    ['code', 'fragment', `${CB}#code=abc&state=s1`, 'fragment'],
    ['code', 'form_post', `${CB}#code=abc&state=s1`, 'fragment'],
    ['token', undefined, `${CB}#access_token=at&token_type=Bearer&state=s1`, 'fragment'],
    ['id_token', undefined, `${CB}#id_token=it&state=s1`, 'fragment'],
    ['code id_token', undefined, `${CB}#code=abc&id_token=it&state=s1`, 'fragment'],
    ['none', undefined, `${CB}?state=s1`, 'query'],
    // falls back to whichever part has parameters
    ['code', undefined, `${CB}#code=abc&state=s1`, 'fragment'],
    ['token', undefined, `${CB}?error=access_denied&state=s1`, 'query'],
  ])(
    'response_type=%s response_mode=%s: %s is read from the %s',
    (responseType, responseMode, url, source) => {
      const result = parseCallback(url, { state: 's1', responseType, responseMode });
      expect(result.source).toBe(source);
      expect(result.stateCheck).toBe('match');
    },
  );

  it('prefers the expected part when both carry parameters', () => {
    const result = parseCallback(`${CB}?code=q&state=s1#code=f&state=s1`, {
      state: 's1',
      responseType: 'code',
    });
    expect(result.code).toBe('q');
    const hybrid = parseCallback(`${CB}?code=q#code=f`, { state: undefined, responseType: 'code id_token' });
    expect(hybrid.code).toBe('f');
  });

  it('reads tokens, numbers and the issuer', () => {
    const result = parseCallback(
      `${CB}#access_token=a.b.c&token_type=Bearer&expires_in=3599&scope=openid+profile&id_token=x.y.z&state=s&iss=https%3A%2F%2Fas.example`,
      { state: 's', responseType: 'id_token token' },
    );
    expect(result.tokens).toEqual({
      access_token: 'a.b.c',
      token_type: 'Bearer',
      expires_in: 3599,
      scope: 'openid profile',
      id_token: 'x.y.z',
    });
    expect(result.iss).toBe('https://as.example');
    expect(result.code).toBeUndefined();
  });

  it('accepts a pasted ?… or #… part', () => {
    expect(parseCallback('?code=abc', { responseType: 'code' }).code).toBe('abc');
    expect(parseCallback('#access_token=t', { responseType: 'token' }).tokens.access_token).toBe('t');
  });
});

describe('parseCallback: errors and state', () => {
  it('keeps the error fields, Entra extras included', () => {
    const result = parseCallback(
      `${CB}?error=invalid_request&error_description=AADSTS50011%3A+The+redirect+URI&error_uri=https%3A%2F%2Fe.example&error_codes=%5B50011%5D&trace_id=t&correlation_id=c&timestamp=2025-01-01&state=s`,
      { state: 's', responseType: 'code' },
    );
    expect(result.error).toEqual({
      error: 'invalid_request',
      error_description: 'AADSTS50011: The redirect URI',
      error_uri: 'https://e.example',
      error_codes: [50011],
      trace_id: 't',
      correlation_id: 'c',
      timestamp: '2025-01-01',
    });
  });

  it.each<[string, string | undefined, string]>([
    [`${CB}?code=a&state=s1`, 's1', 'match'],
    [`${CB}?code=a&state=s2`, 's1', 'mismatch'],
    [`${CB}?code=a`, 's1', 'missing'],
    [`${CB}?code=a&state=`, 's1', 'missing'],
    [`${CB}?code=a&state=s1`, undefined, 'not-sent'],
  ])('%s with sent state %s → %s', (url, state, check) => {
    expect(parseCallback(url, { state, responseType: 'code' }).stateCheck).toBe(check);
  });

  it.each([CB, `${CB}?`, `${CB}#`, '?', '#'])('throws CALLBACK_EMPTY for %s', (url) => {
    expect(() => parseCallback(url, { responseType: 'code' })).toThrow(
      expect.objectContaining({ code: 'CALLBACK_EMPTY' }) as PlaygroundError,
    );
  });

  it('throws INVALID_PARAMETER for what is not a URL', () => {
    expect(() => parseCallback('code=abc', { responseType: 'code' })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }) as PlaygroundError,
    );
  });
});

describe('checkCallbackState', () => {
  it.each<[string | undefined, string | undefined, string | undefined]>([
    ['s', 's', undefined],
    [undefined, undefined, undefined],
    ['x', undefined, undefined],
    [undefined, 's', 'STATE_MISSING'],
    ['x', 's', 'STATE_MISMATCH'],
  ])('received %s, sent %s → %s', (received, sent, code) => {
    if (code === undefined) {
      expect(() => checkCallbackState(received, sent)).not.toThrow();
    } else {
      expect(() => checkCallbackState(received, sent)).toThrow(
        expect.objectContaining({ code, cause: { expected: sent, actual: received } }) as PlaygroundError,
      );
    }
  });

  it('says which parameter is wrong', () => {
    expect(() => checkCallbackState('x', 's')).toThrow('"state" in the callback does not match the one sent');
  });

  it('compareState agrees', () => {
    expect(compareState('a', 'a')).toBe('match');
  });
});

describe('checkCallbackIssuer (RFC 9207)', () => {
  it.each<[string | undefined, boolean, string | undefined]>([
    ['https://as.example', false, undefined],
    ['https://as.example', true, undefined],
    [undefined, false, undefined],
    [undefined, true, 'ISSUER_MISSING'],
    ['https://evil.example', false, 'ISSUER_MISMATCH'],
  ])('iss %s (required %s) → %s', (iss, required, code) => {
    const run = () => checkCallbackIssuer(iss, 'https://as.example', required);
    if (code === undefined) expect(run).not.toThrow();
    else expect(run).toThrow(expect.objectContaining({ code }) as PlaygroundError);
  });
});

describe('parseCallback: untrusted input (property)', () => {
  const onlyPlaygroundErrors = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (!(error instanceof PlaygroundError)) throw error;
    }
  };
  const responseType = fc.constantFrom(
    'code',
    'token',
    'id_token',
    'id_token token',
    'code id_token',
    'none',
  );
  const responseMode = fc.constantFrom(undefined, 'query', 'fragment', 'form_post', 'bogus');

  it('random query and fragment strings only ever raise PlaygroundError', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        responseType,
        responseMode,
        fc.option(fc.string(), { nil: undefined }),
        (query, fragment, type, mode, state) => {
          onlyPlaygroundErrors(() =>
            parseCallback(`${CB}?${query}#${fragment}`, { state, responseType: type, responseMode: mode }),
          );
        },
      ),
      { numRuns: runs },
    );
  });

  it('random whole inputs only ever raise PlaygroundError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), responseType, (input, type) => {
        onlyPlaygroundErrors(() => parseCallback(input, { state: 's', responseType: type }));
      }),
      { numRuns: runs },
    );
  });

  it('reads back any parameters it is given', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (params) => {
        const query = new URLSearchParams(params).toString();
        if (query === '') return;
        const result = parseCallback(`${CB}?${query}`, { responseType: 'code' });
        expect(result.params).toEqual(Object.fromEntries(new URLSearchParams(query)));
      }),
      { numRuns: runs },
    );
  });
});

describe('compareIssuer (RFC 9207 §2.4), issue 11', () => {
  const AS = 'https://as.example';
  it.each<[string | undefined, boolean, string]>([
    [AS, true, 'match'],
    [AS, false, 'match'],
    ['https://evil.example', true, 'mismatch'],
    ['https://evil.example', false, 'mismatch'],
    // simple string comparison: no normalisation of a trailing slash or case
    [`${AS}/`, true, 'mismatch'],
    ['HTTPS://AS.EXAMPLE', false, 'mismatch'],
    [undefined, true, 'missing'],
    [undefined, false, 'not-advertised'],
  ])('iss %s with authorization_response_iss_parameter_supported=%s → %s', (iss, advertised, check) => {
    expect(compareIssuer(iss, AS, { advertised })).toBe(check);
  });

  it('accepts a missing iss when the response carries an ID token (its iss claim names the issuer)', () => {
    expect(compareIssuer(undefined, AS, { advertised: true, identifiedElsewhere: true })).toBe('in-id-token');
    expect(compareIssuer('https://evil.example', AS, { advertised: true, identifiedElsewhere: true })).toBe(
      'mismatch',
    );
  });

  it.each([
    ['match', /matches the issuer https:\/\/as\.example/],
    ['mismatch', /"https:\/\/evil\.example", not the issuer .*mix-up attack.*blocked/],
    ['missing', /missing .* promises it .*authorization_response_iss_parameter_supported.*blocked/],
    ['not-advertised', /not sent .*does not advertise RFC 9207.*could not be checked/],
  ] as const)('describes %s', (check, pattern) => {
    expect(describeIssuerCheck(check, AS, 'https://evil.example')).toMatch(pattern);
  });
});

describe('isIssParameterAdvertised', () => {
  it.each([
    [{ issuer: 'x', authorization_response_iss_parameter_supported: true }, true],
    [{ issuer: 'x', authorization_response_iss_parameter_supported: 'true' }, false],
    [{ issuer: 'x' }, false],
  ])('%j → %s', (metadata, advertised) => {
    expect(isIssParameterAdvertised(metadata)).toBe(advertised);
  });
});

describe('classifyLateCallback: a replay is not a foreign state (issue 11)', () => {
  const processed = { sentState: 's1', receivedState: 's1', code: 'c1' };
  it.each<[string, Record<string, string>, string]>([
    ['the same response again', { code: 'c1', state: 's1' }, 'replay'],
    ['a state no request of this run sent', { code: 'c2', state: 'forged' }, 'unknown-state'],
    ['no state at all', { code: 'c1' }, 'unknown-state'],
    ["this run's state with another code", { code: 'c2', state: 's1' }, 'second-response'],
  ])('%s', (_label, params, kind) => {
    expect(classifyLateCallback(params, processed)).toBe(kind);
  });

  it('says a foreign state is not a replay, and a replay is one', () => {
    expect(describeLateCallback('unknown-state')).toMatch(/matches no pending request/);
    expect(describeLateCallback('unknown-state')).not.toMatch(/replay/i);
    expect(describeLateCallback('replay')).toMatch(/same response arrived again \(a replay\)/);
  });
});
