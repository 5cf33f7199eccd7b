import { describe, expect, it, vi } from 'vitest';
import type { ClipboardEvent } from 'react';
import type { Presenter } from '@/ui/presenter/use-presenter';
import { maskedFieldProps } from './masked-field';

const identity = <T>(value: T): T => value;
const off: Presenter = { on: false, claims: identity, signature: identity, text: identity, secret: identity };
const on: Presenter = { ...off, on: true, text: (value: string) => (value ? '••••' : value) };

describe('maskedFieldProps', () => {
  it('leaves the field editable as it is when presenter mode is off', () => {
    expect(maskedFieldProps(off, 'eyJ.token', vi.fn())).toEqual({ value: 'eyJ.token', masked: false });
  });

  it('shows the mask read-only in presenter mode, and a paste replaces the whole token', () => {
    const replace = vi.fn();
    const props = maskedFieldProps(on, 'eyJ.token', replace);
    expect(props).toMatchObject({ value: '••••', masked: true, readOnly: true });
    const preventDefault = vi.fn();
    const event = { preventDefault, clipboardData: { getData: () => 'new.pasted.token' } };
    if (!('onPaste' in props)) throw new Error('a masked field handles paste');
    props.onPaste(event as unknown as ClipboardEvent<HTMLTextAreaElement>);
    expect(preventDefault).toHaveBeenCalled();
    expect(replace).toHaveBeenCalledWith('new.pasted.token');
  });
});
