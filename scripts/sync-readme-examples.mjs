#!/usr/bin/env node
// Fills the example blocks of README.md and docs/*.md from the files they name,
// so the docs show each server example verbatim:
//
//   <!-- example: examples/server/express.ts -->
//   ```ts
//   ...the file, filled in by this script...
//   ```
//   <!-- /example -->
//
// `node scripts/sync-readme-examples.mjs` rewrites the documents; `--check` only
// reports the ones that are out of date and exits 1 (test/docs checks the same).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  const documents = [
    'README.md',
    ...readdirSync(resolve(root, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
  ];
  const stale = [];
  for (const document of documents) {
    const file = resolve(root, document);
    const text = readFileSync(file, 'utf8');
    const synced = syncExamples(text, (path) => readFileSync(resolve(root, path), 'utf8'));
    if (synced === text) continue;
    stale.push(document);
    if (!process.argv.includes('--check')) writeFileSync(file, synced);
  }
  if (process.argv.includes('--check') && stale.length) {
    console.error(`${stale.join(', ')} out of sync with examples/: run \`node scripts/sync-readme-examples.mjs\`.`);
    process.exit(1);
  }
  console.log(stale.length ? `Updated: ${stale.join(', ')}.` : 'Examples already in sync.');
}
