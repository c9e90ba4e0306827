import { within } from './within';

/**
 * Waits (real time: a server, pg-boss or a scheduler works meanwhile) until `check` gives a value. A check that
 * itself never answers (a query waiting for a lock or a pool connection) fails at the limit too, saying so.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await within(
      Math.max(0, until - Date.now()) + 1_000,
      () => `The condition's check did not answer within ${timeoutMs} ms (it is stuck, not false).`,
      Promise.resolve().then(check),
    );
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`Condition not met within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
