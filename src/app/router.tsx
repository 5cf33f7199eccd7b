import { createBrowserRouter } from 'react-router';
import { Layout } from './layout';
import { RouteError } from './route-error';
import { HomeRoute } from './routes/home';

// Every route but the home page loads lazily so that the start page stays small.
export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <HomeRoute /> },
          { path: 'inspect', lazy: () => import('./routes/inspect') },
          { path: 'flows', lazy: () => import('./routes/flows') },
          { path: 'flows/:flowId', lazy: () => import('./routes/flow') },
          { path: 'callback', lazy: () => import('./routes/callback') },
          { path: 'logged-out', lazy: () => import('./routes/logged-out') },
          { path: 'settings', lazy: () => import('./routes/settings') },
          { path: 'setups', lazy: () => import('./routes/setups') },
          { path: '*', lazy: () => import('./routes/not-found') },
        ],
      },
    ],
  },
]);
