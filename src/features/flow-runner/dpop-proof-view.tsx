import { normalizeHtu } from '@/protocol/dpop';
import { readDpopProof } from '@/protocol/flows/dpop-steps';
import type { HttpRequest } from '@/protocol/http';

const CLAIMS: readonly { name: string; meaning: string }[] = [
  { name: 'htm', meaning: 'the HTTP method this proof is for' },
  { name: 'htu', meaning: 'the URL this proof is for, without query and fragment' },
  { name: 'iat', meaning: 'when the proof was made (seconds since 1970); servers accept only recent ones' },
  { name: 'jti', meaning: 'a random id: a server that sees it twice refuses the replay' },
  { name: 'ath', meaning: 'SHA-256 of the access token sent with it (API calls only)' },
  { name: 'nonce', meaning: 'the value the server gave in DPoP-Nonce, when it asked for one' },
];

function sameHtu(proofHtu: unknown, url: string): boolean {
  try {
    return typeof proofHtu === 'string' && normalizeHtu(url) === proofHtu;
  } catch {
    return false;
  }
}

/**
 * The DPoP proof of a request, decoded next to it: the header's `typ`, `alg` and public `jwk`, and
 * the claims that tie it to this one request. Token content is shown as text only.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 */
export function DpopProofView({ request }: { request: HttpRequest }) {
  const proof = readDpopProof(request.headers.dpop);
  if (request.headers.dpop === undefined) return null;
  if (!proof) {
    return (
      <p role="note" className="text-sm">
        The <span className="font-mono">DPoP</span> header does not hold a readable JWT.
      </p>
    );
  }
  const { header, payload } = proof;
  const claims = payload as Record<string, unknown>;
  const htuMatches = sameHtu(claims.htu, request.url);
  const htmMatches = claims.htm === request.method;
  return (
    <section
      aria-label="DPoP proof"
      className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700"
    >
      <h3 className="font-semibold">
        DPoP proof, decoded{' '}
        <a
          href="https://www.rfc-editor.org/rfc/rfc9449#section-4.2"
          target="_blank"
          rel="noreferrer noopener"
          className="text-sm font-normal underline"
        >
          RFC 9449 §4.2
        </a>
      </h3>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Header: <span className="font-mono">typ {String(header.typ)}</span>,{' '}
        <span className="font-mono">alg {String(header.alg)}</span>, and the public key as{' '}
        <span className="font-mono">jwk</span> ({String(header.jwk?.kty)} {header.jwk?.crv ?? ''}).
      </p>
      <table className="w-full text-sm">
        <tbody>
          {CLAIMS.filter(({ name }) => claims[name] !== undefined).map(({ name, meaning }) => (
            <tr key={name}>
              <th scope="row" className="w-16 pr-2 text-left align-top font-mono font-semibold">
                {name}
              </th>
              <td className="align-top font-mono break-all" data-testid={`dpop-${name}`}>
                {String(claims[name])}
              </td>
              <td className="hidden pl-2 align-top text-xs text-slate-600 md:table-cell dark:text-slate-400">
                {meaning}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {(!htuMatches || !htmMatches) && (
        <p role="note" className="text-sm text-amber-900 dark:text-amber-200">
          This proof is for {String(claims.htm)} {String(claims.htu)}, but the request is {request.method}{' '}
          {request.url}: the server will refuse it (RFC 9449 §4.3 checks htm and htu).
        </p>
      )}
    </section>
  );
}
