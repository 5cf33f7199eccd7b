// `npm test`: type-check, lint, format check, unit tests (Vitest) and end-to-end tests
// (Playwright against the real local IdP). Runs every stage, then prints one line
// "N passed, N failed" counting unit and end-to-end tests together.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const reports = path.join(root, '.tmp', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const vitestJson = path.join(reports, 'vitest.json');
const playwrightJson = path.join(reports, 'playwright.json');
const only = process.argv.slice(2);
const wanted = (stage) => only.length === 0 || only.includes(stage);

const stages = [
  ['typecheck', bin('tsc'), ['--noEmit', '-p', '.']],
  ['lint', bin('eslint'), ['.', '--max-warnings', '0']],
  ['format', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  [
    'unit',
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
    // CI runs every property test with 10,000 generated inputs; local runs keep the default.
    process.env.CI ? { FC_RUNS: process.env.FC_RUNS ?? '10000' } : {},
  ],
  ['e2e', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson }],
];

const failedStages = [];
for (const [name, command, args, env] of stages) {
  if (!wanted(name)) continue;
  const begun = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - begun) / 1000).toFixed(1);
  if (result.status !== 0) failedStages.push(name);
  process.stdout.write(`=== ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${seconds} s ===\n`);
}

function readJson(file) {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
const vitest = readJson(vitestJson);
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
} else if (wanted('unit')) {
  failed += 1;
}
const playwright = readJson(playwrightJson);
if (playwright?.stats) {
  passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
  failed += playwright.stats.unexpected ?? 0;
  skipped += playwright.stats.skipped ?? 0;
} else if (wanted('e2e')) {
  failed += 1;
}
for (const stage of ['typecheck', 'lint', 'format']) {
  if (failedStages.includes(stage)) failed += 1;
}

// The network guard (e2e/fixtures.ts) appends one line per test with the requests it checked.
const guardLog = path.join(reports, 'network-guard.jsonl');
if (existsSync(guardLog)) {
  let checked = 0;
  let tests = 0;
  let violations = 0;
  let selfTest = 0;
  let unreadable = 0;
  for (const line of readFileSync(guardLog, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line);
      checked += entry.checked ?? 0;
      // Tests marked to fail (e2e/entra-network-guard.spec.ts) reach other hosts on purpose.
      if (entry.expectedToFail) selfTest += entry.violations?.length ?? 0;
      else violations += entry.violations?.length ?? 0;
      tests += 1;
    } catch {
      unreadable += 1;
    }
  }
  process.stdout.write(
    `\nNetwork guard: ${checked} requests checked in ${tests} tests, ${violations} to disallowed origins${selfTest ? ` (and ${selfTest} in its self-test, which must fail)` : ''}${unreadable ? `, ${unreadable} unreadable lines` : ''}\n`,
  );
}

// The storage guard (e2e/fixtures.ts) appends one line per test with the app pages it read.
const storageLog = path.join(reports, 'storage-audit.jsonl');
if (existsSync(storageLog)) {
  let pages = 0;
  let tests = 0;
  let findings = 0;
  for (const line of readFileSync(storageLog, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line);
      pages += entry.audited ?? 0;
      findings += entry.findings?.length ?? 0;
      tests += 1;
    } catch {
      // a line cut short by a crashed worker: the test itself failed and is counted there
    }
  }
  process.stdout.write(
    `Storage audit: ${pages} app pages read after ${tests} tests, ${findings} secrets where they may not be\n`,
  );
}

if (failedStages.length > 0) process.stdout.write(`\nFailed stages: ${failedStages.join(', ')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failedStages.length === 0 && failed === 0 ? 0 : 1);
