import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './app/app';
import { createRouter } from './app/router';
import './index.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');

// The build writes the static pages as HTML (data-prerendered names the page). React adopts that
// HTML when the address is exactly that page; a query or fragment (a shared token or setup, a
// callback) changes the first render, so the page is then rendered afresh.
const { pathname, search, hash } = window.location;
const prerendered = root.dataset.prerendered;
const adopt = prerendered !== undefined && prerendered === pathname && !search && !hash;

void createRouter(pathname).then((router) => {
  if (adopt) hydrateRoot(root, <App router={router} />);
  else createRoot(root).render(<App router={router} />);
});
