// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CopyButton } from './copy-button';

function stubClipboard() {
  const writeText = vi.fn<(text: string) => Promise<void>>(() => Promise.resolve());
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return writeText;
}

afterEach(cleanup);

describe('CopyButton', () => {
  it('makes a text given as a function only when pressed', async () => {
    const user = userEvent.setup();
    const writeText = stubClipboard();
    const make = vi.fn(() => '{"a":1}');
    const { rerender } = render(<CopyButton text={make} label="Copy decoded view" />);
    rerender(<CopyButton text={make} label="Copy decoded view" />);
    expect(make).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Copy decoded view' }));
    expect(make).toHaveBeenCalledTimes(1);
    expect(writeText).toHaveBeenCalledWith('{"a":1}');
    expect(screen.getByRole('button', { name: 'Copy decoded view' }).textContent).toBe('Copied');
  });

  it('says Copied only for the text that was copied, not for the next value shown in its place', async () => {
    const user = userEvent.setup();
    const writeText = stubClipboard();
    const { rerender } = render(<CopyButton text="alice" label="Copy sub" />);
    await user.click(screen.getByRole('button', { name: 'Copy sub' }));
    expect(writeText).toHaveBeenCalledWith('alice');
    expect(screen.getByRole('button', { name: 'Copy sub' }).textContent).toBe('Copied');
    rerender(<CopyButton text="bob" label="Copy sub" />);
    expect(screen.getByRole('button', { name: 'Copy sub' }).textContent).toBe('Copy');
    rerender(<CopyButton text="alice" label="Copy sub" />);
    expect(screen.getByRole('button', { name: 'Copy sub' }).textContent).toBe('Copied');
  });
});
