import { useContext } from 'react';
import { maskClaims, maskSignature, maskText, maskValue } from './mask';
import { PresenterContext } from './presenter-context';

export { PresenterContext };

export interface Presenter {
  on: boolean;
  /** Claims with personal values masked; the same object when presenter mode is off. */
  claims: <T>(value: T) => T;
  /** A compact token with its signature masked. */
  signature: (token: string) => string;
  /** Free text with emails, GUIDs and JWT signatures masked. */
  text: (value: string) => string;
  /** A whole secret value masked. */
  secret: (value: string) => string;
}

const identity = <T>(value: T): T => value;

/** Masking at render time: every function is the identity unless presenter mode is on. */
export function usePresenter(): Presenter {
  const on = useContext(PresenterContext);
  if (!on) return { on, claims: identity, signature: identity, text: identity, secret: identity };
  return {
    on,
    claims: <T>(value: T) => maskClaims(value) as T,
    signature: maskSignature,
    text: maskText,
    secret: maskValue,
  };
}
