import { createAttemptIdGenerator } from './attempt-ids';
import type { AmazonPayBackend } from './backend';
import {
  DEFAULT_MAX_REAUTHORIZATIONS,
  decideNextAction,
  reauthorizationsUsed,
  type AttemptOutcome,
  type DeclinePolicyOptions,
} from './decline-policy';
import { AmazonPayError, isRefusal, toAmazonPayError } from './errors';
import type { AuthorizationDetails, AuthorizationMode, AuthorizeRequest, BackendUpdate, Money, ReasonCode } from './types';
import { assertOrderReferenceId, parseMoney } from './validation';

/** What the buyer sees; a component switches on `status`. */
export type DeclineState =
  | { readonly status: 'idle' }
  | { readonly status: 'authorizing'; readonly attempt: number }
  | { readonly status: 'approved'; readonly authorization: AuthorizationDetails }
  /** Show the Wallet bound to the same order reference; `placeOrder` once the buyer picked a method. */
  | { readonly status: 'needsNewPaymentMethod'; readonly reasonCode: ReasonCode; readonly paymentSelected: boolean; readonly reauthorizationsLeft: number }
  | { readonly status: 'confirming' }
  | { readonly status: 'retryScheduled'; readonly retryAt: number; readonly reasonCode: ReasonCode; readonly reauthorizationsLeft: number }
  /** Async: the order was submitted and must not be resubmitted. `final`: no further result is awaited here. */
  | { readonly status: 'pending'; readonly final: boolean; readonly reasonCode?: ReasonCode }
  | {
      readonly status: 'contactBuyer';
      readonly reasonCode: ReasonCode;
      readonly accountUrl: string;
      /** Amazon re-opens the order reference when the buyer updates the method; the engine then authorizes. */
      readonly awaitingUpdate: boolean;
      readonly exhausted: boolean;
    }
  | {
      readonly status: 'declined';
      readonly reasonCode: ReasonCode | undefined;
      /** False for a reason code the kit does not know (kept verbatim). */
      readonly known: boolean;
      /** ProcessingFailure twice: ask the buyer to place the order again in a few minutes. */
      readonly placeOrderLater: boolean;
      /** The order reference was canceled (sync timeout policy) or the buyer chose another payment. */
      readonly canceled: boolean;
    }
  /**
   * Recoverable: `retry()` repeats what failed (an Authorize with the same AuthorizationReferenceId).
   * `authorizationUnknown`: an Authorize or a status check failed, so Amazon may hold an
   * authorization the kit has not seen; `retry()` finds out. No other payment until then.
   */
  | { readonly status: 'error'; readonly error: AmazonPayError; readonly authorizationUnknown: boolean };

export type DeclineStatus = DeclineState['status'];

/**
 * Whether the buyer may leave Amazon Pay now ("Pay another way"). Not while an
 * authorization's outcome is unknown (authorizing, confirming, pending, or an
 * error with `authorizationUnknown`): paying another way then could charge the
 * buyer twice. Not again once the buyer has left (a canceled decline).
 */
export function canCancel(state: DeclineState): boolean {
  switch (state.status) {
    case 'needsNewPaymentMethod':
    case 'retryScheduled':
    case 'contactBuyer':
      return true;
    case 'declined':
      return !state.canceled;
    case 'error':
      return !state.authorizationUnknown;
    default:
      return false;
  }
}

export interface PollingOptions {
  /** First poll after this many ms. Default 5000. */
  readonly initialDelayMs?: number;
  /** Multiplier between polls. Default 2. */
  readonly factor?: number;
  /** Longest gap between polls. Default 60 000. */
  readonly maxDelayMs?: number;
  /** Give up (error state, retry restarts polling) after this many polls. Default 30. */
  readonly maxPolls?: number;
}

export interface DeclineEngineConfig {
  readonly backend: AmazonPayBackend;
  readonly amazonOrderReferenceId: string;
  readonly amount: Money;
  readonly mode: AuthorizationMode;
  readonly policy?: DeclinePolicyOptions;
  /** Async TransactionTimeout in minutes (Amazon's default 1440). */
  readonly transactionTimeoutMinutes?: number;
  readonly captureNow?: boolean;
  /**
   * SellerAuthorizationNote per attempt (0 = first). A string applies to the first
   * attempt only, so a sandbox simulation string declines once and the recovery can succeed.
   */
  readonly sellerAuthorizationNote?: string | ((attemptIndex: number) => string | undefined);
  readonly polling?: PollingOptions;
  /** Where the buyer updates a declined payment method (see buyerAccountUrl). */
  readonly accountUrl: string;
  /** A result the merchant already got from its own Authorize call; the engine continues from it. */
  readonly initialAuthorization?: AuthorizationDetails;
  readonly random?: () => number;
  readonly onStateChange?: (state: DeclineState) => void;
  readonly onApproved?: (authorization: AuthorizationDetails) => void;
  readonly onDeclined?: (state: Extract<DeclineState, { status: 'declined' | 'contactBuyer' }>) => void;
}

export interface DeclineEngine {
  getState(): DeclineState;
  subscribe(listener: () => void): () => void;
  /** Starts watching pushed updates (and resumes polling); safe to call again after `stop`. */
  start(): void;
  /** Pauses watching and aborts calls in flight; state is kept. */
  stop(): void;
  /** The first authorization (when the merchant did not pass `initialAuthorization`). */
  authorize(): void;
  /** The buyer clicked a method in the Wallet; may happen many times, only records the choice. */
  paymentSelected(): void;
  /** The buyer's final click: ConfirmOrderReference, then Authorize with a new attempt id. */
  placeOrder(): void;
  /** Repeats what failed in the `error` state. */
  retry(): void;
  /**
   * The buyer gives up on Amazon Pay (chooses another payment): stops timers and
   * watchers and never authorizes again. Ignored unless {@link canCancel}. A late
   * result of an earlier attempt that turns out approved still moves to
   * `approved` (and calls onApproved) so the merchant can close or use it.
   */
  cancel(): void;
  dispose(): void;
}

const DEFAULT_POLLING: Required<PollingOptions> = { initialDelayMs: 5000, factor: 2, maxDelayMs: 60_000, maxPolls: 30 };

/**
 * Drives Amazon's decline rules (decideNextAction) through the backend adapter:
 * one authorization in flight at a time, a new AuthorizationReferenceId per
 * attempt and the same one when a failed call is repeated, ConfirmOrderReference
 * (never SetOrderReferenceDetails) before re-authorizing a Suspended order
 * reference, polling with backoff plus pushed updates without double handling.
 */
export function createDeclineEngine(config: DeclineEngineConfig): DeclineEngine {
  const { backend, amazonOrderReferenceId: orderReferenceId } = config;
  const polling = { ...DEFAULT_POLLING, ...config.polling };
  const maxReauthorizations = config.policy?.maxReauthorizations ?? DEFAULT_MAX_REAUTHORIZATIONS;
  const listeners = new Set<() => void>();
  const controllers = new Set<AbortController>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const handled = new Set<string>();
  const attempts: AttemptOutcome[] = [];
  const attemptIndexByAuthorization = new Map<string, number>();
  /** Every AuthorizationReferenceId sent, with its mode: a pushed result for one whose reply was lost is still ours. */
  const sentReferenceIds = new Map<string, AuthorizationMode>();
  /** Errors of calls that stop/cancel/dispose aborted (a backend's own AbortError is a failure like any other). */
  const abortedByUs = new WeakSet<AmazonPayError>();

  let state: DeclineState = { status: 'idle' };
  let constructing = false;
  let disposed = false;
  let running = false;
  let busy = false;
  let mode: AuthorizationMode = config.mode;
  let retryFailed: (() => void) | undefined;
  /** Work aborted by stop(); start() runs it again (StrictMode's effect replay, a remount). */
  let interrupted: (() => void) | undefined;
  let canceled = false;
  let resumeWatch: (() => void) | undefined;
  let unsubscribeUpdates: (() => void) | undefined;
  let awaitingOrderUpdate = false;
  /** Work decided before `start()` (e.g. from initialAuthorization); never run during construction. */
  let onStart: (() => void) | undefined;
  let amount: Money;
  let ids: ReturnType<typeof createAttemptIdGenerator>;

  try {
    assertOrderReferenceId(orderReferenceId);
    amount = parseMoney(config.amount?.amount, config.amount?.currencyCode);
    ids = createAttemptIdGenerator(orderReferenceId);
  } catch (error) {
    state = { status: 'error', error: toAmazonPayError(error), authorizationUnknown: false };
    const inert = (): void => {};
    return {
      getState: () => state,
      subscribe: () => inert,
      start: inert,
      stop: inert,
      authorize: inert,
      paymentSelected: inert,
      placeOrder: inert,
      retry: inert,
      cancel: inert,
      dispose: inert,
    };
  }

  const reauthorizationsLeft = (): number => Math.max(0, maxReauthorizations - reauthorizationsUsed(attempts));

  function setState(next: DeclineState): void {
    if (disposed) return;
    state = next;
    if (constructing) return;
    for (const listener of [...listeners]) listener();
    config.onStateChange?.(next);
    if (next.status === 'approved') config.onApproved?.(next.authorization);
    if (next.status === 'declined' || (next.status === 'contactBuyer' && !next.awaitingUpdate)) config.onDeclined?.(next);
  }

  /** Runs `work` now when started, else when `start()` is called (no side effects while constructing). */
  function whenRunning(work: () => void): void {
    if (running) work();
    else onStart = work;
  }

  function later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!disposed) run();
    }, ms);
    timers.add(timer);
  }

  function clearTimers(): void {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  }

  /** Runs one backend call with its own AbortController; rejects as AmazonPayError. */
  async function call<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    controllers.add(controller);
    try {
      const result = await run(controller.signal);
      // A reply that lands after stop/cancel/dispose is dropped: the work is repeated (same ids) or abandoned.
      controller.signal.throwIfAborted();
      return result;
    } catch (error) {
      if (!controller.signal.aborted) throw toAmazonPayError(error);
      const aborted = new AmazonPayError('aborted', 'The request was aborted.', { cause: error, retryable: false });
      abortedByUs.add(aborted);
      throw aborted;
    } finally {
      controllers.delete(controller);
    }
  }

  /** Shows a recoverable error; `retry()` runs `again`. Aborts after stop/dispose stay silent. */
  function fail(error: unknown, again: () => void, authorizationUnknown = false): void {
    if (canceled || disposed) return;
    const typed = toAmazonPayError(error);
    if (abortedByUs.has(typed)) {
      // The abort lands after stop(); when start() already ran again (StrictMode replays synchronously), resume now.
      if (running) again();
      else interrupted = again;
      return;
    }
    retryFailed = again;
    setState({ status: 'error', error: typed, authorizationUnknown });
  }

  function noteFor(index: number): string | undefined {
    const note = config.sellerAuthorizationNote;
    if (typeof note === 'function') return note(index);
    return index === 0 ? note : undefined;
  }

  function newRequest(): AuthorizeRequest {
    const index = attempts.length;
    const note = noteFor(index);
    return {
      amazonOrderReferenceId: orderReferenceId,
      authorizationReferenceId: ids.next(Math.min(index, 99)),
      amount,
      mode,
      ...(mode === 'async' && config.transactionTimeoutMinutes !== undefined ? { transactionTimeoutMinutes: config.transactionTimeoutMinutes } : {}),
      ...(config.captureNow ? { captureNow: true } : {}),
      ...(note ? { sellerAuthorizationNote: note } : {}),
    };
  }

  /** Sends one Authorize; a failure keeps the request so `retry()` re-sends it byte for byte. */
  async function send(request: AuthorizeRequest): Promise<void> {
    busy = true;
    sentReferenceIds.set(request.authorizationReferenceId, request.mode);
    setState({ status: 'authorizing', attempt: attempts.length + 1 });
    try {
      const authorization = await call((signal) => backend.authorize(request, { signal }));
      busy = false;
      handleAuthorization(authorization, request.mode);
    } catch (error) {
      busy = false;
      const typed = toAmazonPayError(error);
      // The server counts attempts across reloads; its "no more" ends in another payment method.
      if (typed.code === 'RetryBudgetExhausted') {
        return setState({ status: 'declined', reasonCode: attempts.at(-1)?.reasonCode, known: true, placeOrderLater: false, canceled: false });
      }
      fail(typed, () => void send(request), !isRefusal(typed));
    }
  }

  /**
   * Checks the order reference, confirms it when Suspended, then authorizes with a
   * new id. `wallet`: the buyer's Place Order click; Amazon refusing the confirmation
   * (PaymentMethodNotUpdated, ...) sends the buyer back to the wallet.
   */
  async function reauthorize(confirmFirst: boolean, wallet?: Extract<DeclineState, { status: 'needsNewPaymentMethod' }>): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      const order = await call((signal) => backend.getOrderReferenceDetails(orderReferenceId, { signal }));
      if (order.state === 'Suspended' && confirmFirst) {
        setState({ status: 'confirming' });
        const confirmed = await call((signal) => backend.confirmOrderReference({ amazonOrderReferenceId: orderReferenceId, amount }, { signal }));
        if (confirmed.state !== 'Open') throw new AmazonPayError('amazon', `The order reference is ${confirmed.state} after confirmation.`, { code: 'InvalidOrderReferenceStatus' });
      } else if (order.state !== 'Open') {
        busy = false;
        if (order.state === 'Suspended') {
          setState({ status: 'needsNewPaymentMethod', reasonCode: 'InvalidPaymentMethod', paymentSelected: false, reauthorizationsLeft: reauthorizationsLeft() });
        } else {
          setState({ status: 'declined', reasonCode: order.reasonCode, known: true, placeOrderLater: false, canceled: order.state === 'Canceled' });
        }
        return;
      }
      busy = false;
      await send(newRequest());
    } catch (error) {
      busy = false;
      const backToWallet = wallet && toAmazonPayError(error).kind === 'amazon';
      fail(error, backToWallet ? () => setState({ ...wallet, paymentSelected: false }) : () => void reauthorize(confirmFirst, wallet));
    }
  }

  function record(authorization: AuthorizationDetails, requestMode: AuthorizationMode): void {
    const outcome: AttemptOutcome = {
      mode: requestMode,
      state: authorization.state,
      ...(authorization.reasonCode === undefined ? {} : { reasonCode: authorization.reasonCode }),
      ...(authorization.softDecline === undefined ? {} : { softDecline: authorization.softDecline }),
    };
    const index = attemptIndexByAuthorization.get(authorization.amazonAuthorizationId);
    if (index === undefined) {
      attemptIndexByAuthorization.set(authorization.amazonAuthorizationId, attempts.length);
      attempts.push(outcome);
    } else {
      attempts[index] = outcome;
    }
  }

  function handleAuthorization(authorization: AuthorizationDetails, requestMode: AuthorizationMode): void {
    const key = `${authorization.amazonAuthorizationId}:${authorization.state}`;
    if (handled.has(key) || disposed) return;
    handled.add(key);
    record(authorization, requestMode);
    const action = decideNextAction(attempts, config.policy, (config.random ?? Math.random)());
    // After the buyer left, only an approval (money held) is worth reporting; nothing is retried.
    if (canceled && action.type !== 'approved') return;
    switch (action.type) {
      case 'approved':
        return setState({ status: 'approved', authorization });
      case 'awaitResult':
        setState({ status: 'pending', final: false });
        return watchAuthorization(authorization.amazonAuthorizationId, requestMode);
      case 'showWallet':
        return setState({ status: 'needsNewPaymentMethod', reasonCode: action.reasonCode, paymentSelected: false, reauthorizationsLeft: reauthorizationsLeft() });
      case 'retryLater': {
        const retryAt = Date.now() + action.delayMs;
        setState({ status: 'retryScheduled', retryAt, reasonCode: action.reasonCode, reauthorizationsLeft: reauthorizationsLeft() });
        return whenRunning(() => later(Math.max(0, retryAt - Date.now()), () => void reauthorize(action.confirmFirst)));
      }
      case 'retryAsync':
        mode = 'async';
        return whenRunning(() => void reauthorize(false));
      case 'cancelOrder':
        return whenRunning(() => void cancelOrder(action.reasonCode));
      case 'contactBuyer':
        setState({ status: 'contactBuyer', reasonCode: action.reasonCode, accountUrl: config.accountUrl, awaitingUpdate: action.awaitUpdate, exhausted: action.exhausted });
        if (action.awaitUpdate) watchOrderReference();
        return;
      case 'placeOrderLater':
        return setState({ status: 'declined', reasonCode: action.reasonCode, known: true, placeOrderLater: true, canceled: false });
      case 'orderSubmitted':
        return setState({ status: 'pending', final: true, reasonCode: action.reasonCode });
      case 'declined':
        return setState({ status: 'declined', reasonCode: action.reasonCode, known: action.known, placeOrderLater: false, canceled: false });
    }
  }

  async function cancelOrder(reasonCode: ReasonCode): Promise<void> {
    busy = true;
    try {
      await call((signal) => backend.cancelOrderReference({ amazonOrderReferenceId: orderReferenceId, reason: 'Amazon Pay did not answer in time.' }, { signal }));
      busy = false;
      setState({ status: 'declined', reasonCode, known: true, placeOrderLater: false, canceled: true });
    } catch (error) {
      busy = false;
      fail(error, () => void cancelOrder(reasonCode));
    }
  }

  /** Polls `fetch` with backoff while `waiting()`; a result for which `done` holds goes to `onDone`. */
  function pollWithBackoff<T>(options: {
    readonly waiting: () => boolean;
    readonly fetch: (signal: AbortSignal) => Promise<T>;
    readonly done: (value: T) => boolean;
    readonly onDone: (value: T) => void;
    readonly onExhausted?: (polls: number) => void;
  }): void {
    let polls = 0;
    let delay = polling.initialDelayMs;
    const poll = (): void => {
      if (!options.waiting()) return;
      if (options.onExhausted && polls >= polling.maxPolls) return options.onExhausted(polls);
      polls += 1;
      call(options.fetch).then(
        (value) => (options.done(value) ? options.onDone(value) : schedule()),
        (error: unknown) => {
          if (toAmazonPayError(error).kind !== 'aborted') schedule();
        },
      );
    };
    const schedule = (): void => {
      later(delay, poll);
      delay = Math.min(delay * polling.factor, polling.maxDelayMs);
    };
    resumeWatch = schedule;
    if (running) schedule();
  }

  /** Polls GetAuthorizationDetails until a final state (pushed updates may arrive first). */
  function watchAuthorization(amazonAuthorizationId: string, requestMode: AuthorizationMode): void {
    const index = attemptIndexByAuthorization.get(amazonAuthorizationId);
    pollWithBackoff({
      waiting: () => index !== undefined && attempts[index]?.state === 'Pending',
      fetch: (signal) => backend.getAuthorizationDetails(amazonAuthorizationId, { signal }),
      done: (authorization) => authorization.state !== 'Pending',
      onDone: (authorization) => handleAuthorization(authorization, requestMode),
      onExhausted: (polls) =>
        fail(
          new AmazonPayError('timeout', `No authorization result after ${polls} checks.`, { code: 'PollingExhausted' }),
          () => {
            setState({ status: 'pending', final: false });
            watchAuthorization(amazonAuthorizationId, requestMode);
          },
          true,
        ),
    });
  }

  /** Async hard decline: wait until the buyer's update re-opens the order reference, then authorize. */
  function watchOrderReference(): void {
    awaitingOrderUpdate = true;
    pollWithBackoff({
      waiting: () => awaitingOrderUpdate,
      fetch: (signal) => backend.getOrderReferenceDetails(orderReferenceId, { signal }),
      done: (order) => order.state === 'Open',
      onDone: orderReopened,
    });
  }

  function orderReopened(): void {
    if (!awaitingOrderUpdate || canceled) return;
    awaitingOrderUpdate = false;
    resumeWatch = undefined;
    clearTimers();
    void reauthorize(false);
  }

  function onUpdate(update: BackendUpdate): void {
    if (disposed || handled.has(`notification:${update.notificationId}`)) return;
    handled.add(`notification:${update.notificationId}`);
    if (update.type === 'authorization') {
      const { authorization } = update;
      if (authorization.amazonOrderReferenceId !== orderReferenceId || authorization.state === 'Pending') return;
      const index = attemptIndexByAuthorization.get(authorization.amazonAuthorizationId);
      if (index !== undefined) {
        if (attempts[index]?.state === 'Pending') handleAuthorization(authorization, attempts[index]!.mode);
        return;
      }
      // An attempt whose Authorize reply was lost (the error state): its result still counts.
      const sentMode = sentReferenceIds.get(authorization.authorizationReferenceId);
      if (sentMode !== undefined && !busy) handleAuthorization(authorization, sentMode);
    } else if (update.orderReference.amazonOrderReferenceId === orderReferenceId && update.orderReference.state === 'Open') {
      orderReopened();
    }
  }

  function stopWork(): void {
    for (const controller of controllers) controller.abort();
    controllers.clear();
    clearTimers();
    unsubscribeUpdates?.();
    unsubscribeUpdates = undefined;
  }

  if (config.initialAuthorization) {
    const initial = config.initialAuthorization;
    if (initial.amazonOrderReferenceId !== orderReferenceId) {
      state = { status: 'error', error: new AmazonPayError('validation', `initialAuthorization belongs to ${initial.amazonOrderReferenceId}, not ${orderReferenceId}.`, { retryable: false }), authorizationUnknown: false };
    } else {
      constructing = true;
      handleAuthorization(initial, config.mode);
      constructing = false;
    }
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (disposed || running) return;
      running = true;
      if (backend.subscribe) unsubscribeUpdates = backend.subscribe(orderReferenceId, onUpdate);
      resumeWatch?.();
      const work = onStart;
      onStart = undefined;
      work?.();
      // A call aborted by stop() (StrictMode's effect replay, a remount) is repeated as it was.
      const again = interrupted;
      interrupted = undefined;
      again?.();
    },
    stop() {
      running = false;
      if (state.status === 'retryScheduled' && timers.size > 0) {
        const { retryAt } = state;
        const confirmFirst = attempts[attempts.length - 1]?.reasonCode === 'InvalidPaymentMethod';
        onStart = () => later(Math.max(0, retryAt - Date.now()), () => void reauthorize(confirmFirst));
      }
      stopWork();
      busy = false;
    },
    authorize() {
      if (busy || state.status !== 'idle') return;
      void send(newRequest());
    },
    paymentSelected() {
      if (state.status === 'needsNewPaymentMethod' && !state.paymentSelected) setState({ ...state, paymentSelected: true });
    },
    placeOrder() {
      if (busy || state.status !== 'needsNewPaymentMethod' || !state.paymentSelected) return;
      const wallet = state;
      setState({ status: 'confirming' });
      void reauthorize(true, wallet);
    },
    retry() {
      if (state.status !== 'error' || busy || !retryFailed) return;
      const again = retryFailed;
      retryFailed = undefined;
      again();
    },
    cancel() {
      if (canceled || !canCancel(state) || state.status === 'declined') return;
      canceled = true;
      retryFailed = undefined;
      interrupted = undefined;
      onStart = undefined;
      awaitingOrderUpdate = false;
      resumeWatch = undefined;
      stopWork();
      if (running && backend.subscribe) unsubscribeUpdates = backend.subscribe(orderReferenceId, onUpdate);
      busy = false;
      setState({ status: 'declined', reasonCode: undefined, known: true, placeOrderLater: false, canceled: true });
    },
    dispose() {
      running = false;
      stopWork();
      disposed = true;
      listeners.clear();
    },
  };
}
