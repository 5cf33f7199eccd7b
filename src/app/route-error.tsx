import { Component, type ReactNode } from 'react';
import { Link } from 'react-router';

interface RouteErrorBoundaryProps {
  children: ReactNode;
  /** The address the children show: when it changes (the user navigates away), the error is cleared. */
  pathname: string;
}

interface RouteErrorBoundaryState {
  /** The address the error happened at. */
  pathname: string;
  /** What was thrown (wrapped: a page may throw any value, even `undefined`). */
  error?: { value: unknown } | undefined;
}

/**
 * Catches a bug that escapes a page (or the layout) and shows `RouteError` in its place; React
 * reports the error to the console. Expected failures are content of their step, never thrown
 * here. Navigating elsewhere shows the new page again, as the data router's error elements did.
 */
export class RouteErrorBoundary extends Component<RouteErrorBoundaryProps, RouteErrorBoundaryState> {
  override state: RouteErrorBoundaryState = { pathname: this.props.pathname };

  static getDerivedStateFromError(error: unknown): Partial<RouteErrorBoundaryState> {
    return { error: { value: error } };
  }

  static getDerivedStateFromProps(
    props: RouteErrorBoundaryProps,
    state: RouteErrorBoundaryState,
  ): Partial<RouteErrorBoundaryState> | null {
    return props.pathname === state.pathname ? null : { pathname: props.pathname, error: undefined };
  }

  override render() {
    return this.state.error ? <RouteError error={this.state.error.value} /> : this.props.children;
  }
}

/** Shown when a bug escapes a page: says what broke, offers a way back. Expected failures never land here. */
export function RouteError({ error }: { error: unknown }) {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return (
    <div role="alert" className="mx-auto max-w-3xl space-y-4 p-6">
      <h1 className="text-2xl font-semibold">Something broke on this page</h1>
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
