import type { AuthorizationDetails, CompleteCheckoutSessionRequest, CompletedCheckoutSession } from '../domain/types';

/** A completed checkout session and the amount it was completed with. */
export interface StoredCompletion {
  readonly request: CompleteCheckoutSessionRequest;
  readonly result: CompletedCheckoutSession;
}

/**
 * What the handler must remember between requests. The default
 * {@link createMemoryOrderStore} keeps it in process memory; to survive
 * restarts or run several instances, implement these methods over your
 * database (see docs/backend-contract.md, "Plugging a database").
 */
export interface OrderStore {
  /**
   * Upsert by authorizationReferenceId; keep the record with the later lastUpdateTimestamp (notifications can arrive out of order).
   *
   * `handle`: given when the recovery runner calls from inside a unit of work on the order, the recovery store's
   * `LockedTransaction.handle`. A store on the same database runs the call on it; waiting for another
   * connection while holding the order's lock can deadlock a pool that other units fill waiting for that lock.
   * Any other store ignores it.
   */
  saveAttempt(attempt: AuthorizationDetails, handle?: unknown): Promise<void>;
  /** Every authorization attempt of one order reference; `handle` as for {@link OrderStore.saveAttempt}. */
  listAttempts(amazonOrderReferenceId: string, handle?: unknown): Promise<readonly AuthorizationDetails[]>;
  getCompletion(checkoutSessionId: string): Promise<StoredCompletion | undefined>;
  saveCompletion(completion: StoredCompletion): Promise<void>;
  /**
   * Whether the notification id was recorded (its notification fully processed).
   * Optional: without it a replay is still refused, after an idempotent saveAttempt.
   */
  hasProcessedNotification?(notificationId: string): Promise<boolean>;
  /** Records a notification id atomically, after it was processed; resolves `false` when it was already recorded. */
  markNotificationProcessed(notificationId: string): Promise<boolean>;
}

/** The in-memory {@link OrderStore}: one process, lost on restart. Fine for development and single-instance servers. */
export function createMemoryOrderStore(): OrderStore {
  const attempts = new Map<string, AuthorizationDetails>();
  const completions = new Map<string, StoredCompletion>();
  const notifications = new Set<string>();
  return {
    async saveAttempt(attempt) {
      const known = attempts.get(attempt.authorizationReferenceId);
      if (known && Date.parse(known.lastUpdateTimestamp) > Date.parse(attempt.lastUpdateTimestamp)) return;
      attempts.set(attempt.authorizationReferenceId, attempt);
    },
    async listAttempts(amazonOrderReferenceId) {
      return [...attempts.values()].filter((a) => a.amazonOrderReferenceId === amazonOrderReferenceId);
    },
    async getCompletion(checkoutSessionId) {
      return completions.get(checkoutSessionId);
    },
    async saveCompletion(completion) {
      completions.set(completion.request.checkoutSessionId, completion);
    },
    async hasProcessedNotification(notificationId) {
      return notifications.has(notificationId);
    },
    async markNotificationProcessed(notificationId) {
      if (notifications.has(notificationId)) return false;
      notifications.add(notificationId);
      return true;
    },
  };
}
