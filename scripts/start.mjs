// `npm start`: the local companion (IdP, demo APIs, relay) and the Vite dev server, together.
// Ctrl-C stops both; if either exits, the other is stopped too.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const started = Date.now();
const children = [];
let stopping = false;

function run(name, command, args, onLine) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  children.push(child);
  const forward = (stream, target) => {
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
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`[${name}] exited (${signal ?? code}); stopping the rest.\n`);
      stop(code ?? 1);
    }
  });
  return child;
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(code), 1500).unref();
  Promise.all(
    children.map((child) =>
      child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null,
    ),
  ).then(() => process.exit(code));
}

let companionReady = false;
let appReady = false;
function announce() {
  if (!companionReady || !appReady) return;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `\nToken Playground is ready in ${seconds} s: open http://localhost:5173\n` +
      '  Local IdP   http://localhost:4000  (discovery: /.well-known/openid-configuration)\n' +
      '  Demo APIs   http://localhost:4001  (/me, /api-a/chain, /api-b/data)\n' +
      '  Companion   http://localhost:4002  (relay, form_post receiver)\n' +
      'Press Ctrl-C to stop everything.\n\n',
  );
}

run('companion', process.execPath, ['server/index.js'], (line) => {
  if (line.includes('Companion ready')) {
    companionReady = true;
    announce();
  }
});
run('app', path.join(root, 'node_modules', '.bin', 'vite'), ['--strictPort'], (line) => {
  if (/Local:\s+http/.test(line)) {
    appReady = true;
    announce();
  }
});

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
