import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { fileURLToPath } from 'node:url';

/**
 * The production Content Security Policy. `connect-src` allows the local companion (IdP, demo
 * APIs, relay) and any https origin: people point the playground at whatever provider they use
 * (Entra ID, Auth0, their own), so the provider list cannot be known at build time. Scripts,
 * styles and everything else stay same-origin; QR codes are data: images.
 */
const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' http://localhost:4000 http://localhost:4001 http://localhost:4002 https:",
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
function contentSecurityPolicy(): Plugin {
  return {
    name: 'token-playground:csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const inline = /<script\b(?![^>]*\bsrc=)[^>]*>/i.exec(html);
        if (inline) throw new Error(`index.html has an inline script the CSP would block: ${inline[0]}`);
        return [
          {
            tag: 'meta',
            attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), contentSecurityPolicy()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: { port: 5173, strictPort: true, host: 'localhost' },
  preview: {
    port: 5173,
    strictPort: true,
    host: 'localhost',
    headers: { 'Content-Security-Policy': CSP_HEADER },
  },
  build: { target: 'es2022', sourcemap: false },
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
