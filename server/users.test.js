import { describe, expect, it } from 'vitest';
import { checkSecurityCode } from './users.js';

describe('the demo second factor', () => {
  it('passes with the user’s code only, and never for a user without one', () => {
    expect(checkSecurityCode({ security_code: '246810' }, ' 246810 ')).toBe(true);
    expect(checkSecurityCode({ security_code: '246810' }, '000000')).toBe(false);
    expect(checkSecurityCode({}, 'undefined')).toBe(false);
    expect(checkSecurityCode({ security_code: '' }, '')).toBe(false);
  });
});
