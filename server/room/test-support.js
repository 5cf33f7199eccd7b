// Helpers for the room's own tests: a stand-in production build, Redis in a temporary folder.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Tests never leave loopback; rooms in tests use this address (not localhost). */
export const ROOM_TEST_HOST = '127.0.0.2';

/** A folder shaped like `vite build` output (index.html with its CSP meta element, one asset). */
export function createFixtureBuild() {
  const dir = mkdtempSync(join(tmpdir(), 'room-build-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-test.js'), 'export {};\n');
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html>
<html lang="en">
  <head>
    <meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; script-src &#39;self&#39;; connect-src &#39;self&#39; http://localhost:4000 http://localhost:4001 http://localhost:4002 https:; object-src &#39;none&#39;">
    <meta charset="UTF-8" />
    <title>Token Playground</title>
    <script type="module" crossorigin src="/assets/index-test.js"></script>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`,
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A port nobody listens on at the moment (the OS picks it). */
export function findFreePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on host:port. */
export function isListening(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts Debian's redis-server on a free loopback port, in a temporary folder, without persistence. */
export async function startRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'room-redis-'));
  const port = await findFreePort();
  const child = spawn(
    process.env.REDIS_SERVER ?? '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 10_000;
  while (!(await isListening('127.0.0.1', port))) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`redis-server did not start on port ${port}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A round-robin TCP load balancer: each connection goes to the next backend port. */
export function startLoadBalancer(host, port, backends) {
  let next = 0;
  const sockets = new Set();
  const server = net.createServer((client) => {
    const backend = backends[next % backends.length];
    next += 1;
    const upstream = net.connect(backend);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () =>
      resolve({
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}
