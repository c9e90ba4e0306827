/**
 * Runs the recovery machine for asynchronous orders on the server, with the
 * buyer gone: driven by verified notifications and by its own schedule. A
 * notification is only a trigger: the runner re-reads the object from Amazon,
 * locks the order, feeds the machine, persists its state and carries out its
 * effects (Amazon calls, timers, merchant notices) in the same transaction: a
 * failure rolls the order back, and the notification (answered 5xx) or the
 * job (retried by the queue) runs it again, re-sending the same
 * AuthorizationReferenceIds, which Amazon answers with the first result.
 */
import { AmazonPayError } from '../../domain/errors';
import type { CallFailure } from '../../domain/decline-machine';
import { orderAccountUrl } from '../../domain/regions';
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
import type { ChargeRecoveryState } from './charge-machine';
import { createChargeWatch, type CheckoutV2RecoveryOptions, type TrackChargeRequest } from './charge-watch';
import type { RecoveryJob, RecoveryScheduler } from './recovery-scheduler';
import type { RecoveryStore, RecoveryTransaction } from './recovery-store';

/** What every merchant hook receives. `noticeId` is stable: a hook may run again after a failure, so dedupe on it. */
export interface RecoveryNoticeContext {
  readonly noticeId: string;
  readonly amazonOrderReferenceId: string;
  readonly amount: Money;
}

type NoticeOf<T extends RecoveryNotice['type']> = RecoveryNoticeContext & Extract<RecoveryNotice, { type: T }>;

/**
 * The merchant's side of a recovery. Each runs from the job queue, after the
 * state that asked for it was committed, at least once.
 */
export interface RecoveryHooks {
  /** Hard decline, or soft-decline retries spent: e-mail the buyer `accountUrl`. When they update the method the server authorizes again. */
  contactBuyer(context: NoticeOf<'contactBuyer'>): Promise<void> | void;
  /** The decline window ends at `deadline`: remind the buyer. */
  remindBuyer?(context: NoticeOf<'remindBuyer'>): Promise<void> | void;
  /** The order ended without a payment (`endState` says how): tell the merchant, and the buyer as your shop does. */
  orderFailed(context: NoticeOf<'orderFailed'>): Promise<void> | void;
  orderAuthorized?(context: NoticeOf<'orderAuthorized'>): Promise<void> | void;
}

export interface RecoveryRunnerOptions {
  readonly legacy: LegacyPaymentsClient;
  /** createMemoryRecoveryStore() (one process) or createPostgresStorage(...). */
  readonly store: RecoveryStore;
  /** createMemoryScheduler() (one process) or createPgBossScheduler(...). */
  readonly scheduler: RecoveryScheduler;
  readonly hooks: RecoveryHooks;
  readonly region: Region;
  /** Per-region templates of the buyer's account URL (`{orderReferenceId}` is replaced). */
  readonly accountUrls?: Partial<Record<Region, string>>;
  /** Where the handler keeps authorizations, so its per-order budget counts the runner's too. */
  readonly orders?: OrderStore;
  /** The browser's event streams: re-read states and the runner's own authorizations are published here. */
  readonly hub?: UpdateHub;
  readonly machine?: Partial<RecoveryMachineOptions>;
  /** The absolute cap of the overcharge allowance per currency (15 % of the total, at most this). */
  readonly overchargeCaps?: Partial<Record<CurrencyCode, number>>;
  readonly now?: () => number;
  readonly random?: () => number;
  /** A job or notification that failed (it runs again). Default console.error. */
  readonly onError?: (error: unknown, job?: RecoveryJob) => void;
  /**
   * Watch Checkout v2 charges made with `canHandlePendingAuthorization`: Get
   * Charge on every CHARGE notification and by polling; a charge that ends
   * Declined or Canceled calls `orderFailed` with a check-out-again link.
   * Without it, Checkout v2 charges are not watched.
   */
  readonly checkoutV2?: CheckoutV2RecoveryOptions;
}

export interface RecoveryRunner {
  /** Start watching an order from its first (Pending) asynchronous authorization. Idempotent. */
  track(authorization: AuthorizationDetails): Promise<void>;
  /** A verified notification arrived: re-read from Amazon and act. Throws (answer 5xx, SNS redelivers) when it cannot. */
  onNotification(notification: VerifiedNotification): Promise<void>;
  /**
   * Start watching a Checkout v2 charge after its checkout session completed
   * (the handler calls it). Reads it with Get Charge; idempotent. Does nothing
   * without the `checkoutV2` option.
   */
  trackCharge(request: TrackChargeRequest): Promise<void>;
  /** The order's recovery state, if the runner knows it. */
  get(amazonOrderReferenceId: string): Promise<RecoveryState | undefined>;
  /** A Checkout v2 charge's watch, if the runner knows it. */
  getCharge(chargeId: string): Promise<ChargeRecoveryState | undefined>;
  /** Starts working on scheduled jobs. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A failure worth repeating later (5xx, throttling, network, timeout) rolls the order back instead of feeding the machine. */
function isTransient(error: unknown): boolean {
  return !(error instanceof AmazonPayError) || error.retryable;
}

function failureOf(error: AmazonPayError): CallFailure {
  return { kind: error.kind, message: error.message, retryable: error.retryable, ...(error.code ? { code: error.code } : {}), ...(error.status ? { status: error.status } : {}) };
}

export function createRecoveryRunner(options: RecoveryRunnerOptions): RecoveryRunner {
  const { legacy, store, scheduler, hooks, hub, orders } = options;
  if (!hooks || typeof hooks.contactBuyer !== 'function' || typeof hooks.orderFailed !== 'function') {
    throw new AmazonPayError('validation', 'createRecoveryRunner needs hooks.contactBuyer and hooks.orderFailed: without them a buyer is never asked to update the payment method.', {
      code: 'InvalidConfiguration',
      retryable: false,
    });
  }
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const onError = options.onError ?? ((error: unknown) => console.error('[amazon-pay recovery]', error));
  const caps = { ...DEFAULT_OVERCHARGE_CAPS, ...options.overchargeCaps };
  const machineOptions = options.machine ?? {};
  const charges = options.checkoutV2 ? createChargeWatch(options.checkoutV2, store, { scheduler, ...(hub ? { hub } : {}), now, isTransient, onError }) : undefined;

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
      notificationId: `srv-${orderReference.amazonOrderReferenceId}-${orderReference.state}-${now()}`,
    });
  }

  /** Feeds events to the machine and carries out the effects until none are left, then saves the state. */
  async function drive(transaction: RecoveryTransaction, start: RecoveryState, events: RecoveryEvent[]): Promise<RecoveryState> {
    let state = start;
    const queue = [...events];
    const seen: { orderReference?: OrderReferenceDetails } = {};
    while (queue.length > 0) {
      const result = transition(state, queue.shift()!, machineOptions);
      state = result.state;
      for (const effect of result.effects) {
        const followUp = await carryOut(transaction, state, effect, seen);
        if (followUp) queue.push(followUp);
      }
    }
    await transaction.save(state);
    return state;
  }

  async function call(state: RecoveryState, effect: Extract<RecoveryEffect, { type: 'call' }>, seen: { orderReference?: OrderReferenceDetails }): Promise<unknown> {
    const { call: backendCall } = effect;
    switch (backendCall.method) {
      case 'authorize': {
        const refusal = authorizationAllowance({
          attempts: state.decline.attempts.map((a) => ({ ...(a.state ? { state: a.state } : {}), ...(a.reasonCode ? { reasonCode: a.reasonCode } : {}), amount: a.request?.amount ?? state.amount })),
          requested: backendCall.request.amount,
          orderTotal: seen.orderReference?.orderTotal ?? state.amount,
          maxSuccessful: state.decline.config.policy.maxAuthorizations,
          caps,
        });
        if (refusal) {
          // Refused here as Amazon would refuse it: the machine ends the flow (budgetSpent).
          throw new AmazonPayError('amazon', `TransactionAmountExceeded: ${refusal}.`, { code: 'TransactionAmountExceeded', status: 400, retryable: false });
        }
        const authorization = await legacy.authorize(backendCall.request);
        await orders?.saveAttempt(authorization);
        publishAuthorization(authorization);
        return authorization;
      }
      case 'getAuthorizationDetails': {
        const authorization = await legacy.getAuthorizationDetails(backendCall.amazonAuthorizationId);
        await orders?.saveAttempt(authorization);
        publishAuthorization(authorization);
        return authorization;
      }
      case 'getOrderReferenceDetails':
        return (seen.orderReference = await legacy.getOrderReferenceDetails(backendCall.amazonOrderReferenceId));
      case 'confirmOrderReference': {
        const orderReference = (seen.orderReference = await legacy.confirmOrderReference(backendCall.request));
        publishOrderReference(orderReference);
        return orderReference;
      }
      case 'cancelOrderReference': {
        const orderReference = await legacy.cancelOrderReference(backendCall.request);
        publishOrderReference(orderReference);
        return orderReference;
      }
    }
  }

  async function carryOut(
    transaction: RecoveryTransaction,
    state: RecoveryState,
    effect: RecoveryEffect,
    seen: { orderReference?: OrderReferenceDetails },
  ): Promise<RecoveryEvent | undefined> {
    const id = state.amazonOrderReferenceId;
    const delay = (at: number) => Math.max(0, at - now());
    switch (effect.type) {
      case 'call':
        try {
          const value = await call(state, effect, seen);
          return { type: 'decline', event: { type: 'callSucceeded', at: now(), callId: effect.callId, value } };
        } catch (error) {
          if (isTransient(error)) throw error;
          return { type: 'decline', event: { type: 'callFailed', at: now(), callId: effect.callId, failure: failureOf(error as AmazonPayError) } };
        }
      case 'timer':
        await scheduler.schedule({ type: 'timer', amazonOrderReferenceId: id, kind: 'machine', sequence: effect.timerId }, delay(effect.at), transaction.handle);
        return undefined;
      case 'job':
        await scheduler.schedule({ type: 'timer', amazonOrderReferenceId: id, kind: effect.kind, sequence: effect.sequence }, delay(effect.at), transaction.handle);
        return undefined;
      case 'notify':
        await scheduler.schedule({ type: 'notice', amazonOrderReferenceId: id, noticeId: effect.noticeId, notice: effect.notice }, 0, transaction.handle);
        return undefined;
      case 'cancelOrderReference':
        publishOrderReference(await legacy.cancelOrderReference({ amazonOrderReferenceId: id, reason: effect.reason }));
        return undefined;
    }
  }

  function eventOf(job: Extract<RecoveryJob, { type: 'timer' }>): RecoveryEvent {
    const at = now();
    switch (job.kind) {
      case 'machine':
        return { type: 'decline', event: { type: 'timerFired', at, timerId: job.sequence } };
      case 'reminder':
        return { type: 'reminderDue', at };
      case 'deadline':
        return { type: 'deadlineDue', at };
      case 'errorRetry':
        return { type: 'errorRetryDue', at, sequence: job.sequence };
    }
  }

  async function runTimer(job: Extract<RecoveryJob, { type: 'timer' }>): Promise<void> {
    await store.withOrderLock(job.amazonOrderReferenceId, async (transaction) => {
      const state = await transaction.load();
      if (!state || isEndState(state.phase)) return;
      // The deadline job runs at most once per sequence; a stale machine timer is ignored by the machine itself.
      await drive(transaction, state, [eventOf(job)]);
    });
  }

  async function deliverNotice(job: Extract<RecoveryJob, { type: 'notice' }>): Promise<void> {
    const amount = job.amount ?? (await store.withOrderLock(job.amazonOrderReferenceId, (transaction) => transaction.load()))?.amount;
    const context: RecoveryNoticeContext = {
      noticeId: job.noticeId,
      amazonOrderReferenceId: job.amazonOrderReferenceId,
      amount: amount ?? { amount: '0', currencyCode: 'USD' },
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
      else if (job.type === 'chargeTimer') await charges?.runTimer(job);
      else await runTimer(job);
    } catch (error) {
      onError(error, job);
      throw error;
    }
  }

  function newRecovery(first: AuthorizationDetails): RecoveryState {
    return initialRecoveryState({
      first,
      accountUrl: orderAccountUrl(options.region, first.amazonOrderReferenceId, options.accountUrls),
      at: now(),
      jitter: random(),
      options: machineOptions,
    });
  }

  const known = (authorization: AuthorizationDetails): RecoveryEvent => ({ type: 'decline', event: { type: 'authorizationKnown', at: now(), authorization } });

  return {
    async track(authorization) {
      await store.withOrderLock(authorization.amazonOrderReferenceId, async (transaction) => {
        if (await transaction.load()) return;
        await drive(transaction, newRecovery(authorization), [known(authorization)]);
      });
    },

    async trackCharge(request) {
      await charges?.track(request);
    },

    async onNotification(notification) {
      if (notification.kind === 'charge') return charges?.onChargeNotification(notification.chargeId, notification.notificationId);
      if (notification.kind === 'authorization') {
        const authorization = await legacy.getAuthorizationDetails(notification.authorization.amazonAuthorizationId);
        await orders?.saveAttempt(authorization);
        publishAuthorization(authorization);
        const update = { type: 'authorization', authorization, notificationId: notification.notificationId } as const;
        await store.withOrderLock(authorization.amazonOrderReferenceId, async (transaction) => {
          const state = await transaction.load();
          const notified: RecoveryEvent = { type: 'decline', event: { type: 'notified', at: now(), update } };
          if (state) return void (await drive(transaction, state, [notified]));
          // An order first seen Pending in a notification was authorized asynchronously elsewhere: recover it too.
          // Any other unknown one may be a synchronous authorization, which the buyer's page handles.
          if (authorization.state === 'Pending') await drive(transaction, newRecovery(authorization), [known(authorization)]);
        });
        return;
      }
      if (notification.kind === 'orderReference') {
        const id = notification.orderReference.amazonOrderReferenceId;
        const orderReference = await legacy.getOrderReferenceDetails(id);
        publishOrderReference(orderReference);
        await store.withOrderLock(id, async (transaction) => {
          const state = await transaction.load();
          const update = { type: 'orderReference', orderReference, notificationId: notification.notificationId } as const;
          if (state) await drive(transaction, state, [{ type: 'decline', event: { type: 'notified', at: now(), update } }]);
        });
      }
    },

    async get(amazonOrderReferenceId) {
      return store.withOrderLock(amazonOrderReferenceId, (transaction) => transaction.load());
    },

    async getCharge(chargeId) {
      return charges?.get(chargeId);
    },

    start: () => scheduler.start(work),
    stop: () => scheduler.stop(),
  };
}
