#!/usr/bin/env node
// `npm run size`: what a merchant's page loads, measured on dist/ like an app would bundle it
// (minified ESM, react/react-dom external, NODE_ENV=production, code splitting on, gzip -9 and
// brotli q11), with two bundlers: esbuild and Vite's own (Rolldown). The first figure is what the
// page loads up front, on the wire: each file of the initial load gzipped on its own and summed
// (a bundler's split costs a little per file); beside it the files joined, then gzipped. Chunks
// loaded with import() (the Wallet, the open pop-up, the HTTP adapter's calls, the locales) are
// "lazy" and listed apart. The peers are bundled in the same run, the same way.
// Fails on a budget overrun (a regression), a tree-shaking leak, or a lazy piece found in a
// page's initial load. Goals (the issue's targets) are reported beside the figures.
//
// Flags:
//   --only=TEXT   measure only the pages and exports whose name contains TEXT (peers still run).
//   --explain     after the table, each page's initial load broken down by area (domain, browser,
//                 contract, i18n, the English catalogue, react, react/internal, the bundler's own
//                 runtime) and by module, for both bundlers: bytes in the minified output and the
//                 share of the page's gzip figure (apportioned by minified bytes, so the shares add
//                 up to the gzip figure). Modules that esbuild puts in the initial load but Vite
//                 loads lazily are marked `(lazy with vite)`: that is esbuild's code-splitting cost.
//                 Then the files of each page's initial load, gzipped one by one.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = new URL('..', import.meta.url).pathname;
const config = JSON.parse(readFileSync(new URL('../size.config.json', import.meta.url), 'utf8'));
if (!existsSync(`${root}dist/index.js`)) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
const only = process.argv
  .slice(2)
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length);
const explain = process.argv.includes('--explain');
const external = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'];

/** Writes the entry code in a scratch directory inside node_modules (so bare imports resolve). */
function withEntry(code, run) {
  const dir = mkdtempSync(join(root, 'node_modules', '.size-'));
  const entry = join(dir, 'entry.js');
  writeFileSync(entry, code.replaceAll("'./dist/", `'${root}dist/`));
  return run(entry, dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** Splits output chunks into what the entry loads statically and what it loads with import(). */
function initialAndLazy(chunks) {
  const byName = new Map(chunks.map((chunk) => [chunk.name, chunk]));
  const initial = new Set();
  const visit = (name) => {
    if (initial.has(name) || !byName.has(name)) return;
    initial.add(name);
    for (const imported of byName.get(name).imports) visit(imported);
  };
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk.name);
  const modules = new Map();
  for (const name of initial) for (const [id, bytes] of byName.get(name).modules ?? []) modules.set(id, (modules.get(id) ?? 0) + bytes);
  return {
    initial: [...initial].map((name) => byName.get(name).code).join('\n'),
    files: [...initial].map((name) => byName.get(name).code),
    fileLabels: [...initial].map((name) => byName.get(name).label),
    modules,
    lazy: chunks.filter((chunk) => !initial.has(chunk.name)).map((chunk) => ({ name: chunk.label, code: chunk.code })),
  };
}

/** `dist/react/CartRecoveryPopup.js` -> `react/CartRecoveryPopup.js`; a bundler's own helpers keep their package name. */
function moduleName(id) {
  const path = id.replace(/^\0/, '').replace(/\\/g, '/');
  if (path.includes('/dist/') || path.startsWith('dist/')) return path.replace(/^.*dist\//, '');
  return `(bundler) ${path.replace(/^.*node_modules\//, '').replace(/@[\d.]+\//, '/')}`;
}

function scaleTo(total, entries) {
  const sum = entries.reduce((acc, [, bytes]) => acc + bytes, 0) || 1;
  return entries.map(([id, bytes]) => [id, Math.round((bytes * total) / sum)]);
}

async function bundleWithEsbuild(code) {
  return withEntry(code, async (entry, dir) => {
    const result = await esbuild({
      entryPoints: [entry],
      outdir: join(dir, 'out'),
      bundle: true,
      splitting: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external,
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.css': 'empty' },
    });
    const texts = new Map(result.outputFiles.map((file) => [file.path, file.text]));
    const chunks = Object.entries(result.metafile.outputs)
      .filter(([name]) => name.endsWith('.js'))
      .map(([name, output]) => ({
        name,
        label:
          Object.keys(output.inputs)
            .map((input) => input.replace(/^.*dist\//, ''))
            .filter((input) => !input.includes('.size-'))
            .slice(0, 2)
            .join('+') || name,
        isEntry: Boolean(output.entryPoint?.includes('.size-')),
        imports: output.imports.filter((imported) => imported.kind === 'import-statement').map((imported) => imported.path),
        code: texts.get(resolve(name)) ?? '',
        modules: Object.entries(output.inputs)
          .filter(([input, { bytesInOutput }]) => bytesInOutput > 0 && !input.includes('.size-'))
          .map(([input, { bytesInOutput }]) => [moduleName(input), bytesInOutput]),
      }));
    return initialAndLazy(chunks);
  });
}

async function bundleWithVite(code) {
  return withEntry(code, async (entry, dir) => {
    const result = await viteBuild({
      configFile: false,
      root: dir,
      logLevel: 'silent',
      mode: 'production',
      build: {
        write: false,
        minify: true,
        target: 'es2020',
        modulePreload: false,
        rollupOptions: { input: entry, external, preserveEntrySignatures: 'strict' },
      },
    });
    const output = (Array.isArray(result) ? result[0] : result).output.filter((item) => item.type === 'chunk');
    return initialAndLazy(
      output.map((chunk) => ({
        name: chunk.fileName,
        label:
          chunk.moduleIds
            .map((id) => id.replace(/^.*dist\//, ''))
            .filter((id) => !id.includes('.size-'))
            .slice(-2)
            .join('+') || chunk.fileName,
        isEntry: chunk.isEntry,
        imports: chunk.imports,
        code: chunk.code,
        // Rolldown reports each module's length before minification: scaled to the chunk's minified size.
        modules: scaleTo(
          Buffer.byteLength(chunk.code),
          Object.entries(chunk.modules)
            .filter(([id, module]) => module.renderedLength > 0 && !id.includes('.size-'))
            .map(([id, module]) => [moduleName(id), module.renderedLength]),
        ),
      })),
    );
  });
}

const gzip = (text) => gzipSync(text, { level: 9 }).length;
/** What the wire carries: each file of the initial load gzipped on its own, summed. */
const wire = (files) => files.reduce((total, file) => total + gzip(file), 0);
const brotli = (text) =>
  brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } })
    .length;

const rows = [];
const failures = [];
const goals = [];
const lazyLines = [];
const explained = [];
const fileLines = [];

async function measure(kind, item) {
  const [esb, vite] = await Promise.all([bundleWithEsbuild(item.code), bundleWithVite(item.code)]);
  const row = {
    kind,
    name: item.name,
    raw: Buffer.byteLength(esb.initial),
    files: esb.files.length,
    wire: wire(esb.files),
    gzip: gzip(esb.initial),
    brotli: brotli(esb.initial),
    viteFiles: vite.files.length,
    viteWire: wire(vite.files),
    viteGzip: gzip(vite.initial),
    lazyGzip: esb.lazy.filter((chunk) => !/locales\//.test(chunk.name)).reduce((sum, chunk) => sum + gzip(chunk.code), 0),
    budget: item.budgetGzip,
    viteBudget: item.viteBudgetGzip,
    goal: item.goalGzip,
  };
  rows.push(row);
  if (explain && kind === 'page') explained.push({ name: item.name, esb, vite });
  if (explain && kind === 'page') {
    for (const [bundler, result] of [
      ['esbuild', esb],
      ['vite', vite],
    ]) {
      fileLines.push(
        `${item.name} (${bundler}): ${result.files.map((file, index) => `${result.fileLabels[index]} ${gzip(file)} B`).join(', ')}`,
      );
    }
  }
  for (const [bundler, result] of [
    ['esbuild', esb],
    ['vite', vite],
  ]) {
    const lazy = result.lazy.filter((chunk) => !/locales\//.test(chunk.name));
    if (kind !== 'peer' && lazy.length)
      lazyLines.push(`${item.name} (${bundler}): ${lazy.map((chunk) => `${chunk.name} ${gzip(chunk.code)} B`).join(', ')}`);
  }
  return { row, esb, vite };
}

for (const [kind, list] of [
  ['page', config.pages],
  ['export', config.exports],
]) {
  for (const item of list ?? []) {
    if (only && !item.name.includes(only)) continue;
    let measured;
    try {
      measured = await measure(kind, item);
    } catch (error) {
      failures.push(`${item.name}: does not bundle (${error.errors?.[0]?.text ?? error.message})`);
      continue;
    }
    const { row, esb, vite } = measured;
    // Budgets and goals are on the wire figure (each file gzipped, summed), with each bundler.
    const worst = Math.max(row.wire, row.viteWire);
    if (item.goalGzip && worst > item.goalGzip)
      goals.push(
        `${item.name}: ${row.wire} B on the wire (esbuild), ${row.viteWire} B (vite), goal ${item.goalGzip} B (${worst - item.goalGzip} B over)${item.goalNote ? `\n    ${item.goalNote}` : ''}`,
      );
    if (row.wire > item.budgetGzip)
      failures.push(`${item.name}: ${row.wire} B gzip on the wire is over its budget of ${item.budgetGzip} B`);
    if (item.viteBudgetGzip && row.viteWire > item.viteBudgetGzip)
      failures.push(`${item.name}: ${row.viteWire} B gzip on the wire with Vite is over its budget of ${item.viteBudgetGzip} B`);
    for (const marker of item.mustNotContain ?? []) {
      if (esb.initial.includes(marker)) failures.push(`${item.name}: the initial load contains "${marker}" (esbuild)`);
      if (vite.initial.includes(marker)) failures.push(`${item.name}: the initial load contains "${marker}" (vite)`);
    }
    // Lazy pieces (the pop-up's button, the Wallet): never in the initial load, with either bundler.
    for (const marker of item.lazy ?? []) {
      if (esb.initial.includes(marker)) failures.push(`${item.name}: the initial load contains the lazy "${marker}" (esbuild)`);
      if (vite.initial.includes(marker)) failures.push(`${item.name}: the initial load contains the lazy "${marker}" (vite)`);
    }
  }
}
for (const css of only ? [] : (config.css ?? [])) {
  if (!existsSync(`${root}${css.file}`)) {
    failures.push(`${css.name}: ${css.file} is missing`);
    continue;
  }
  const text = readFileSync(`${root}${css.file}`, 'utf8');
  rows.push({
    kind: 'css',
    name: css.name,
    raw: Buffer.byteLength(text),
    wire: gzip(text),
    gzip: gzip(text),
    brotli: brotli(text),
    budget: css.budgetGzip,
  });
  if (gzip(text) > css.budgetGzip) failures.push(`${css.name}: ${gzip(text)} B gzip is over its budget of ${css.budgetGzip} B`);
}
for (const peer of config.peers) {
  try {
    await measure('peer', peer);
  } catch (error) {
    rows.push({ kind: 'peer', name: `${peer.name} (not installed: ${error.message.split('\n')[0]})` });
  }
}

/** The area a module belongs to, for the per-page breakdown. */
function areaOf(module) {
  if (module.startsWith('(bundler)')) return 'bundler runtime';
  if (module === 'locales/en.js') return 'i18n: English catalogue';
  if (module.startsWith('react/internal/')) return 'react/internal';
  return module.split('/')[0] === 'locales' ? 'i18n' : module.split('/')[0].replace(/\.js$/, '');
}

function printExplanations(pages) {
  for (const { name, esb, vite } of pages) {
    console.log(`\n${name}: what the initial load is made of (minified bytes; gzip share apportioned by them)`);
    const results = { esbuild: esb, vite };
    const gz = { esbuild: gzip(esb.initial), vite: gzip(vite.initial) };
    const raw = { esbuild: sum(esb.modules), vite: sum(vite.modules) };
    const share = (bundler, bytes) => Math.round((bytes * gz[bundler]) / (raw[bundler] || 1));
    const areas = new Map();
    for (const bundler of ['esbuild', 'vite']) {
      for (const [module, bytes] of results[bundler].modules) {
        const area = areas.get(areaOf(module)) ?? { esbuild: 0, vite: 0 };
        area[bundler] += bytes;
        areas.set(areaOf(module), area);
      }
    }
    console.log(`  ${'area'.padEnd(44)} ${pad('esb min', 8)} ${pad('esb gz', 7)} ${pad('vite min', 8)} ${pad('vite gz', 7)}`);
    for (const [area, bytes] of [...areas].sort((a, b) => b[1].esbuild - a[1].esbuild)) {
      console.log(
        `  ${area.padEnd(44)} ${pad(bytes.esbuild, 8)} ${pad(share('esbuild', bytes.esbuild), 7)} ${pad(bytes.vite, 8)} ${pad(share('vite', bytes.vite), 7)}`,
      );
    }
    console.log(`  ${'total'.padEnd(44)} ${pad(raw.esbuild, 8)} ${pad(gz.esbuild, 7)} ${pad(raw.vite, 8)} ${pad(gz.vite, 7)}`);
    const modules = new Set([...esb.modules.keys(), ...vite.modules.keys()]);
    console.log(`  ${'module'.padEnd(44)} ${pad('esb min', 8)} ${pad('esb gz', 7)} ${pad('vite min', 8)} ${pad('vite gz', 7)}`);
    for (const module of [...modules].sort((a, b) => (esb.modules.get(b) ?? 0) - (esb.modules.get(a) ?? 0))) {
      const e = esb.modules.get(module);
      const v = vite.modules.get(module);
      const note = e && !v ? ' (lazy with vite)' : '';
      console.log(
        `  ${(module + note).padEnd(44)} ${pad(e ?? '', 8)} ${pad(e ? share('esbuild', e) : '', 7)} ${pad(v ?? '', 8)} ${pad(v ? share('vite', v) : '', 7)}`,
      );
    }
  }
}

function sum(modules) {
  let total = 0;
  for (const bytes of modules.values()) total += bytes;
  return total;
}

const pad = (value, width) => String(value ?? '').padStart(width);
console.log(
  `${'what (initial load; lazy chunks apart)'.padEnd(68)} ${pad('raw B', 7)} ${pad('wire gz', 10)} ${pad('joined', 7)} ${pad('brotli', 7)} ${pad('vite wire', 10)} ${pad('joined', 7)} ${pad('lazy gz', 7)} ${pad('budget', 11)} ${pad('goal', 6)}`,
);
const withFiles = (bytes, files) => (bytes === undefined ? '' : files ? `${bytes} (${files})` : bytes);
for (const row of rows) {
  console.log(
    `${`[${row.kind}] ${row.name}`.padEnd(68)} ${pad(row.raw, 7)} ${pad(withFiles(row.wire, row.files), 10)} ${pad(row.gzip, 7)} ${pad(row.brotli, 7)} ${pad(withFiles(row.viteWire, row.viteFiles), 10)} ${pad(row.viteGzip, 7)} ${pad(row.lazyGzip || '', 7)} ${pad(row.budget === undefined ? '' : row.viteBudget ? `${row.budget}/${row.viteBudget}` : row.budget, 11)} ${pad(row.goal, 6)}`,
  );
}
console.log(
  'wire gz: each file of the initial load gzipped -9 on its own, summed (what the wire carries; files in brackets); joined: the files joined, then gzipped. Budgets and goals: the wire figure, esbuild/Vite.',
);
if (explained.length) printExplanations(explained);
if (fileLines.length) console.log(`\ninitial files (each gzipped; their sum is the wire figure):\n- ${fileLines.join('\n- ')}`);
if (lazyLines.length)
  console.log(`\nlazy chunks (gzip, loaded with import() when needed; locales not listed):\n- ${lazyLines.join('\n- ')}`);
if (goals.length) console.log(`\ngoals not met (reported, not failing):\n- ${goals.join('\n- ')}`);
if (failures.length) {
  console.error(`\nsize check failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('\nsize check passed');
