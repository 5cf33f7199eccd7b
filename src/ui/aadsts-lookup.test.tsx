// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { AadstsLookup } from './aadsts-lookup';

afterEach(() => {
  cleanup();
});

describe('AadstsLookup', () => {
  it.each([
    ['AADSTS50011', 'AADSTS50011'],
    ['50011', 'AADSTS50011'],
    ['aadsts700016: Application not found', 'AADSTS700016'],
  ])('explains %s with its meaning and likely fix', async (typed, code) => {
    render(<AadstsLookup hint="from the page" />);
    await userEvent.type(screen.getByLabelText(/^Look up an AADSTS code/), typed);
    const answer = screen.getByRole('status');
    expect(answer.textContent).toContain(`${code}:`);
    expect(answer.textContent).toContain('Likely fix:');
  });

  it.each([
    ['AADSTS', 'Enter the number after “AADSTS”'],
    ['99999999', 'AADSTS99999999 is not in the playground'],
  ])('says what it cannot explain (%s)', async (typed, said) => {
    render(<AadstsLookup hint="from the page" />);
    await userEvent.type(screen.getByLabelText(/^Look up an AADSTS code/), typed);
    expect(screen.getByRole('status').textContent).toContain(said);
  });
});
