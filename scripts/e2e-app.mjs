// The app the end-to-end tests drive: a fresh production build (vite build, about 2 s) in
// .tmp/dist-e2e, served on http://localhost:5173 the way `npm start` serves dist/ (decision 0170),
// policy header and loopback connect-src included. The Vite dev server served each page as some two
// hundred separate modules, about 1.2 s per page load against 0.45 s here, and a run loads the app
// some three hundred times. The `prod` project (strict policy, no loopback widening) and the room
// spec still build their own copies.
// Playwright starts it (playwright.config.ts, webServer) and stops it with SIGTERM.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOOPBACK_CONNECT_SOURCES, startAppServer } from '../server/static-build.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const E2E_DIST = path.join(root, '.tmp', 'dist-e2e');
const APP_PORT = 5173;

const build = spawnSync(
  path.join(root, 'node_modules', '.bin', 'vite'),
  ['build', '--outDir', E2E_DIST, '--emptyOutDir', '--logLevel', 'warn'],
  { cwd: root, stdio: 'inherit' },
);
if (build.status !== 0) {
  process.stderr.write('e2e app: vite build failed; see above.\n');
  process.exit(1);
}
const app = await startAppServer({
  distDir: E2E_DIST,
  port: APP_PORT,
  connectSources: LOOPBACK_CONNECT_SOURCES,
});
process.stdout.write(`e2e app: the build in ${E2E_DIST} on ${app.origin}\n`);
const stop = () => app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
