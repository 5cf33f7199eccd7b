import { useEffect, useState } from 'react';
import {
  computeCodeChallenge,
  createCodeVerifier,
  describeChallengeProblems,
  validateCodeVerifier,
  type CodeChallenge,
} from '@/protocol/pkce';

interface PkcePanelProps {
  verifier: string;
  method: string;
  challenge: string;
  onVerifierChange: (verifier: string) => void;
  onChallengeComputed: (challenge: string) => void;
}

/** PKCE step by step: the verifier, its SHA-256 bytes, their base64url encoding as the challenge. */
export function PkcePanel({
  verifier,
  method,
  challenge,
  onVerifierChange,
  onChallengeComputed,
}: PkcePanelProps) {
  const [computed, setComputed] = useState<CodeChallenge>();
  const normalized = method === 'plain' ? 'plain' : 'S256';
  useEffect(() => {
    let active = true;
    void computeCodeChallenge(verifier, normalized).then((result) => {
      if (!active) return;
      setComputed(result);
      onChallengeComputed(result.challenge);
    });
    return () => {
      active = false;
    };
    // onChallengeComputed changes identity on every render; the inputs below are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [verifier, normalized]);
  const verifierProblems = validateCodeVerifier(verifier);
  const challengeProblems = method === 'S256' ? describeChallengeProblems(challenge) : [];
  const edited = computed !== undefined && challenge !== '' && challenge !== computed.challenge;
  return (
    <section
      aria-labelledby="pkce-heading"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
    >
      <h3 id="pkce-heading" className="font-semibold">
        PKCE (RFC 7636), step by step
      </h3>
      <div className="space-y-1">
        <label htmlFor="pkce-verifier" className="font-mono text-sm font-semibold">
          code_verifier{' '}
          <span className="font-sans font-normal text-slate-600 dark:text-slate-400">
            — random secret kept by the app, sent only with the token request (43–128 characters of A–Z a–z
            0–9 - . _ ~)
          </span>
        </label>
        <div className="flex gap-2">
          <input
            id="pkce-verifier"
            className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
            value={verifier}
            onChange={(event) => onVerifierChange(event.target.value)}
            spellCheck={false}
          />
          <button
            type="button"
            onClick={() => onVerifierChange(createCodeVerifier())}
            className="shrink-0 rounded-md border border-slate-300 px-3 text-sm dark:border-slate-600"
          >
            Regenerate verifier
          </button>
        </div>
        <p className="text-xs text-slate-600 dark:text-slate-400">{verifier.length} characters</p>
        {verifierProblems.map((problem) => (
          <p key={problem.message} className="text-sm text-amber-800 dark:text-amber-300">
            {problem.message}
          </p>
        ))}
      </div>
      {normalized === 'S256' && computed?.digest && (
        <div className="space-y-1 text-sm">
          <p>
            <span className="font-semibold">SHA-256(code_verifier)</span>, {computed.digest.bytes.length}{' '}
            bytes:
          </p>
          <p className="font-mono text-xs break-all text-slate-700 dark:text-slate-300">
            [{computed.digest.bytes.join(', ')}]
          </p>
          <p>
            <span className="font-semibold">BASE64URL</span> of those bytes, no padding ={' '}
            <span className="font-mono">code_challenge</span>:
          </p>
          <p className="font-mono break-all text-emerald-800 dark:text-emerald-300">{computed.challenge}</p>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Note: the hex digest ({computed.digest.hex.slice(0, 16)}…) is not a valid S256 challenge; it must
            be base64url of the raw bytes.
          </p>
        </div>
      )}
      {normalized === 'plain' && (
        <p className="text-sm text-amber-800 dark:text-amber-300">
          code_challenge_method=plain sends the verifier itself as the challenge: anyone who sees the
          authorization request can redeem an intercepted code. Use S256.
        </p>
      )}
      {edited && (
        <p className="text-sm text-amber-800 dark:text-amber-300">
          code_challenge was edited and no longer matches the verifier: expect the token request to fail (that
          is what PKCE is for).
        </p>
      )}
      {challengeProblems.map((problem) => (
        <p key={problem.message} className="text-sm text-amber-800 dark:text-amber-300">
          {problem.message}
        </p>
      ))}
    </section>
  );
}
