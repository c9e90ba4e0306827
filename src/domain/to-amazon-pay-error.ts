import { AmazonPayError } from './errors';

// Apart from ./errors, which every page reaches for the class: only what catches foreign errors
// (the lazy button, the decline runner, the return hook) carries this. esbuild gives a page every
// used part of a file it reaches, and the public entry re-exports ./errors.

/** Wraps anything thrown (a string, a TypeError from fetch, ...) into an AmazonPayError. */
export function toAmazonPayError(value: unknown, signal?: AbortSignal): AmazonPayError {
  if (value instanceof AmazonPayError) return value;
  if (signal?.aborted || (value instanceof Error && value.name === 'AbortError')) {
    return new AmazonPayError('aborted', 'The request was aborted.', { cause: value, retryable: false });
  }
  if (value instanceof Error && value.name === 'TimeoutError') {
    return new AmazonPayError('timeout', 'The request timed out.', { cause: value });
  }
  const message = value instanceof Error ? value.message : String(value);
  return new AmazonPayError('network', `The backend call failed: ${message}`, { cause: value });
}
