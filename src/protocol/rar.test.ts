import { describe, expect, it } from 'vitest';
import {
  AUTHORIZATION_DETAILS_EXAMPLES,
  checkAuthorizationDetails,
  listAuthorizationDetailsExamples,
  readGrantedAuthorizationDetails,
  serializeAuthorizationDetails,
} from './rar';

const RFC9396_EXAMPLE = JSON.stringify([AUTHORIZATION_DETAILS_EXAMPLES.payment_initiation]);

describe('checkAuthorizationDetails', () => {
  it('accepts the RFC 9396 §2 example and warns for a type the provider does not list', () => {
    expect(checkAuthorizationDetails(RFC9396_EXAMPLE, ['payment_initiation'])).toEqual({
      details: [AUTHORIZATION_DETAILS_EXAMPLES.payment_initiation],
      problems: [],
    });
    expect(checkAuthorizationDetails(RFC9396_EXAMPLE, ['tax_data']).problems).toEqual([
      expect.objectContaining({
        index: 0,
        field: 'type',
        severity: 'warning',
        message: expect.stringContaining('not in the provider') as string,
      }),
    ]);
  });

  it.each<[string, string, object]>([
    [
      'text that is not JSON',
      '[{',
      { severity: 'error', message: expect.stringContaining('not valid JSON') as string },
    ],
    [
      'an object instead of an array',
      '{"type":"x"}',
      { severity: 'error', message: expect.stringContaining('JSON array') as string },
    ],
    ['a member that is not an object', '["x"]', { index: 0, severity: 'error' }],
    ['a member without type', '[{"actions":["read"]}]', { index: 0, field: 'type', severity: 'error' }],
    ['an empty type', '[{"type":""}]', { index: 0, field: 'type', severity: 'error' }],
    [
      'locations that are not strings',
      '[{"type":"a","locations":[1]}]',
      { index: 0, field: 'locations', severity: 'error' },
    ],
    [
      'actions that are not an array',
      '[{"type":"a","actions":"read"}]',
      { index: 0, field: 'actions', severity: 'error' },
    ],
    [
      'an empty datatype',
      '[{"type":"a","datatypes":[""]}]',
      { index: 0, field: 'datatypes', severity: 'error' },
    ],
    [
      'an identifier that is not a string',
      '[{"type":"a","identifier":5}]',
      { index: 0, field: 'identifier', severity: 'error' },
    ],
    [
      'an empty array',
      '[]',
      { severity: 'warning', message: expect.stringContaining('asks for nothing') as string },
    ],
  ])('reports %s', (_label, text, problem) => {
    expect(checkAuthorizationDetails(text).problems).toEqual([expect.objectContaining(problem)]);
  });
});

describe('serializeAuthorizationDetails', () => {
  it('compacts valid JSON', () => {
    expect(serializeAuthorizationDetails('[ { "type" : "a" } ]')).toBe('[{"type":"a"}]');
  });

  it('throws AUTHORIZATION_DETAILS_INVALID naming the problem, and keeps warnings from blocking', () => {
    expect(() => serializeAuthorizationDetails('[{"actions":[]}]')).toThrow(
      expect.objectContaining({
        code: 'AUTHORIZATION_DETAILS_INVALID',
        message: expect.stringContaining('"type"') as string,
      }),
    );
    expect(serializeAuthorizationDetails('[{"type":"x"}]', ['y'])).toBe('[{"type":"x"}]');
  });
});

describe('readGrantedAuthorizationDetails', () => {
  it.each([
    [{ authorization_details: [{ type: 'a', x: 1 }, 'junk', { no: 'type' }] }, [{ type: 'a', x: 1 }]],
    [{ access_token: 't' }, undefined],
    [{ authorization_details: 'text' }, undefined],
  ])('reads %j', (source, expected) => {
    expect(readGrantedAuthorizationDetails(source)).toEqual(expected);
  });
});

describe('listAuthorizationDetailsExamples', () => {
  it('gives the RFC example for known types and a bare type otherwise', () => {
    expect(listAuthorizationDetailsExamples(['payment_initiation', 'tax_data', '__proto__'])).toEqual([
      AUTHORIZATION_DETAILS_EXAMPLES.payment_initiation,
      { type: 'tax_data' },
      { type: '__proto__' },
    ]);
  });
});
