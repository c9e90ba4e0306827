#!/usr/bin/env node
// Builds dist/styles.css from src/styles/index.css by inlining its local
// @import rules (recursively, each file once), then minifies it with esbuild
// (already the build's own dependency through Vite).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { dirname, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
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

// styles.css: the storefront's stylesheet; report.css: the admin report's (react-amazon-pay-recovery/report), apart so storefronts never carry it.
for (const [source, target] of [
  ['src/styles/index.css', 'dist/styles.css'],
  ['src/styles/report-entry.css', 'dist/report.css'],
]) {
  const { code: css } = await transform(inline(resolve(root, source), new Set()), {
    loader: 'css',
    minify: true,
    target: ['chrome111', 'firefox113', 'safari16.2'],
  });
  if (/@import/.test(css)) throw new Error(`build-css: an @import was left in ${target}.`);
  mkdirSync(dirname(resolve(root, target)), { recursive: true });
  writeFileSync(resolve(root, target), css);
  console.log(`${target} ${Buffer.byteLength(css)} bytes`);
}
