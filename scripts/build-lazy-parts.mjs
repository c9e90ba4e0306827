#!/usr/bin/env node
// Builds each module of src/react/internal/lazy/ (what the kit loads with import(): the pop-up's
// button, the Wallet) into dist/react/internal/lazy/ as ONE self-contained file, replacing the
// one-line re-export Vite emits there. Run by `npm run build` after `vite build`.
//
// Why: esbuild's code splitting gives a module to every entry whose import graph reaches its
// FILE, used or not (linker.go, markFileReachableForCodeSplitting), and a chunk an entry reaches
// is loaded up front. dist/index.js re-exports AmazonPayButton and WalletWidget (public API), so
// with import() pointing at those same files every page that imports the package loaded the
// button and the Wallet up front anyway (3-6 kB gzip; `npm run size -- --explain` showed them).
// A lazy module with its own copy of the code only it needs is reached by import() alone.
//
// What is copied: the files a lazy module stands for (OWNED: the component, its hook, their
// stateless helpers) and whatever only they reach. Everything else the rest of the entry also
// reaches (the script loader, the provider's context, errors, messages: modules with state or
// identity) stays a shared import of the dist module, so there is one instance of each.
// The cost: a page that renders <AmazonPayButton> itself AND the pop-up fetches a second copy of
// the button's code when the pop-up loads (lazily, never up front).
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');
const lazyDir = join(src, 'react/internal/lazy');

/** Per lazy module: the source files it stands for, copied into it even where the entry reaches them too. */
const OWNED = {
  'amazon-pay-button.ts': ['react/AmazonPayButton.tsx', 'react/useAmazonPayButton.ts', 'domain/checkout-button-input.ts', 'domain/checkout-payload.ts'],
  'wallet-widget.ts': ['react/WalletWidget.tsx', 'react/useWalletWidget.ts'],
};
const owned = new Set(Object.values(OWNED).flat().map((file) => join(src, file)));

function resolveSource(importer, specifier) {
  const base = resolve(dirname(importer), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      if (readFileSync(candidate) && !candidate.endsWith('/')) return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`build-lazy-parts: cannot resolve ${specifier} from ${importer}`);
}

const external = ['react', 'react/*', 'react-dom', 'react-dom/*'];

/** Every source file the browser entry reaches without going through a lazy module or an owned file. */
async function sharedModules() {
  const result = await build({
    entryPoints: [join(src, 'index.ts')],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'error',
    external,
    loader: { '.css': 'empty' },
    plugins: [
      {
        name: 'stop-at-lazy-and-owned',
        setup(context) {
          context.onResolve({ filter: /^\./ }, ({ path, importer }) => {
            const file = resolveSource(importer, path);
            return file.startsWith(`${lazyDir}/`) || owned.has(file) ? { path: file, external: true } : { path: file };
          });
        },
      },
    ],
  });
  return new Set(Object.keys(result.metafile.inputs).map((input) => resolve(root, input)));
}

/** Module-level state in a copied file would exist twice: refuse to build rather than ship that. */
function assertStateless(file) {
  const code = readFileSync(file, 'utf8');
  const state = code.match(/^(?:export )?(?:let|var) \w+|^(?:export )?const \w+\s*=\s*(?:new (?:Map|Set|WeakMap|WeakSet)\b|createContext\b)/m);
  if (state) throw new Error(`build-lazy-parts: ${relative(root, file)} would be copied into a lazy module but holds module state (${state[0]}); make it shared or remove the state.`);
}

const shared = await sharedModules();
for (const [name, files] of Object.entries(OWNED)) {
  const entry = join(lazyDir, name);
  const outfile = join(root, 'dist/react/internal/lazy', name.replace(/\.ts$/, '.js'));
  const copied = [];
  rmSync(`${outfile}.map`, { force: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    jsx: 'automatic',
    sourcemap: true,
    logLevel: 'error',
    external,
    loader: { '.css': 'empty' },
    banner: { js: `// Built by scripts/build-lazy-parts.mjs: ${files.join(', ')} and what only they use.` },
    plugins: [
      {
        name: 'share-what-the-entry-reaches',
        setup(context) {
          context.onResolve({ filter: /^\./ }, ({ path, importer }) => {
            const file = resolveSource(importer, path);
            if (shared.has(file) && !owned.has(file)) {
              // The locale entries are emitted as dist/locales/<lang>.js (vite.config.ts), the rest mirror src/.
              const target = join(root, 'dist', relative(src, file).replace(/^i18n\/locales\//, 'locales/')).replace(/\.tsx?$/, '.js');
              let specifier = relative(dirname(outfile), target);
              if (!specifier.startsWith('.')) specifier = `./${specifier}`;
              return { path: specifier, external: true };
            }
            if (file !== entry) copied.push(file);
            return { path: file };
          });
        },
      },
    ],
  });
  for (const file of copied) assertStateless(file);
  console.log(`build-lazy-parts: dist/react/internal/lazy/${name.replace(/\.ts$/, '.js')} (${[...new Set(copied)].map((file) => relative(src, file)).join(', ')})`);
}
