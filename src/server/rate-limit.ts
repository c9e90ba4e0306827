/**
 * Fixed-window counters per key, for routes a buyer's tab may call as often
 * as it likes (the funnel events): `take(key, n)` says whether `n` more fit in
 * the key's current window. Keys are bounded: the oldest window is dropped
 * when `maxKeys` are tracked (a flood of new keys still meets the total limit).
 */
export interface RateLimiter {
  /** The seconds until the window frees up when `count` more do not fit; 0 when they were taken. */
  take(key: string, count: number): number;
}

export function createRateLimiter(options: {
  readonly limit: number;
  readonly windowMs: number;
  readonly now?: () => number;
  readonly maxKeys?: number;
}): RateLimiter {
  const { limit, windowMs } = options;
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { start: number; used: number }>();
  return {
    take(key, count) {
      const at = now();
      let window = windows.get(key);
      if (!window || at - window.start >= windowMs) {
        windows.delete(key);
        window = { start: at, used: 0 };
        windows.set(key, window);
        if (windows.size > maxKeys) windows.delete(windows.keys().next().value!);
      }
      if (window.used + count > limit) return Math.max(1, Math.ceil((window.start + windowMs - at) / 1000));
      window.used += count;
      return 0;
    },
  };
}
