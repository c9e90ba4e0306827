/// <reference types="vitest/config" />
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vite';

const react18 = resolve(import.meta.dirname, 'test/react18/node_modules');
// Server-only optional peers stay imports, never bundled.
const external = [/^react($|\/)/, /^react-dom($|\/)/, /^node:/, /^fast-xml-parser($|\/)/, /^@amazonpay\//, /^pg($|\/)/, /^pg-boss($|\/)/];
// The server entry may import node built-ins without the node: prefix.
external.push(new RegExp(`^(${builtinModules.join('|')})($|/)`));

// Tests that need no DOM (the domain, the HTTP adapter, the server, the build, server rendering).
// A file among them that needs one says so with a `// @vitest-environment jsdom` docblock.
const NODE_TESTS = ['test/{core,adapters,server,build}/**/*.test.ts', 'test/**/*.ssr.test.{ts,tsx}', 'test/react/ssr.test.tsx'];

// Real-browser projects use the system Chromium; nothing downloads a browser.
const chromium = playwright({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  },
});
// A fresh object per project: vitest names each instance after its project.
const headlessChromium = () => ({ enabled: true, headless: true, provider: chromium, instances: [{ browser: 'chromium' as const }] });

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: true,
    lib: {
      entry: {
        index: resolve(import.meta.dirname, 'src/index.ts'),
        button: resolve(import.meta.dirname, 'src/button.ts'),
        wallet: resolve(import.meta.dirname, 'src/wallet.ts'),
        testing: resolve(import.meta.dirname, 'src/testing/index.ts'),
        server: resolve(import.meta.dirname, 'src/server/index.ts'),
        ...Object.fromEntries(['en', 'de', 'fr', 'it', 'es', 'ja'].map((lang) => [`locales/${lang}`, resolve(import.meta.dirname, `src/i18n/locales/${lang}.ts`)])),
      },
      formats: ['es'],
    },
    rollupOptions: {
      external,
      output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
    },
  },
  test: {
    globals: true,
    restoreMocks: true,
    // maxWorkers stays vitest's default (cores - 1): on 2 cores, two files at a time per pool made the
    // e2e demo server (in this process) miss page loads and the real-time browser tests miss timers.
    projects: [
      {
        // Tests that need no DOM run in plain node: no jsdom start-up per file.
        extends: true,
        test: { name: 'node', environment: 'node', include: NODE_TESTS },
      },
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          // The default forks pool: the vmThreads pool halved the CPU here but shared modules between
          // files in one worker (Testing Library's cleanup, the lazy parts' cache), and tests failed by file order.
          setupFiles: ['test/support/dialog-polyfill.ts', 'test/support/preload-lazy-parts.ts'],
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/browser/**', 'test/e2e/**', 'test/server-pg/**', ...NODE_TESTS],
        },
      },
      {
        // Server storage, update hub, scheduler and recovery runner against a real PostgreSQL
        // server that global-setup starts in a temporary directory (or DATABASE_URL).
        extends: true,
        test: {
          name: 'server-pg',
          environment: 'node',
          include: ['test/server-pg/**/*.test.ts'],
          globalSetup: ['test/server-pg/global-setup.ts'],
          // Generous limits, not speed checks: the outage test's two child processes and IPN flood share
          // the 2 cores with the other files, which then run several times slower than alone.
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
      {
        // `npm run bench` only: prints figures, asserts nothing timing-related.
        extends: true,
        test: { name: 'bench', environment: 'jsdom', setupFiles: ['test/support/dialog-polyfill.ts', 'test/support/preload-lazy-parts.ts'], include: ['bench/**/*.bench.test.{ts,tsx}'], exclude: ['bench/server/**', 'bench/browser/**'] },
      },
      {
        // `npm run bench` only: the pop-up's run-time cost in Debian's Chromium (playwright-core).
        extends: true,
        test: { name: 'bench-browser', environment: 'node', include: ['bench/browser/**/*.bench.test.ts'], testTimeout: 300_000, hookTimeout: 60_000 },
      },
      {
        // `npm run bench` only: the durable server on its own PostgreSQL server.
        extends: true,
        test: {
          name: 'bench-server',
          environment: 'node',
          include: ['bench/server/**/*.bench.test.ts'],
          globalSetup: ['test/server-pg/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 30_000,
        },
      },
      {
        // The React tests again on React 18, installed by the test/react18 workspace.
        extends: true,
        resolve: {
          alias: [
            { find: /^react-dom(\/.*)?$/, replacement: `${react18}/react-dom$1` },
            { find: /^react(\/.*)?$/, replacement: `${react18}/react$1` },
            { find: /^@testing-library\/react$/, replacement: `${react18}/@testing-library/react` },
          ],
        },
        test: {
          name: 'react18',
          environment: 'jsdom',
          setupFiles: ['test/support/dialog-polyfill.ts', 'test/support/preload-lazy-parts.ts'],
          env: { REACT_MATRIX: '18' },
          include: ['test/react/**/*.test.{ts,tsx}'],
        },
      },
      {
        // test/browser: behaviour that needs real layout, CSS and focus (headless Chromium).
        extends: true,
        // One React for the kit and Storybook's renderer (the axe matrix composes stories here).
        resolve: { dedupe: ['react', 'react-dom'] },
        optimizeDeps: { include: ['@storybook/react-vite', 'react', 'react-dom', 'react-dom/client', 'axe-core'] },
        test: { name: 'browser', include: ['test/browser/**/*.test.{ts,tsx}'], browser: headlessChromium(), testTimeout: 30_000 },
      },
      {
        // Every story is a test in headless Chromium; addon-a11y fails it on violations.
        extends: true,
        plugins: [storybookTest({ configDir: resolve(import.meta.dirname, '.storybook') })],
        test: { name: 'storybook', browser: headlessChromium() },
      },
      {
        // The demo storefront in Debian's Chromium (playwright-core, no downloaded browser).
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          // Journeys take 5-15 s alone; page loads wait on a machine busy with the other projects.
          testTimeout: 60_000,
          hookTimeout: 30_000,
          // Journeys in a file run side by side; three at a time leaves CPU for the other projects on 2 cores.
          maxConcurrency: 3,
        },
      },
    ],
  },
});
