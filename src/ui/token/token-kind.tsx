import type { TokenClassification } from '@/tokens/classify';
import { usePresenter } from '@/ui/presenter/use-presenter';

export interface TokenKindProps {
  classification: TokenClassification;
}

/** What kind of token this is, and why the inspector thinks so. */
export function TokenKind({ classification }: TokenKindProps) {
  const presenter = usePresenter();
  return (
    <section
      aria-label="Token kind"
      className="rounded border border-indigo-200 bg-indigo-50 p-2 dark:border-indigo-800 dark:bg-indigo-950"
    >
      <h3 className="text-sm font-semibold">What this token is</h3>
      <ul className="mt-1 space-y-1 text-sm">
        {classification.findings.map((finding) => (
          <li key={`${finding.topic}-${finding.conclusion}`}>
            <strong>{finding.conclusion}</strong>
            <span className="text-slate-700 dark:text-slate-300">: {presenter.text(finding.reason)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
