// A TypeScript check that remembers what it read (types: recorded-type-check.d.mts). Used by
// `npm run typecheck` (scripts/typecheck.mjs) and by the docs' and the server examples' checks in test/.
//
// Building a program (parsing the kit's sources, TypeScript's libs, React's and Node's types: some
// 500 files) is where those checks spend most of their time; `--incremental` build info saves only
// the checking. So each check records every file the compiler read (with a hash of its text) and
// every path it probed (whether a file or folder exists, where a link points), and keeps its
// problems beside them. A later run that finds every one of those answers unchanged, with the same
// TypeScript, options and root files, gets the recorded problems without building the program: the
// compiler is a function of what it read, so the answer is the one it would give. Any change (a
// source file, a package, a file appearing where module resolution looked) builds the program again.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ts from 'typescript';

/**
 * What a check read: file path -> hash of its text (null: it could not be read); paths probed for a
 * file or a folder -> whether one was there; links -> where they led; folders -> their subfolders.
 * @typedef {{
 *   reads: Record<string, string | null>,
 *   files: Record<string, boolean>,
 *   folders: Record<string, boolean>,
 *   realpaths: Record<string, string>,
 *   listings: Record<string, string[]>,
 * }} Inputs
 */

/** @param {string | undefined} text */
const hash = (text) => (text === undefined ? null : createHash('sha1').update(text).digest('hex'));

/**
 * What makes two checks the same question besides the files: TypeScript's version, the options, the roots, the folder.
 * @param {import('./recorded-type-check.d.mts').TypeCheck} check
 */
function keyOf(check) {
  return JSON.stringify({
    typescript: ts.version,
    cwd: ts.sys.getCurrentDirectory(),
    options: check.options,
    rootNames: [...check.rootNames].sort(),
  });
}

/** @param {string} path */
function readRecord(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Whether the file system still answers every question the recorded run asked as it did then.
 * @param {Inputs} inputs
 */
function unchanged(inputs) {
  const sys = ts.sys;
  return (
    Object.entries(inputs.files).every(([path, exists]) => sys.fileExists(path) === exists) &&
    Object.entries(inputs.folders).every(([path, exists]) => sys.directoryExists(path) === exists) &&
    Object.entries(inputs.realpaths).every(([path, real]) => (sys.realpath?.(path) ?? path) === real) &&
    Object.entries(inputs.listings).every(([path, names]) => JSON.stringify(sys.getDirectories(path)) === JSON.stringify(names)) &&
    Object.entries(inputs.reads).every(([path, digest]) => hash(sys.readFile(path)) === digest)
  );
}

/**
 * A compiler host that records what the compiler asks of the file system, and shares parsed files
 * with the other checks of one `recordedTypeCheck` call (a file parses the same under equal settings).
 * @param {ts.CompilerOptions} options
 * @param {Map<string, ts.SourceFile>} parsed
 * @param {Inputs} inputs
 * @returns {ts.CompilerHost}
 */
function recordingHost(options, parsed, inputs) {
  const host = ts.createIncrementalCompilerHost(options);
  const buildInfo = options.tsBuildInfoFile;
  const { fileExists, directoryExists, readFile, realpath, getDirectories, getSourceFile } = host;
  return Object.assign(host, {
    /** @param {string} path */
    fileExists: (path) => (inputs.files[path] = fileExists.call(host, path)),
    /** @param {string} path */
    directoryExists: (path) => (inputs.folders[path] = directoryExists?.call(host, path) ?? false),
    /** @param {string} path */
    readFile(path) {
      const text = readFile.call(host, path);
      // The build info is the check's own output, rewritten by each build: not an input.
      if (path !== buildInfo) inputs.reads[path] = hash(text);
      return text;
    },
    realpath: realpath && ((/** @type {string} */ path) => (inputs.realpaths[path] = realpath.call(host, path))),
    getDirectories: getDirectories && ((/** @type {string} */ path) => (inputs.listings[path] = getDirectories.call(host, path))),
    /**
     * @param {string} fileName
     * @param {ts.ScriptTarget | ts.CreateSourceFileOptions} settings
     * @param {(message: string) => void} [onError]
     */
    getSourceFile(fileName, settings, onError) {
      const id = `${fileName}\0${JSON.stringify(settings)}`;
      let file = parsed.get(id);
      if (!file) {
        file = getSourceFile.call(host, fileName, settings, onError);
        if (file) parsed.set(id, file);
      }
      inputs.reads[fileName] = hash(file?.text);
      return file;
    },
  });
}

/**
 * @param {ts.EmitAndSemanticDiagnosticsBuilderProgram} program
 * @returns {import('./recorded-type-check.d.mts').TypeProblem[]}
 */
function problemsOf(program) {
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ];
  program.emit(); // with noEmit: writes only the build info (the checking of unchanged files is reused)
  return diagnostics.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file) return { code: diagnostic.code, message };
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    return { file: diagnostic.file.fileName, line, column: character, code: diagnostic.code, message };
  });
}

/** @type {typeof import('./recorded-type-check.d.mts').recordedTypeCheck} */
export function recordedTypeCheck(checks) {
  /** @type {Map<string, ts.SourceFile>} */
  const parsed = new Map();
  return checks.map((check) => {
    const key = keyOf(check);
    const last = readRecord(check.record);
    if (last?.key === key && unchanged(last)) return last.problems;
    /** @type {Inputs} */
    const inputs = { reads: {}, files: {}, folders: {}, realpaths: {}, listings: {} };
    const host = recordingHost(check.options, parsed, inputs);
    const problems = problemsOf(ts.createIncrementalProgram({ rootNames: check.rootNames, options: check.options, host }));
    mkdirSync(dirname(check.record), { recursive: true });
    writeFileSync(check.record, JSON.stringify({ key, problems, ...inputs }));
    return problems;
  });
}
