// @vitest-environment node
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplePaths, syncExamples } from '../../scripts/sync-readme-examples.mjs';
import { readRepoFile, ROOT } from './markdown';

describe('README server examples', () => {
  const readme = readRepoFile('README.md');

  it('shows one complete file per framework', () => {
    expect(examplePaths(readme)).toEqual(['examples/server/amazon-pay-config.ts', 'examples/server/shop.ts', 'examples/server/express.ts', 'examples/server/next-route.ts', 'examples/server/node.ts']);
    for (const path of examplePaths(readme)) expect(existsSync(resolve(ROOT, path)), path).toBe(true);
  });

  it('is in sync with examples/ (fix: node scripts/sync-readme-examples.mjs)', () => {
    expect(syncExamples(readme, readRepoFile)).toBe(readme);
  });
});
