/**
 * Runs the recovery machine for asynchronous orders on the server, with the
 * buyer gone: driven by verified notifications and by its own schedule. A
 * notification is only a trigger: the runner re-reads the object from Amazon,
 * locks the order, feeds the machine, persists its state and carries out its
 * effects (Amazon calls, timers, merchant notices) in the same transaction: a
 * failure rolls the order back, and the notification (answered 5xx) or the
 * job (retried by the queue) runs it again, re-sending the same
 * AuthorizationReferenceIds, which Amazon answers with the first result. An
 * Authorize is the exception: Amazon may hold it whatever happens next, so the
 * state with the Authorize in flight commits before it is sent (write-ahead,
 * with an `inDoubt` job), and a failed one is fed to the machine, which keeps
 * the attempt (outcome unknown) and re-sends it instead of forgetting it.
 */
import { AmazonPayError } from '../../domain/errors';
import { toAmazonPayError } from '../../domain/to-amazon-pay-error';
import { isLiveAuthorization, type BackendCall, type CallFailure } from '../../domain/decline-machine';
import { resolveDeclinePolicy } from '../../domain/decline-policy';
import { orderAccountUrl } from '../../domain/order-account-url';
import type { BackendUpdate, RecoveryIntentRequest, ServerRecoveryView } from '../../domain/server-recovery';
import type { AuthorizationDetails, AuthorizeRequest, CurrencyCode, Money, OrderReferenceDetails, Region } from '../../domain/types';
import type { LegacyPaymentsClient, VerifiedNotification } from '../amazon-clients';
import type { OrderStore } from '../order-store';
import type { UpdateHub } from '../update-hub';
import { authorizationAllowance, DEFAULT_OVERCHARGE_CAPS, type HeldAttempt } from '../../domain/authorization-limits';
import {
  DEFAULT_RECOVERY_MACHINE_OPTIONS,
  initialRecoveryState,
  isEndState,
  startedRecoveryState,
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
import { createMemoryEventLog, isRecoveryEventLog, type RecoveryEventLog } from '../recovery-event-log';
import { transitionEvents } from './transition-events';
import { recoveryView } from './recovery-view';

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
  /**
   * Where the runner records the declines it sees and how its orders end (the
   * recovery report). Default: `store` when it records events
   * (createPostgresStorage, createMemoryRecoveryStore: inside the order's
   * transaction), else an in-memory log.
   */
  readonly events?: RecoveryEventLog;
}

export interface RecoveryRunner {
  /** Where the runner records its events; the handler records the tab's and its own there too by default. */
  readonly events?: RecoveryEventLog;
  /**
   * The store the runner records every authorization it reads from Amazon in
   * (its `orders` option): a handler sharing it leaves a notification's copy
   * to the runner's re-read.
   */
  readonly orders?: OrderStore;
  /** Start watching an order from its first (Pending) asynchronous authorization. Idempotent. */
  track(authorization: AuthorizationDetails): Promise<void>;
  /**
   * A verified notification arrived: re-read from Amazon and act. Throws
   * (answer 5xx, SNS redelivers) when it cannot. The runner publishes the
   * re-read object to the order's event stream (one event per notification),
   * so the handler relays nothing itself.
   */
  onNotification(notification: VerifiedNotification): Promise<void>;
  /**
   * The buyer's tab asks (the server owns the order; the tab only shows its
   * view). `start` begins the recovery with the server's own Authorize, or
   * joins the one under way; the others act on a known order. Resolves with
   * the view after the intent; an unknown order rejects with code `UnknownOrder`.
   */
  intent(amazonOrderReferenceId: string, request: RecoveryIntentRequest): Promise<ServerRecoveryView>;
  /** What every tab shows for the order, or `undefined` when the server does not own it. */
  view(amazonOrderReferenceId: string): Promise<ServerRecoveryView | undefined>;
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
export function isTransient(error: unknown): boolean {
  return !(error instanceof AmazonPayError) || error.retryable;
}

/** A failed call as the machine's `callFailed` carries it. */
export function failureOf(failed: unknown): CallFailure {
  const error = toAmazonPayError(failed);
  return {
    kind: error.kind,
    message: error.message,
    retryable: error.retryable,
    ...(error.code ? { code: error.code } : {}),
    ...(error.status ? { status: error.status } : {}),
  };
}

/**
 * Refuses, as Amazon would, an Authorize beyond the retry budget (`perOrderLimit`
 * attempts), Amazon's successful-authorization limit or the overcharge allowance:
 * the machine then ends the flow (budgetSpent). A re-sent attempt is never new.
 */
export function refuseBeyondLimits(input: {
  readonly attempts: ReadonlyArray<HeldAttempt & { readonly authorizationReferenceId: string }>;
  readonly request: AuthorizeRequest;
  readonly orderTotal: Money;
  readonly perOrderLimit: number;
  readonly caps: Readonly<Record<CurrencyCode, number>>;
}): void {
  const { attempts, request, perOrderLimit } = input;
  const isNew = !attempts.some((a) => a.authorizationReferenceId === request.authorizationReferenceId);
  const refusal =
    isNew && attempts.length >= perOrderLimit
      ? 'RetryBudgetExhausted'
      : authorizationAllowance({
          attempts,
          requested: request.amount,
          orderTotal: input.orderTotal,
          maxSuccessful: perOrderLimit,
          caps: input.caps,
        });
  if (refusal) {
    throw new AmazonPayError('amazon', `TransactionAmountExceeded: ${refusal}.`, {
      code: refusal === 'RetryBudgetExhausted' ? refusal : 'TransactionAmountExceeded',
      status: 400,
      retryable: false,
    });
  }
}

export function createRecoveryRunner(options: RecoveryRunnerOptions): RecoveryRunner {
  const { legacy, store, scheduler, hooks, hub, orders } = options;
  if (!hooks || typeof hooks.contactBuyer !== 'function' || typeof hooks.orderFailed !== 'function') {
    throw new AmazonPayError(
      'validation',
      'createRecoveryRunner needs hooks.contactBuyer and hooks.orderFailed: without them a buyer is never asked to update the payment method.',
      {
        code: 'InvalidConfiguration',
        retryable: false,
      },
    );
  }
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const onError = options.onError ?? ((error: unknown) => console.error('[amazon-pay recovery]', error));
  const caps = { ...DEFAULT_OVERCHARGE_CAPS, ...options.overchargeCaps };
  const machineOptions = options.machine ?? {};
  const perOrderLimit = resolveDeclinePolicy(machineOptions.policy).maxAuthorizations;
  const rerunDelayMs = machineOptions.errorRetryDelayMs ?? DEFAULT_RECOVERY_MACHINE_OPTIONS.errorRetryDelayMs;
  const events = options.events ?? (isRecoveryEventLog(store) ? store : createMemoryEventLog());
  const charges = options.checkoutV2
    ? createChargeWatch(options.checkoutV2, store, { scheduler, ...(hub ? { hub } : {}), now, isTransient, onError, events })
    : undefined;

  /** What one unit of work (a notification, a job, an intent) read from Amazon: the last object is published once it committed. */
  interface Seen {
    orderReference?: OrderReferenceDetails;
    update?: BackendUpdate;
  }

  const authorizationUpdate = (authorization: AuthorizationDetails, notificationId?: string): BackendUpdate => ({
    type: 'authorization',
    authorization,
    notificationId:
      notificationId ??
      `srv-${authorization.authorizationReferenceId}-${authorization.state}-${Date.parse(authorization.lastUpdateTimestamp) || 0}`,
  });
  const orderReferenceUpdate = (orderReference: OrderReferenceDetails, notificationId?: string): BackendUpdate => ({
    type: 'orderReference',
    orderReference,
    notificationId: notificationId ?? `srv-${orderReference.amazonOrderReferenceId}-${orderReference.state}-${now()}`,
  });

  /**
   * One event per unit of work on the order's stream, after its state
   * committed: what was read from Amazon (old tabs run their own machine on
   * it) with the server's view attached, or the view alone when only the
   * server's state changed.
   */
  function publish(id: string, seen: Seen, before: RecoveryState | undefined, after: RecoveryState | undefined): void {
    if (!hub) return;
    const changed = after !== undefined && (before === undefined || (after.revision ?? 0) !== (before.revision ?? 0));
    const recovery = after ? recoveryView(after) : undefined;
    if (seen.update) hub.publish(id, { ...seen.update, ...(recovery ? { recovery } : {}) } as BackendUpdate);
    else if (changed && recovery) hub.publish(id, { type: 'recovery', recovery, notificationId: `rcv-${id}-${recovery.revision}` });
  }

  /** Runs `work` on the order inside its lock, then publishes what it read and decided. */
  async function onOrder<T>(
    id: string,
    work: (
      transaction: RecoveryTransaction,
      seen: Seen,
    ) => Promise<{ readonly before: RecoveryState | undefined; readonly after: RecoveryState | undefined; readonly result: T }>,
  ): Promise<T> {
    const seen: Seen = {};
    const { before, after, result } = await store.withOrderLock(id, async (transaction) => {
      const done = await work(transaction, seen);
      // In the same transaction when the log is the store: what the state says happened is recorded with it.
      const recorded = transitionEvents(done.before, done.after, now());
      if (recorded.length > 0) await events.recordEvents(recorded, transaction.handle);
      return done;
    });
    publish(id, seen, before, after);
    return result;
  }

  /**
   * A state loaded with an Authorize in flight was written ahead by a unit that then failed or died (units hold the
   * order's lock, and one that commits has every reply): its outcome is in doubt now, not at its `inDoubt` job.
   */
  function orphanedAuthorize(start: RecoveryState): RecoveryEvent[] {
    const inFlight = start.decline.inFlight;
    return inFlight?.operation.op === 'authorize' ? [{ type: 'timerFired', at: now(), timer: 'inDoubt', timerId: inFlight.callId }] : [];
  }

  /** Feeds events to the machine and carries out the effects until none are left, then saves the state. */
  async function drive(
    transaction: RecoveryTransaction,
    start: RecoveryState,
    events: RecoveryEvent[],
    seen: Seen,
  ): Promise<RecoveryState> {
    let state = start;
    const queue = [...orphanedAuthorize(start), ...events];
    while (queue.length > 0) {
      const result = transition(state, queue.shift()!, machineOptions);
      state = result.state;
      for (const effect of result.effects) {
        const followUp = await carryOut(transaction, state, effect, seen);
        if (followUp) queue.push(followUp);
      }
    }
    if (state !== start) await transaction.save(state);
    return state;
  }

  /** Every authorization of the order, the runner's and any other party's (the handler's store), by reference id. */
  async function allAttempts(
    state: RecoveryState,
    handle: unknown,
  ): Promise<
    Array<{ state?: string; reasonCode?: string; amount: Money; authorizationReferenceId: string; details?: AuthorizationDetails }>
  > {
    const mine = state.decline.attempts.map((a) => ({
      authorizationReferenceId: a.authorizationReferenceId,
      ...(a.state ? { state: a.state } : {}),
      ...(a.reasonCode ? { reasonCode: a.reasonCode } : {}),
      amount: a.request?.amount ?? state.amount,
    }));
    const stored = (await orders?.listAttempts(state.amazonOrderReferenceId, handle)) ?? [];
    const others = stored
      .filter((a) => !mine.some((m) => m.authorizationReferenceId === a.authorizationReferenceId))
      .map((a) => ({
        authorizationReferenceId: a.authorizationReferenceId,
        state: a.state,
        ...(a.reasonCode ? { reasonCode: a.reasonCode } : {}),
        amount: a.amount,
        details: a,
      }));
    return [...mine, ...others];
  }

  async function authorize(
    transaction: RecoveryTransaction,
    state: RecoveryState,
    backendCall: Extract<BackendCall, { method: 'authorize' }>,
    seen: Seen,
  ): Promise<AuthorizationDetails> {
    const attempts = await allAttempts(state, transaction.handle);
    const { request } = backendCall;
    // Another party's live authorization (a tab, the merchant's own call): never a second one; the machine takes it as this attempt.
    const live = attempts.find(
      (a) => a.details && a.authorizationReferenceId !== request.authorizationReferenceId && isLiveAuthorization(a.details, true),
    );
    if (live?.details) return live.details;
    refuseBeyondLimits({ attempts, request, orderTotal: seen.orderReference?.orderTotal ?? state.amount, perOrderLimit, caps });
    const authorization = await legacy.authorize(request);
    await orders?.saveAttempt(authorization, transaction.handle);
    seen.update = authorizationUpdate(authorization);
    return authorization;
  }

  async function call(
    transaction: RecoveryTransaction,
    state: RecoveryState,
    effect: Extract<RecoveryEffect, { callId: number }>,
    seen: Seen,
  ): Promise<unknown> {
    const { call: backendCall } = effect;
    switch (backendCall.method) {
      case 'authorize':
        return authorize(transaction, state, backendCall, seen);
      case 'getAuthorizationDetails': {
        const authorization = await legacy.getAuthorizationDetails(backendCall.amazonAuthorizationId);
        await orders?.saveAttempt(authorization, transaction.handle);
        seen.update = authorizationUpdate(authorization);
        return authorization;
      }
      case 'getOrderReferenceDetails':
        return (seen.orderReference = await legacy.getOrderReferenceDetails(backendCall.amazonOrderReferenceId));
      case 'confirmOrderReference': {
        const orderReference = (seen.orderReference = await legacy.confirmOrderReference(backendCall.request));
        seen.update = orderReferenceUpdate(orderReference);
        return orderReference;
      }
      case 'cancelOrderReference': {
        const orderReference = await legacy.cancelOrderReference(backendCall.request);
        seen.update = orderReferenceUpdate(orderReference);
        return orderReference;
      }
    }
  }

  /** CancelOrderReference at the deadline or for "Pay another way": a refusal re-reads the order, so the end says what Amazon holds. */
  async function cancelOrder(id: string, reason: string, seen: Seen): Promise<RecoveryEvent> {
    const at = now();
    try {
      const orderReference = await legacy.cancelOrderReference({ amazonOrderReferenceId: id, reason });
      seen.update = orderReferenceUpdate(orderReference);
      return { type: 'cancelResult', at, outcome: 'canceled', orderReference };
    } catch (error) {
      if (isTransient(error))
        return { type: 'cancelResult', at, outcome: 'transient', message: String((error as Error)?.message ?? error) };
      onError(error);
      const code = (error as AmazonPayError).code;
      try {
        const orderReference = await legacy.getOrderReferenceDetails(id);
        seen.update = orderReferenceUpdate(orderReference);
        return { type: 'cancelResult', at, outcome: 'refused', ...(code ? { code } : {}), orderReference };
      } catch (readError) {
        if (isTransient(readError))
          return { type: 'cancelResult', at, outcome: 'transient', message: String((readError as Error)?.message ?? readError) };
        return { type: 'cancelResult', at, outcome: 'refused', ...(code ? { code } : {}) };
      }
    }
  }

  async function carryOut(
    transaction: RecoveryTransaction,
    state: RecoveryState,
    effect: RecoveryEffect,
    seen: Seen,
  ): Promise<RecoveryEvent | undefined> {
    const id = state.amazonOrderReferenceId;
    const delay = (at: number) => Math.max(0, at - now());
    switch (effect.type) {
      case 'call': {
        // Without a callId: the server's own CancelOrderReference (deadline, "Pay another way"); its outcome is `cancelResult`.
        if (effect.callId === undefined) return cancelOrder(id, (effect.call as { request: { reason: string } }).request.reason, seen);
        const { callId } = effect;
        // Write-ahead: the state with this Authorize in flight (and its inDoubt job) commits before Amazon can apply it.
        if (effect.call.method === 'authorize') await transaction.commit(state);
        try {
          const value = await call(transaction, state, effect as Extract<RecoveryEffect, { callId: number }>, seen);
          return { type: 'decline', event: { type: 'callSucceeded', at: now(), callId, value } };
        } catch (error) {
          // A failed Authorize may have reached Amazon (a lost reply): rolled back, the attempt would be forgotten and the
          // order could end while Amazon still settles it Open. The machine keeps it unknown and re-sends it byte for byte.
          if (isTransient(error) && effect.call.method !== 'authorize') throw error;
          return { type: 'decline', event: { type: 'callFailed', at: now(), callId, failure: failureOf(error) } };
        }
      }
      case 'schedule':
        // The decline machine's timer names none: job kind `machine`.
        await scheduler.schedule(
          { type: 'timer', amazonOrderReferenceId: id, kind: effect.timer ?? 'machine', sequence: effect.timerId },
          delay(effect.at),
          transaction.handle,
        );
        return undefined;
      case 'clearTimer':
        return undefined; // a timer the machine no longer awaits is ignored when it fires
      case 'notify':
        await scheduler.schedule(
          { type: 'notice', amazonOrderReferenceId: id, noticeId: effect.noticeId, notice: effect.notice },
          0,
          transaction.handle,
        );
        return undefined;
    }
  }

  function eventOf(job: Extract<RecoveryJob, { type: 'timer' }>): RecoveryEvent {
    const at = now();
    if (job.kind === 'machine') return { type: 'decline', event: { type: 'timerFired', at, timerId: job.sequence } };
    return { type: 'timerFired', at, timer: job.kind, timerId: job.sequence };
  }

  /**
   * A job failed in passing (it runs again): counted in the order's state, so
   * that an Amazon that keeps failing ends the order `failed` (with
   * `orderFailed`) after `maxErrorRetries` instead of leaving it waiting when
   * the queue gives up. While the order goes on (it never ends while an
   * authorization's outcome is unknown) the same timer is also scheduled as a
   * job of its own (`rerun`, one per generation: every failed try of a run
   * asks for the same next one), so an order never waits on a job the queue
   * has given up. Its guards make a timer that already did its work a no-op.
   * Resolves whether the order ended.
   */
  async function countTransientFailure(id: string, error: unknown, job: Extract<RecoveryJob, { type: 'timer' }>): Promise<boolean> {
    return onOrder(id, async (transaction, seen) => {
      const before = await transaction.load();
      if (!before || isEndState(before.phase)) return { before, after: before, result: false };
      const after = await drive(
        transaction,
        before,
        [{ type: 'transientFailure', at: now(), message: String((error as Error)?.message ?? error) }],
        seen,
      );
      const ended = isEndState(after.phase);
      if (!ended) await scheduler.schedule({ ...job, rerun: (job.rerun ?? 0) + 1 }, rerunDelayMs, transaction.handle);
      return { before, after, result: ended };
    });
  }

  async function runTimer(job: Extract<RecoveryJob, { type: 'timer' }>): Promise<void> {
    const id = job.amazonOrderReferenceId;
    try {
      await onOrder(id, async (transaction, seen) => {
        const before = await transaction.load();
        if (!before || isEndState(before.phase)) return { before, after: before, result: undefined };
        // The deadline job runs at most once per sequence; a stale machine timer is ignored by the machine itself.
        return { before, after: await drive(transaction, before, [eventOf(job)], seen), result: undefined };
      });
    } catch (error) {
      if (isTransient(error) && (await countTransientFailure(id, error, job))) return;
      throw error;
    }
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

  function accountUrlOf(id: string): string {
    return orderAccountUrl(options.region, id, options.accountUrls);
  }

  function newRecovery(first: AuthorizationDetails): RecoveryState {
    return initialRecoveryState({
      first,
      accountUrl: accountUrlOf(first.amazonOrderReferenceId),
      at: now(),
      jitter: random(),
      options: machineOptions,
    });
  }

  const known = (authorization: AuthorizationDetails): RecoveryEvent => ({
    type: 'decline',
    event: { type: 'authorizationKnown', at: now(), authorization },
  });

  /** The freshest record of an authorization: a notification that arrived before it was tracked left its state in the handler's store. */
  async function freshest(authorization: AuthorizationDetails, transaction: RecoveryTransaction): Promise<AuthorizationDetails> {
    const stored = (await orders?.listAttempts(authorization.amazonOrderReferenceId, transaction.handle))?.find(
      (a) => a.amazonAuthorizationId === authorization.amazonAuthorizationId,
    );
    return stored && stored.state !== 'Pending' && Date.parse(stored.lastUpdateTimestamp) >= Date.parse(authorization.lastUpdateTimestamp)
      ? stored
      : authorization;
  }

  function unknownOrder(id: string): AmazonPayError {
    return new AmazonPayError('validation', `The server is not recovering order reference ${id}.`, {
      code: 'UnknownOrder',
      status: 404,
      retryable: false,
    });
  }

  return {
    ...(orders ? { orders } : {}),
    events,

    async track(authorization) {
      await onOrder(authorization.amazonOrderReferenceId, async (transaction, seen) => {
        const before = await transaction.load();
        if (before) return { before, after: before, result: undefined };
        // Inside the lock: a notification handled before it stored the authorization's result, which is acted on now.
        const first = await freshest(authorization, transaction);
        return { before, after: await drive(transaction, newRecovery(first), [known(first)], seen), result: undefined };
      });
    },

    async trackCharge(request) {
      await charges?.track(request);
    },

    async onNotification(notification) {
      if (notification.kind === 'charge') return charges?.onChargeNotification(notification.chargeId, notification.notificationId);
      if (notification.kind === 'authorization') {
        const authorization = await legacy.getAuthorizationDetails(notification.authorization.amazonAuthorizationId);
        // The store keeps the newer of the re-read and the notification's copy (a handler sharing `orders` leaves both to this one write).
        const copy = notification.authorization;
        const newer = Date.parse(copy.lastUpdateTimestamp) > Date.parse(authorization.lastUpdateTimestamp) ? copy : authorization;
        const update = authorizationUpdate(authorization, notification.notificationId);
        const id = authorization.amazonOrderReferenceId;
        // Not Pending on an order the runner does not recover: the locked transaction below would find no state and do
        // nothing. When no one holds the order's lock, one read under a tried lock finds what it would have found,
        // without opening it; a track() or start taking the lock after that reads the authorization stored first
        // (in the same round trip when the recovery store is also the order store).
        const peeking = authorization.state !== 'Pending' && store.peekOrder;
        const savedByPeek = peeking && (orders as unknown) === store;
        if (!savedByPeek) await orders?.saveAttempt(newer);
        if (peeking) {
          const peek = await store.peekOrder!(id, savedByPeek ? { attempt: newer } : undefined);
          if (!peek.busy && !peek.state) return publish(id, { update }, undefined, undefined);
        }
        await onOrder(id, async (transaction, seen) => {
          seen.update = update;
          const before = await transaction.load();
          const notified: RecoveryEvent = { type: 'decline', event: { type: 'notified', at: now(), update } };
          if (before) return { before, after: await drive(transaction, before, [notified], seen), result: undefined };
          // An order first seen Pending in a notification was authorized asynchronously elsewhere: recover it too.
          // Any other unknown one may be a synchronous authorization, which the buyer's page handles.
          if (authorization.state !== 'Pending') return { before, after: undefined, result: undefined };
          return { before, after: await drive(transaction, newRecovery(authorization), [known(authorization)], seen), result: undefined };
        });
        return;
      }
      if (notification.kind === 'orderReference') {
        const id = notification.orderReference.amazonOrderReferenceId;
        const orderReference = await legacy.getOrderReferenceDetails(id);
        const update = orderReferenceUpdate(orderReference, notification.notificationId);
        await onOrder(id, async (transaction, seen) => {
          seen.update = update;
          const before = await transaction.load();
          if (!before) return { before, after: undefined, result: undefined };
          return {
            before,
            after: await drive(transaction, before, [{ type: 'decline', event: { type: 'notified', at: now(), update } }], seen),
            result: undefined,
          };
        });
      }
    },

    async intent(amazonOrderReferenceId, request) {
      return onOrder(amazonOrderReferenceId, async (transaction, seen) => {
        const before = await transaction.load();
        let after: RecoveryState;
        if (request.intent === 'start') {
          // A reload or a second tab joins the recovery under way.
          if (before) return { before, after: before, result: recoveryView(before) };
          if (!request.amount || !request.mode)
            throw new AmazonPayError('validation', 'start needs the amount and the mode.', {
              code: 'InvalidParameterValue',
              status: 400,
              retryable: false,
            });
          const initial = startedRecoveryState({
            amazonOrderReferenceId,
            amount: request.amount,
            mode: request.mode,
            accountUrl: accountUrlOf(amazonOrderReferenceId),
            at: now(),
            jitter: random(),
            options: machineOptions,
          });
          // An authorization made before the server owned the order (the merchant's own call) is where the flow continues.
          const stored = (await orders?.listAttempts(amazonOrderReferenceId, transaction.handle)) ?? [];
          const existing = stored.find((a) => isLiveAuthorization(a, true)) ?? stored.at(-1);
          after = await drive(
            transaction,
            initial,
            [existing ? known(existing) : { type: 'decline', event: { type: 'authorize', at: now() } }],
            seen,
          );
        } else {
          if (!before) throw unknownOrder(amazonOrderReferenceId);
          after = await drive(transaction, before, [{ type: 'buyer', at: now(), intent: request.intent }], seen);
        }
        return { before, after, result: recoveryView(after) };
      });
    },

    async view(amazonOrderReferenceId) {
      const state = await store.withOrderLock(amazonOrderReferenceId, (transaction) => transaction.load());
      return state ? recoveryView(state) : undefined;
    },

    async get(amazonOrderReferenceId) {
      return store.withOrderLock(amazonOrderReferenceId, (transaction) => transaction.load());
    },

    async getCharge(chargeId) {
      return charges?.get(chargeId);
    },

    async start() {
      // Before any job calls Amazon: a missing optional peer fails start-up with the npm command.
      await legacy.ready?.();
      await options.checkoutV2?.client.ready?.();
      await scheduler.start(work);
    },
    stop: () => scheduler.stop(),
  };
}
