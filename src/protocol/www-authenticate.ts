import { PlaygroundError } from './errors';

/** One challenge of a `WWW-Authenticate` header: the scheme and its parameters (names lower-cased). */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
  /** The token68 form (`Negotiate abc==`), when the challenge has one instead of parameters. */
  token68?: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*(?=\s*(,|$))/;

/**
 * Parses a `WWW-Authenticate` header into its challenges (several may share one header),
 * reading quoted strings with their backslash escapes. Throws `RESPONSE_INVALID` on a malformed header.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let rest = header.trim();
  const fail = (what: string): never => {
    throw new PlaygroundError('RESPONSE_INVALID', `"WWW-Authenticate" is malformed: ${what}`, {
      cause: { expected: 'scheme param="value", …', actual: header.slice(0, 200) },
    });
  };
  const skip = (pattern: RegExp) => {
    rest = rest.replace(pattern, '');
  };
  while (rest !== '') {
    skip(/^[\s,]+/);
    if (rest === '') break;
    const scheme = TOKEN.exec(rest)?.[0];
    if (scheme === undefined) fail(`expected a scheme at "${rest.slice(0, 20)}"`);
    const challenge: AuthChallenge = { scheme: scheme ?? '', params: {} };
    challenges.push(challenge);
    rest = rest.slice(challenge.scheme.length);
    if (rest !== '' && !/^[\s,]/.test(rest)) fail(`unexpected "${rest.slice(0, 20)}" after the scheme`);
    skip(/^\s+/);
    const token68 = TOKEN68.exec(rest)?.[0];
    if (token68 !== undefined && !/^[^=]+=\s*("|[!#$%&'*+\-.^_`|~0-9A-Za-z])/.test(rest)) {
      challenge.token68 = token68;
      rest = rest.slice(token68.length);
      continue;
    }
    // auth-params until the next scheme (a token not followed by "=")
    for (;;) {
      skip(/^[\s,]+/);
      const name = TOKEN.exec(rest)?.[0];
      if (name === undefined) break;
      const after = rest.slice(name.length);
      const equals = /^\s*=\s*/.exec(after);
      if (!equals) break;
      rest = after.slice(equals[0].length);
      let value: string;
      if (rest.startsWith('"')) {
        let index = 1;
        value = '';
        for (;;) {
          const char = rest[index];
          if (char === undefined) fail(`unterminated quoted value for "${name}"`);
          if (char === '"') break;
          if (char === '\\') {
            index += 1;
            const escaped = rest[index];
            if (escaped === undefined) fail(`unterminated quoted value for "${name}"`);
            value += escaped ?? '';
          } else {
            value += char ?? '';
          }
          index += 1;
        }
        rest = rest.slice(index + 1);
      } else {
        const token = TOKEN.exec(rest)?.[0];
        if (token === undefined) fail(`"${name}" has no value`);
        value = token ?? '';
        rest = rest.slice(value.length);
      }
      Object.defineProperty(challenge.params, name.toLowerCase(), {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      skip(/^\s*/);
      if (rest !== '' && !rest.startsWith(',')) fail(`expected "," after "${name}"`);
    }
  }
  return challenges;
}

/**
 * The RFC 6750 error carried by a `Bearer` challenge (`error`, `error_description`, `error_uri`,
 * `scope`, `realm`), or `undefined` when there is no Bearer challenge with an error.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function readBearerError(
  header: string,
):
  | { error: string; error_description?: string; error_uri?: string; scope?: string; realm?: string }
  | undefined {
  const bearer = parseWwwAuthenticate(header).find(
    (challenge) => challenge.scheme.toLowerCase() === 'bearer',
  );
  const error = bearer?.params.error;
  if (bearer === undefined || error === undefined) return undefined;
  const result: {
    error: string;
    error_description?: string;
    error_uri?: string;
    scope?: string;
    realm?: string;
  } = {
    error,
  };
  for (const name of ['error_description', 'error_uri', 'scope', 'realm'] as const) {
    const value = bearer.params[name];
    if (value !== undefined) result[name] = value;
  }
  return result;
}
