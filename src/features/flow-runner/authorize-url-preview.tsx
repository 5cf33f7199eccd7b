import { useState } from 'react';
import { copyText, describeCopyFailure } from '@/ui/clipboard';
import { lookupParameter } from './param-info';

/** The authorization URL as it will be sent, each parameter highlighted and explained on hover or focus. */
export function AuthorizeUrlPreview({ url }: { url: string }) {
  const [copied, setCopied] = useState<string>();
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const copy = () => {
    void copyText(url).then((result) => setCopied(result.ok ? 'Copied' : describeCopyFailure(result)));
  };
  return (
    <section aria-labelledby="authorize-url-heading" className="space-y-2">
      <div className="flex items-center gap-3">
        <h3 id="authorize-url-heading" className="font-semibold">
          Authorization request URL
        </h3>
        <button
          type="button"
          onClick={copy}
          className="rounded-md border border-slate-300 px-2 py-1 text-sm dark:border-slate-600"
        >
          Copy URL
        </button>
        <span role="status" className="text-sm">
          {copied}
        </span>
      </div>
      <p
        data-testid="authorize-url"
        className="rounded-md bg-slate-100 p-3 font-mono text-sm break-all dark:bg-slate-900"
      >
        {parsed ? (
          <>
            <span className="text-slate-600 dark:text-slate-400">{`${parsed.origin}${parsed.pathname}`}</span>
            {[...parsed.searchParams.entries()].map(([name, value], index) => {
              const description = lookupParameter(name)?.description ?? 'Custom parameter';
              return (
                <span key={`${name}-${index}`}>
                  <span className="text-slate-500">{index === 0 ? '?' : '&'}</span>
                  <span
                    tabIndex={0}
                    title={`${name}: ${description}`}
                    aria-label={`${name} = ${value}: ${description}`}
                    className="rounded px-0.5 hover:bg-indigo-100 focus:bg-indigo-100 dark:hover:bg-indigo-900 dark:focus:bg-indigo-900"
                  >
                    <span className="font-semibold text-indigo-800 dark:text-indigo-300">{name}</span>=
                    <span className="text-emerald-800 dark:text-emerald-300">
                      {encodeURIComponent(value)}
                    </span>
                  </span>
                </span>
              );
            })}
          </>
        ) : (
          url
        )}
      </p>
    </section>
  );
}
