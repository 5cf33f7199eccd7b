import { lazy, Suspense, useEffect, useId, useMemo, useState } from 'react';
import type { DragEvent } from 'react';
import { extractTokens } from '@/tokens/extract';
import { usePresenter } from '@/ui/presenter/use-presenter';
import { maskedFieldProps } from './masked-field';
import { buildShareLink, readTokenFragment } from './read-fragment';

/** The decoder, claim catalogue and verifier load with the first token, not with the empty page. */
const loadTokenPanel = () => import('./token-panel').then((module) => ({ default: module.TokenPanel }));
const TokenPanel = lazy(loadTokenPanel);

function readInitialText(): string {
  // No window while the page is prerendered at build time.
  return typeof window === 'undefined' ? '' : (readTokenFragment(window.location.hash) ?? '');
}

/** Paste, type or drop a token: it is decoded, explained and verified in this browser only. */
export function InspectorPage() {
  const ids = useId();
  const presenter = usePresenter();
  const [text, setText] = useState(readInitialText);
  const [selected, setSelected] = useState(0);
  const [shareOpen, setShareOpen] = useState(false);
  const [compareOpen, setCompareOpen] = useState(false);
  const [otherText, setOtherText] = useState('');
  const [dropProblem, setDropProblem] = useState<string>();

  useEffect(() => {
    if (readTokenFragment(window.location.hash) !== undefined) {
      window.history.replaceState(
        window.history.state,
        '',
        `${window.location.pathname}${window.location.search}`,
      );
    }
  }, []);

  const tokens = useMemo(() => extractTokens(text), [text]);
  const index = selected < tokens.length ? selected : 0;
  const current = tokens[index];

  // Fetched once the page is up, so the first token usually finds it loaded.
  useEffect(() => {
    void loadTokenPanel();
  }, []);

  const onDrop = (event: DragEvent<HTMLTextAreaElement>) => {
    const file = event.dataTransfer.files[0];
    if (!file) return;
    event.preventDefault();
    if (file.size > 1_000_000) {
      setDropProblem(`${file.name} is ${file.size} bytes; a token file should be far smaller (under 1 MB).`);
      return;
    }
    file.text().then(
      (content) => {
        setDropProblem(undefined);
        setText(content);
        setSelected(0);
      },
      () => setDropProblem(`${file.name} could not be read.`),
    );
  };

  const shareLink = current ? buildShareLink(window.location.href, current.name, current.value) : undefined;
  const { masked: tokenMasked, ...tokenField } = maskedFieldProps(presenter, text, (pasted) => {
    setText(pasted);
    setSelected(0);
  });

  return (
    <div className="mx-auto max-w-6xl space-y-3 sm:space-y-4">
      <h1 className="text-2xl font-semibold">Token inspector</h1>
      <p className="rounded border border-emerald-300 bg-emerald-50 p-2 text-sm text-emerald-900 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-100">
        Decoding happens only in this browser; the token is never sent. Verification fetches only the
        issuer&apos;s public keys.
      </p>
      <label htmlFor={`${ids}-token`} className="block text-sm font-medium">
        Token
      </label>
      <p id={`${ids}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
        Paste, type or drop a file: a JWT, a Bearer header, a redirect URL or fragment, or a JSON token
        response.
        {tokenMasked &&
          ' Presenter mode: the token is shown masked and read-only here; paste to replace it, or clear it.'}
      </p>
      <textarea
        id={`${ids}-token`}
        aria-describedby={`${ids}-hint`}
        {...tokenField}
        onChange={(e) => {
          setText(e.target.value);
          setSelected(0);
        }}
        onDrop={onDrop}
        onDragOver={(e) => e.preventDefault()}
        rows={current ? 2 : 6}
        spellCheck={false}
        autoComplete="off"
        className="block w-full rounded border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
      />
      {tokenMasked && (
        <button
          type="button"
          onClick={() => {
            setText('');
            setSelected(0);
          }}
          className="rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-600"
        >
          Clear the token
        </button>
      )}
      {dropProblem && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {dropProblem}
        </p>
      )}

      {tokens.length > 1 && (
        <div role="tablist" aria-label="Tokens found" className="flex flex-wrap gap-2">
          {tokens.map((token, i) => (
            <button
              key={token.value}
              type="button"
              role="tab"
              aria-selected={i === index}
              onClick={() => setSelected(i)}
              className="rounded border border-slate-300 px-2 py-1 text-sm aria-selected:bg-indigo-600 aria-selected:text-white dark:border-slate-600"
            >
              {token.name === 'token' ? `Token ${i + 1}` : token.name}
            </button>
          ))}
        </div>
      )}

      {current ? (
        <Suspense fallback={<p className="text-sm">Decoding…</p>}>
          <TokenPanel
            current={current}
            shareLink={shareLink}
            shareOpen={shareOpen}
            onShareOpen={setShareOpen}
            compareOpen={compareOpen}
            onCompareOpen={setCompareOpen}
            otherText={otherText}
            onOtherText={setOtherText}
          />
        </Suspense>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Nothing to decode yet: paste a token above.
        </p>
      )}
    </div>
  );
}
