import { resolve } from 'node:path';
import { build as esbuild } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** The browser entry as a merchant's bundler builds it (esbuild, NODE_ENV replaced). */
const bundles = new Map<string, Promise<string>>();
const bundle = (nodeEnv: 'production' | 'development'): Promise<string> => {
  if (!bundles.has(nodeEnv))
    bundles.set(
      nodeEnv,
      build(nodeEnv).then((result) => result.outputFiles.map((file) => file.text).join('\n')),
    );
  return bundles.get(nodeEnv)!;
};

function build(nodeEnv: string) {
  return esbuild({
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
}

// One phrase of each development warning.
const WARNINGS = [
  'texts could not be loaded',
  'has no texts in this kit',
  'is not an appearance variable',
  'value; it is ignored',
  "is not 'light', 'dark' or 'none'",
  'gets a PayOnly checkout',
  '; using US.',
  'matches no field',
  'stylesheet is not loaded',
];

describe('production bundle', () => {
  it('carries no development warning, while a development bundle carries them all', async () => {
    const [production, development] = await Promise.all([bundle('production'), bundle('development')]);
    for (const phrase of WARNINGS) expect(development).toContain(phrase);
    expect(WARNINGS.filter((phrase) => production.includes(phrase))).toEqual([]);
    expect(production).not.toMatch(/typeof process/);
  }, 30_000);

  it('carries programmer-error and validation sentences in development only (their code in production)', async () => {
    const sentences = [
      'must be used inside <AmazonPayProvider>',
      'is not an Amazon Pay merchant id',
      'Unknown Amazon Pay region',
      'expected a positive decimal',
      'must use https',
    ];
    const [production, development] = await Promise.all([bundle('production'), bundle('development')]);
    for (const sentence of sentences) expect(development).toContain(sentence);
    expect(sentences.filter((sentence) => production.includes(sentence))).toEqual([]);
    expect(production).toContain('MissingProvider');
  }, 30_000);

  it('points production messages at docs/errors.md with one shared base URL', async () => {
    const [production, development] = await Promise.all([bundle('production'), bundle('development')]);
    expect(production.split('docs/errors.md#').length - 1).toBe(1);
    expect(development).not.toContain('docs/errors.md#');
  }, 30_000);
});
