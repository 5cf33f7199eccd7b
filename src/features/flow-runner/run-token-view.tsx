import type { FlowRun } from '@/protocol/flows/types';
import { TokenView } from '@/connected/token/token-view';
import type { TokenExpectations } from '@/connected/token/verification-panel';
import { frontChannelExpectations } from './id-token-check';

/**
 * One token of a run: its summary card, with the inspector's full views folded under it (the step
 * panel already lists the ID token's checks); an ID token is checked against what the run sent.
 */
export function RunTokenView({
  name,
  token,
  run,
}: {
  name: 'id_token' | 'access_token' | 'refresh_token';
  token: string;
  run: FlowRun;
}) {
  const expectations: TokenExpectations = {};
  if (name === 'id_token') {
    expectations.audience = run.clientId;
    if (run.issuer) expectations.issuer = run.issuer;
    // OIDC Core §12.2: an ID token from a refresh need not repeat the nonce, so only the first one is held to it.
    const firstIdToken = run.tokenHistory.find((entry) => entry.values.id_token)?.values.id_token;
    if (run.generated.nonce && (firstIdToken === undefined || firstIdToken === token))
      expectations.nonce = run.generated.nonce;
    Object.assign(expectations, frontChannelExpectations(run, token));
  }
  return (
    <section aria-label={name} className="rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <h3 className="mb-2 font-mono text-lg font-semibold">{name}</h3>
      <TokenView token={token} name={name} expectations={expectations} details="folded" />
    </section>
  );
}
