// The companion as one file for `npm start`: Node resolves and reads several hundred modules
// (oidc-provider, koa, jose, …) when it starts server/index.js, which costs more than the servers'
// own start. Rolldown (Vite's bundler) writes them into one file under node_modules/.cache once, and
// again whenever the server's sources or the lock file are newer than that file.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export const BUNDLE_PATH = path.join('node_modules', '.cache', 'token-playground', 'companion.mjs');
const ENTRY = '\0token-playground:companion-entry';

/** The newest modification time (ms) of the files under `dir`, leaving out tests and dot folders. */
export function newestMtime(dir, { skip = () => false } = {}) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (skip(full)) continue;
    const mtime = entry.isDirectory() ? newestMtime(full, { skip }) : statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

function bundleIsFresh(root, bundle) {
  if (!existsSync(bundle)) return false;
  const sources = Math.max(
    newestMtime(path.join(root, 'server'), { skip: (file) => file.endsWith('.test.js') }),
    statSync(path.join(root, 'package-lock.json')).mtimeMs,
  );
  return statSync(bundle).mtimeMs >= sources;
}

/**
 * A module keeps the address of its own source file for `import.meta.url` (the data folder, the demo
 * certificate), written relative to the bundle so that a moved checkout still finds them.
 */
function keepSourceUrls(root, bundle) {
  const serverDir = `${path.join(root, 'server')}${path.sep}`;
  return {
    name: 'token-playground:keep-source-urls',
    transform(code, id) {
      if (!id.startsWith(serverDir) || !code.includes('import.meta.url')) return null;
      const relative = path.relative(path.dirname(bundle), id).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
      return { code: code.replaceAll('import.meta.url', url), map: null };
    },
  };
}

/**
 * The file `npm start` runs as the companion: the bundle, built first when it is missing or older
 * than the sources, or server/index.js itself when Rolldown is not installed (`npm ci --omit=dev`)
 * or the bundle cannot be built.
 * @param {string} root the repository
 * @param {(message: string) => void} log
 * @returns {Promise<string>}
 */
export async function prepareCompanion(root, log) {
  const source = path.join(root, 'server', 'index.js');
  const bundle = path.join(root, BUNDLE_PATH);
  if (bundleIsFresh(root, bundle)) return bundle;
  let rolldown;
  try {
    rolldown = await import('rolldown');
  } catch {
    return source;
  }
  // Written beside the bundle and renamed over it, so no start ever reads half a file.
  const partial = `${bundle}.${process.pid}.partial`;
  try {
    mkdirSync(path.dirname(bundle), { recursive: true });
    await rolldown.build({
      input: ENTRY,
      cwd: root,
      platform: 'node',
      logLevel: 'warn',
      onLog(level, entry) {
        // depd (under koa) reads its caller's arguments with a direct eval; it runs as it did.
        if (entry.code !== 'EVAL') log(`companion bundle: ${entry.message}`);
      },
      plugins: [
        {
          name: 'token-playground:companion-entry',
          resolveId: (id) => (id === ENTRY ? ENTRY : null),
          load: (id) =>
            id === ENTRY
              ? `import { runCompanionOrExit } from ${JSON.stringify(source)};\nrunCompanionOrExit();\n`
              : null,
        },
        keepSourceUrls(root, bundle),
      ],
      output: { file: partial, format: 'esm', sourcemap: false },
    });
    renameSync(partial, bundle);
    return bundle;
  } catch (error) {
    rmSync(partial, { force: true });
    log(`The companion could not be bundled (${error.message}); starting it from server/index.js.`);
    return source;
  }
}
