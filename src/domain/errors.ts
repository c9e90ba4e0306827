/**
 * Every failure the kit reports is an {@link AmazonPayError} with a `kind`, so a
 * UI can switch on it. `code` carries Amazon's error code (e.g.
 * `OrderReferenceNotModifiable`) for `kind: 'amazon'`.
 *
 * Programmer errors and validation errors (bad props, a malformed amount or
 * URL) explain themselves in development builds; in production builds (where
 * the bundler replaces `process.env.NODE_ENV` with "production") their
 * `message` is their `code` and its entry in docs/errors.md, e.g.
 * `InvalidAmount https://github.com/…/docs/errors.md#invalidamount`, so the
 * sentences are not shipped.
 */
export type AmazonPayErrorKind =
  /** fetch failed: offline, DNS, connection reset. Safe to retry the same attempt. */
  | 'network'
  /** No reply within the timeout. The outcome is unknown: retry the same attempt id. */
  | 'timeout'
  /** The caller aborted (unmount, cancel). */
  | 'aborted'
  /** The reply was not the documented shape. */
  | 'malformed'
  /** Amazon (or the merchant's server on its behalf) answered with an error code. */
  | 'amazon'
  /** Input rejected before any call was made. */
  | 'validation'
  /** A third-party script failed to load or did not define its global. */
  | 'script'
  /** The merchant's server is not set up (a missing variable, a body parser in the way); its log names the fix. Not retryable. */
  | 'configuration';

export interface AmazonPayErrorOptions {
  readonly code?: string;
  readonly status?: number;
  readonly cause?: unknown;
  /** Whether repeating the same request may succeed. */
  readonly retryable?: boolean;
}

/** docs/errors.md, whose headings are the codes: production messages end with `ERRORS_DOC + code.toLowerCase()`. */
export const ERRORS_DOC = 'https://github.com/react-amazon-pay-recovery/react-amazon-pay-recovery/blob/main/docs/errors.md#';

// Fields are `declare`d and set in the constructor: a class field is lowered to a
// defineProperty helper (about 0.3 kB gzip) when a merchant's bundler targets ES2020.
export class AmazonPayError extends Error {
  declare readonly name: 'AmazonPayError';
  declare readonly kind: AmazonPayErrorKind;
  declare readonly code: string | undefined;
  declare readonly status: number | undefined;
  declare readonly retryable: boolean;

  constructor(kind: AmazonPayErrorKind, message: string, options: AmazonPayErrorOptions = {}) {
    // Production call sites pass their code as the message: point it at the code's entry in the docs.
    super(
      process.env.NODE_ENV === 'production' && message === options.code ? `${message} ${ERRORS_DOC}${message.toLowerCase()}` : message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    (this as { name: string }).name = 'AmazonPayError';
    this.kind = kind;
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable ?? (kind === 'network' || kind === 'timeout');
  }
}

/** A `validation` error with its `code`, never retryable (bad input stays bad). */
export function validationError(message: string, code: string): AmazonPayError {
  return new AmazonPayError('validation', message, { code, retryable: false });
}

export function isAmazonPayError(value: unknown, kind?: AmazonPayErrorKind): value is AmazonPayError {
  return value instanceof AmazonPayError && (kind === undefined || value.kind === kind);
}

/** Amazon or the merchant's server refused the request: nothing happened, and repeating it unchanged will not help. */
export function isRefusal(error: Pick<AmazonPayError, 'kind' | 'retryable'>): boolean {
  return !error.retryable && (error.kind === 'amazon' || error.kind === 'validation');
}

/** Throws the signal's reason as an `aborted` AmazonPayError when it is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new AmazonPayError('aborted', 'The request was aborted.', { cause: signal.reason, retryable: false });
  }
}
