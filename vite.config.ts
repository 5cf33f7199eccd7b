import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The production Content Security Policy. `connect-src` allows the local companion (IdP, demo
 * APIs, relay, and the attack lab's runner on 4008, which alone the page calls) and any https origin: people point the playground at whatever provider they use
 * (Entra ID, Auth0, their own), so the provider list cannot be known at build time. Scripts,
 * styles and everything else stay same-origin; QR codes are data: images.
 */
const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' http://localhost:4000 http://localhost:4001 http://localhost:4002 http://localhost:4003 http://localhost:4004 http://localhost:4008 https:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];
/** `frame-ancestors` is ignored in a meta element, so only the response header carries it. */
export const CSP_HEADER = [...CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');
export const CSP_META = CSP_DIRECTIVES.join('; ');

/**
 * Adds the policy as a meta element to the built index.html only: the dev server's HMR client
 * relies on inline scripts, so development runs without it. Fails the build if an inline script
 * slipped into the page, since the policy would block it.
 */
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>/i;

const STYLESHEET = /\s*<link\b[^>]*\brel="stylesheet"[^>]*>/gi;
const FIRST_SCRIPT = /<script\b[^>]*\btype="module"/i;

/**
 * Moves the stylesheets ahead of the module script and its modulepreloads in the head. The page
 * cannot paint before its CSS is in, so it is asked for first rather than queued behind the
 * framework chunk.
 */
function stylesheetsFirst(html: string): string {
  const sheets = html.match(STYLESHEET) ?? [];
  const script = FIRST_SCRIPT.exec(html);
  if (!script || sheets.length === 0) return html;
  const withoutSheets = html.replace(STYLESHEET, '');
  const at = withoutSheets.search(FIRST_SCRIPT);
  const links = sheets.map((sheet) => `${sheet.trim()}\n    `).join('');
  return `${withoutSheets.slice(0, at)}${links}${withoutSheets.slice(at)}`;
}

function contentSecurityPolicy(): Plugin {
  return {
    name: 'token-playground:csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const inline = INLINE_SCRIPT.exec(html);
        if (inline) throw new Error(`index.html has an inline script the CSP would block: ${inline[0]}`);
        return {
          html: stylesheetsFirst(html),
          tags: [
            {
              tag: 'meta',
              attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META },
              injectTo: 'head-prepend',
            },
          ],
        };
      },
    },
  };
}

/** Where a prerendered page is written: `/` is index.html, `/inspect` is inspect.html. */
const pageFile = (pathname: string) => (pathname === '/' ? 'index.html' : `${pathname.slice(1)}.html`);
/** The page for every other address (a flow, the callback): the header-only shell of index.html. */
const SHELL_FILE = '200.html';

/**
 * Renders the static pages (src/app/prerender.tsx) into copies of the built index.html, so their
 * content paints with the first byte, before any script runs; the browser then adopts the HTML
 * (hydrateRoot in src/main.tsx). The original shell is kept as 200.html for every other address,
 * and `vite preview` serves it for them. No page may carry an inline script (the CSP blocks it).
 */
function prerender(): Plugin {
  let outDir = 'dist';
  let root = process.cwd();
  let configFile: string | undefined;
  const chunks = new Map<string, { file: string; imports: string[] }>();
  /** The chunk of a page's lazy route (src/app/routes/<name>.tsx) and every chunk it imports. */
  const chunksOf = (pathname: string) => {
    const files = new Set<string>();
    const visit = (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      for (const chunk of chunks.values()) if (chunk.file === file) chunk.imports.forEach(visit);
    };
    const route = chunks.get(path.join(root, 'src', 'app', 'routes', `${pathname.slice(1)}.tsx`));
    if (route) visit(route.file);
    return [...files];
  };
  return {
    name: 'token-playground:prerender',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk' && output.facadeModuleId) {
          chunks.set(output.facadeModuleId, { file: output.fileName, imports: output.imports });
        }
      }
    },
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(config.root, config.build.outDir);
      configFile = config.configFile;
    },
    async closeBundle() {
      const { createServer } = await import('vite');
      const server = await createServer({
        root,
        configFile: configFile ?? false,
        logLevel: 'error',
        appType: 'custom',
        server: { middlewareMode: true, hmr: false, ws: false, watch: null },
        optimizeDeps: { noDiscovery: true, include: [] },
      });
      try {
        const entry = (await server.ssrLoadModule(
          '/src/app/prerender.tsx',
        )) as typeof import('./src/app/prerender');
        const template = readFileSync(path.join(outDir, 'index.html'), 'utf8');
        const shell = /<div id="root">[\s\S]*<\/div>(?=\s*<\/body>)/;
        if (!shell.test(template)) throw new Error('index.html has no <div id="root"> to prerender into.');
        writeFileSync(path.join(outDir, SHELL_FILE), template);
        for (const pathname of entry.PRERENDERED_PATHS) {
          const html = await entry.renderPage(pathname);
          // The page's own code is fetched alongside the start page, not after it.
          const preloads = chunksOf(pathname)
            .filter((file) => !template.includes(`/${file}"`))
            .map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`)
            .join('');
          const page = template
            .replace(shell, () => `<div id="root" data-prerendered="${pathname}">${html}</div>`)
            .replace('</head>', () => `${preloads}</head>`);
          const inline = INLINE_SCRIPT.exec(page);
          if (inline)
            throw new Error(
              `The prerendered ${pathname} has an inline script the CSP would block: ${inline[0]}`,
            );
          const file = path.join(outDir, pageFile(pathname));
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, page);
        }
      } finally {
        await server.close();
      }
    },
  };
}

/** `vite preview` serves the shell (200.html), not the home page, where no page was prerendered. */
function previewShell(): Plugin {
  return {
    name: 'token-playground:preview-shell',
    configurePreviewServer(server) {
      // Addresses without a prerendered page get the shell, not the home page's HTML.
      server.middlewares.use((request, _response, next) => {
        const accept = request.headers.accept ?? '';
        const pathname = new URL(request.url ?? '/', 'http://preview.invalid').pathname;
        const isPage = request.method === 'GET' || request.method === 'HEAD';
        if (
          isPage &&
          (accept === '' || accept.includes('text/html')) &&
          pathname !== '/' &&
          !path.extname(pathname)
        ) {
          const dir = server.config.build.outDir;
          const base = path.resolve(server.config.root, dir);
          if (!existsSync(path.join(base, `${pathname}.html`)) && existsSync(path.join(base, SHELL_FILE))) {
            request.url = `/${SHELL_FILE}`;
          }
        }
        next();
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), contentSecurityPolicy(), prerender(), previewShell()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: { port: 5173, strictPort: true, host: 'localhost' },
  preview: {
    port: 5173,
    strictPort: true,
    host: 'localhost',
    headers: { 'Content-Security-Policy': CSP_HEADER },
  },
  // Every browser that runs ES2022 modules knows <link rel="modulepreload">: no polyfill in the start page.
  build: {
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // React, React DOM, React Router and the bundler's module helpers: one file the start
            // page and every lazy page share, instead of several small ones.
            {
              name: 'framework',
              test: (id) =>
                /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/.test(id) ||
                id.includes('rolldown/runtime'),
            },
          ],
        },
      },
    },
  },
  test: {
    restoreMocks: true,
    // A guard against hangs, not a speed check: property tests run 10,000 inputs in CI and can
    // pass 5 s on a busy 2-core machine. Speed targets live in `npm run bench`.
    testTimeout: 60_000,
    // Same for set-up hooks (key generation in beforeAll took over 10 s beside the room's load tests).
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['src/test-setup.ts'],
        },
      },
      // The companion's own tests talk to real servers on loopback, so fetch is not stubbed there.
      { extends: true, test: { name: 'server', include: ['server/**/*.test.js'], environment: 'node' } },
    ],
  },
});
