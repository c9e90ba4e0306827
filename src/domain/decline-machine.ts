import { attemptReferenceId } from './attempt-ids';
import type { CancelOrderReferenceRequest } from './backend';
import {
  authorizationsLeft,
  decideAfterOrderCheck,
  decideNextAction,
  declineReasonForRefusal,
  isOrderReferenceFinal,
  reauthorizationsLeft,
  resolveDeclinePolicy,
  type AttemptOutcome,
  type AttemptTrigger,
  type DeclineAction,
  type DeclinePolicyOptions,
  type ResolvedDeclinePolicy,
} from './decline-policy';
import { canCancel, type CallFailure, type ContactBuyerState, type DeclinedState, type DeclineState } from './decline-state';
import { isRefusal } from './errors';
import type { CallEffect, ClearTimerEffect, NotifyEffect, ScheduleEffect, TimerFired, Transition } from './machine';
import { readAuthorizationDetails, readBackendUpdate, readOrderReferenceDetails } from './reply-shapes';
import type { AuthorizationDetails, AuthorizationMode, AuthorizationState, AuthorizeRequest, ConfirmOrderReferenceRequest, Money, OrderReferenceState, ReasonCode } from './types';
import { invalidDeclineInput } from './decline-input';

/**
 * The decline flow of one order reference as a pure transition:
 * `transition(state, event) -> { state, effects }`. The state is plain JSON
 * (a server stores it as is); time and randomness come in through events and
 * the seed; effects say which backend call to make, which timer to set and
 * whom to notify. The browser runner (useDeclineHandler) and a server runner
 * carry the effects out and feed the results back as events.
 */

/* ---------------------------------------------------------------- types */

export { canCancel, isSettled } from './decline-state';
export type { CallFailure, ContactBuyerState, DeclinedState, DeclineState, DeclineStatus } from './decline-state';

export interface PollingOptions {
  /** First poll after this many ms. Default 5000. */
  readonly initialDelayMs?: number;
  /** Multiplier between polls. Default 2. */
  readonly factor?: number;
  /** Longest gap between polls. Default 60 000. */
  readonly maxDelayMs?: number;
  /** Give up on an authorization (error state; `retry` polls again) after this many polls. Default 30. */
  readonly maxPolls?: number;
}

/** Everything the machine needs to know about the order; stored in the state. */
export interface DeclineMachineConfig {
  readonly amazonOrderReferenceId: string;
  readonly amount: Money;
  readonly mode: AuthorizationMode;
  readonly policy: ResolvedDeclinePolicy;
  readonly polling: Required<PollingOptions>;
  /** Per-order account URL for the buyer (see orderAccountUrl). */
  readonly accountUrl: string;
  /** Async TransactionTimeout in minutes (Amazon's default 1440). */
  readonly transactionTimeoutMinutes?: number;
  readonly captureNow?: boolean;
  /** SellerAuthorizationNote by attempt index (sandbox simulation strings); `null` for none. */
  readonly sellerAuthorizationNotes?: readonly (string | null)[];
}

export interface DeclineMachineInit extends Omit<DeclineMachineConfig, 'policy' | 'polling'> {
  readonly policy?: DeclinePolicyOptions;
  readonly polling?: PollingOptions;
}

/** The runner's randomness, drawn once per flow so the transition stays pure. */
export interface DeclineMachineSeed {
  /** Suffix of this flow's AuthorizationReferenceIds (see attemptReferenceId). */
  readonly idSalt: string;
  /** In [0, 1]: where retries fall inside the policy's delay window. */
  readonly jitter: number;
}

/** One backend call, with everything needed to make it. */
export type BackendCall =
  | { readonly method: 'authorize'; readonly request: AuthorizeRequest }
  | { readonly method: 'getOrderReferenceDetails'; readonly amazonOrderReferenceId: string }
  | { readonly method: 'confirmOrderReference'; readonly request: ConfirmOrderReferenceRequest }
  | { readonly method: 'cancelOrderReference'; readonly request: CancelOrderReferenceRequest }
  | { readonly method: 'getAuthorizationDetails'; readonly amazonAuthorizationId: string };

/** Work the machine has started and waits on; the runner re-issues it after a restart. */
export type Operation =
  | { readonly op: 'authorize'; readonly attempt: number }
  /** GetOrderReferenceDetails before a re-authorization. `fromWallet`: the buyer's Place Order click. */
  | { readonly op: 'checkOrder'; readonly confirmFirst: boolean; readonly trigger: AttemptTrigger; readonly fromWallet: boolean }
  | { readonly op: 'confirm'; readonly trigger: AttemptTrigger; readonly fromWallet: boolean }
  | { readonly op: 'cancelOrder'; readonly reasonCode: ReasonCode }
  | { readonly op: 'pollAuthorization'; readonly amazonAuthorizationId: string }
  | { readonly op: 'pollOrder' };

export interface AttemptRecord {
  readonly authorizationReferenceId: string;
  readonly mode: AuthorizationMode;
  readonly trigger: AttemptTrigger;
  /** The exact request, re-sent byte for byte when the reply was lost. Absent for a result the merchant passed in. */
  readonly request?: AuthorizeRequest;
  readonly amazonAuthorizationId?: string;
  /** Undefined while the reply is unknown. */
  readonly state?: AuthorizationState;
  readonly reasonCode?: ReasonCode;
  readonly softDecline?: boolean;
}

export interface Watch {
  readonly target: 'authorization' | 'orderReference';
  readonly amazonAuthorizationId?: string;
  readonly polls: number;
  readonly delayMs: number;
}

export type TimerAction = { readonly then: 'retry'; readonly confirmFirst: boolean } | { readonly then: 'poll' };

/** What `retry` does in the error state. */
export type RetryPlan =
  | { readonly type: 'resend'; readonly operation: Operation }
  | { readonly type: 'wallet'; readonly reasonCode: ReasonCode }
  | { readonly type: 'watch'; readonly amazonAuthorizationId: string };

export interface DeclineMachineState {
  readonly version: 1;
  readonly config: DeclineMachineConfig;
  readonly seed: DeclineMachineSeed;
  readonly view: DeclineState;
  readonly attempts: readonly AttemptRecord[];
  /** Mode of the next attempt (async after a sync timeout). */
  readonly mode: AuthorizationMode;
  readonly inFlight?: { readonly callId: number; readonly operation: Operation };
  readonly timer?: { readonly timerId: number; readonly at: number; readonly action: TimerAction };
  readonly watch?: Watch;
  readonly retry?: RetryPlan;
  /** The buyer chose another payment: only a late approval is still taken. */
  readonly buyerLeft: boolean;
  /** Source of call and timer ids. */
  readonly seq: number;
  /** Recently handled notification ids (pushed updates arrive more than once). */
  readonly notifications: readonly string[];
  /** When the state last changed (from the last event's `at`). */
  readonly updatedAt: number;
}

/** Something that happened; `at` is the runner's clock (ms since the epoch). */
export type DeclineEvent =
  /** The buyer's first Place order (skip it when the merchant authorized already: see `authorizationKnown`). */
  | { readonly type: 'authorize'; readonly at: number }
  /** The buyer clicked a method in the Wallet (records the choice only). */
  | { readonly type: 'paymentSelected'; readonly at: number }
  /** The buyer's final click after a hard decline: confirm, then authorize. */
  | { readonly type: 'placeOrder'; readonly at: number }
  /** Repeat what failed in the error state. */
  | { readonly type: 'retry'; readonly at: number }
  /** The buyer pays another way. */
  | { readonly type: 'cancel'; readonly at: number }
  /** A result the merchant got from its own Authorize call; the flow continues from it. */
  | { readonly type: 'authorizationKnown'; readonly at: number; readonly authorization: unknown }
  | { readonly type: 'callSucceeded'; readonly at: number; readonly callId: number; readonly value: unknown }
  | { readonly type: 'callFailed'; readonly at: number; readonly callId: number; readonly failure: CallFailure }
  /** A pushed update (IPN relayed by the merchant's server), of any shape. */
  | { readonly type: 'notified'; readonly at: number; readonly update: unknown }
  /** The machine's one timer (a `schedule` effect) fired. */
  | TimerFired;

export type DeclineNotification =
  | { readonly type: 'approved'; readonly authorization: AuthorizationDetails }
  | { readonly type: 'declined'; readonly state: DeclinedState }
  /** The buyer must be contacted (e-mail) with the per-order account URL. */
  | { readonly type: 'contactBuyer'; readonly state: ContactBuyerState };

/** The kit's shared effects (src/domain/machine.ts); the decline machine has one timer, so its `schedule` names none. */
export type DeclineEffect = (CallEffect<BackendCall> & { readonly callId: number }) | ScheduleEffect | ClearTimerEffect | NotifyEffect<DeclineNotification>;

export type DeclineTransition = Transition<DeclineMachineState, DeclineEffect>;

/* ---------------------------------------------------------------- queries */

/** The policy's view of the attempts (an attempt whose reply is unknown counts as live). */
export function attemptOutcomes(attempts: readonly AttemptRecord[]): AttemptOutcome[] {
  return attempts.map((attempt) => ({
    mode: attempt.mode,
    state: attempt.state ?? 'Pending',
    trigger: attempt.trigger,
    ...(attempt.reasonCode === undefined ? {} : { reasonCode: attempt.reasonCode }),
    ...(attempt.softDecline === undefined ? {} : { softDecline: attempt.softDecline }),
  }));
}

const DEFAULT_POLLING: Required<PollingOptions> = { initialDelayMs: 5000, factor: 2, maxDelayMs: 60_000, maxPolls: 30 };
const NOTIFICATION_MEMORY = 64;

/* ---------------------------------------------------------------- creation */

/**
 * A new flow, idle. Invalid input (order reference id, amount) gives an
 * `error` state that no event leaves.
 */
export function createDeclineMachine(init: DeclineMachineInit, seed: DeclineMachineSeed, at: number): DeclineMachineState {
  const config: DeclineMachineConfig = {
    ...init,
    policy: resolveDeclinePolicy(init.policy),
    polling: { ...DEFAULT_POLLING, ...definedOnly(init.polling ?? {}) },
  };
  const view = invalidDeclineInput(init.amazonOrderReferenceId, init.amount) ?? { status: 'idle' };
  return { version: 1, config, seed, view, attempts: [], mode: init.mode, buyerLeft: false, seq: 1, notifications: [], updatedAt: at };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Effects that re-issue the call in flight and re-arm the timer, after a restart (StrictMode, a remount, a server reboot). */
export function resumeEffects(state: DeclineMachineState): DeclineEffect[] {
  const effects: DeclineEffect[] = [];
  if (state.inFlight) effects.push({ type: 'call', callId: state.inFlight.callId, call: backendCall(state, state.inFlight.operation) });
  if (state.timer) effects.push({ type: 'schedule', timerId: state.timer.timerId, at: state.timer.at });
  return effects;
}

/** The backend call an operation makes. */
export function backendCall(state: DeclineMachineState, operation: Operation): BackendCall {
  const { config } = state;
  const id = config.amazonOrderReferenceId;
  switch (operation.op) {
    case 'authorize': {
      const request = state.attempts[operation.attempt]?.request;
      if (!request) throw new RangeError(`No request for attempt ${operation.attempt}.`);
      return { method: 'authorize', request };
    }
    case 'checkOrder':
    case 'pollOrder':
      return { method: 'getOrderReferenceDetails', amazonOrderReferenceId: id };
    case 'confirm':
      return { method: 'confirmOrderReference', request: { amazonOrderReferenceId: id, amount: config.amount } };
    case 'cancelOrder':
      return { method: 'cancelOrderReference', request: { amazonOrderReferenceId: id, reason: 'Amazon Pay did not answer in time.' } };
    case 'pollAuthorization':
      return { method: 'getAuthorizationDetails', amazonAuthorizationId: operation.amazonAuthorizationId };
  }
}

/* ---------------------------------------------------------------- transition */

type Draft = { -readonly [K in keyof DeclineMachineState]: DeclineMachineState[K] };

// No class fields (see AmazonPayError): they are lowered to a helper for ES2020 targets.
class Step {
  declare readonly s: Draft;
  declare readonly effects: DeclineEffect[];
  declare readonly at: number;
  constructor(state: DeclineMachineState, at: number) {
    this.s = { ...state };
    this.effects = [];
    this.at = at;
  }

  get policy(): ResolvedDeclinePolicy {
    return this.s.config.policy;
  }

  view(next: DeclineState): void {
    this.s.view = next;
    if (next.status === 'approved') this.effects.push({ type: 'notify', notice: { type: 'approved', authorization: next.authorization } });
    else if (next.status === 'declined' || next.status === 'contactBuyer') this.effects.push({ type: 'notify', notice: { type: next.status, state: next } as DeclineNotification });
  }

  fail(error: CallFailure, retry: RetryPlan | undefined, authorizationUnknown: boolean): void {
    this.s.retry = retry;
    this.view({ status: 'error', error, authorizationUnknown });
  }

  start(operation: Operation): void {
    const callId = this.s.seq;
    this.s.seq += 1;
    this.s.inFlight = { callId, operation };
    this.effects.push({ type: 'call', callId, call: backendCall(this.s, operation) });
  }

  schedule(at: number, action: TimerAction): void {
    this.clearTimer();
    const timerId = this.s.seq;
    this.s.seq += 1;
    this.s.timer = { timerId, at, action };
    this.effects.push({ type: 'schedule', timerId, at });
  }

  clearTimer(): void {
    if (!this.s.timer) return;
    this.effects.push({ type: 'clearTimer', timerId: this.s.timer.timerId });
    this.s.timer = undefined;
  }

  /** Stops everything in progress (the reply of a call in flight is then ignored). */
  settle(): void {
    this.clearTimer();
    this.s.inFlight = undefined;
    this.s.watch = undefined;
    this.s.retry = undefined;
  }

  setAttempt(index: number, patch: Partial<AttemptRecord>): void {
    const attempts = [...this.s.attempts];
    attempts[index] = { ...attempts[index]!, ...patch };
    this.s.attempts = attempts;
  }

  done(): DeclineTransition {
    this.s.updatedAt = this.at;
    return { state: this.s, effects: this.effects };
  }
}

/** Starts a new authorization attempt, within Amazon's per-order limit. */
function newAttempt(step: Step, trigger: AttemptTrigger): void {
  const { s } = step;
  if (authorizationsLeft(attemptOutcomes(s.attempts), step.policy) <= 0) {
    step.settle();
    return step.view({ status: 'declined', reason: 'budgetSpent', reasonCode: s.attempts.at(-1)?.reasonCode });
  }
  const index = s.attempts.length;
  const { config } = s;
  const note = config.sellerAuthorizationNotes?.[index] ?? undefined;
  const request: AuthorizeRequest = {
    amazonOrderReferenceId: config.amazonOrderReferenceId,
    authorizationReferenceId: attemptReferenceId(config.amazonOrderReferenceId, index, s.seed.idSalt),
    amount: config.amount,
    mode: s.mode,
    ...(s.mode === 'async' && config.transactionTimeoutMinutes !== undefined ? { transactionTimeoutMinutes: config.transactionTimeoutMinutes } : {}),
    ...(config.captureNow ? { captureNow: true } : {}),
    ...(note ? { sellerAuthorizationNote: note } : {}),
  };
  s.attempts = [...s.attempts, { authorizationReferenceId: request.authorizationReferenceId, mode: s.mode, trigger, request }];
  step.s.retry = undefined;
  step.view({ status: 'authorizing', attempt: index + 1 });
  step.start({ op: 'authorize', attempt: index });
}

function startWatch(step: Step, target: Watch['target'], amazonAuthorizationId?: string): void {
  const { polling } = step.s.config;
  step.s.watch = { target, polls: 0, delayMs: polling.initialDelayMs, ...(amazonAuthorizationId ? { amazonAuthorizationId } : {}) };
  scheduleNextPoll(step);
}

function scheduleNextPoll(step: Step): void {
  const watch = step.s.watch;
  if (!watch) return;
  const { polling } = step.s.config;
  step.schedule(step.at + watch.delayMs, { then: 'poll' });
  step.s.watch = { ...watch, delayMs: Math.min(watch.delayMs * polling.factor, polling.maxDelayMs) };
}

/** Records an authorization result and carries out the policy's decision. */
function handleAuthorization(step: Step, index: number, authorization: AuthorizationDetails): void {
  const { s } = step;
  step.setAttempt(index, {
    amazonAuthorizationId: authorization.amazonAuthorizationId,
    state: authorization.state,
    reasonCode: authorization.reasonCode,
    softDecline: authorization.softDecline,
  });
  const outcomes = attemptOutcomes(s.attempts);
  const action: DeclineAction = decideNextAction(outcomes, step.policy, s.seed.jitter);
  // After the buyer left, only an approval (money held) is worth reporting; nothing is retried.
  if (s.buyerLeft && action.type !== 'approved') return;
  if (action.type !== 'awaitResult') step.settle();
  switch (action.type) {
    case 'approved':
      return step.view({ status: 'approved', authorization });
    case 'awaitResult': {
      const previous = s.attempts[index - 1];
      const afterSyncTimeout = previous?.mode === 'sync' && previous.reasonCode === 'TransactionTimedOut';
      step.s.inFlight = undefined;
      step.s.retry = undefined;
      step.view({ status: 'pending', ...(afterSyncTimeout ? { reasonCode: 'TransactionTimedOut' } : {}) });
      return startWatch(step, 'authorization', authorization.amazonAuthorizationId);
    }
    case 'showWallet':
      return step.view({
        status: 'needsNewPaymentMethod',
        reasonCode: action.reasonCode,
        paymentSelected: false,
        reauthorizationsLeft: authorizationsLeft(outcomes, step.policy),
      });
    case 'retryLater': {
      const retryAt = step.at + action.delayMs;
      step.view({ status: 'retryScheduled', retryAt, reasonCode: action.reasonCode, reauthorizationsLeft: reauthorizationsLeft(outcomes, step.policy) });
      return step.schedule(retryAt, { then: 'retry', confirmFirst: action.confirmFirst });
    }
    case 'retryAsync':
      s.mode = 'async';
      return step.start({ op: 'checkOrder', confirmFirst: false, trigger: 'retry', fromWallet: false });
    case 'cancelOrder':
      return step.start({ op: 'cancelOrder', reasonCode: action.reasonCode });
    case 'contactBuyer':
      step.view({ status: 'contactBuyer', reasonCode: action.reasonCode, accountUrl: s.config.accountUrl, awaitingUpdate: action.awaitUpdate });
      if (action.awaitUpdate) startWatch(step, 'orderReference');
      return;
    case 'declined':
      return step.view({ status: 'declined', reason: action.reason, reasonCode: action.reasonCode });
  }
}

/**
 * An authorization that holds (or took) the money: Open, or Closed after its
 * capture. `orPending`: a Pending one too (its outcome is coming).
 */
export function isLiveAuthorization(authorization: Pick<AuthorizationDetails, 'state' | 'reasonCode'>, orPending: boolean): boolean {
  return authorization.state === 'Open' || (authorization.state === 'Closed' && authorization.reasonCode === 'MaxCapturesProcessed') || (orPending && authorization.state === 'Pending');
}

function malformed(what: string): CallFailure {
  return { kind: 'malformed', message: `${what} is not of the documented shape; the outcome is unknown.`, retryable: true };
}

function onCallSucceeded(step: Step, operation: Operation, value: unknown): void {
  const { s } = step;
  switch (operation.op) {
    case 'authorize': {
      const attempt = s.attempts[operation.attempt]!;
      const authorization = readAuthorizationDetails(value);
      if (authorization && authorization.amazonOrderReferenceId === s.config.amazonOrderReferenceId && isLiveAuthorization(authorization, true)) {
        if (authorization.authorizationReferenceId !== attempt.authorizationReferenceId) {
          // The server answered with the order's live authorization (another tab's, a reload's, the server's own):
          // ours was never sent, so this attempt is that one; an Open one is the approval.
          step.setAttempt(operation.attempt, { authorizationReferenceId: authorization.authorizationReferenceId });
        }
        return handleAuthorization(step, operation.attempt, authorization);
      }
      if (
        !authorization ||
        authorization.amazonOrderReferenceId !== s.config.amazonOrderReferenceId ||
        authorization.authorizationReferenceId !== attempt.authorizationReferenceId
      ) {
        // Amazon may hold an authorization for this attempt: re-send the same request to find out.
        return step.fail(malformed('The Authorize reply'), { type: 'resend', operation }, true);
      }
      return handleAuthorization(step, operation.attempt, authorization);
    }
    case 'checkOrder': {
      const order = readOrderReferenceDetails(value);
      if (!order) return step.fail(malformed('The order reference'), { type: 'resend', operation }, false);
      const next = decideAfterOrderCheck(order, operation.confirmFirst);
      switch (next.type) {
        case 'authorize':
          return newAttempt(step, operation.trigger);
        case 'confirm':
          step.view({ status: 'confirming' });
          return step.start({ op: 'confirm', trigger: operation.trigger, fromWallet: operation.fromWallet });
        case 'showWallet':
          return step.view({
            status: 'needsNewPaymentMethod',
            reasonCode: next.reasonCode,
            paymentSelected: false,
            reauthorizationsLeft: authorizationsLeft(attemptOutcomes(s.attempts), step.policy),
          });
        case 'declined':
          step.settle();
          return step.view({ status: 'declined', reason: next.reason, reasonCode: next.reasonCode });
      }
      return;
    }
    case 'confirm': {
      const order = readOrderReferenceDetails(value);
      if (order?.state === 'Open') return newAttempt(step, operation.trigger);
      const failure: CallFailure = order
        ? { kind: 'amazon', code: 'InvalidOrderReferenceStatus', message: `The order reference is ${order.state} after confirmation.`, retryable: false }
        : malformed('The ConfirmOrderReference reply');
      return confirmFailed(step, operation, failure);
    }
    case 'cancelOrder': {
      const order = readOrderReferenceDetails(value);
      if (!order) return step.fail(malformed('The CancelOrderReference reply'), { type: 'resend', operation }, false);
      step.settle();
      return step.view({ status: 'declined', reason: 'canceled', reasonCode: operation.reasonCode });
    }
    case 'pollAuthorization': {
      const authorization = readAuthorizationDetails(value);
      const index = s.attempts.findIndex((a) => a.amazonAuthorizationId === operation.amazonAuthorizationId);
      // A null, garbage or still-Pending reply: keep polling.
      if (!authorization || authorization.state === 'Pending' || authorization.amazonAuthorizationId !== operation.amazonAuthorizationId || index === -1) {
        return scheduleNextPoll(step);
      }
      return handleAuthorization(step, index, authorization);
    }
    case 'pollOrder': {
      const order = readOrderReferenceDetails(value);
      if (order?.state === 'Open') return orderReopened(step);
      if (order && isOrderReferenceFinal(order.state)) return orderClosed(step, order);
      return scheduleNextPoll(step);
    }
  }
}

function confirmFailed(step: Step, operation: Extract<Operation, { op: 'confirm' | 'checkOrder' }>, failure: CallFailure): void {
  // Amazon refusing the buyer's Wallet choice (PaymentMethodNotUpdated, ...): retry goes back to the Wallet.
  const backToWallet = operation.fromWallet && failure.kind === 'amazon';
  step.fail(failure, backToWallet ? { type: 'wallet', reasonCode: 'InvalidPaymentMethod' } : { type: 'resend', operation }, false);
}

function onCallFailed(step: Step, operation: Operation, failure: CallFailure): void {
  const { s } = step;
  switch (operation.op) {
    case 'authorize': {
      const reason = isRefusal(failure) ? declineReasonForRefusal(failure.code) : undefined;
      if (reason) {
        // Refused before Amazon saw it: the attempt never existed.
        s.attempts = s.attempts.filter((_, i) => i !== operation.attempt);
        step.settle();
        return step.view({ status: 'declined', reason, reasonCode: s.attempts.at(-1)?.reasonCode });
      }
      return step.fail(failure, { type: 'resend', operation }, !isRefusal(failure));
    }
    case 'checkOrder':
    case 'confirm':
      return confirmFailed(step, operation, failure);
    case 'cancelOrder':
      return step.fail(failure, { type: 'resend', operation }, false);
    case 'pollAuthorization':
    case 'pollOrder':
      return scheduleNextPoll(step);
  }
}

/** The order reference was closed or canceled while the flow waited on the buyer or a retry: nothing can be authorized any more. */
function orderClosed(step: Step, order: { readonly state: OrderReferenceState; readonly reasonCode?: ReasonCode }): void {
  const next = decideAfterOrderCheck(order, false);
  if (next.type !== 'declined') return;
  step.settle();
  step.view({ status: 'declined', reason: next.reason, reasonCode: next.reasonCode });
}

function orderReopened(step: Step): void {
  step.settle();
  step.start({ op: 'checkOrder', confirmFirst: false, trigger: 'buyer', fromWallet: false });
}

function onTimer(step: Step, action: TimerAction): void {
  const { s } = step;
  if (action.then === 'retry') return step.start({ op: 'checkOrder', confirmFirst: action.confirmFirst, trigger: 'retry', fromWallet: false });
  const watch = s.watch;
  if (!watch) return;
  if (watch.target === 'orderReference') {
    step.s.watch = { ...watch, polls: watch.polls + 1 };
    return step.start({ op: 'pollOrder' });
  }
  const id = watch.amazonAuthorizationId!;
  if (watch.polls >= s.config.polling.maxPolls) {
    step.s.watch = undefined;
    return step.fail(
      { kind: 'timeout', code: 'PollingExhausted', message: `No authorization result after ${watch.polls} checks.`, retryable: true },
      { type: 'watch', amazonAuthorizationId: id },
      true,
    );
  }
  step.s.watch = { ...watch, polls: watch.polls + 1 };
  step.start({ op: 'pollAuthorization', amazonAuthorizationId: id });
}

function onNotified(step: Step, raw: unknown): void {
  const { s } = step;
  const update = readBackendUpdate(raw);
  if (!update || s.notifications.includes(update.notificationId)) return;
  s.notifications = [...s.notifications, update.notificationId].slice(-NOTIFICATION_MEMORY);
  if (update.type === 'orderReference') {
    const order = update.orderReference;
    if (order.amazonOrderReferenceId !== s.config.amazonOrderReferenceId) return;
    if (order.state === 'Open' && s.watch?.target === 'orderReference') return orderReopened(step);
    const waiting = s.view.status === 'contactBuyer' || s.view.status === 'retryScheduled' || s.view.status === 'needsNewPaymentMethod';
    if (waiting && !s.inFlight && isOrderReferenceFinal(order.state)) orderClosed(step, order);
    return;
  }
  if (update.type !== 'authorization') return; // a Checkout v2 charge is the server's charge machine's
  const { authorization } = update;
  if (authorization.amazonOrderReferenceId !== s.config.amazonOrderReferenceId || authorization.state === 'Pending') return;
  const byId = s.attempts.findIndex((a) => a.amazonAuthorizationId === authorization.amazonAuthorizationId);
  const byAnyReference = s.attempts.findIndex((a) => a.authorizationReferenceId === authorization.authorizationReferenceId);
  if (byId === -1 && byAnyReference === -1 && isLiveAuthorization(authorization, false)) {
    // Another party's authorization is Open: the money is held, whatever this flow was doing.
    step.settle();
    return step.view({ status: 'approved', authorization });
  }
  if (byId !== -1) {
    if (s.attempts[byId]!.state === 'Pending') {
      if (s.inFlight?.operation.op === 'pollAuthorization') s.inFlight = undefined;
      handleAuthorization(step, byId, authorization);
    }
    return;
  }
  // An attempt whose Authorize reply was lost (error state, not being re-sent): its result still counts.
  const byReference = s.attempts.findIndex((a) => a.authorizationReferenceId === authorization.authorizationReferenceId && a.state === undefined);
  const resending = s.inFlight?.operation.op === 'authorize' && s.inFlight.operation.attempt === byReference;
  if (byReference !== -1 && !resending) {
    s.retry = undefined;
    handleAuthorization(step, byReference, authorization);
  }
}

function onRetry(step: Step): void {
  const { s } = step;
  const plan = s.retry;
  if (s.view.status !== 'error' || !plan || s.inFlight) return;
  s.retry = undefined;
  switch (plan.type) {
    case 'resend':
      if (plan.operation.op === 'authorize') step.view({ status: 'authorizing', attempt: plan.operation.attempt + 1 });
      else if (plan.operation.op === 'confirm' || plan.operation.op === 'checkOrder') step.view({ status: 'confirming' });
      return step.start(plan.operation);
    case 'wallet':
      return step.view({
        status: 'needsNewPaymentMethod',
        reasonCode: plan.reasonCode,
        paymentSelected: false,
        reauthorizationsLeft: authorizationsLeft(attemptOutcomes(s.attempts), step.policy),
      });
    case 'watch':
      step.view({ status: 'pending' });
      return startWatch(step, 'authorization', plan.amazonAuthorizationId);
  }
}

/**
 * The decline flow's only logic: given a state and an event, the next state
 * and the effects to carry out. Pure and total: any event in any state gives
 * a state (often the same one); replies of calls no longer awaited and
 * timers no longer set are ignored.
 */
export function transition(state: DeclineMachineState, event: DeclineEvent): DeclineTransition {
  const unchanged: DeclineTransition = { state, effects: [] };
  // Approved is final for the order reference; an invalid configuration never acts.
  if (state.view.status === 'approved') return unchanged;
  if (state.view.status === 'error' && state.view.error.kind === 'validation' && !state.retry) return unchanged;
  const step = new Step(state, event.at);
  const { s } = step;

  switch (event.type) {
    case 'authorize':
      if (s.view.status !== 'idle' || s.inFlight || s.attempts.length > 0) return unchanged;
      newAttempt(step, 'first');
      break;

    case 'authorizationKnown': {
      if (s.view.status !== 'idle' || s.attempts.length > 0) return unchanged;
      const authorization = readAuthorizationDetails(event.authorization);
      if (!authorization || authorization.amazonOrderReferenceId !== s.config.amazonOrderReferenceId) {
        const message = authorization
          ? `initialAuthorization belongs to ${authorization.amazonOrderReferenceId}, not ${s.config.amazonOrderReferenceId}.`
          : 'initialAuthorization is not of the documented AuthorizationDetails shape.';
        step.fail({ kind: 'validation', message, retryable: false }, undefined, false);
        break;
      }
      s.attempts = [{ authorizationReferenceId: authorization.authorizationReferenceId, mode: s.mode, trigger: 'first' }];
      handleAuthorization(step, 0, authorization);
      break;
    }

    case 'paymentSelected':
      if (s.view.status !== 'needsNewPaymentMethod' || s.view.paymentSelected) return unchanged;
      step.view({ ...s.view, paymentSelected: true });
      break;

    case 'placeOrder':
      if (s.view.status !== 'needsNewPaymentMethod' || !s.view.paymentSelected || s.inFlight) return unchanged;
      step.view({ status: 'confirming' });
      step.start({ op: 'checkOrder', confirmFirst: true, trigger: 'buyer', fromWallet: true });
      break;

    case 'retry':
      onRetry(step);
      break;

    case 'cancel':
      if (s.buyerLeft || !canCancel(s.view) || s.view.status === 'declined') return unchanged;
      step.settle();
      s.buyerLeft = true;
      step.view({ status: 'declined', reason: 'canceled', reasonCode: undefined });
      break;

    case 'callSucceeded':
    case 'callFailed': {
      const inFlight = s.inFlight;
      if (!inFlight || inFlight.callId !== event.callId) return unchanged;
      s.inFlight = undefined;
      if (event.type === 'callSucceeded') onCallSucceeded(step, inFlight.operation, event.value);
      else onCallFailed(step, inFlight.operation, event.failure);
      break;
    }

    case 'notified':
      onNotified(step, event.update);
      if (step.effects.length === 0 && step.s.notifications === state.notifications) return unchanged;
      break;

    case 'timerFired': {
      const timer = s.timer;
      if (!timer || timer.timerId !== event.timerId) return unchanged;
      s.timer = undefined;
      onTimer(step, timer.action);
      break;
    }
  }
  return step.done();
}
