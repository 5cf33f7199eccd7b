import { Link, useLocation } from 'react-router';

export function Component() {
  const location = useLocation();
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p>
        There is no page at <code className="font-mono">{location.pathname}</code>.
      </p>
      <p>
        <Link className="text-indigo-700 underline dark:text-indigo-300" to="/">
          Go to the home page
        </Link>
      </p>
    </div>
  );
}
