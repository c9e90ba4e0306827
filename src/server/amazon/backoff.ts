export interface BackoffOptions {
  /** First delay in ms (default 1000; Amazon's PHP SDK waits 1.0 s, 2.2 s, 7.0 s). */
  readonly baseMs?: number;
  /** Upper bound of one delay in ms (default 8000). */
  readonly maxMs?: number;
}

/**
 * Delay before retry number `attempt` (1-based): exponential, capped, with
 * "equal jitter" (half the window plus a random share of the other half) so that
 * many servers throttled at once do not come back in lockstep.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? 1000;
  const cap = options.maxMs ?? 8000;
  const window = Math.min(cap, base * 2 ** (attempt - 1));
  return Math.round(window / 2 + random() * (window / 2));
}
