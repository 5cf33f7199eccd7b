// `npm run room -- --host <address>`: serves a workshop room (the production build, the demo IdP
// and the demo APIs) on the address the presenter chose, prints the join URL and its QR code, and
// stops everything on Ctrl-C. See README "Workshop room".
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import {
  DEFAULT_ATTENDEES,
  DEFAULT_ROOM_PORT,
  MAX_ATTENDEES,
  SELF_JOIN_PER_MINUTE,
} from '../server/room/defaults.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const USAGE = `Usage: npm run room -- --host <address> [options]

  --host <address>       interface address or host name attendees reach (required; never 0.0.0.0)
  --port <n>             app port; the IdP uses n+1 and the demo APIs n+2 (default ${DEFAULT_ROOM_PORT})
  --attendees <n>        number of generated attendee accounts (default ${DEFAULT_ATTENDEES})
  --self-join <n>        also let attendees create their own demo account on /room/join, at most n
                         in all (and at most ${SELF_JOIN_PER_MINUTE} a minute); off unless given
  --store <redis://…>    keep the IdP's state in Redis, shared by several instances of one room
  --public-host <name>   the host name attendees use when it differs from --host (a load balancer)
  --build                rebuild the app first (otherwise dist/ is built only when missing)
  --dist <folder>        serve another production build than dist/
`;

function fail(message) {
  process.stderr.write(`room: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function readInteger(value, name, fallback) {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) fail(`--${name} must be a whole number, got "${value}"`);
  return parsed;
}

let args;
try {
  args = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      attendees: { type: 'string' },
      'self-join': { type: 'string' },
      store: { type: 'string' },
      'public-host': { type: 'string' },
      build: { type: 'boolean', default: false },
      dist: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(error.message);
}
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (!args.host) fail('choose the address attendees will use with --host, e.g. --host 192.168.1.20');
const port = readInteger(args.port, 'port', DEFAULT_ROOM_PORT);
if (port < 1 || port > 65533) fail(`--port must be from 1 to 65533, got ${port}`);
const selfJoin = readInteger(args['self-join'], 'self-join', undefined);
if (selfJoin !== undefined && (selfJoin < 1 || selfJoin > MAX_ATTENDEES))
  fail(`--self-join must be from 1 to ${MAX_ATTENDEES}, got ${selfJoin}`);

const distDir = args.dist ? path.resolve(args.dist) : path.join(root, 'dist');
if (args.build || (!args.dist && !existsSync(path.join(distDir, 'index.html')))) {
  const viteBin = path.join(root, 'node_modules', '.bin', 'vite');
  if (!existsSync(viteBin)) {
    const why = args.build
      ? '--build needs Vite'
      : `there is no ${path.relative(root, path.join(distDir, 'index.html'))} to serve, and building it needs Vite`;
    fail(
      `${why}, which is not installed (npm ci --omit=dev leaves it out): build dist/ elsewhere and copy it here, or run the full npm ci`,
    );
  }
  process.stdout.write('Building the app (vite build)…\n');
  const built = spawnSync(viteBin, ['build', '--outDir', distDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) fail('the build failed; see above');
}

if (args.store && !/^rediss?:\/\//.test(args.store))
  fail(`--store must be a redis:// URL, got "${args.store}"`);

const { startRoom } = await import('../server/room/room.js');
let room;
try {
  room = await startRoom({
    host: args.host,
    port,
    publicHost: args['public-host'],
    attendees: readInteger(args.attendees, 'attendees', DEFAULT_ATTENDEES),
    selfJoin,
    store: args.store,
    distDir,
  });
} catch (error) {
  const hint =
    error.code === 'EADDRNOTAVAIL'
      ? ` (${args.host} is not an address of this machine)`
      : error.code === 'EADDRINUSE'
        ? ` (port ${error.port} is taken; choose another --port)`
        : '';
  fail(`${error.message}${hint}`);
}

const builtAt = statSync(path.join(distDir, 'index.html')).mtime.toISOString();
const qr = await QRCode.toString(room.joinUrl, { type: 'terminal', small: true });
process.stdout.write(
  [
    '',
    'Token Playground workshop room',
    `  Join URL      ${room.joinUrl}`,
    qr,
    `  Printable join sheet (QR code, ${room.attendees.length} attendee accounts):`,
    `                ${room.printUrl}`,
    ...(room.selfJoinUrl
      ? [`  Self-service join (at most ${selfJoin} demo accounts): ${room.selfJoinUrl}`]
      : []),
    `  Presenter view (live progress; keep this link to yourself):`,
    `                ${room.presenterUrl}`,
    `  IdP (issuer)  ${room.issuer}`,
    `  Demo APIs     ${room.apiOrigin}`,
    `  Storage       ${args.store ? `Redis ${new URL(args.store).host}` : 'in memory (this process)'}`,
    `  App build     ${path.relative(root, distDir) || '.'}/ from ${builtAt} (--build rebuilds it)`,
    '  Demo IdP for this room only: demo accounts and secrets, no relay. Press Ctrl-C to stop the room.',
    'Room ready',
    '',
  ].join('\n'),
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  process.stdout.write('Stopping the room…\n');
  const timer = setTimeout(() => process.exit(1), 5000);
  timer.unref();
  await room.close();
  process.stdout.write('Room stopped; nothing is listening any more.\n');
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
