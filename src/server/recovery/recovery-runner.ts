/**
 * Runs the recovery machine for asynchronous orders on the server, with the
 * buyer gone: driven by verified notifications and by its own schedule. A
 * notification is only a trigger: the runner re-reads the object from Amazon,
 * locks the order, feeds the machine, persists its state and carries out its
 * effects (Authorize, Confirm, Cancel, jobs, merchant notices).
 */
import { AmazonPayError } from '../../domain/errors';
import { buyerAccountUrl } from '../../domain/regions';
import type { AuthorizationDetails, CurrencyCode, Money, OrderReferenceDetails, Region } from '../../domain/types';
import type { LegacyPaymentsClient, VerifiedNotification } from '../amazon-clients';
import type { OrderStore } from '../order-store';
import type { UpdateHub } from '../update-hub';
import { authorizationAllowance, DEFAULT_OVERCHARGE_CAPS } from './authorization-limits';
import {
  initialRecoveryState,
  isEndState,
  transition,
  type RecoveryEffect,
  type RecoveryEvent,
  type RecoveryMachineOptions,
  type RecoveryNotice,
  type RecoveryState,
} from './recovery-machine';
import type { RecoveryJob, RecoveryScheduler } from './recovery-scheduler';
import type { RecoveryStore, RecoveryTransaction } from './recovery-store';

/** What every merchant hook receives. `noticeId` is stable: a hook may run again after a failure, so dedupe on it. */
export interface RecoveryNoticeContext {
  readonly noticeId: string;
  readonly amazonOrderReferenceId: string;
  /** Where the buyer updates the payment method (per region; see `accountUrl`). */
  readonly accountUrl: string;
  readonly amount: Money;
}

/**
 * The merchant's side of a recovery. Each runs from the job queue, after the
 * state that asked for it was committed, at least once.
 */
export interface RecoveryHooks {
  /** Hard decline, or soft-decline retries spent: e-mail the buyer `accountUrl`. The order is authorized again when they update the method. */
  contactBuyer(context: RecoveryNoticeContext & Extract<RecoveryNotice, { type: 'contactBuyer' }>): Promise<void> | void;
  /** The decline window ends at `deadline`: remind the buyer. */
  remindBuyer?(context: RecoveryNoticeContext & Extract<RecoveryNotice, { type: 'remindBuyer' }>): Promise<void> | void;
  /** The order ended without a payment: tell the merchant (and the buyer, as your shop does). */
  orderFailed(context: RecoveryNoticeContext & Extract<RecoveryNotice, { type: 'orderFailed' }>): Promise<void> | void;
  orderAuthorized?(context: RecoveryNoticeContext & Extract<RecoveryNotice, { type: 'orderAuthorized' }>): Promise<void> | void;
}

export interface RecoveryRunnerOptions {
  readonly legacy: LegacyPaymentsClient;
  /** Default: the in-memory store (one process). Use createPostgresStorage(...) to survive restarts. */
  readonly store: RecoveryStore;
  readonly scheduler: RecoveryScheduler;
  readonly hooks: RecoveryHooks;
  readonly region: Region;
  /** Buyer locale for the default account URL (EU). */
  readonly locale?: string;
  /** Overrides the account URL per order. */
  readonly accountUrl?: (amazonOrderReferenceId: string) => string;
  /** Where the handler keeps authorizations, so its retry budget counts the runner's too. */
  readonly orders?: OrderStore;
  /** The browser's event streams: re-read states and the runner's own authorizations are published here. */
  readonly hub?: UpdateHub;
  readonly machine?: Partial<RecoveryMachineOptions>;
  /** Async TransactionTimeout of the runner's authorizations, minutes. Default 1440. */
  readonly transactionTimeoutMinutes?: number;
  /** Amazon's "up to 10 successful authorizations" per order reference. */
  readonly maxSuccessfulAuthorizations?: number;
  /** The absolute cap of the overcharge allowance per currency (15 % of the total, at most this). */
  readonly overchargeCaps?: Partial<Record<CurrencyCode, number>>;
  readonly now?: () => Date;
  readonly random?: () => number;
  /** A job that failed (it is retried). Default console.error. */
  readonly onError?: (error: unknown, job?: RecoveryJob) => void;
}

export interface RecoveryRunner {
  /** Start watching an order from its first (Pending) asynchronous authorization. Idempotent. */
  track(authorization: AuthorizationDetails): Promise<void>;
  /** A verified notification arrived: re-read from Amazon and act. Throws (answer 5xx, SNS redelivers) when it cannot. */
  onNotification(notification: VerifiedNotification): Promise<void>;
  /** The order's recovery state, if the runner knows it. */
  get(amazonOrderReferenceId: string): Promise<RecoveryState | undefined>;
  /** Starts working on scheduled jobs. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createRecoveryRunner(options: RecoveryRunnerOptions): RecoveryRunner {
  const { legacy, store, scheduler, hooks, hub, orders } = options;
  if (!hooks || typeof hooks.contactBuyer !== 'function' || typeof hooks.orderFailed !== 'function') {
    throw new AmazonPayError('validation', 'createRecoveryRunner needs hooks.contactBuyer and hooks.orderFailed: without them a buyer is never asked to update the payment method.', {
      code: 'InvalidConfiguration',
      retryable: false,
    });
  }
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const onError = options.onError ?? ((error: unknown) => console.error('[amazon-pay recovery]', error));
  const maxSuccessful = options.maxSuccessfulAuthorizations ?? 10;
  const caps = { ...DEFAULT_OVERCHARGE_CAPS, ...options.overchargeCaps };
  const accountUrl = options.accountUrl ?? (() => buyerAccountUrl(options.region, options.locale ? { locale: options.locale } : {}));

  function publishAuthorization(authorization: AuthorizationDetails): void {
    const stamp = Date.parse(authorization.lastUpdateTimestamp) || 0;
    hub?.publish(authorization.amazonOrderReferenceId, {
      type: 'authorization',
      authorization,
      notificationId: `srv-${authorization.authorizationReferenceId}-${authorization.state}-${stamp}`,
    });
  }

  function publishOrderReference(orderReference: OrderReferenceDetails): void {
    hub?.publish(orderReference.amazonOrderReferenceId, {
      type: 'orderReference',
      orderReference,
      notificationId: `srv-${orderReference.amazonOrderReferenceId}-${orderReference.state}-${now().getTime()}`,
    });
  }

  /** Feeds events to the machine under the order's lock and carries out the effects, until none are left. */
  async function drive(transaction: RecoveryTransaction, start: RecoveryState, events: RecoveryEvent[]): Promise<RecoveryState> {
    let state = start;
    const queue = [...events];
    while (queue.length > 0) {
      const event = queue.shift()!;
      const result = transition(state, event, { now: now(), random: random(), ...(options.machine ? { options: options.machine } : {}) });
      state = result.state;
      for (const effect of result.effects) {
        const followUp = await carryOut(transaction, state, effect);
        if (followUp) queue.push(followUp);
      }
    }
    await transaction.save(state);
    return state;
  }

  async function carryOut(transaction: RecoveryTransaction, state: RecoveryState, effect: RecoveryEffect): Promise<RecoveryEvent | undefined> {
    const id = state.amazonOrderReferenceId;
    switch (effect.type) {
      case 'schedule':
        await scheduler.schedule({ type: 'timer', amazonOrderReferenceId: id, kind: effect.kind, sequence: effect.sequence }, effect.delayMs, transaction.handle);
        return undefined;
      case 'notify':
        await scheduler.schedule({ type: 'notice', amazonOrderReferenceId: id, noticeId: `${id}-${effect.notice.type}-${effect.sequence}`, notice: effect.notice }, 0, transaction.handle);
        return undefined;
      case 'cancelOrderReference': {
        const canceled = await legacy.cancelOrderReference({ amazonOrderReferenceId: id, reason: effect.reason });
        publishOrderReference(canceled);
        return undefined;
      }
      case 'authorize': {
        let orderReference = await legacy.getOrderReferenceDetails(id);
        if (orderReference.state === 'Suspended' && effect.confirmFirst) {
          orderReference = await legacy.confirmOrderReference({ amazonOrderReferenceId: id });
        }
        if (orderReference.state === 'Closed' || orderReference.state === 'Canceled') return { type: 'orderReference', orderReference, viaNotification: false };
        if (orderReference.state !== 'Open') return { type: 'authorizeRefused', reason: `OrderReference${orderReference.state}` };
        const refusal = authorizationAllowance({
          attempts: state.attempts,
          requested: effect.amount,
          orderTotal: orderReference.orderTotal ?? state.amount,
          maxSuccessful,
          caps,
        });
        if (refusal) return { type: 'authorizeRefused', reason: refusal };
        const authorization = await legacy.authorize({
          amazonOrderReferenceId: id,
          authorizationReferenceId: effect.authorizationReferenceId,
          amount: effect.amount,
          mode: 'async',
          transactionTimeoutMinutes: options.transactionTimeoutMinutes ?? 1440,
        });
        await orders?.saveAttempt(authorization);
        publishAuthorization(authorization);
        return { type: 'authorization', authorization, viaNotification: false };
      }
    }
  }

  /** Re-sends an authorization whose request was saved but whose answer was not (a crash in between): same id, same result. */
  function unansweredAttempt(state: RecoveryState): RecoveryEffect | undefined {
    const last = state.attempts[state.attempts.length - 1];
    if (!last || last.state !== 'Requested' || isEndState(state.phase)) return undefined;
    return { type: 'authorize', authorizationReferenceId: last.authorizationReferenceId, amount: last.amount, confirmFirst: true };
  }

  async function reread(state: RecoveryState): Promise<RecoveryEvent[]> {
    const events: RecoveryEvent[] = [];
    const last = state.attempts[state.attempts.length - 1];
    if (last?.amazonAuthorizationId && (last.state === 'Pending' || state.phase === 'awaitingResult')) {
      const authorization = await legacy.getAuthorizationDetails(last.amazonAuthorizationId);
      await orders?.saveAttempt(authorization);
      publishAuthorization(authorization);
      events.push({ type: 'authorization', authorization, viaNotification: false });
    }
    const orderReference = await legacy.getOrderReferenceDetails(state.amazonOrderReferenceId);
    events.push({ type: 'orderReference', orderReference, viaNotification: false });
    return events;
  }

  async function runTimer(job: Extract<RecoveryJob, { type: 'timer' }>): Promise<void> {
    await store.withOrderLock(job.amazonOrderReferenceId, async (transaction) => {
      const state = await transaction.load();
      if (!state || isEndState(state.phase)) return;
      const pending = unansweredAttempt(state);
      if (pending) {
        const followUp = await carryOut(transaction, state, pending);
        if (followUp) await drive(transaction, state, [followUp]);
        return;
      }
      switch (job.kind) {
        case 'retry':
          await drive(transaction, state, [{ type: 'retryDue', attempt: job.sequence }]);
          return;
        case 'reminder':
          await drive(transaction, state, [{ type: 'reminderDue' }]);
          return;
        case 'deadline':
          await drive(transaction, state, [{ type: 'deadlineDue' }]);
          return;
        case 'poll':
          // Only the latest poll of the chain runs, and none once a notification arrived.
          if (job.sequence !== state.polls || state.notified) return;
          await drive(transaction, state, [...(await reread(state)), { type: 'pollDue' }]);
          return;
      }
    });
  }

  async function deliverNotice(job: Extract<RecoveryJob, { type: 'notice' }>): Promise<void> {
    const state = await store.withOrderLock(job.amazonOrderReferenceId, (transaction) => transaction.load());
    const context = {
      noticeId: job.noticeId,
      amazonOrderReferenceId: job.amazonOrderReferenceId,
      accountUrl: accountUrl(job.amazonOrderReferenceId),
      amount: state?.amount ?? { amount: '0', currencyCode: 'USD' as const },
    };
    const { notice } = job;
    switch (notice.type) {
      case 'contactBuyer':
        return hooks.contactBuyer({ ...context, ...notice });
      case 'remindBuyer':
        return hooks.remindBuyer?.({ ...context, ...notice });
      case 'orderFailed':
        return hooks.orderFailed({ ...context, ...notice });
      case 'orderAuthorized':
        return hooks.orderAuthorized?.({ ...context, ...notice });
    }
  }

  async function work(job: RecoveryJob): Promise<void> {
    try {
      if (job.type === 'notice') await deliverNotice(job);
      else await runTimer(job);
    } catch (error) {
      onError(error, job);
      throw error;
    }
  }

  return {
    async track(authorization) {
      await store.withOrderLock(authorization.amazonOrderReferenceId, async (transaction) => {
        const known = await transaction.load();
        if (known) {
          await drive(transaction, known, [{ type: 'authorization', authorization, viaNotification: false }]);
          return;
        }
        await drive(transaction, initialRecoveryState(authorization), [{ type: 'authorization', authorization, viaNotification: false }, { type: 'pollDue' }]);
      });
    },

    async onNotification(notification) {
      if (notification.kind === 'authorization') {
        const authorization = await legacy.getAuthorizationDetails(notification.authorization.amazonAuthorizationId);
        await orders?.saveAttempt(authorization);
        await store.withOrderLock(authorization.amazonOrderReferenceId, async (transaction) => {
          const known = await transaction.load();
          const event: RecoveryEvent = { type: 'authorization', authorization, viaNotification: true };
          if (known) return void (await drive(transaction, known, [event]));
          // An order first seen Pending in a notification was authorized asynchronously elsewhere: recover it too.
          // Any other unknown one may be a synchronous authorization, which the buyer's page handles.
          if (authorization.state === 'Pending') await drive(transaction, initialRecoveryState(authorization), [event, { type: 'pollDue' }]);
        });
        return;
      }
      if (notification.kind === 'orderReference') {
        const id = notification.orderReference.amazonOrderReferenceId;
        const orderReference = await legacy.getOrderReferenceDetails(id);
        await store.withOrderLock(id, async (transaction) => {
          const known = await transaction.load();
          if (known) await drive(transaction, known, [{ type: 'orderReference', orderReference, viaNotification: true }]);
        });
      }
    },

    async get(amazonOrderReferenceId) {
      return store.withOrderLock(amazonOrderReferenceId, (transaction) => transaction.load());
    },

    start: () => scheduler.start(work),
    stop: () => scheduler.stop(),
  };
}
