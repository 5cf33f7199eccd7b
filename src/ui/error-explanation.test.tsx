// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorExplanation } from './error-explanation';
import { PresenterContext } from './presenter/use-presenter';

afterEach(cleanup);

const EMAIL = 'alice@example.test';
const OID = 'a1f6c3e2-5b7d-4e0a-9c1f-000000000a11';

describe('ErrorExplanation in presenter mode', () => {
  it.each([
    [true, 0],
    [false, 1],
  ])('presenter %s: the email and object id quoted by the error are shown %i times', (on, expected) => {
    render(
      <PresenterContext.Provider value={on}>
        <ErrorExplanation
          oauthError={{
            error: 'invalid_grant',
            error_description: `AADSTS50126: invalid username or password for ${EMAIL}`,
          }}
        />
        <ErrorExplanation errorCode="NETWORK" message={`The API refused the user ${OID}`} />
      </PresenterContext.Provider>,
    );
    const text = document.body.textContent;
    for (const personal of [EMAIL, OID]) expect(text.includes(personal) ? 1 : 0, personal).toBe(expected);
    expect(screen.getAllByRole('alert')).toHaveLength(2);
    expect(text).toContain('invalid username or password');
  });
});

describe('an error code no specification defines (issue 11)', () => {
  it('names it once, says it is non-standard and points to the standard code it likely means', () => {
    render(<ErrorExplanation oauthError={{ error: 'invalid_code', error_description: 'Code is invalid' }} />);
    const alert = screen.getByRole('alert');
    const text = alert.textContent;
    expect(text).not.toContain('invalid_code: invalid_code');
    expect(text).toContain('invalid_code: a non-standard error code');
    expect(text).toContain('most likely means the standard "invalid_grant"');
  });
});
