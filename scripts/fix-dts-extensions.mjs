#!/usr/bin/env node
// Sources import without extensions (bundler resolution). Node16/NodeNext consumers of the
// published declarations need explicit ones, so rewrite relative specifiers in dist/types.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'dist/types');
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));

for (const file of walk(root).filter((f) => f.endsWith('.d.ts'))) {
  const source = readFileSync(file, 'utf8');
  const fixed = source.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*?)(['"])/g, (match, head, spec, tail) => {
    if (/\.(js|mjs|cjs|json|css)$/.test(spec)) return match;
    const base = resolve(dirname(file), spec);
    if (existsSync(`${base}.d.ts`)) return `${head}${spec}.js${tail}`;
    if (existsSync(join(base, 'index.d.ts'))) return `${head}${spec}/index.js${tail}`;
    return match;
  });
  if (fixed !== source) writeFileSync(file, fixed);
}
