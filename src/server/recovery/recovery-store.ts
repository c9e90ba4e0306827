import type { AuthorizationDetails } from '../../domain/types';
import type { ChargeRecoveryState } from './charge-machine';
import type { RecoveryState } from './recovery-machine';
import { createMemoryEventLog, type RecoveryEventLog } from '../recovery-event-log';
import { createKeyedLock } from '../keyed-lock';

/** One order's recovery inside its lock. Everything saved commits together when the work resolves (or earlier, at a `commit`). */
export type RecoveryTransaction = LockedTransaction<RecoveryState>;

/**
 * Where the recovery machine's state lives. `withOrderLock` serializes work on
 * one order across every process that shares the store (a row lock in
 * PostgreSQL), so two deliveries or two instances never act twice.
 */
export interface RecoveryStore {
  withOrderLock<T>(amazonOrderReferenceId: string, work: (transaction: RecoveryTransaction) => Promise<T>): Promise<T>;
  /**
   * The order's state as {@link withOrderLock} would load it, read while holding
   * the lock for an instant if no one holds it (one round trip in PostgreSQL),
   * without waiting: `busy` when another unit of work holds the lock. For work
   * that ends at once when there is no state (nothing to save, nothing to
   * enqueue), so it need not open a locked transaction. Optional.
   *
   * `attempt`: a store that is also the runner's `orders` (an `OrderStore`) saves it
   * first, as `saveAttempt` would, in the same round trip.
   */
  peekOrder?(amazonOrderReferenceId: string, options?: { readonly attempt?: AuthorizationDetails }): Promise<OrderPeek>;
  /** Every order's state (documentation, tests, an admin page). */
  listRecoveries(): Promise<readonly RecoveryState[]>;
}

/** What {@link RecoveryStore.peekOrder} found. */
export type OrderPeek = { readonly busy: true } | { readonly busy: false; readonly state: RecoveryState | undefined };

/**
 * Where the server's Checkout v2 charge watches live (charge-machine.ts).
 * `withChargeLock` serializes work on one charge across every process that
 * shares the store, as `withOrderLock` does for an order reference.
 */
export interface ChargeRecoveryStore {
  withChargeLock<T>(chargeId: string, work: (transaction: LockedTransaction<ChargeRecoveryState>) => Promise<T>): Promise<T>;
  listChargeRecoveries(): Promise<readonly ChargeRecoveryState[]>;
}

/** A state inside its lock; {@link RecoveryTransaction} is the one of an order's recovery. */
export interface LockedTransaction<S> {
  load(): Promise<S | undefined>;
  save(state: S): Promise<void>;
  /**
   * Saves `state` and commits it with everything the work enqueued so far, still holding the lock: what a
   * failure or a dying process later rolls back goes back to here, not to the start. The runner calls it
   * before an Authorize (write-ahead), so no crash forgets an attempt Amazon may hold.
   */
  commit(state: S): Promise<void>;
  /**
   * The store's transaction handle, passed to {@link RecoveryScheduler.schedule}
   * so a job is enqueued in the same transaction as the state that asks for it.
   */
  readonly handle: unknown;
}

/** States by key, each key's work one after the other; a failed work leaves the state as it was last committed. */
function memoryLockedStates<S>(): {
  withLock<T>(id: string, work: (transaction: LockedTransaction<S>) => Promise<T>): Promise<T>;
  peek(id: string): { busy: true } | { busy: false; state: S | undefined };
  list(): S[];
} {
  const states = new Map<string, S>();
  const lock = createKeyedLock();
  return {
    withLock(id, work) {
      return lock.run(id, async () => {
        let pending: S | undefined;
        const result = await work({
          async load() {
            return pending ?? states.get(id);
          },
          async save(state) {
            pending = state;
          },
          async commit(state) {
            pending = state;
            states.set(id, state);
          },
          handle: undefined,
        });
        if (pending) states.set(id, pending);
        return result;
      });
    },
    peek: (id) => (lock.busy(id) ? { busy: true } : { busy: false, state: states.get(id) }),
    list: () => [...states.values()],
  };
}

/**
 * The in-memory {@link RecoveryStore} (and {@link ChargeRecoveryStore}, and the
 * recovery report's {@link RecoveryEventLog}): one process, lost on restart. A
 * failed work leaves the state as it was last committed (at its start, or its last `commit`).
 */
export function createMemoryRecoveryStore(): RecoveryStore & ChargeRecoveryStore & RecoveryEventLog {
  const orders = memoryLockedStates<RecoveryState>();
  const charges = memoryLockedStates<ChargeRecoveryState>();
  const events = createMemoryEventLog();
  return {
    recordEvents: (batch) => events.recordEvents(batch),
    getRecoveryReport: (query) => events.getRecoveryReport(query),
    withOrderLock: (id, work) => orders.withLock(id, work),
    peekOrder: async (id) => orders.peek(id),
    async listRecoveries() {
      return orders.list();
    },
    withChargeLock: (id, work) => charges.withLock(id, work),
    async listChargeRecoveries() {
      return charges.list();
    },
  };
}
