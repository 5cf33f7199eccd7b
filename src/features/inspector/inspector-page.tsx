import { useEffect, useId, useMemo, useState } from 'react';
import type { ClipboardEvent, DragEvent } from 'react';
import { inspectToken } from '@/tokens/classify';
import { extractTokens } from '@/tokens/extract';
import { ClaimsDiff } from '@/ui/token/claims-diff';
import { usePresenter } from '@/ui/presenter/use-presenter';
import type { Presenter } from '@/ui/presenter/use-presenter';
import { CopyButton } from '@/ui/token/copy-button';
import { TokenView } from '@/connected/token/token-view';
import { buildShareLink, readTokenFragment } from './read-fragment';

function readInitialText(): string {
  return readTokenFragment(window.location.hash) ?? '';
}

/**
 * A token text field in presenter mode: the text is shown masked and cannot be edited piece by
 * piece (the masked form is not the token); pasting replaces it whole. Unmasked text edits as usual.
 */
function maskedFieldProps(presenter: Presenter, value: string, replace: (text: string) => void) {
  const shown = presenter.text(value);
  if (shown === value) return { value, masked: false };
  return {
    value: shown,
    masked: true,
    readOnly: true,
    onPaste: (event: ClipboardEvent<HTMLTextAreaElement>) => {
      event.preventDefault();
      replace(event.clipboardData.getData('text'));
    },
  };
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

  const other = useMemo(() => extractTokens(otherText)[0], [otherText]);
  const payloads = useMemo(() => {
    if (!current || !other) return undefined;
    const a = inspectToken(current.value, current.name);
    const b = inspectToken(other.value, other.name);
    return { a, b };
  }, [current, other]);

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
  const { masked: otherMasked, ...otherField } = maskedFieldProps(presenter, otherText, setOtherText);

  return (
    <div className="mx-auto max-w-6xl space-y-4 p-4">
      <h1 className="text-2xl font-semibold">Token inspector</h1>
      <p className="rounded border border-emerald-300 bg-emerald-50 p-2 text-sm text-emerald-900 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-100">
        Decoding happens only in this browser: the token is never sent anywhere. Automatic verification
        fetches only the issuer&apos;s public keys (discovery and JWKS), never the token.
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
        rows={6}
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
        <>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              onClick={() => setShareOpen((v) => !v)}
              aria-expanded={shareOpen}
              className="rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-600"
            >
              Share link
            </button>
            <button
              type="button"
              onClick={() => setCompareOpen((v) => !v)}
              aria-expanded={compareOpen}
              className="rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-600"
            >
              Compare with another token
            </button>
          </div>
          {shareOpen && shareLink && (
            <section
              aria-label="Share link"
              className="space-y-1 rounded border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-700 dark:bg-amber-950"
            >
              <p role="note">
                Warning: a token is a credential. Anyone who gets this link can read every claim in it and,
                until it expires, may call APIs as the user or app it was issued to. Share only expired or
                test tokens. The token is in the fragment (after #), which browsers never send to servers, but
                it stays in browser history and in wherever you paste the link.
              </p>
              <div className="flex items-center gap-2">
                <input
                  readOnly
                  aria-label="Link to share"
                  value={presenter.text(shareLink)}
                  className="w-full rounded border border-slate-300 bg-white p-1 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
                />
                <CopyButton text={shareLink} label="Copy share link" />
              </div>
            </section>
          )}
          <TokenView key={current.value} token={current.value} name={current.name} />
          {compareOpen && (
            <section aria-label="Compare tokens" className="space-y-2">
              <label className="block text-sm font-medium">
                Second token
                <textarea
                  {...otherField}
                  {...(otherMasked ? { title: 'Masked in presenter mode: paste to replace it' } : {})}
                  onChange={(e) => setOtherText(e.target.value)}
                  rows={4}
                  spellCheck={false}
                  className="mt-1 block w-full rounded border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
                />
              </label>
              {payloads && <ComparePanel a={payloads.a} b={payloads.b} />}
            </section>
          )}
        </>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Nothing to decode yet: paste a token above.
        </p>
      )}
    </div>
  );
}

function ComparePanel({ a, b }: { a: ReturnType<typeof inspectToken>; b: ReturnType<typeof inspectToken> }) {
  const problem = (label: string, t: ReturnType<typeof inspectToken>) => {
    if (t.error) return `${label} cannot be decoded (${t.error.code}): ${t.error.message}`;
    if (t.decoded?.format !== 'jws')
      return `${label} has no readable claims (${t.classification.findings[0]?.conclusion ?? 'opaque'}).`;
    return undefined;
  };
  const presenter = usePresenter();
  const issue = problem('The first token', a) ?? problem('The second token', b);
  if (issue || a.decoded?.format !== 'jws' || b.decoded?.format !== 'jws') {
    return (
      <p role="alert" className="text-sm text-red-800 dark:text-red-300">
        {presenter.text(issue ?? '')}
      </p>
    );
  }
  return <ClaimsDiff before={a.decoded.payload} after={b.decoded.payload} />;
}
