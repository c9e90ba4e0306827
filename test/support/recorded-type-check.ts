/**
 * A TypeScript check that remembers what it read. Building a program (parsing the kit's sources,
 * TypeScript's libs, React's and Node's types: some 500 files) is where the docs' and the server
 * examples' checks spent their time; `--incremental` build info saves only the checking. So each
 * check records every file the compiler read (with a hash of its text) and every path it probed
 * (whether a file or folder exists, where a link points), and keeps its problems beside them. A
 * later run that finds every one of those answers unchanged, with the same TypeScript, options
 * and root files, gets the recorded problems without building the program: the compiler is a
 * function of what it read, so the answer is the one it would give. Any change (a source file, a
 * package, a file appearing where module resolution looked) builds the program again.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ts from 'typescript';

export interface TypeCheck {
  readonly rootNames: readonly string[];
  readonly options: ts.CompilerOptions;
  /** Where this check's record is kept (a JSON file under node_modules/.cache). */
  readonly record: string;
}

/** A compiler diagnostic as plain data: `line` is 0-based within `file`. */
export interface TypeProblem {
  readonly file?: string;
  readonly line?: number;
  readonly message: string;
}

interface Inputs {
  /** File path -> hash of its text, or null when it could not be read. */
  readonly reads: Record<string, string | null>;
  readonly files: Record<string, boolean>;
  readonly folders: Record<string, boolean>;
  readonly realpaths: Record<string, string>;
  readonly listings: Record<string, string[]>;
}

interface CheckRecord extends Inputs {
  readonly key: string;
  readonly problems: TypeProblem[];
}

const hash = (text: string | undefined): string | null => (text === undefined ? null : createHash('sha1').update(text).digest('hex'));

/** What makes two checks the same question, besides the files: TypeScript's version, the options, the roots and the folder. */
function keyOf(check: TypeCheck): string {
  return JSON.stringify({
    typescript: ts.version,
    cwd: ts.sys.getCurrentDirectory(),
    options: check.options,
    rootNames: [...check.rootNames].sort(),
  });
}

function readRecord(path: string): CheckRecord | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as CheckRecord;
  } catch {
    return undefined;
  }
}

/** Whether the file system still answers every question the recorded run asked as it did then. */
function unchanged(inputs: Inputs): boolean {
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
 */
function recordingHost(options: ts.CompilerOptions, parsed: Map<string, ts.SourceFile>, inputs: Inputs): ts.CompilerHost {
  const host = ts.createIncrementalCompilerHost(options);
  const buildInfo = options.tsBuildInfoFile;
  const { fileExists, directoryExists, readFile, realpath, getDirectories, getSourceFile } = host;
  const reads = inputs.reads as Record<string, string | null>;
  return Object.assign(host, {
    fileExists: (path: string) => ((inputs.files as Record<string, boolean>)[path] = fileExists.call(host, path)),
    directoryExists: (path: string) => ((inputs.folders as Record<string, boolean>)[path] = directoryExists?.call(host, path) ?? false),
    readFile(path: string) {
      const text = readFile.call(host, path);
      // The build info is the check's own output, rewritten by each build: not an input.
      if (path !== buildInfo) reads[path] = hash(text);
      return text;
    },
    realpath: realpath && ((path: string) => ((inputs.realpaths as Record<string, string>)[path] = realpath.call(host, path))),
    getDirectories:
      getDirectories && ((path: string) => ((inputs.listings as Record<string, string[]>)[path] = getDirectories.call(host, path))),
    getSourceFile(fileName: string, settings: ts.ScriptTarget | ts.CreateSourceFileOptions, onError?: (message: string) => void) {
      const id = `${fileName}\0${JSON.stringify(settings)}`;
      let file = parsed.get(id);
      if (!file) {
        file = getSourceFile.call(host, fileName, settings, onError);
        if (file) parsed.set(id, file);
      }
      reads[fileName] = hash(file?.text);
      return file;
    },
  });
}

function problemsOf(program: ts.EmitAndSemanticDiagnosticsBuilderProgram): TypeProblem[] {
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ];
  program.emit(); // with noEmit: writes only the build info (the checking of unchanged files is reused)
  return diagnostics.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file) return { message };
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    return { file: diagnostic.file.fileName, line, message };
  });
}

/**
 * The compiler's problems for each check (options, global, syntactic and semantic diagnostics,
 * as `tsc --noEmit` reports them), from its record when nothing it read has changed.
 */
export function recordedTypeCheck(checks: readonly TypeCheck[]): TypeProblem[][] {
  const parsed = new Map<string, ts.SourceFile>();
  return checks.map((check) => {
    const key = keyOf(check);
    const last = readRecord(check.record);
    if (last?.key === key && unchanged(last)) return last.problems;
    const inputs: Inputs = { reads: {}, files: {}, folders: {}, realpaths: {}, listings: {} };
    const host = recordingHost(check.options, parsed, inputs);
    const problems = problemsOf(ts.createIncrementalProgram({ rootNames: check.rootNames, options: check.options, host }));
    mkdirSync(dirname(check.record), { recursive: true });
    writeFileSync(check.record, JSON.stringify({ key, problems, ...inputs } satisfies CheckRecord));
    return problems;
  });
}
