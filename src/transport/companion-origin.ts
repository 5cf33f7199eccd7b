/** The local companion (relay, form_post receiver) unless the settings name another origin. */
export const DEFAULT_COMPANION_ORIGIN = 'http://localhost:4002';
