import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** Shown when a bug escapes a page: says what broke, offers a way back. Expected failures never land here. */
export function RouteError() {
  const error = useRouteError();
  const title = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : 'Something broke on this page';
  const detail = isRouteErrorResponse(error)
    ? String(error.data)
    : error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);
  return (
    <div role="alert" className="mx-auto max-w-3xl space-y-4 p-6">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p>This is a bug in the playground, not in your provider. What happened:</p>
      <pre className="overflow-auto rounded-md bg-red-50 p-3 text-sm whitespace-pre-wrap text-red-900 dark:bg-red-950 dark:text-red-100">
        {detail}
      </pre>
      <p>
        <Link className="text-indigo-700 underline dark:text-indigo-300" to="/">
          Back to the home page
        </Link>{' '}
        or reload the page. Your settings are kept.
      </p>
    </div>
  );
}
