/**
 * Work serialized per key inside this process: each key's work starts once the
 * previous one has settled (two tabs authorizing one order, a double-clicked
 * completion, one order's recovery in the memory store). Across processes the
 * PostgreSQL storage's locks do this.
 */
export interface KeyedLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Whether work on `key` is running or waiting. */
  busy(key: string): boolean;
}

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, work) {
      const run = (tails.get(key) ?? Promise.resolve()).then(work);
      const tail = run.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return run;
    },
    busy: (key) => tails.has(key),
  };
}
