import { createContext } from 'react';

/**
 * Whether presenter mode is on for a subtree. The app provides the stored switch
 * (`PresenterModeProvider` in `connected/`); tests and previews set it directly. A module of its
 * own, so that the start page's provider does not carry the masking code (`mask.ts`).
 */
export const PresenterContext = createContext<boolean>(false);
