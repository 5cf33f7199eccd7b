import { explainError, explainNetworkFailure } from '@/protocol/error-catalog';
import type { OAuthErrorFields } from '@/protocol/errors';
import { usePresenter } from '@/ui/presenter/use-presenter';

interface ErrorExplanationProps {
  oauthError?: OAuthErrorFields | undefined;
  /** A playground error code (NETWORK, CORS_BLOCKED, STATE_MISMATCH…) when there is no OAuth error. */
  errorCode?: string | undefined;
  message?: string | undefined;
}

/** What an error means and the likely fix, wherever an error appears. Everything is rendered as text. */
export function ErrorExplanation({ oauthError, errorCode, message }: ErrorExplanationProps) {
  const presenter = usePresenter();
  if (oauthError) {
    const explanation = explainError(oauthError);
    return (
      <div
        role="alert"
        className="space-y-2 rounded-md border border-red-300 bg-red-50 p-3 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50"
      >
        <p className="font-semibold">
          <span className="font-mono">{oauthError.error}</span>: {explanation.title}
        </p>
        {oauthError.error_description && (
          <p className="font-mono text-sm break-words whitespace-pre-wrap">
            {presenter.text(oauthError.error_description)}
          </p>
        )}
        <p className="text-sm">
          <span className="font-semibold">What it means: </span>
          {explanation.meaning}
        </p>
        <p className="text-sm">
          <span className="font-semibold">Likely fix: </span>
          {explanation.likelyFix}
        </p>
        {explanation.codes.length > 0 && (
          <ul className="space-y-1 text-sm">
            {explanation.codes.map((code) => (
              <li key={code.code}>
                <span className="font-mono font-semibold">{code.code}</span>: {code.meaning}{' '}
                <span className="italic">Fix: {code.fix}</span>
                {code.docs && (
                  <>
                    {' '}
                    <a className="underline" href={code.docs.url} target="_blank" rel="noreferrer noopener">
                      {code.docs.title}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 text-xs">
          {oauthError.error_uri && (
            <>
              <dt>error_uri</dt>
              <dd className="font-mono break-all">{presenter.text(oauthError.error_uri)}</dd>
            </>
          )}
          {oauthError.trace_id && (
            <>
              <dt>trace_id</dt>
              <dd className="font-mono">{oauthError.trace_id}</dd>
            </>
          )}
          {oauthError.correlation_id && (
            <>
              <dt>correlation_id</dt>
              <dd className="font-mono">{oauthError.correlation_id}</dd>
            </>
          )}
          {oauthError.timestamp && (
            <>
              <dt>timestamp</dt>
              <dd className="font-mono">{oauthError.timestamp}</dd>
            </>
          )}
        </dl>
      </div>
    );
  }
  if (!errorCode && !message) return null;
  const network = errorCode ? explainNetworkFailure(errorCode) : undefined;
  const known = network && network.title !== 'Request failed';
  return (
    <div
      role="alert"
      className="space-y-1 rounded-md border border-red-300 bg-red-50 p-3 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50"
    >
      {message && <p className="font-semibold">{presenter.text(message)}</p>}
      {known && (
        <>
          <p className="text-sm">
            <span className="font-semibold">{network.title}: </span>
            {network.meaning}
          </p>
          <p className="text-sm">
            <span className="font-semibold">Likely fix: </span>
            {network.likelyFix}
          </p>
        </>
      )}
      {errorCode && <p className="font-mono text-xs">{errorCode}</p>}
    </div>
  );
}
