import { describe, expect, it } from 'vitest';
import { buildFormPost } from './http';

describe('buildFormPost', () => {
  it('form-encodes the parameters and sets the content type', () => {
    const request = buildFormPost('https://as.example/token', {
      grant_type: 'client_credentials',
      scope: 'a b',
    });
    expect(request).toEqual({
      method: 'POST',
      url: 'https://as.example/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=client_credentials&scope=a+b',
    });
  });
});
