// `npm run bench:room`: how many attendees one room holds. Starts the real `npm run room` on
// 127.0.0.2 (loopback only) for each room size, plays that many attendees at once through code +
// PKCE and device code (server/room/load.js), and reports the largest size with zero errors and
// p95 under 500 ms for every kind of exchange, plus the room process's memory. Bounded: at most
// the sizes given, each round at most --round-seconds, the whole run at most --max-seconds.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runRoomLoad } from '../server/room/load.js';
import { createFixtureBuild } from '../server/room/test-support.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const HOST = '127.0.0.2';
const PORT = 4170;
const P95_LIMIT_MS = 500;
const WARM_UP = 5;

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '25,50,100,150,200,250,300' },
    'round-seconds': { type: 'string', default: '120' },
    'ramp-seconds': { type: 'string', default: '30' },
    'max-seconds': { type: 'string', default: '900' },
    out: { type: 'string', default: path.join(root, 'bench', 'room-results.json') },
  },
});
const sizes = args.sizes.split(',').map(Number);
if (sizes.some((size) => !Number.isInteger(size) || size < 1 || size > 900)) {
  process.stderr.write('--sizes must be whole numbers from 1 to 900, e.g. 50,100,200\n');
  process.exit(2);
}
const roundMs = Number(args['round-seconds']) * 1000;
const budgetMs = Number(args['max-seconds']) * 1000;
const rampMs = Number(args['ramp-seconds']) * 1000;

/** CPU time (user + system) the process has used so far, in ms. */
function readCpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function readMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
}

/** Starts `npm run room` as the presenter would, and reads the attendee accounts off the join sheet. */
async function startRoomProcess(attendees, distDir) {
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'scripts', 'room.mjs'),
      '--host',
      HOST,
      '--port',
      String(PORT),
      '--attendees',
      String(attendees),
      '--dist',
      distDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (!output.includes('Room ready')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the room did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const printUrl = /(http:\/\/\S+\/room\/print\?token=\S+)/.exec(output)[1];
  const sheet = await (await fetch(printUrl)).text();
  const accounts = [...sheet.matchAll(/<li>(attendee-\d+) \/ ([a-z2-9-]+)<\/li>/g)].map(
    ([, username, password]) => ({
      username,
      password,
    }),
  );
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  };
  return { pid: child.pid, accounts, stop };
}

const fixture = existsSync(path.join(root, 'dist', 'index.html')) ? undefined : createFixtureBuild();
const distDir = fixture?.dir ?? path.join(root, 'dist');
const begun = Date.now();
const rounds = [];
process.stdout.write(
  `Room bench on ${HOST}: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), node ${process.version}\n` +
    `Each attendee runs code + PKCE (authorize, sign-in, consent, token, refresh, demo API, SSO authorize, token, userinfo)\n` +
    `and device code (device authorization, verification pages, sign-in, consent, polling every 5 s, demo API) at once.\n\n`,
);
try {
  for (const size of sizes) {
    if (Date.now() - begun > budgetMs) {
      process.stdout.write(`Time budget of ${budgetMs / 1000} s used up; stopping before N=${size}.\n`);
      break;
    }
    // Other work on the machine skews every figure: the load average before the round is kept with it.
    const loadAverage = os.loadavg()[0];
    const room = await startRoomProcess(size + WARM_UP, distDir);
    let result;
    let memory;
    try {
      const target = {
        issuer: `http://${HOST}:${PORT + 1}`,
        appOrigin: `http://${HOST}:${PORT}`,
        apiUrl: `http://${HOST}:${PORT + 2}/me`,
      };
      // A few attendees first, so that the measured round does not include the first-request warm-up.
      await runRoomLoad({
        ...target,
        attendees: room.accounts.slice(size),
        count: WARM_UP,
        timeLimitMs: roundMs,
      });
      const cpuBefore = readCpuMs(room.pid);
      result = await runRoomLoad({
        ...target,
        attendees: room.accounts,
        count: size,
        timeLimitMs: roundMs,
        rampMs,
      });
      memory = {
        ...readMemory(room.pid),
        serverCpuMsPerAttendee: Math.round((readCpuMs(room.pid) - cpuBefore) / size),
      };
    } finally {
      await room.stop();
    }
    const ok = result.errors.length === 0 && result.worstP95 < P95_LIMIT_MS;
    const worst = Object.entries(result.exchanges).sort((a, b) => b[1].p95 - a[1].p95)[0];
    rounds.push({
      attendees: size,
      ok,
      loadAverage: Math.round(loadAverage * 10) / 10,
      ...memory,
      ...result,
      errors: result.errors.slice(0, 10),
      errorCount: result.errors.length,
    });
    process.stdout.write(
      `N=${String(size).padStart(3)}  ${ok ? 'ok  ' : 'FAIL'}  errors ${result.errors.length}  worst p95 ${result.worstP95} ms (${worst?.[0]})  ` +
        `${result.seconds} s  room RSS ${memory.rssMb} MB (peak ${memory.peakRssMb} MB)  server CPU ${memory.serverCpuMsPerAttendee} ms/attendee  load avg ${loadAverage.toFixed(1)}\n`,
    );
    for (const error of result.errors.slice(0, 3)) process.stdout.write(`        ${error}\n`);
    if (!ok) break;
  }
} finally {
  fixture?.remove();
}

const passing = rounds.filter((round) => round.ok);
const best = passing.at(-1);
process.stdout.write('\nPer exchange at the largest passing size (ms):\n');
for (const [name, figures] of Object.entries(best?.exchanges ?? {})) {
  process.stdout.write(
    `  ${name.padEnd(22)} n ${String(figures.n).padStart(5)}  p50 ${String(figures.p50).padStart(6)}  p95 ${String(figures.p95).padStart(6)}  max ${String(figures.max).padStart(7)}\n`,
  );
}
process.stdout.write(
  best
    ? `\nRoom size: ${best.attendees} concurrent attendees with zero errors and p95 < ${P95_LIMIT_MS} ms per exchange; room process peak RSS ${best.peakRssMb} MB.\n`
    : `\nNo size passed (zero errors and p95 < ${P95_LIMIT_MS} ms).\n`,
);
mkdirSync(path.dirname(args.out), { recursive: true });
writeFileSync(
  args.out,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model.trim(),
        memoryMb: Math.round(os.totalmem() / 2 ** 20),
        node: process.version,
      },
      criterion: { errors: 0, p95Ms: P95_LIMIT_MS },
      roomSize: best?.attendees ?? 0,
      peakRssMb: best?.peakRssMb,
      rounds,
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`Results written to ${path.relative(root, args.out)}\n`);
