/**
 * Resolves what `work` resolves, or fails after `ms` with `stillWaiting()`'s sentence (called then, so it can say
 * what was still waiting at that moment). `work` keeps running; the test stops waiting for it.
 */
export async function within<T>(ms: number, stillWaiting: () => string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(stillWaiting())), ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}
