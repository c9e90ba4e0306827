#!/usr/bin/env node
// `npm run docs:machines`: writes docs/state-machines.md from the machines' tables
// (scripts/machine-docs.ts). esbuild bundles the TypeScript for node, keeping the
// functions' names (the guards' and actions' names in the diagrams).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(root, 'node_modules', '.machine-docs-'));
try {
  const outfile = join(dir, 'machine-docs.mjs');
  await build({
    entryPoints: [join(root, 'scripts/machine-docs.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    keepNames: true,
    outfile,
    logLevel: 'error',
  });
  const { renderMachineDocs } = await import(pathToFileURL(outfile).href);
  writeFileSync(join(root, 'docs/state-machines.md'), renderMachineDocs());
  console.log('docs/state-machines.md written');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
