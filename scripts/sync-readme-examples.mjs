#!/usr/bin/env node
// Fills the README's example blocks from the files they name, so the README
// shows each server example verbatim:
//
//   <!-- example: examples/server/express.ts -->
//   ```ts
//   ...the file, filled in by this script...
//   ```
//   <!-- /example -->
//
// `node scripts/sync-readme-examples.mjs` rewrites README.md; `--check` only
// reports the blocks that are out of date and exits 1 (test/docs runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const BLOCK = /<!-- example: (\S+) -->\n[\s\S]*?<!-- \/example -->/g;
const LANGUAGE = { '.ts': 'ts', '.tsx': 'tsx', '.mjs': 'js', '.js': 'js', '.json': 'json', '.sh': 'sh' };

/** The README text with every example block filled from its file; `read(path)` reads a repository file. */
export function syncExamples(readme, read) {
  return readme.replace(BLOCK, (_block, path) => {
    const source = read(path).replace(/\n*$/, '\n');
    if (source.includes('```')) throw new Error(`${path} contains a code fence, which would end the README block early.`);
    return `<!-- example: ${path} -->\n\`\`\`${LANGUAGE[extname(path)] ?? ''}\n${source}\`\`\`\n<!-- /example -->`;
  });
}

/** The paths of the example blocks in a README text. */
export function examplePaths(readme) {
  return [...readme.matchAll(BLOCK)].map((match) => match[1]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = resolve(root, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const synced = syncExamples(readme, (path) => readFileSync(resolve(root, path), 'utf8'));
  if (process.argv.includes('--check')) {
    if (synced !== readme) {
      console.error('README.md is out of sync with examples/: run `node scripts/sync-readme-examples.mjs`.');
      process.exit(1);
    }
    console.log(`README.md examples in sync (${examplePaths(readme).join(', ')}).`);
  } else if (synced !== readme) {
    writeFileSync(file, synced);
    console.log('README.md examples updated.');
  } else {
    console.log('README.md examples already in sync.');
  }
}
