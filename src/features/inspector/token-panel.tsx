import { useMemo } from 'react';
import { inspectToken } from '@/tokens/classify';
import { extractTokens } from '@/tokens/extract';
import { ClaimsDiff } from '@/ui/token/claims-diff';
import { usePresenter } from '@/ui/presenter/use-presenter';
import { CopyButton } from '@/ui/token/copy-button';
import { TokenView } from '@/connected/token/token-view';
import { maskedFieldProps } from './masked-field';

interface TokenPanelProps {
  current: NonNullable<ReturnType<typeof extractTokens>[number]>;
  shareLink: string | undefined;
  shareOpen: boolean;
  onShareOpen: (open: boolean) => void;
  compareOpen: boolean;
  onCompareOpen: (open: boolean) => void;
  otherText: string;
  onOtherText: (text: string) => void;
}

/** The chosen token, decoded and verified, with its share link and the comparison with a second token. */
export function TokenPanel({
  current,
  shareLink,
  shareOpen,
  onShareOpen,
  compareOpen,
  onCompareOpen,
  otherText,
  onOtherText,
}: TokenPanelProps) {
  const presenter = usePresenter();
  const other = useMemo(() => extractTokens(otherText)[0], [otherText]);
  const payloads = useMemo(() => {
    if (!other) return undefined;
    const a = inspectToken(current.value, current.name);
    const b = inspectToken(other.value, other.name);
    return { a, b };
  }, [current, other]);
  const { masked: otherMasked, ...otherField } = maskedFieldProps(presenter, otherText, onOtherText);
  return (
    <>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={() => onShareOpen(!shareOpen)}
          aria-expanded={shareOpen}
          className="rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-600"
        >
          Share link
        </button>
        <button
          type="button"
          onClick={() => onCompareOpen(!compareOpen)}
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
            Warning: a token is a credential. Anyone who gets this link can read every claim in it and, until
            it expires, may call APIs as the user or app it was issued to. Share only expired or test tokens.
            The token is in the fragment (after #), which browsers never send to servers, but it stays in
            browser history and in wherever you paste the link.
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
      <TokenView token={current.value} name={current.name} encoded="folded" resetPerToken />
      {compareOpen && (
        <section aria-label="Compare tokens" className="space-y-2">
          <label className="block text-sm font-medium">
            Second token
            <textarea
              {...otherField}
              {...(otherMasked ? { title: 'Masked in presenter mode: paste to replace it' } : {})}
              onChange={(e) => onOtherText(e.target.value)}
              rows={4}
              spellCheck={false}
              className="mt-1 block w-full rounded border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
            />
          </label>
          {payloads && <ComparePanel a={payloads.a} b={payloads.b} />}
        </section>
      )}
    </>
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
