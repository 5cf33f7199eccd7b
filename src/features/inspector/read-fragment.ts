const ENTRY_NAMES = new Set(['id_token', 'access_token', 'token']);

/** The tokens a `#id_token=…`, `#access_token=…` or `#token=…` fragment carries, as text for the input. */
export function readTokenFragment(hash: string): string | undefined {
  if (!hash.startsWith('#') || hash.length < 2) return undefined;
  const params = new URLSearchParams(hash.slice(1));
  return [...params.keys()].some((name) => ENTRY_NAMES.has(name) && params.get(name) !== '')
    ? hash
    : undefined;
}

/** A link that carries the token in the fragment only: browsers never send the fragment to a server. */
export function buildShareLink(base: string, name: string, token: string): string {
  const url = new URL(base);
  url.search = '';
  url.hash = `${name === 'id_token' || name === 'access_token' ? name : 'token'}=${encodeURIComponent(token)}`;
  return url.toString();
}
