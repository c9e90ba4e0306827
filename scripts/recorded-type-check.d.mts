import type ts from 'typescript';

export interface TypeCheck {
  readonly rootNames: readonly string[];
  readonly options: ts.CompilerOptions;
  /** Where this check's record is kept (a JSON file under node_modules/.cache). */
  readonly record: string;
}

/** A compiler diagnostic as plain data: `line` and `column` are 0-based within `file`. */
export interface TypeProblem {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly code: number;
  readonly message: string;
}

/**
 * The compiler's problems for each check (options, global, syntactic and semantic diagnostics,
 * as `tsc --noEmit` reports them), from its record when nothing it read has changed.
 */
export function recordedTypeCheck(checks: readonly TypeCheck[]): TypeProblem[][];
