import { useEffect, useId, useState } from 'react';
import { computeCodeChallenge, type CodeChallengeMethod } from '@/protocol/pkce';
import type { FlowRun, RunStep } from '@/protocol/flows/types';
import type { ValidationCheck } from '@/tokens/validate';
import { maskValue } from '@/ui/presenter/mask';
import { usePresenter } from '@/ui/presenter/use-presenter';
import { checkRunIdToken } from './id-token-check';
import { compareScopes, compareState, isPlaceholder, lastFormBody, splitAtCode } from './learning-moments';

const box = 'space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700';
const good = 'font-semibold text-emerald-800 dark:text-emerald-300';
const bad = 'font-semibold text-red-800 dark:text-red-300';

/** A value shown as it is, or masked: by the person's choice, and always in presenter mode. */
function Revealable({ value, masked }: { value: string; masked: boolean }) {
  const presenter = usePresenter();
  return <span className="font-mono break-all">{masked || presenter.on ? maskValue(value) : value}</span>;
}

function MaskToggle({ masked, onChange }: { masked: boolean; onChange: (masked: boolean) => void }) {
  const presenter = usePresenter();
  return (
    <label className="inline-flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        checked={masked || presenter.on}
        disabled={presenter.on}
        onChange={(event) => onChange(event.target.checked)}
      />
      Mask the code and the code_verifier{presenter.on ? ' (always masked in presenter mode)' : ''}
    </label>
  );
}

/** The redirect back as it arrived: the URL with its code highlighted, and `state` sent beside `state` received. */
export function CallbackMoment({ run }: { run: FlowRun }) {
  const presenter = usePresenter();
  const url = run.values.callback_url;
  const sent = run.generated.state;
  const received = run.values.callback_state;
  const comparison = compareState(sent, received);
  const split = url ? splitAtCode(url) : undefined;
  return (
    <section aria-label="The redirect back, as received" className={box}>
      <h3 className="font-semibold">The redirect back, as received</h3>
      {split ? (
        <p data-testid="callback-url" className="font-mono text-sm break-all">
          {presenter.text(split.before)}
          {split.code !== undefined && (
            <mark aria-label="code" className="rounded bg-amber-200 px-0.5 text-slate-950">
              {presenter.on ? maskValue(split.code) : split.code}
            </mark>
          )}
          {presenter.text(split.after)}
        </p>
      ) : (
        <p className="text-sm">The callback URL was not kept for this run.</p>
      )}
      <table className="w-full text-sm">
        <caption className="text-left font-medium">state: sent and received</caption>
        <tbody>
          <tr>
            <th scope="row" className="w-40 pr-2 text-left align-top font-normal">
              state sent
            </th>
            <td className="font-mono break-all" data-testid="state-sent">
              {sent ?? '(none)'}
            </td>
          </tr>
          <tr>
            <th scope="row" className="w-40 pr-2 text-left align-top font-normal">
              state received
            </th>
            <td className="font-mono break-all" data-testid="state-received">
              {received ?? '(none)'}
            </td>
          </tr>
        </tbody>
      </table>
      <p data-testid="state-verdict" className={comparison === 'match' ? good : bad}>
        {comparison === 'match' && '✓ They match: this response answers the request this app sent.'}
        {comparison === 'mismatch' &&
          '✗ They differ: this response may answer another request (CSRF); a real client stops here.'}
        {comparison === 'missing' &&
          '✗ state was sent but none came back: the response cannot be tied to the request.'}
        {comparison === 'not-sent' &&
          'No state was sent, so nothing ties this response to the request (RFC 6749 §10.12).'}
      </p>
    </section>
  );
}

/** This run's code and code_verifier, the real values the token request carries. */
export function TokenRequestValues({ run, step }: { run: FlowRun; step: RunStep }) {
  const [masked, setMasked] = useState(false);
  const sentVerifier = lastFormBody(run, step)?.get('code_verifier') ?? undefined;
  const verifier =
    sentVerifier !== undefined && !isPlaceholder(sentVerifier) ? sentVerifier : run.generated.codeVerifier;
  if (!run.values.code && !verifier) return null;
  return (
    <section aria-label="This run’s code and code_verifier" className={box}>
      <h3 className="font-semibold">This run’s values in the token request</h3>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
        {run.values.code && (
          <>
            <dt className="font-mono font-semibold">code</dt>
            <dd data-testid="run-code">
              <Revealable value={run.values.code} masked={masked} />{' '}
              <span className="text-slate-600 dark:text-slate-400">(from the redirect back)</span>
            </dd>
          </>
        )}
        {verifier && (
          <>
            <dt className="font-mono font-semibold">code_verifier</dt>
            <dd data-testid="run-code-verifier">
              <Revealable value={verifier} masked={masked} />{' '}
              <span className="text-slate-600 dark:text-slate-400">
                {sentVerifier !== undefined && !isPlaceholder(sentVerifier)
                  ? '(as sent)'
                  : '(generated for this run before the authorization request)'}
              </span>
            </dd>
          </>
        )}
      </dl>
      <MaskToggle masked={masked} onChange={setMasked} />
    </section>
  );
}

interface PkceComparison {
  sentHash: string;
  challenge: string;
}

/**
 * The PKCE check the provider made, redone here: BASE64URL(SHA-256(code_verifier sent)) beside the
 * code_challenge the authorization request carried (RFC 7636 §4.6).
 */
export function PkceMoment({ run, step }: { run: FlowRun; step: RunStep }) {
  const body = lastFormBody(run, step);
  const sentVerifier = body?.get('code_verifier') ?? undefined;
  const challenge = run.authorizeParams.code_challenge ?? '';
  const method: CodeChallengeMethod =
    run.authorizeParams.code_challenge_method === 'plain' ? 'plain' : 'S256';
  const [result, setResult] = useState<PkceComparison & { verifier: string }>();
  const [masked, setMasked] = useState(false);
  const known = sentVerifier !== undefined && !isPlaceholder(sentVerifier);
  useEffect(() => {
    if (!known) return;
    let active = true;
    void computeCodeChallenge(sentVerifier, method).then((computed) => {
      if (active) setResult({ verifier: sentVerifier, sentHash: computed.challenge, challenge });
    });
    return () => {
      active = false;
    };
  }, [known, sentVerifier, method, challenge]);
  if (!challenge || body === undefined) return null;
  const failed = step.record.status === 'failed';
  const hashName =
    method === 'S256' ? 'BASE64URL(SHA-256(code_verifier sent))' : 'code_verifier sent (plain)';
  const current = result && result.verifier === sentVerifier ? result : undefined;
  return (
    <section aria-label="PKCE: the verifier against the challenge" className={box}>
      <h3 className="font-semibold">PKCE: the verifier against the challenge</h3>
      {!known ? (
        <p className="text-sm">
          {sentVerifier === undefined
            ? 'This token request carried no code_verifier, although the authorization request had a code_challenge: the provider must refuse it (RFC 7636 §4.6).'
            : 'The code_verifier sent is not kept after a reload (secrets are stored redacted), so the hashes cannot be compared here.'}
        </p>
      ) : (
        <>
          <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
            <dt className="font-mono break-all">code_verifier sent</dt>
            <dd>
              <Revealable value={sentVerifier} masked={masked} />
            </dd>
            <dt className="font-mono break-all">{hashName}</dt>
            <dd className="font-mono break-all" data-testid="pkce-sent-hash">
              {current?.sentHash ?? 'computing…'}
            </dd>
            <dt className="font-mono break-all">code_challenge sent</dt>
            <dd className="font-mono break-all" data-testid="pkce-challenge">
              {challenge}
            </dd>
          </dl>
          {current && (
            <p data-testid="pkce-verdict" className={current.sentHash === current.challenge ? good : bad}>
              {current.sentHash === current.challenge
                ? failed
                  ? '✓ They match, so PKCE is not why the request failed: look at the code (used already, expired) or redirect_uri.'
                  : '✓ They match: the verifier proves this app started the flow.'
                : `✗ They differ: the provider computed ${hashName.replace(' sent', '')} from what it received and it is not the code_challenge it stored with the code, so it refused (${failed ? (step.record.oauthError?.error ?? 'an error') : 'it should have'}).`}
            </p>
          )}
          <label className="inline-flex items-center gap-2 text-sm">
            <input type="checkbox" checked={masked} onChange={(event) => setMasked(event.target.checked)} />
            Mask the code_verifier
          </label>
        </>
      )}
    </section>
  );
}

/** The scopes asked for beside the scopes granted; a narrower grant is pointed out. */
export function ScopeMoment({ run }: { run: FlowRun }) {
  const requested = run.authorizeParams.scope ?? run.tokenParams.scope;
  if (requested === undefined) return null;
  const comparison = compareScopes(requested, run.values.scope);
  return (
    <section aria-label="Scopes requested and granted" className={box}>
      <h3 className="font-semibold">Scopes requested and granted</h3>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
        <dt>requested</dt>
        <dd className="font-mono break-all" data-testid="scope-requested">
          {comparison.requested.join(' ') || '(none)'}
        </dd>
        <dt>granted</dt>
        <dd className="font-mono break-all" data-testid="scope-granted">
          {comparison.granted === undefined
            ? '(no scope in the response)'
            : comparison.granted.join(' ') || '(empty)'}
        </dd>
      </dl>
      <p data-testid="scope-verdict" className="text-sm">
        {comparison.granted === undefined
          ? 'The response names no scope; RFC 6749 §5.1 lets a provider leave it out only when it granted exactly the requested scope.'
          : comparison.missing.length > 0
            ? `Narrower than requested: not granted ${comparison.missing.join(', ')}.`
            : 'Everything requested was granted.'}
        {comparison.added.length > 0 && ` Granted beyond the request: ${comparison.added.join(', ')}.`}
      </p>
    </section>
  );
}

const checkLabel: Record<ValidationCheck['status'], string> = {
  pass: '✓ pass',
  fail: '✗ fail',
  skipped: '– skipped',
};

/** Every check of the ID token, each with what it compared, as the validation step ran them. */
export function IdTokenChecks({ run }: { run: FlowRun }) {
  const presenter = usePresenter();
  const headingId = useId();
  const token = run.values.id_token;
  const [state, setState] = useState<{ token: string; checks: ValidationCheck[]; signature: string }>();
  useEffect(() => {
    if (!token) return;
    let active = true;
    void checkRunIdToken(run).then((result) => {
      if (!active) return;
      setState({
        token,
        checks: result.checks,
        signature: result.verification ? result.verification.status : 'not checked',
      });
    });
    return () => {
      active = false;
    };
    // The check depends on the token and the run's expectations, which do not change for one token.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);
  if (!token) return null;
  const shown = state?.token === token ? state : undefined;
  return (
    <section aria-labelledby={headingId} className={box}>
      <h3 id={headingId} className="font-semibold">
        Every check of the ID token
      </h3>
      {!shown ? (
        <p className="text-sm">Listing the checks…</p>
      ) : (
        <table className="w-full table-fixed text-sm [overflow-wrap:anywhere]">
          <thead>
            <tr>
              {/* The comparison is the long column: it gets half the width, so phones keep it readable. */}
              <th scope="col" className="w-1/4 pr-2 text-left">
                check
              </th>
              <th scope="col" className="w-1/4 pr-2 text-left">
                result
              </th>
              <th scope="col" className="text-left">
                what it compared
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row" className="pr-2 text-left align-top font-mono font-normal">
                signature
              </th>
              <td className="pr-2 align-top">{shown.signature}</td>
              <td className="align-top">
                With the provider’s keys (JWKS); the Tokens panel tells the key used.
              </td>
            </tr>
            {shown.checks.map((check) => (
              <tr key={check.name}>
                <th scope="row" className="pr-2 text-left align-top font-mono font-normal">
                  {check.name}
                </th>
                <td className={`pr-2 align-top ${check.status === 'fail' ? bad : ''}`}>
                  {checkLabel[check.status]}
                </td>
                <td className="align-top break-words">{presenter.text(check.message)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
