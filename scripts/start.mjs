// `npm start`: the local companion (IdP, demo APIs, relay) and the production build of the app on
// http://localhost:5173, together (decision 0170). The app is built first when dist/ is missing or
// older than its sources; `npm run dev` is the Vite dev server for working on the code.
// Ctrl-C stops everything; if the companion exits, the app server is stopped too.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { LOOPBACK_CONNECT_SOURCES, startAppServer } from '../server/static-build.js';
import { newestMtime, prepareCompanion } from './companion-bundle.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const started = Date.now();
const APP_PORT = 5173;
const distDir = path.join(root, 'dist');
const builtPage = path.join(distDir, 'index.html');
const viteBin = path.join(root, 'node_modules', '.bin', 'vite');
const children = [];
let app;
let stopping = false;

const say = (message) => process.stdout.write(`${message}\n`);
const complain = (message) => process.stderr.write(`${message}\n`);

function forwardLines(name, stream, target, onLine) {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffer += chunk;
    let index;
    while ((index = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 1);
      target.write(`[${name}] ${line}\n`);
      onLine?.(line);
    }
  });
}

function run(name, command, args, onLine) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  children.push(child);
  forwardLines(name, child.stdout, process.stdout, onLine);
  forwardLines(name, child.stderr, process.stderr, onLine);
  return child;
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(code), 1500).unref();
  Promise.all([
    app?.close(),
    ...children.map((child) =>
      child.exitCode === null && child.signalCode === null
        ? new Promise((resolve) => child.once('exit', resolve))
        : null,
    ),
  ]).then(() => process.exit(code));
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

// Without Vite (`npm ci --omit=dev`) there is nothing to build the app with: say so before starting anything.
if (!existsSync(builtPage) && !existsSync(viteBin)) {
  complain(
    'npm start serves the production build in dist/, and there is none yet. Building it needs the\n' +
      'development dependencies (Vite), which `npm ci --omit=dev` leaves out. Either run `npm ci`\n' +
      '(without --omit=dev) and `npm start` again, or build the app elsewhere with `npm run build`\n' +
      'and copy its dist/ folder here.',
  );
  process.exit(1);
}

let companionReady = false;
let appReady = false;
function announce() {
  if (!companionReady || !appReady) return;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say(
    `\nToken Playground is ready in ${seconds} s: open http://localhost:${APP_PORT}\n` +
      '  Local IdP   http://localhost:4000  (discovery: /.well-known/openid-configuration)\n' +
      '  Demo APIs   http://localhost:4001  (/me, /api-a/chain, /api-b/data)\n' +
      '  Companion   http://localhost:4002  (relay, form_post receiver)\n' +
      'Press Ctrl-C to stop everything.\n',
  );
}

const companionEntry = await prepareCompanion(root, complain);
const companion = run('companion', process.execPath, [companionEntry], (line) => {
  if (line.includes('Companion ready')) {
    companionReady = true;
    announce();
  }
});
companion.on('exit', (code, signal) => {
  if (stopping) return;
  complain(`[companion] exited (${signal ?? code}); stopping the rest.`);
  stop(code ?? 1);
});

/** Whether dist/ predates what it is built from (the app's sources, its HTML, config and packages). */
function buildIsStale() {
  const builtAt = statSync(builtPage).mtimeMs;
  const inputs = [
    newestMtime(path.join(root, 'src'), { skip: (file) => /\.test\.tsx?$/.test(file) }),
    newestMtime(path.join(root, 'public')),
    ...['index.html', 'vite.config.ts', 'package-lock.json'].map(
      (file) => statSync(path.join(root, file)).mtimeMs,
    ),
  ];
  return Math.max(...inputs) > builtAt;
}

function buildApp() {
  say('Building the app (first start or sources changed)…');
  const build = run('build', viteBin, ['build', '--logLevel', 'warn']);
  return new Promise((resolve) => build.once('exit', (code, signal) => resolve(code === 0 && !signal)));
}

if (!existsSync(builtPage) || buildIsStale()) {
  if (!existsSync(viteBin)) {
    complain(
      'dist/ is older than the sources, and Vite, which builds it, is not installed (npm ci --omit=dev):\n' +
        'serving dist/ as it is.',
    );
  } else if (!(await buildApp())) {
    if (!stopping) complain('The app could not be built; see above. Stopping.');
    stop(1);
  }
}

if (!stopping) {
  try {
    // People try the playground against their own provider on another loopback port over plain
    // http (a local Keycloak, say); the build's policy names only the companion's ports.
    app = await startAppServer({ distDir, port: APP_PORT, connectSources: LOOPBACK_CONNECT_SOURCES });
    appReady = true;
    announce();
  } catch (error) {
    complain(
      error.code === 'EADDRINUSE'
        ? `Port ${APP_PORT} is taken: is npm start or npm run dev already running?`
        : `The app server could not start: ${error.message}`,
    );
    stop(1);
  }
}
