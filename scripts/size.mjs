#!/usr/bin/env node
// `npm run size`: bundles each entry of size.config.json with esbuild (minified ESM,
// react/react-dom external), gzips at level 9 and brotli q11, prints a table and fails
// on a budget overrun, a tree-shaking leak, or a kit larger than the peers measured in the same run.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const config = JSON.parse(readFileSync(new URL('../size.config.json', import.meta.url), 'utf8'));
if (!existsSync(`${root}dist/index.js`)) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}

// Bundled like an app would: code splitting on, so chunks loaded with import() (the
// on-demand locales) are not counted; only what the entry loads statically is.
async function bundle(code) {
  const dir = mkdtempSync(join(root, 'node_modules', '.size-'));
  try {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, code.replaceAll("'./dist/", `'${root}dist/`));
    const result = await build({
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
      external: ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'],
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.css': 'empty' },
    });
    const outputs = result.metafile.outputs;
    const files = new Map(result.outputFiles.map((file) => [relative(process.cwd(), file.path), file.text]));
    const entryOut = Object.keys(outputs).find((name) => outputs[name].entryPoint);
    const seen = new Set();
    const visit = (name) => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const imported of outputs[name].imports) if (imported.kind === 'import-statement' && outputs[imported.path]) visit(imported.path);
    };
    visit(entryOut);
    return [...seen].map((name) => files.get(name) ?? '').join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const measure = (text) => ({
  raw: Buffer.byteLength(text),
  gzip: gzipSync(text, { level: 9 }).length,
  brotli: brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } }).length,
});

const rows = [];
const failures = [];
const goals = [];
for (const entry of config.entries) {
  let text;
  try {
    text = await bundle(entry.code);
  } catch (error) {
    failures.push(`${entry.name}: does not bundle (${error.errors?.[0]?.text ?? error.message})`);
    continue;
  }
  const size = measure(text);
  rows.push({ kind: 'kit', name: entry.name, ...size, budget: entry.budgetGzip, goal: entry.goalGzip });
  if (entry.goalGzip && size.gzip > entry.goalGzip) goals.push(`${entry.name}: ${size.gzip} B gzip, goal ${entry.goalGzip} B`);
  if (size.gzip > entry.budgetGzip) failures.push(`${entry.name}: ${size.gzip} B gzip is over its budget of ${entry.budgetGzip} B`);
  for (const marker of entry.mustNotContain ?? []) {
    if (text.includes(marker)) failures.push(`${entry.name}: tree-shaking leak, the bundle contains "${marker}"`);
  }
}
for (const css of config.css ?? []) {
  if (!existsSync(`${root}${css.file}`)) {
    failures.push(`${css.name}: ${css.file} is missing`);
    continue;
  }
  const size = measure(readFileSync(`${root}${css.file}`, 'utf8'));
  rows.push({ kind: 'css', name: css.name, ...size, budget: css.budgetGzip });
  if (size.gzip > css.budgetGzip) failures.push(`${css.name}: ${size.gzip} B gzip is over its budget of ${css.budgetGzip} B`);
}
for (const peer of config.peers) {
  try {
    rows.push({ kind: 'peer', name: peer.name, ...measure(await bundle(peer.code)) });
  } catch (error) {
    rows.push({ kind: 'peer', name: `${peer.name} (not installed: ${error.message.split('\n')[0]})`, raw: NaN, gzip: NaN, brotli: NaN });
  }
}

const kit = rows.find((row) => row.name === config.mustBeSmallerThanPeers);
if (kit) {
  for (const peer of rows.filter((row) => row.kind === 'peer' && Number.isFinite(row.gzip))) {
    if (kit.gzip >= peer.gzip) goals.push(`${kit.name} (${kit.gzip} B) is not smaller than ${peer.name} (${peer.gzip} B)`);
  }
}

const pad = (value, width) => String(value).padStart(width);
console.log(`${'what'.padEnd(58)} ${pad('raw B', 8)} ${pad('gzip B', 8)} ${pad('brotli B', 9)} ${pad('budget', 8)} ${pad('goal', 6)}`);
for (const row of rows) {
  console.log(`${`[${row.kind}] ${row.name}`.padEnd(58)} ${pad(row.raw, 8)} ${pad(row.gzip, 8)} ${pad(row.brotli, 9)} ${pad(row.budget ?? '', 8)} ${pad(row.goal ?? '', 6)}`);
}
if (goals.length) console.log(`\ngoals not met yet (reported, not failing):\n- ${goals.join('\n- ')}`);
if (failures.length) {
  console.error(`\nsize check failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('\nsize check passed');
