import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type PluginOption } from 'vite';
import { configDefaults } from 'vitest/config';
import { BROWSER_WAIT_MS } from './test/support/browser-wait-limit.mjs';
import { WaitingFirstSequencer } from './test/support/waiting-first-sequencer.mjs';
import { CHROMIUM_ARGS } from './test/support/chromium-args.mjs';

const react18Modules = resolve(import.meta.dirname, 'test/react18/node_modules');
// Server-only optional peers stay imports, never bundled.
const external = [/^react($|\/)/, /^react-dom($|\/)/, /^node:/, /^fast-xml-parser($|\/)/, /^@amazonpay\//, /^pg($|\/)/, /^pg-boss($|\/)/];
// The server entry may import node built-ins without the node: prefix.
external.push(new RegExp(`^(${builtinModules.join('|')})($|/)`));

// A test file's suffix names its vitest project (CONTRIBUTING.md, "Test projects"): plain
// `.test.ts(x)` runs in node, `.dom.test` in jsdom, `.chromium.test` in headless Chromium, `.pg.test`
// on a PostgreSQL server, `.e2e.test` drives the built demo. test/projects.test.ts checks that every
// test file lands in exactly one project and that CONTRIBUTING.md's table lists them all.
const suffixed = (suffix: string) => [`test/**/*.${suffix}.test.{ts,tsx}`];
/** The storybook project's own test files, beside the stories (Storybook's plugin replaces `test.include`). */
export const STORYBOOK_TEST_FILES = suffixed('storybook');
const ALL_SUFFIXED = 'test/**/*.{dom,chromium,storybook,pg,e2e}.test.{ts,tsx}';
const NOT_TESTS = [...configDefaults.exclude, 'test/fixtures/**'];
// jsdom lacks <dialog>'s showModal; the lazy parts are loaded before a test so that it sees them at once;
// the document, storage and the kit's module caches are cleared after each file (files share a worker).
// A limit for a loaded 2-core machine, not a speed check: several jsdom tests wait up to 5 s for a step
// (findByRole/waitFor), so vitest's default 5 s for the whole test failed them under load.
const DOM_TIMEOUT = 15_000;
const DOM_SETUP = ['test/support/dialog-polyfill.ts', 'test/support/preload-lazy-parts.ts', 'test/support/clean-between-files.ts'];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether this run may include the project `name`: vitest's `--project` rule (`*` any characters,
 * `!` for all but; no `--project` selects every project). Vitest loads this file again for each
 * project, selected or not, and runs each project's plugins before it filters projects out, so
 * the browser projects' parts are made only when a run may use them: Storybook's plugin reads
 * Storybook's whole configuration when it is created (about 3 s of CPU per `npx vitest run` that
 * did not need it), and the Playwright provider's import costs another half second.
 */
function runMayInclude(name: string): boolean {
  const filters = process.argv.flatMap((arg, index, args) =>
    arg === '--project' ? [args[index + 1] ?? ''] : arg.startsWith('--project=') ? [arg.slice('--project='.length)] : [],
  );
  const names = [name, `${name} (chromium)`];
  return (
    filters.length === 0 ||
    filters.some((filter) => {
      const negated = filter.startsWith('!');
      const pattern = new RegExp(`^${filter.replace(/^!/, '').split('*').map(escapeRegExp).join('.*')}$`, 'i');
      return names.some((candidate) => pattern.test(candidate) !== negated);
    })
  );
}

// Real-browser projects use the system Chromium; nothing downloads a browser.
const chromium = runMayInclude('chromium') || runMayInclude('storybook') ? await chromiumProvider() : undefined;
// A fresh object per project: vitest names each instance after its project.
const headlessChromium = () => ({ enabled: true, headless: true, provider: chromium, instances: [{ browser: 'chromium' as const }] });
// Every story as a test; addon-a11y fails it on violations.
const storybookPlugins: PluginOption = runMayInclude('storybook')
  ? import('@storybook/addon-vitest/vitest-plugin').then(({ storybookTest }) =>
      storybookTest({ configDir: resolve(import.meta.dirname, '.storybook') }),
    )
  : [];

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
        machine: resolve(import.meta.dirname, 'src/machine.ts'),
        report: resolve(import.meta.dirname, 'src/report.ts'),
        events: resolve(import.meta.dirname, 'src/events.ts'),
        testing: resolve(import.meta.dirname, 'src/testing/index.ts'),
        server: resolve(import.meta.dirname, 'src/server/index.ts'),
        ...Object.fromEntries(
          ['en', 'de', 'fr', 'it', 'es', 'ja'].map((lang) => [
            `locales/${lang}`,
            resolve(import.meta.dirname, `src/i18n/locales/${lang}.ts`),
          ]),
        ),
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
    unstubGlobals: true,
    unstubEnvs: true,
    // The pg and e2e files (mostly waiting) are queued before the others (test/support/waiting-first-sequencer.mjs).
    sequence: { sequencer: WaitingFirstSequencer },
    // maxWorkers stays vitest's default (cores - 1, and one page per browser project) for `npx vitest`;
    // `npm test` runs at least 3 files at a time and 3 chromium pages (storybook: one), `npm run test:quick` 2
    // (scripts/run-tests.mjs, through VITEST_MAX_WORKERS): the e2e, PostgreSQL and browser files mostly
    // wait on Chromium, the database and timers. The e2e page loads and the browser tests' limits are
    // sized for a loaded machine (two files at a time once made them miss at 10 s).
    projects: [
      {
        extends: true,
        // No per-file isolation in node and dom: a worker runs file after file without a fresh module graph
        // and jsdom each time (clean-between-files.ts clears what files share).
        test: {
          name: 'node',
          environment: 'node',
          isolate: false,
          // one-owner.memory's 15 scenarios run side by side (they mostly wait on the recovery machine's clocks).
          maxConcurrency: 16,
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: [...NOT_TESTS, ALL_SUFFIXED],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          isolate: false,
          setupFiles: DOM_SETUP,
          include: suffixed('dom'),
          exclude: NOT_TESTS,
          testTimeout: DOM_TIMEOUT,
        },
      },
      {
        // The server's storage, update hub, scheduler and recovery runner against a real PostgreSQL
        // server that global-setup starts in a temporary directory (or DATABASE_URL).
        extends: true,
        test: {
          name: 'pg',
          environment: 'node',
          include: suffixed('pg'),
          globalSetup: ['test/server/postgres/global-setup.ts'],
          // Generous limits, not speed checks: the outage test's two child processes and IPN flood share
          // the 2 cores with the other files, which then run several times slower than alone.
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
      {
        // `npm run bench` only: prints figures, asserts nothing timing-related.
        extends: true,
        test: {
          name: 'bench',
          environment: 'jsdom',
          setupFiles: DOM_SETUP,
          include: ['bench/**/*.bench.test.{ts,tsx}'],
          exclude: ['bench/server/**', 'bench/browser/**'],
        },
      },
      {
        // `npm run bench` only: the pop-up's run-time cost in Debian's Chromium (playwright-core).
        extends: true,
        test: {
          name: 'bench-browser',
          environment: 'node',
          include: ['bench/browser/**/*.bench.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 60_000,
        },
      },
      {
        // `npm run bench` only: the durable server on its own PostgreSQL server.
        extends: true,
        test: {
          name: 'bench-server',
          environment: 'node',
          include: ['bench/server/**/*.bench.test.ts'],
          globalSetup: ['test/server/postgres/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 30_000,
        },
      },
      // The React tests again on React 18, installed by the test/react18 workspace: its jsdom tests and its
      // server-rendering (node) tests.
      react18('react18', 'jsdom', { include: ['test/react/**/*.dom.test.tsx'] }),
      react18('react18-node', 'node', { include: ['test/react/**/*.test.tsx'], exclude: [ALL_SUFFIXED] }),
      {
        // Behaviour that needs real layout, CSS and focus (headless Chromium).
        extends: true,
        // One React for the kit and Storybook's renderer (the axe matrix composes stories here).
        resolve: { dedupe: ['react', 'react-dom'] },
        optimizeDeps: { include: ['@storybook/react-vite', 'react', 'react-dom', 'react-dom/client', 'axe-core'] },
        test: {
          name: 'chromium',
          include: suffixed('chromium'),
          browser: headlessChromium(),
          // One wait limit for every test (test/support/browser-waits.ts, the limit in browser-wait-limit.mjs) and one test limit, sized for a loaded machine.
          setupFiles: ['test/support/browser-waits.ts'],
          expect: { poll: { timeout: BROWSER_WAIT_MS } },
          testTimeout: 30_000,
        },
      },
      {
        // Every story is a test in headless Chromium; addon-a11y fails it on violations. With them, the tests that compose
        // the stories themselves (the axe matrix, the themes): one Vite server and one page load Storybook and the stories
        // once for all of them (no per-file isolation: each story cleans up after itself, and the composed-story files
        // remove their canvas), where a second browser project loaded them again for its own files.
        extends: true,
        plugins: [storybookPlugins, alsoRunInStorybookProject(STORYBOOK_TEST_FILES)],
        // 30 s as the chromium project: a file's first story waits for Vite to transform its modules (a full run timed one out at 15 s).
        // One page at a time: the project runs beside the chromium project's pages and still ends before the run does.
        test: {
          name: 'storybook',
          browser: { ...headlessChromium(), fileParallelism: false },
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        // The demo storefront in Debian's Chromium (playwright-core, no downloaded browser).
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: suffixed('e2e'),
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

/** A project that runs some React tests again on React 18 (the test/react18 workspace). */
function react18(name: string, environment: 'jsdom' | 'node', files: { include: string[]; exclude?: string[] }) {
  return {
    extends: true as const,
    resolve: {
      alias: [
        { find: /^react-dom(\/.*)?$/, replacement: `${react18Modules}/react-dom$1` },
        { find: /^react(\/.*)?$/, replacement: `${react18Modules}/react$1` },
        { find: /^@testing-library\/react$/, replacement: `${react18Modules}/@testing-library/react` },
      ],
    },
    test: {
      name,
      environment,
      isolate: false,
      ...(environment === 'jsdom' ? { setupFiles: DOM_SETUP, testTimeout: DOM_TIMEOUT } : {}),
      env: { REACT_MATRIX: '18' },
      include: files.include,
      exclude: [...NOT_TESTS, ...(files.exclude ?? [])],
    },
  };
}

async function chromiumProvider() {
  const { playwright } = await import('@vitest/browser-playwright');
  return playwright({
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  });
}

/**
 * Adds test files to the storybook project after Storybook's plugin has set its `test.include` to the stories
 * (it empties any include given in the project's config, warning that it is ignored).
 */
function alsoRunInStorybookProject(files: string[]): PluginOption {
  return {
    name: 'also-run-in-storybook-project',
    config(config) {
      const test = (config as { test?: { include?: string[] } }).test;
      if (test) test.include = [...(test.include ?? []), ...files];
    },
  };
}
