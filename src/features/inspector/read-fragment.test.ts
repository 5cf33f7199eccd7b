import { describe, expect, it } from 'vitest';
import { buildShareLink, readTokenFragment } from './read-fragment';

describe('readTokenFragment', () => {
  it.each(['#id_token=a.b.c', '#access_token=xyz&token_type=Bearer', '#token=opaque'])('reads %s', (hash) => {
    expect(readTokenFragment(hash)).toBe(hash);
  });

  it.each(['', '#', '#state=abc', '#id_token=', '?id_token=a.b.c'])('ignores %j', (hash) => {
    expect(readTokenFragment(hash)).toBeUndefined();
  });
});

describe('buildShareLink', () => {
  it('puts the token in the fragment only, never in the query a server would receive', () => {
    const link = new URL(
      buildShareLink('https://app.example/inspect?id_token=leak#old', 'id_token', 'a.b.c'),
    );
    expect(link.search).toBe('');
    expect(link.hash).toBe('#id_token=a.b.c');
  });

  it('names unknown kinds "token" and encodes the value', () => {
    const link = buildShareLink('https://app.example/inspect', 'refresh_token', 'x y&z');
    expect(new URL(link).hash).toBe('#token=x%20y%26z');
    expect(readTokenFragment(new URL(link).hash)).toBe('#token=x%20y%26z');
  });
});
