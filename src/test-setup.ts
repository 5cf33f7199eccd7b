// Unit tests must never reach the network: any fetch that a test did not stub fails loudly.
import { afterEach, beforeEach, vi } from 'vitest';

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn((input: unknown) => {
      throw new Error(`Unexpected network request in a unit test: ${String(input)}`);
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});
