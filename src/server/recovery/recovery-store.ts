import type { RecoveryState } from './recovery-machine';

/** One order's recovery inside its lock. Everything saved commits together when the work resolves. */
export interface RecoveryTransaction {
  load(): Promise<RecoveryState | undefined>;
  save(state: RecoveryState): Promise<void>;
  /**
   * The store's transaction handle, passed to {@link RecoveryScheduler.schedule}
   * so a job is enqueued in the same transaction as the state that asks for it.
   */
  readonly handle: unknown;
}

/**
 * Where the recovery machine's state lives. `withOrderLock` serializes work on
 * one order across every process that shares the store (a row lock in
 * PostgreSQL), so two deliveries or two instances never act twice.
 */
export interface RecoveryStore {
  withOrderLock<T>(amazonOrderReferenceId: string, work: (transaction: RecoveryTransaction) => Promise<T>): Promise<T>;
  /** Every order's state (documentation, tests, an admin page). */
  listRecoveries(): Promise<readonly RecoveryState[]>;
}

/** The in-memory {@link RecoveryStore}: one process, lost on restart. A failed work leaves the state as it was. */
export function createMemoryRecoveryStore(): RecoveryStore {
  const states = new Map<string, RecoveryState>();
  const locks = new Map<string, Promise<unknown>>();
  return {
    withOrderLock(id, work) {
      const previous = locks.get(id) ?? Promise.resolve();
      const run = previous.then(async () => {
        let pending: RecoveryState | undefined;
        const result = await work({
          async load() {
            return pending ?? states.get(id);
          },
          async save(state) {
            pending = state;
          },
          handle: undefined,
        });
        if (pending) states.set(id, pending);
        return result;
      });
      const tail = run.catch(() => undefined);
      locks.set(id, tail);
      void tail.then(() => {
        if (locks.get(id) === tail) locks.delete(id);
      });
      return run;
    },
    async listRecoveries() {
      return [...states.values()];
    },
  };
}
