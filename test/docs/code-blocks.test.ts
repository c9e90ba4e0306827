import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { recordedTypeCheck, type TypeCheck, type TypeProblem } from '../../scripts/recorded-type-check.mjs';
import { codeBlocks, documentationFiles, readRepoFile, ROOT, type CodeBlock } from './markdown';

// Every TypeScript block of README.md and docs/*.md compiles as a merchant's file would in a
// fresh `npm create vite -- --template react-ts` app (its tsconfig.app.json strictness), with
// the package names resolved to this repository's sources. Server blocks get Node's types,
// as in the template's tsconfig.node.json. Blocks copied from examples/ are checked as files.
const SNIPPETS = resolve(ROOT, 'node_modules/.cache/arp-doc-snippets');

const VITE_TEMPLATE_STRICTNESS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  jsx: ts.JsxEmit.ReactJSX,
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  strict: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  erasableSyntaxOnly: true,
  noFallthroughCasesInSwitch: true,
  noUncheckedSideEffectImports: true,
  skipLibCheck: true,
  noEmit: true,
  paths: {
    'react-amazon-pay-recovery': [resolve(ROOT, 'src/index.ts')],
    'react-amazon-pay-recovery/button': [resolve(ROOT, 'src/button.ts')],
    'react-amazon-pay-recovery/wallet': [resolve(ROOT, 'src/wallet.ts')],
    'react-amazon-pay-recovery/machine': [resolve(ROOT, 'src/machine.ts')],
    'react-amazon-pay-recovery/report': [resolve(ROOT, 'src/report.ts')],
    'react-amazon-pay-recovery/events': [resolve(ROOT, 'src/events.ts')],
    'react-amazon-pay-recovery/testing': [resolve(ROOT, 'src/testing/index.ts')],
    'react-amazon-pay-recovery/server': [resolve(ROOT, 'src/server/index.ts')],
    'react-amazon-pay-recovery/locales/*': [resolve(ROOT, 'src/i18n/locales/*.ts')],
    'react-amazon-pay-recovery/styles.css': [resolve(ROOT, 'src/styles/index.css')],
    'next/navigation': [resolve(ROOT, 'test/docs/stubs/next-navigation.d.ts')],
  },
};

const isServerCode = (block: CodeBlock) => /from '(react-amazon-pay-recovery\/server|node:[\w/]+)'/.test(block.code);

/** The last run's records and build info: a run with no change reuses their answers (scripts/recorded-type-check.mjs). */
const CACHE = resolve(ROOT, 'node_modules/.cache/tsc');

/** Writes each block as a file of a merchant's app; the block of each file. */
function writeBlocks(blocks: readonly CodeBlock[]): Map<string, CodeBlock> {
  const files = new Map<string, CodeBlock>();
  blocks.forEach((block, index) => {
    // A Next.js app's files keep their paths, so that they import each other as in the app.
    const path = block.appFile
      ? resolve(SNIPPETS, `${block.file.replace(/\W+/g, '-')}-app`, block.appFile)
      : resolve(SNIPPETS, `${block.file.replace(/\W+/g, '-')}-${block.line}-${index}.${block.language}`);
    mkdirSync(dirname(path), { recursive: true });
    // The prelude goes on the block's first line so reported line numbers stay the block's own.
    writeFileSync(path, `${block.prelude.trim()} ${block.code}`);
    files.set(path, block);
  });
  return files;
}

/** The blocks as a program with the given global types (`vite/client` for the browser's, `node` for the server's). */
function checkOf(files: Map<string, CodeBlock>, types: string[]): TypeCheck {
  const name = `doc-snippets-${types.join('-').replace(/\W+/g, '-')}`;
  return {
    rootNames: [...files.keys()],
    options: { ...VITE_TEMPLATE_STRICTNESS, types, incremental: true, tsBuildInfoFile: resolve(CACHE, `${name}.tsbuildinfo`) },
    record: resolve(CACHE, `${name}.inputs.json`),
  };
}

/** The blocks' own problems, at their lines in the documents. */
function blockProblems(files: Map<string, CodeBlock>, problems: readonly TypeProblem[]): string[] {
  // The kit's own sources are compiled here only to give the blocks their types; a consumer
  // reads them as declarations under skipLibCheck, so only the blocks' diagnostics count.
  return problems.flatMap(({ file, line = 0, message }) => {
    const block = file && files.get(file);
    return block ? [`${block.file}:${block.line + 1 + line}: ${message}`] : [];
  });
}

const typescriptBlocks = documentationFiles()
  .flatMap((file) => codeBlocks(file, readRepoFile(file)))
  .filter((block) => ['ts', 'tsx'].includes(block.language));
// Copies of examples/ files are type-checked as those files (examples/server/tsconfig.json).
const blocks = typescriptBlocks.filter((block) => block.example === undefined);

describe('code blocks in README.md and docs/*.md', () => {
  it('there are blocks to check in every document (the state diagrams, drawn from the machines, have no code)', () => {
    const withoutCode = new Set(['docs/state-machines.md']);
    for (const file of documentationFiles())
      expect(
        typescriptBlocks.some((block) => block.file === file),
        file,
      ).toBe(!withoutCode.has(file));
  });

  it('compile under a fresh Vite React template strict settings (noUnusedLocals, noUnusedParameters, verbatimModuleSyntax)', () => {
    rmSync(SNIPPETS, { recursive: true, force: true });
    mkdirSync(SNIPPETS, { recursive: true });
    const browser = writeBlocks(blocks.filter((block) => !isServerCode(block)));
    const server = writeBlocks(blocks.filter(isServerCode));
    // One call: the two programs share the files both parse (the kit, TypeScript's libs, React's types).
    const [browserProblems = [], serverProblems = []] = recordedTypeCheck([checkOf(browser, ['vite/client']), checkOf(server, ['node'])]);
    const problems = [...blockProblems(browser, browserProblems), ...blockProblems(server, serverProblems)];
    expect(problems).toEqual([]);
  }, 120_000);
});
