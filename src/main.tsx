import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './app/app';
import { preloadPage } from './app/routes';
import './index.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');

// The build writes the static pages as HTML (data-prerendered names the page). React adopts that
// HTML when the address is exactly that page; a query or fragment (a shared token or setup, a
// callback) changes the first render, so the page is then rendered afresh. Either way the page's
// chunk is loaded first, so the first render is the page, not a fallback. If it cannot be loaded,
// the app renders anyway and the page's error boundary says so.
const { pathname, search, hash } = window.location;
const prerendered = root.dataset.prerendered;
const adopt = prerendered !== undefined && prerendered === pathname && !search && !hash;

void preloadPage(pathname)
  .catch(() => undefined)
  .then(() => {
    if (adopt) hydrateRoot(root, <App />);
    else createRoot(root).render(<App />);
  });
