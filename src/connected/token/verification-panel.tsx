import { useEffect, useId, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { jwksQueryOptions } from '@/state/jwks';
import { useTrustedOrigins } from '@/state/settings';
import { chooseKeySource } from '@/tokens/key-source';
import type { JsonObject } from '@/tokens/decode';
import { validateClaims } from '@/tokens/validate';
import type { ValidationCheck } from '@/tokens/validate';
import {
  describeKeyFetchFailure,
  describeVerification,
  parseKeyText,
  parseSecret,
  verifyTokenSignature,
} from '@/tokens/verify';
import type { KeyInput, VerificationResult } from '@/tokens/verify';
import type { TokenUse } from '@/tokens/classify';
import { summarizeVerification } from '@/tokens/verification-summary';
import { usePresenter } from '@/ui/presenter/use-presenter';

/** What a flow run knows about the token it received, for validation. */
export interface TokenExpectations {
  nonce?: string;
  /** The access token issued with this ID token, to check `at_hash`. */
  accessToken?: string;
  /** The authorization code issued with this ID token, to check `c_hash`. */
  code?: string;
  audience?: string;
  issuer?: string;
}

export interface VerificationPanelProps {
  token: string;
  header: JsonObject;
  payload: JsonObject;
  nowSeconds: number;
  skewSeconds: number;
  onSkewChange: (seconds: number) => void;
  expectations?: TokenExpectations;
  /** Fetch the issuer's keys without being asked (default: when the issuer is an http(s) URL). */
  autoVerify?: boolean;
  /** The token's kind: only the checks that apply to it are listed (no nonce for an access token). */
  use?: TokenUse;
  /** Told the signature state and the claim checks whenever they change (for the summary card). */
  onStatus?: (status: VerificationStatus) => void;
}

/** Where signature verification and claim validation stand, for a one-line summary elsewhere. */
export interface VerificationStatus {
  signature:
    { state: 'result'; result: VerificationResult } | { state: 'waiting' | 'problem'; message: string };
  checks: readonly ValidationCheck[];
}

type KeyChoice = 'auto' | 'pasted' | 'secret';

type KeyState =
  | { input: KeyInput }
  | { result: VerificationResult }
  | { waiting: string }
  | { problem: string }
  | { ask: { issuer: string; origin: string } };

const RESULT_STYLE: Record<VerificationResult['status'], string> = {
  verified:
    'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-100',
  invalid: 'border-red-300 bg-red-50 text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100',
  'no-matching-key':
    'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100',
  'cannot-verify':
    'border-slate-300 bg-slate-100 text-slate-900 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100',
};

const SUMMARY_STYLE = {
  verified: RESULT_STYLE.verified,
  failed: RESULT_STYLE.invalid,
  unverified: RESULT_STYLE['cannot-verify'],
} as const;

const CHECK_MARK: Record<ValidationCheck['status'], string> = { pass: '✓', fail: '✗', skipped: '–' };

function ResultLine({ result }: { result: VerificationResult }) {
  const presenter = usePresenter();
  const headline = describeVerification(result);
  const detail =
    result.status === 'verified'
      ? `${result.alg} with ${result.key}${result.kid === undefined ? '' : ` (kid ${result.kid})`}`
      : result.reason;
  return (
    <p
      role="status"
      aria-label="Signature"
      className={`rounded border px-2 py-1 text-sm ${RESULT_STYLE[result.status]}`}
    >
      <strong>{headline}</strong>: {presenter.text(detail)}
    </p>
  );
}

/** Signature verification (issuer keys, pasted key or shared secret) and claim validation checks. */
export function VerificationPanel({
  token,
  header,
  payload,
  nowSeconds,
  skewSeconds,
  onSkewChange,
  expectations,
  autoVerify,
  use = 'unknown',
  onStatus,
}: VerificationPanelProps) {
  const ids = useId();
  const presenter = usePresenter();
  const issuer = typeof payload.iss === 'string' ? payload.iss : '';
  const issuerIsUrl = /^https?:\/\/[^\s]+$/i.test(issuer);
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const [choice, setChoice] = useState<KeyChoice>(
    alg.startsWith('HS') ? 'secret' : issuerIsUrl && autoVerify !== false ? 'auto' : 'pasted',
  );
  const [keyText, setKeyText] = useState('');
  const [secret, setSecret] = useState('');
  const [encoding, setEncoding] = useState<'text' | 'base64url'>('text');
  const [audience, setAudience] = useState(expectations?.audience ?? '');
  const [expectedIssuer, setExpectedIssuer] = useState(expectations?.issuer ?? '');

  // The same rule as the run's "Validate the ID token" step (tokens/key-source.ts): no fetch for a
  // Graph token, Entra's {tenantid} filled from tid, and only the hosts the user chose without asking.
  const trustedOrigins = useTrustedOrigins();
  const expectedIssuerOfRun = expectations?.issuer;
  const source = useMemo(
    () =>
      chooseKeySource(header, payload, {
        ...(expectedIssuerOfRun === undefined ? {} : { expectedIssuer: expectedIssuerOfRun }),
        trustedOrigins,
      }),
    [header, payload, expectedIssuerOfRun, trustedOrigins],
  );
  const [askedIssuer, setAskedIssuer] = useState<string>();
  const keyIssuer =
    source.kind === 'issuer' && (source.trusted || askedIssuer === source.issuer) ? source.issuer : '';
  const jwks = useQuery({ ...jwksQueryOptions(keyIssuer), enabled: choice === 'auto' && keyIssuer !== '' });

  const keyState = useMemo((): KeyState => {
    if (choice === 'auto') {
      if (source.kind === 'none') return { result: source.result };
      if (keyIssuer === '') return { ask: { issuer: source.issuer, origin: source.origin } };
      if (jwks.isError) return { result: describeKeyFetchFailure(jwks.error) };
      if (jwks.isPending)
        return { waiting: `Fetching the signing keys of ${keyIssuer} (discovery, then jwks_uri)…` };
      return { input: { kind: 'jwks', jwks: jwks.data.jwks } };
    }
    try {
      if (choice === 'secret')
        return secret === ''
          ? { waiting: 'Enter the shared secret.' }
          : { input: parseSecret(secret, encoding) };
      return keyText.trim() === ''
        ? { waiting: 'Paste a JWKS, a JWK, a PEM public key or a certificate.' }
        : { input: parseKeyText(keyText) };
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
  }, [
    choice,
    source,
    keyIssuer,
    jwks.isError,
    jwks.error,
    jwks.isPending,
    jwks.data,
    secret,
    encoding,
    keyText,
  ]);

  const [verified, setVerified] = useState<{ input: KeyInput; token: string; result: VerificationResult }>();
  useEffect(() => {
    if (!('input' in keyState)) return;
    let live = true;
    void verifyTokenSignature(token, keyState.input).then((result) => {
      if (live) setVerified({ input: keyState.input, token, result });
    });
    return () => {
      live = false;
    };
  }, [token, keyState]);

  const validationNow = Math.floor(nowSeconds / 5) * 5;
  const [checks, setChecks] = useState<ValidationCheck[]>([]);
  useEffect(() => {
    let live = true;
    void validateClaims(header, payload, {
      nowSeconds: validationNow,
      skewSeconds,
      audience,
      issuer: expectedIssuer,
      ...(expectations?.nonce === undefined ? {} : { nonce: expectations.nonce }),
      ...(expectations?.accessToken === undefined ? {} : { accessToken: expectations.accessToken }),
      ...(expectations?.code === undefined ? {} : { code: expectations.code }),
    }).then((result) => {
      if (live) setChecks(result);
    });
    return () => {
      live = false;
    };
  }, [
    header,
    payload,
    validationNow,
    skewSeconds,
    audience,
    expectedIssuer,
    expectations?.nonce,
    expectations?.accessToken,
    expectations?.code,
  ]);

  // In presenter mode a value that would show personal data is displayed masked and read-only.
  const shownAudience = presenter.text(audience);
  const shownIssuer = presenter.text(expectedIssuer);
  const current =
    'input' in keyState && verified?.input === keyState.input && verified.token === token
      ? verified.result
      : undefined;
  const summary = summarizeVerification({ signature: current, checks, use, payload });

  const shownResult = 'result' in keyState ? keyState.result : current;
  const signatureStatus: VerificationStatus['signature'] = shownResult
    ? { state: 'result', result: shownResult }
    : 'problem' in keyState
      ? { state: 'problem', message: keyState.problem }
      : {
          state: 'waiting',
          message:
            'waiting' in keyState
              ? keyState.waiting
              : 'ask' in keyState
                ? `the keys of ${keyState.ask.issuer} were not fetched (a host you did not choose); press "Fetch keys from ${new URL(keyState.ask.origin).host}" to fetch them`
                : 'Verifying…',
        };
  // A key being checked right now is not reported: the previous line stays until the result is in.
  const settling = 'input' in keyState && current === undefined;
  const statusKey = settling ? undefined : JSON.stringify(signatureStatus);
  useEffect(() => {
    if (statusKey === undefined) return;
    onStatus?.({ signature: JSON.parse(statusKey) as VerificationStatus['signature'], checks });
  }, [onStatus, statusKey, checks]);

  return (
    <section
      aria-label="Verification"
      className="space-y-3 rounded border border-slate-200 p-2 dark:border-slate-700"
    >
      <h3 className="text-sm font-semibold">Signature</h3>
      <fieldset className="flex flex-wrap gap-3 text-sm">
        <legend className="sr-only">Key source</legend>
        {(
          [
            ['auto', 'Issuer keys (discovery)'],
            ['pasted', 'Paste JWKS, JWK, PEM or certificate'],
            ['secret', 'Shared secret (HMAC)'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-1">
            <input
              type="radio"
              name={`${ids}-source`}
              value={value}
              checked={choice === value}
              onChange={() => setChoice(value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {choice === 'pasted' && (
        <label className="block text-sm">
          Verification key
          <textarea
            value={keyText}
            onChange={(e) => setKeyText(e.target.value)}
            rows={4}
            spellCheck={false}
            className="mt-1 block w-full rounded border border-slate-300 bg-white p-1 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
      )}
      {choice === 'secret' && (
        <div className="flex flex-wrap items-end gap-2 text-sm">
          <label className="block">
            Shared secret
            <input
              type="password"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              autoComplete="off"
              className="mt-1 block rounded border border-slate-300 bg-white p-1 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
            />
          </label>
          <label className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={encoding === 'base64url'}
              onChange={(e) => setEncoding(e.target.checked ? 'base64url' : 'text')}
            />
            Secret is base64url-encoded
          </label>
        </div>
      )}
      {'problem' in keyState && (
        <p
          role="alert"
          className="rounded border border-red-300 px-2 py-1 text-sm text-red-900 dark:border-red-700 dark:text-red-200"
        >
          {presenter.text(keyState.problem)}
        </p>
      )}
      {'waiting' in keyState && (
        <p className="text-sm text-slate-600 dark:text-slate-400">{presenter.text(keyState.waiting)}</p>
      )}
      {'ask' in keyState && (
        <div className="space-y-1 rounded border border-amber-300 px-2 py-1 text-sm text-amber-900 dark:border-amber-700 dark:text-amber-100">
          <p>
            The issuer {presenter.text(keyState.ask.issuer)} is not the provider chosen in Settings nor a host
            you added, so its keys were not fetched. Fetch them only if you trust{' '}
            {presenter.text(new URL(keyState.ask.origin).host)}.
          </p>
          <button
            type="button"
            onClick={() => setAskedIssuer(keyState.ask.issuer)}
            className="rounded border border-amber-600 px-2 py-0.5 font-medium"
          >
            Fetch keys from {presenter.text(new URL(keyState.ask.origin).host)}
          </button>
        </div>
      )}
      {'result' in keyState && <ResultLine result={keyState.result} />}
      {current && <ResultLine result={current} />}
      {choice === 'auto' && jwks.data && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Keys from {presenter.text(jwks.data.jwksUri)}
        </p>
      )}

      <h3 className="text-sm font-semibold">Validation</h3>
      <div className="flex flex-wrap gap-3 text-sm">
        <label className="block">
          Clock skew (seconds)
          <input
            type="number"
            min={0}
            value={skewSeconds}
            onChange={(e) => onSkewChange(Math.max(0, Number(e.target.value) || 0))}
            className="mt-1 block w-24 rounded border border-slate-300 bg-white p-1 dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        <label className="block">
          Expected audience
          <input
            value={shownAudience}
            readOnly={shownAudience !== audience}
            onChange={(e) => setAudience(e.target.value)}
            className="mt-1 block rounded border border-slate-300 bg-white p-1 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        <label className="block w-full sm:w-auto">
          Expected issuer
          <input
            value={shownIssuer}
            readOnly={shownIssuer !== expectedIssuer}
            onChange={(e) => setExpectedIssuer(e.target.value)}
            placeholder="https://login.microsoftonline.com/{tenantid}/v2.0"
            className="mt-1 block w-full rounded sm:w-80 border border-slate-300 bg-white p-1 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
      </div>
      <p
        role="status"
        aria-label="What was established"
        className={`rounded border px-2 py-1 text-sm ${SUMMARY_STYLE[summary.level]}`}
      >
        {presenter.text(summary.line)}
      </p>
      <ul aria-label="Validation checks" className="space-y-0.5 text-sm">
        {summary.checks.map((check) => (
          <li
            key={check.name}
            className={
              check.status === 'fail'
                ? 'text-red-800 dark:text-red-300'
                : check.status === 'pass'
                  ? 'text-emerald-800 dark:text-emerald-300'
                  : 'text-slate-600 dark:text-slate-400'
            }
          >
            <span aria-hidden="true">{CHECK_MARK[check.status]}</span>{' '}
            <span className="font-mono">{check.name}</span> {check.status}: {presenter.text(check.message)}
          </li>
        ))}
      </ul>
    </section>
  );
}
