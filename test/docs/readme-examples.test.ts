import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplePaths, syncExamples } from '../../scripts/sync-readme-examples.mjs';
import { documentationFiles, readRepoFile, ROOT } from './markdown';

describe('server examples in the docs', () => {
  const server = readRepoFile('docs/server.md');

  it('docs/server.md shows one complete file per framework', () => {
    expect(examplePaths(server)).toEqual([
      'examples/server/amazon-pay-config.ts',
      'examples/server/shop.ts',
      'examples/server/express.ts',
      'examples/server/next-route.ts',
      'examples/server/node.ts',
    ]);
    for (const path of examplePaths(server)) expect(existsSync(resolve(ROOT, path)), path).toBe(true);
  });

  it('every copy is in sync with examples/ (fix: node scripts/sync-readme-examples.mjs)', () => {
    for (const file of documentationFiles()) {
      const text = readRepoFile(file);
      expect(syncExamples(text, readRepoFile), file).toBe(text);
    }
  });
});
