import { throwIfAborted } from './errors';

/**
 * Resolves after `ms`, or at once when the signal aborts (never rejects): the
 * kit's one sleep (browser retries and reconnects, the server's backoff, the
 * sandbox's latency). A loop that re-checks its signal needs nothing more; a
 * caller that must stop on abort uses {@link sleep}.
 */
export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}

/** {@link abortableSleep} for a caller that stops on abort: an aborted signal (before or during the wait) rejects with an `aborted` error. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  throwIfAborted(signal);
  await abortableSleep(ms, signal);
  throwIfAborted(signal);
}
