import { StrictMode } from 'react';
import { BrowserRouter, useLocation, useRoutes } from 'react-router';
import { RouteErrorBoundary } from './route-error';
import { routes } from './routes';

/** The page tree for the current address; a bug in the layout itself lands in the boundary. */
export function AppRoutes() {
  const { pathname } = useLocation();
  return <RouteErrorBoundary pathname={pathname}>{useRoutes(routes)}</RouteErrorBoundary>;
}

export function App() {
  return (
    <StrictMode>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </StrictMode>
  );
}
