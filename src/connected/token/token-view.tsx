import { useCallback, useMemo, useState } from 'react';
import { inspectToken } from '@/tokens/classify';
import { summarizeToken } from '@/tokens/summary';
import type { TokenSourceName } from '@/tokens/extract';
import { usePresenter } from '@/ui/presenter/use-presenter';
import { ClaimsTable } from '@/ui/token/claims-table';
import { CompactToken } from '@/ui/token/compact-token';
import { CopyButton } from '@/ui/token/copy-button';
import { JsonBlock } from '@/ui/token/json-block';
import { TimeStatus } from '@/ui/token/time-claims';
import { TokenKind } from '@/ui/token/token-kind';
import { useNowSeconds } from '@/ui/token/use-now';
import { TokenSummaryCard } from '@/ui/token/token-summary';
import { describeVerificationLine } from './verification-line';
import { VerificationPanel } from './verification-panel';
import type { TokenExpectations, VerificationStatus } from './verification-panel';

export interface TokenViewProps {
  /** The raw token (JWS, JWE or opaque). */
  token: string;
  /** Where it came from (`id_token`, `access_token`, ...), a hint for classification. */
  name?: TokenSourceName;
  /** What a flow run expects of it: nonce, access token (at_hash), code (c_hash), aud, iss. */
  expectations?: TokenExpectations;
  /** Fetch the issuer's keys automatically (default: when the issuer is an http(s) URL). */
  autoVerify?: boolean;
  /** Initial clock skew in seconds for exp/nbf (default 60). */
  skewSeconds?: number;
  /**
   * The colour-coded encoded token: shown (default), or folded where the page already shows the
   * token (the inspector's text field), so that it appears once on the first screen.
   */
  encoded?: 'shown' | 'folded';
  /**
   * Everything below the summary card: shown (default), or folded under one disclosure where the page
   * tells the token's checks elsewhere (a flow run's step panel), so that the token is told once.
   */
  details?: 'shown' | 'folded';
  /**
   * Start the key source, keys, clock skew and verification line afresh when another token is shown
   * in place (the inspector, where any token may follow any other). By default they are kept (a flow
   * run's tokens come from one issuer and are checked with the same keys).
   */
  resetPerToken?: boolean;
}

/** Everything about one token: kind and why, colour-coded form, JSON, claims, times, signature and checks. */
export function TokenView({
  token,
  name,
  expectations,
  autoVerify,
  skewSeconds: initialSkew = 60,
  encoded = 'shown',
  details = 'shown',
  resetPerToken = false,
}: TokenViewProps) {
  const inspected = useMemo(() => inspectToken(token, name), [token, name]);
  const nowSeconds = useNowSeconds();
  const [skewSeconds, setSkewSeconds] = useState(initialSkew);
  const { decoded, error, classification } = inspected;
  const presenter = usePresenter();
  const [verificationLine, setVerificationLine] = useState(() =>
    describeVerificationLine(undefined, classification),
  );
  // The view updates in place for another token (its claim rows are reused where they can be);
  // only what belongs to the previous token starts over.
  const [shownToken, setShownToken] = useState(token);
  if (resetPerToken && shownToken !== token) {
    setShownToken(token);
    setSkewSeconds(initialSkew);
    setVerificationLine(describeVerificationLine(undefined, classification));
  }
  // Only a change of the line re-renders the view: typing a key re-verifies on every keystroke.
  const onVerificationStatus = useCallback(
    (status: VerificationStatus) => {
      const next = describeVerificationLine(status, classification);
      setVerificationLine((previous) =>
        previous.text === next.text && previous.tone === next.tone ? previous : next,
      );
    },
    [classification],
  );
  const summary = useMemo(
    () =>
      summarizeToken(
        // In presenter mode the summary is built from the masked claims: names and ids never show.
        decoded?.format === 'jws' ? presenter.claims(decoded.payload) : undefined,
        classification,
        Math.floor(nowSeconds / 30) * 30,
      ),
    [decoded, classification, nowSeconds, presenter],
  );

  // Made when the copy button is pressed, not on every clock tick.
  const copyDecodedView = useCallback(
    () =>
      decoded
        ? JSON.stringify(
            decoded.format === 'jws'
              ? {
                  header: decoded.header,
                  payload: decoded.payload,
                  signature: { alg: decoded.header.alg, bytes: decoded.signatureLength },
                }
              : { header: decoded.header, encrypted: true },
            null,
            2,
          )
        : '',
    [decoded],
  );

  const rest = (
    <>
      {!error && (
        <details className="rounded border border-slate-200 p-2 text-sm dark:border-slate-700">
          <summary className="cursor-pointer font-medium">Why the inspector thinks so</summary>
          <TokenKind classification={classification} />
        </details>
      )}
      {decoded && (
        <>
          {decoded.format === 'jws' && (
            <TimeStatus payload={decoded.payload} nowSeconds={nowSeconds} skewSeconds={skewSeconds} />
          )}
          {decoded.format === 'jws' && (
            <ClaimsTable claims={decoded.payload} kind="payload" nowSeconds={nowSeconds} />
          )}
          {encoded === 'shown' ? (
            <CompactToken segments={decoded.segments} />
          ) : (
            <details className="rounded border border-slate-200 p-2 text-sm dark:border-slate-700">
              <summary className="cursor-pointer font-medium">Encoded token, coloured by part</summary>
              <CompactToken segments={decoded.segments} />
            </details>
          )}
          <div className="flex flex-wrap items-center gap-2 text-sm">
            {decoded.format === 'jws' ? (
              <span>
                Signature: {decoded.signatureLength} bytes, algorithm {String(decoded.header.alg)}
              </span>
            ) : (
              <span>
                Encrypted (JWE): the claims cannot be read without the recipient&apos;s private key.
              </span>
            )}
            <CopyButton text={copyDecodedView} label="Copy decoded view" />
          </div>
          <details className="rounded border border-slate-200 p-2 text-sm dark:border-slate-700">
            <summary className="cursor-pointer font-medium">Decoded JSON and header parameters</summary>
            <div className="mt-2 space-y-3">
              <div className="flex flex-col gap-3 md:flex-row">
                <JsonBlock title="Header" value={decoded.header} />
                {decoded.format === 'jws' && <JsonBlock title="Payload" value={decoded.payload} />}
              </div>
              <ClaimsTable claims={decoded.header} kind="header" nowSeconds={nowSeconds} />
            </div>
          </details>
          {decoded.format === 'jws' && (
            <VerificationPanel
              key={resetPerToken ? decoded.raw : 'kept'}
              token={decoded.raw}
              header={decoded.header}
              payload={decoded.payload}
              nowSeconds={nowSeconds}
              skewSeconds={skewSeconds}
              onSkewChange={setSkewSeconds}
              use={classification.use}
              onStatus={onVerificationStatus}
              {...(expectations ? { expectations } : {})}
              {...(autoVerify === undefined ? {} : { autoVerify })}
            />
          )}
        </>
      )}
    </>
  );

  return (
    <article aria-label={name ? `Token ${name}` : 'Token'} className="space-y-3">
      {error && (
        <div
          role="alert"
          className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100"
        >
          <p>
            <strong>Cannot decode this token</strong> ({error.code}): {presenter.text(error.message)}
          </p>
        </div>
      )}
      {!error && <TokenSummaryCard summary={summary} verification={verificationLine} />}
      {details === 'shown' ? (
        rest
      ) : (
        <details className="rounded border border-slate-200 p-2 dark:border-slate-700">
          <summary className="cursor-pointer font-medium">
            {decoded === undefined
              ? 'Why the inspector thinks so'
              : decoded.format === 'jws'
                ? 'Claims, times, signature checks and encoded token'
                : 'Header and encoded token'}
          </summary>
          <div className="mt-3 space-y-3">{rest}</div>
        </details>
      )}
    </article>
  );
}
