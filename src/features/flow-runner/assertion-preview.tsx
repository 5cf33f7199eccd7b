import { decodeJwt, decodeProtectedHeader } from 'jose';

const HEADER_NAMES = ['alg', 'typ', 'kid', 'x5t#S256', 'x5t'] as const;
const PAYLOAD_NAMES = ['aud', 'iss', 'sub', 'jti', 'iat', 'nbf', 'exp'] as const;

function readAssertion(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  const value = new URLSearchParams(body).get('client_assertion');
  return value ?? undefined;
}

function formatClaim(name: string, value: unknown): string {
  if (value === undefined) return '(absent)';
  if ((name === 'iat' || name === 'nbf' || name === 'exp') && typeof value === 'number')
    return `${String(value)} (${new Date(value * 1000).toISOString()})`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The client assertion about to be sent, decoded: what the authorization server will check. */
export function AssertionPreview({ body }: { body: string | undefined }) {
  const assertion = readAssertion(body);
  if (!assertion) return null;
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(assertion);
    payload = decodeJwt(assertion);
  } catch (error) {
    return (
      <p role="alert" className="text-sm text-red-800 dark:text-red-300">
        client_assertion is not a readable JWT: {error instanceof Error ? error.message : String(error)}
      </p>
    );
  }
  const rows = (names: readonly string[], source: Record<string, unknown>) =>
    names.map((name) => (
      <tr key={name}>
        <th scope="row" className="w-24 pr-2 text-left align-top font-mono font-normal">
          {name}
        </th>
        <td className="font-mono break-all">{formatClaim(name, source[name])}</td>
      </tr>
    ));
  return (
    <section
      aria-label="Client assertion (decoded)"
      className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700"
    >
      <h3 className="font-semibold">client_assertion, decoded before sending</h3>
      <div className="grid gap-3 md:grid-cols-2">
        <table className="text-sm">
          <caption className="text-left font-medium">Header</caption>
          <tbody>{rows(HEADER_NAMES, header)}</tbody>
        </table>
        <table className="text-sm">
          <caption className="text-left font-medium">Payload</caption>
          <tbody>{rows(PAYLOAD_NAMES, payload)}</tbody>
        </table>
      </div>
    </section>
  );
}
