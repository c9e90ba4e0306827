#!/usr/bin/env node
// Builds dist/styles.css from src/styles/index.css by inlining its local
// @import rules (recursively, each file once), then minifies it with esbuild
// (already the build's own dependency through Vite).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { dirname, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const entry = resolve(root, 'src/styles/index.css');
const output = resolve(root, 'dist/styles.css');
const IMPORT = /^\s*@import\s+(?:url\()?\s*['"]([^'"]+)['"]\s*\)?\s*;\s*$/gm;

function inline(file, seen) {
  if (seen.has(file)) return '';
  seen.add(file);
  let css;
  try {
    css = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`build-css: ${relative(root, file)} does not exist (imported from the styles entry).`);
  }
  return css.replace(IMPORT, (_rule, target) => {
    if (!target.startsWith('.')) throw new Error(`build-css: only relative @imports are inlined, got ${JSON.stringify(target)}.`);
    return `/* ${target.replace(/^\.\//, '')} */\n${inline(resolve(dirname(file), target), seen).trim()}\n`;
  });
}

const { code: css } = await transform(inline(entry, new Set()), { loader: 'css', minify: true, target: ['chrome111', 'firefox113', 'safari16.2'] });
if (/@import/.test(css)) throw new Error('build-css: an @import was left in dist/styles.css.');
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, css);
console.log(`dist/styles.css ${Buffer.byteLength(css)} bytes`);
