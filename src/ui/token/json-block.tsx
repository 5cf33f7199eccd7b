import { usePresenter } from '@/ui/presenter/use-presenter';
import { CopyButton } from './copy-button';

export interface JsonBlockProps {
  title: string;
  value: unknown;
}

/** Formatted JSON, rendered as text, with a copy button. */
export function JsonBlock({ title, value }: JsonBlockProps) {
  const presenter = usePresenter();
  const json = JSON.stringify(value, null, 2);
  return (
    <section
      aria-label={title}
      className="min-w-0 flex-1 rounded border border-slate-200 dark:border-slate-700"
    >
      <header className="flex items-center justify-between border-b border-slate-200 px-2 py-1 dark:border-slate-700">
        <h3 className="text-sm font-semibold">{title}</h3>
        <CopyButton text={json} label={`Copy ${title.toLowerCase()} JSON`} />
      </header>
      <pre className="overflow-x-auto p-2 font-mono text-xs whitespace-pre-wrap break-all">
        {presenter.on ? JSON.stringify(presenter.claims(value), null, 2) : json}
      </pre>
    </section>
  );
}
