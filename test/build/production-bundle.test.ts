// @vitest-environment node
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** The browser entry as a merchant's bundler builds it (esbuild, NODE_ENV replaced). */
async function bundle(nodeEnv: 'production' | 'development'): Promise<string> {
  const result = await build({
    entryPoints: [resolve(root, 'src/index.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    external: ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'],
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    loader: { '.css': 'empty' },
  });
  return result.outputFiles.map((file) => file.text).join('\n');
}

// One phrase of each development warning.
const WARNINGS = [
  '[react-amazon-pay-recovery]',
  'texts could not be loaded',
  'pop-up texts could not be loaded',
  'has no texts in this kit',
  'is not an appearance variable',
  'value; it is ignored',
  "is not 'light', 'dark' or 'none'",
  'gets a PayOnly checkout',
  '; using US.',
];

describe('production bundle', () => {
  it('carries no development warning, while a development bundle carries them all', async () => {
    const [production, development] = await Promise.all([bundle('production'), bundle('development')]);
    for (const phrase of WARNINGS) expect(development).toContain(phrase);
    expect(WARNINGS.filter((phrase) => production.includes(phrase))).toEqual([]);
    expect(production).not.toMatch(/typeof process/);
  }, 30_000);
});
