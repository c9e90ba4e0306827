#!/usr/bin/env node
// `npm run typecheck`: `tsc --noEmit -p tsconfig.json` (incremental), reporting as tsc does, through
// recorded-type-check.mjs: when no file the last run read has changed, its answer is reused without
// building the program (parsing ~600 files was most of a warm typecheck's 10 s of CPU).
import { relative, resolve } from 'node:path';
import ts from 'typescript';
import { recordedTypeCheck } from './recorded-type-check.mjs';

const root = resolve(import.meta.dirname, '..');
const cache = resolve(root, 'node_modules/.cache/tsc');

const config = ts.getParsedCommandLineOfConfigFile(
  resolve(root, 'tsconfig.json'),
  { noEmit: true, incremental: true, tsBuildInfoFile: resolve(cache, 'tsconfig.tsbuildinfo') },
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => report([{ code: diagnostic.code, message: text(diagnostic) }]) },
);
if (!config) process.exit(2);

const configProblems = config.errors.map((diagnostic) => ({ code: diagnostic.code, message: text(diagnostic) }));
const [problems = []] = recordedTypeCheck([
  { rootNames: config.fileNames, options: config.options, record: resolve(cache, 'tsconfig.inputs.json') },
]);
report([...configProblems, ...problems]);

/** @param {ts.Diagnostic} diagnostic */
function text(diagnostic) {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
}

/**
 * Prints the problems as `tsc --pretty false` does and exits non-zero when there are any.
 * @param {import('./recorded-type-check.d.mts').TypeProblem[]} all
 */
function report(all) {
  for (const { file, line = 0, column = 0, code, message } of all) {
    const where = file ? `${relative(process.cwd(), file)}(${line + 1},${column + 1}): ` : '';
    process.stdout.write(`${where}error TS${code}: ${message}\n`);
  }
  if (all.length > 0) {
    process.stdout.write(`\nFound ${all.length} error${all.length === 1 ? '' : 's'}.\n`);
    process.exit(2);
  }
}
