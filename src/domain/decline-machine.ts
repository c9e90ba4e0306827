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
  type DeclineReason,
  type ResolvedDeclinePolicy,
} from './decline-policy';
import { canCancel, type CallFailure, type ContactBuyerState, type DeclinedState, type DeclineState } from './decline-state';
import { isRefusal } from './errors';
import {
  fire,
  type CallEffect,
  type ClearTimerEffect,
  type MachineTable,
  type NotifyEffect,
  type ScheduleEffect,
  type TimerFired,
  type Transition,
} from './machine';
import { readAuthorizationDetails, readBackendUpdate, readOrderReferenceDetails } from './reply-shapes';
import type {
  AuthorizationDetails,
  AuthorizationMode,
  AuthorizationState,
  AuthorizeRequest,
  ConfirmOrderReferenceRequest,
  Money,
  OrderReferenceState,
  ReasonCode,
} from './types';
import { assertOrderReferenceId, parseMoney } from './validation';

/**
 * The decline flow of one order reference as a pure transition:
 * `transition(state, event) -> { state, effects }`, driven by the table
 * `DECLINE_MACHINE` (`on[phase][event]`, src/domain/machine.ts; drawn in
 * docs/state-machines.md). The state is plain JSON (a server stores it as
 * is); time and randomness come in through events and the seed; effects say
 * which backend call to make, which timer to set and whom to notify. The
 * browser runner (decline-runner.ts) and the server's recovery machine carry
 * the effects out and feed the results back as events.
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
  /**
   * "Pay another way" also cancels the order reference at Amazon (CancelOrderReference). The browser's runner,
   * the order's one decision-maker there, sets it; the server's recovery machine cancels and follows the outcome itself.
   */
  readonly cancelOnPayAnotherWay?: boolean;
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
  /** "Pay another way": the order reference is canceled at Amazon (nothing is Open or unknown then), and nothing follows. */
  | { readonly op: 'payAnotherWay' }
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

/**
 * Where the flow is; each phase says what it waits for.
 * - `idle`: nothing sent yet (the buyer's Place order, or the merchant's own authorization).
 * - `authorizing`, `checkingOrder`, `confirming`, `cancelingOrder`: the reply of that call (`inFlight`):
 *   Authorize; GetOrderReferenceDetails before a re-authorization; ConfirmOrderReference; CancelOrderReference.
 * - `pending`: an async authorization's result (a notification, or the next poll: `watch`, `timer`).
 * - `needsNewPaymentMethod`: the buyer's choice in the Wallet, then Place order.
 * - `retryScheduled`: the retry's time (`timer`).
 * - `awaitingUpdate`: the buyer updating the payment method in their account (the order re-opens; `watch`, `timer`).
 * - `contactBuyer`: nothing more can be authorized; the buyer may still pay another way.
 * - `error`: the buyer's (or the server's) `retry`, which carries out `retry`'s plan.
 * - `invalid`: nothing: the configuration or the merchant's authorization was invalid.
 * - `approved`, `declined`: settled; `canceled`: the buyer paid another way. The last two still take a late approval.
 */
export type DeclinePhase =
  | 'idle'
  | 'authorizing'
  | 'checkingOrder'
  | 'confirming'
  | 'cancelingOrder'
  | 'pending'
  | 'needsNewPaymentMethod'
  | 'retryScheduled'
  | 'awaitingUpdate'
  | 'contactBuyer'
  | 'error'
  | 'invalid'
  | 'approved'
  | 'declined'
  | 'canceled';

export interface DeclineMachineState {
  readonly version: 2;
  readonly phase: DeclinePhase;
  readonly config: DeclineMachineConfig;
  readonly seed: DeclineMachineSeed;
  readonly view: DeclineState;
  readonly attempts: readonly AttemptRecord[];
  /** Mode of the next attempt (async after a sync timeout). */
  readonly mode: AuthorizationMode;
  /** The call the phase awaits (its reply is matched by `callId`). */
  readonly inFlight?: { readonly callId: number; readonly operation: Operation };
  /** The timer the phase awaits (`retryScheduled`; the next poll while `pending` or `awaitingUpdate`). */
  readonly timer?: { readonly timerId: number; readonly at: number; readonly action: TimerAction };
  /** What `pending` and `awaitingUpdate` poll, and how often. */
  readonly watch?: Watch;
  /** In `error`: what `retry` does. */
  readonly retry?: RetryPlan;
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
export type DeclineEffect =
  (CallEffect<BackendCall> & { readonly callId: number }) | ScheduleEffect | ClearTimerEffect | NotifyEffect<DeclineNotification>;

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
  let view: DeclineState = { status: 'idle' };
  try {
    assertOrderReferenceId(init.amazonOrderReferenceId);
    parseMoney(init.amount?.amount, init.amount?.currencyCode);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: string }).code;
    view = {
      status: 'error',
      error: { kind: 'validation', message, retryable: false, ...(code ? { code } : {}) },
      authorizationUnknown: false,
    };
  }
  return {
    version: 2,
    phase: view.status === 'error' ? 'invalid' : 'idle',
    config,
    seed,
    view,
    attempts: [],
    mode: init.mode,
    seq: 1,
    notifications: [],
    updatedAt: at,
  };
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
      if (!request)
        throw new RangeError(process.env.NODE_ENV !== 'production' ? `No request for attempt ${operation.attempt}.` : 'attempt');
      return { method: 'authorize', request };
    }
    case 'checkOrder':
    case 'pollOrder':
      return { method: 'getOrderReferenceDetails', amazonOrderReferenceId: id };
    case 'confirm':
      return { method: 'confirmOrderReference', request: { amazonOrderReferenceId: id, amount: config.amount } };
    case 'cancelOrder':
      return { method: 'cancelOrderReference', request: { amazonOrderReferenceId: id, reason: 'Amazon Pay did not answer in time.' } };
    case 'payAnotherWay':
      return { method: 'cancelOrderReference', request: { amazonOrderReferenceId: id, reason: 'The buyer chose another payment method.' } };
    case 'pollAuthorization':
      return { method: 'getAuthorizationDetails', amazonAuthorizationId: operation.amazonAuthorizationId };
  }
}

/* ---------------------------------------------------------------- the step actions work on */

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

  /** Shows `next` and enters `phase` (the view's own status unless said otherwise); approved, declined and contactBuyer are told. */
  view(next: DeclineState, phase: DeclinePhase = next.status as DeclinePhase): void {
    this.s.view = next;
    this.s.phase = phase;
    if (next.status === 'approved') this.effects.push({ type: 'notify', notice: { type: 'approved', authorization: next.authorization } });
    else if (next.status === 'declined' || next.status === 'contactBuyer')
      this.effects.push({ type: 'notify', notice: { type: next.status, state: next } as DeclineNotification });
  }

  fail(error: CallFailure, retry: RetryPlan | undefined, authorizationUnknown: boolean): void {
    this.s.retry = retry;
    this.view({ status: 'error', error, authorizationUnknown }, retry ? 'error' : 'invalid');
  }

  /** Sends the operation's call; `phase`: the phase that awaits its reply (a poll keeps the phase). */
  start(operation: Operation, phase?: DeclinePhase): void {
    const callId = this.s.seq++;
    this.s.inFlight = { callId, operation };
    if (phase) this.s.phase = phase;
    this.effects.push({ type: 'call', callId, call: backendCall(this.s, operation) });
  }

  schedule(at: number, action: TimerAction): void {
    this.clearTimer();
    const timerId = this.s.seq++;
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
    this.s.inFlight = this.s.watch = this.s.retry = undefined;
  }

  setAttempt(index: number, patch: Partial<AttemptRecord>): void {
    const attempts = [...this.s.attempts];
    attempts[index] = { ...attempts[index]!, ...patch };
    this.s.attempts = attempts;
  }
}

/* ---------------------------------------------------------------- what actions share */

const declined = (step: Step, reason: DeclineReason, reasonCode: ReasonCode | undefined): void =>
  step.view({ status: 'declined', reason, reasonCode });

/** The Wallet, bound to the same order reference (the one place this view is built). */
function showWallet(step: Step, reasonCode: ReasonCode): void {
  step.view({
    status: 'needsNewPaymentMethod',
    reasonCode,
    paymentSelected: false,
    reauthorizationsLeft: authorizationsLeft(attemptOutcomes(step.s.attempts), step.policy),
  });
}

/** Starts a new authorization attempt, within Amazon's per-order limit. */
function newAttempt(step: Step, trigger: AttemptTrigger): void {
  const { s } = step;
  if (authorizationsLeft(attemptOutcomes(s.attempts), step.policy) <= 0) {
    step.settle();
    return declined(step, 'budgetSpent', s.attempts.at(-1)?.reasonCode);
  }
  const index = s.attempts.length;
  const { config } = s;
  const note = config.sellerAuthorizationNotes?.[index] ?? undefined;
  const request: AuthorizeRequest = {
    amazonOrderReferenceId: config.amazonOrderReferenceId,
    authorizationReferenceId: attemptReferenceId(config.amazonOrderReferenceId, index, s.seed.idSalt),
    amount: config.amount,
    mode: s.mode,
    ...(s.mode === 'async' && config.transactionTimeoutMinutes !== undefined
      ? { transactionTimeoutMinutes: config.transactionTimeoutMinutes }
      : {}),
    ...(config.captureNow ? { captureNow: true } : {}),
    ...(note ? { sellerAuthorizationNote: note } : {}),
  };
  s.attempts = [...s.attempts, { authorizationReferenceId: request.authorizationReferenceId, mode: s.mode, trigger, request }];
  s.retry = undefined;
  step.view({ status: 'authorizing', attempt: index + 1 });
  step.start({ op: 'authorize', attempt: index });
}

const checkOrder = (step: Step, confirmFirst: boolean, trigger: AttemptTrigger, fromWallet: boolean): void =>
  step.start({ op: 'checkOrder', confirmFirst, trigger, fromWallet }, 'checkingOrder');

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
  if (s.phase === 'canceled' && action.type !== 'approved') return;
  step.settle();
  switch (action.type) {
    case 'approved':
      return step.view({ status: 'approved', authorization });
    case 'awaitResult': {
      const previous = s.attempts[index - 1];
      const afterSyncTimeout = previous?.mode === 'sync' && previous.reasonCode === 'TransactionTimedOut';
      step.view({ status: 'pending', ...(afterSyncTimeout ? { reasonCode: 'TransactionTimedOut' } : {}) });
      return startWatch(step, 'authorization', authorization.amazonAuthorizationId);
    }
    case 'showWallet':
      return showWallet(step, action.reasonCode);
    case 'retryLater': {
      const retryAt = step.at + action.delayMs;
      step.view({
        status: 'retryScheduled',
        retryAt,
        reasonCode: action.reasonCode,
        reauthorizationsLeft: reauthorizationsLeft(outcomes, step.policy),
      });
      return step.schedule(retryAt, { then: 'retry', confirmFirst: action.confirmFirst });
    }
    case 'retryAsync':
      s.mode = 'async';
      return checkOrder(step, false, 'retry', false);
    case 'cancelOrder':
      return step.start({ op: 'cancelOrder', reasonCode: action.reasonCode }, 'cancelingOrder');
    case 'contactBuyer':
      step.view(
        { status: 'contactBuyer', reasonCode: action.reasonCode, accountUrl: s.config.accountUrl, awaitingUpdate: action.awaitUpdate },
        action.awaitUpdate ? 'awaitingUpdate' : 'contactBuyer',
      );
      if (action.awaitUpdate) startWatch(step, 'orderReference');
      return;
    case 'declined':
      return declined(step, action.reason, action.reasonCode);
  }
}

/**
 * An authorization that holds (or took) the money: Open, or Closed after its
 * capture. `orPending`: a Pending one too (its outcome is coming).
 */
export function isLiveAuthorization(authorization: Pick<AuthorizationDetails, 'state' | 'reasonCode'>, orPending: boolean): boolean {
  return (
    authorization.state === 'Open' ||
    (authorization.state === 'Closed' && authorization.reasonCode === 'MaxCapturesProcessed') ||
    (orPending && authorization.state === 'Pending')
  );
}

/** A reply not of the documented shape: the outcome is unknown. The sentence is development-only (docs/errors.md, `malformed`). */
function malformed(operation: Operation): CallFailure {
  return {
    kind: 'malformed',
    message:
      process.env.NODE_ENV !== 'production'
        ? `The ${operation.op} reply is not of the documented shape; the outcome is unknown.`
        : 'malformed',
    retryable: true,
  };
}

/** The order reference was closed or canceled while the flow waited on the buyer or a retry: nothing can be authorized any more. */
function orderClosed(step: Step, order: { readonly state: OrderReferenceState; readonly reasonCode?: ReasonCode }): void {
  const next = decideAfterOrderCheck(order, false);
  if (next.type !== 'declined') return;
  step.settle();
  declined(step, next.reason, next.reasonCode);
}

function orderReopened(step: Step): void {
  step.settle();
  checkOrder(step, false, 'buyer', false);
}

/* ---------------------------------------------------------------- guards */

type On<T extends DeclineEvent['type']> = Extract<DeclineEvent, { type: T }>;
type Reply = On<'callSucceeded'> | On<'callFailed'>;

/** The reply of the call the phase awaits (a reply to a call no longer awaited is ignored). */
const isAwaitedReply = ({ s }: Step, event: Reply): boolean => s.inFlight?.callId === event.callId;
/** The timer the phase awaits (a timer since cleared or replaced is ignored). */
const isAwaitedTimer = ({ s }: Step, event: On<'timerFired'>): boolean => s.timer?.timerId === event.timerId;
/** The merchant's authorization belongs to this order reference. */
const isThisOrdersAuthorization = ({ s }: Step, event: On<'authorizationKnown'>): boolean =>
  readAuthorizationDetails(event.authorization)?.amazonOrderReferenceId === s.config.amazonOrderReferenceId;
const isPaymentSelected = ({ s }: Step): boolean => (s.view as Extract<DeclineState, { status: 'needsNewPaymentMethod' }>).paymentSelected;
const isPaymentToSelect = (step: Step): boolean => !isPaymentSelected(step);
/** "Pay another way" may be offered (`canCancel`: no authorization's outcome is unknown), and the flow is not declined already. */
const mayPayAnotherWay = ({ s }: Step): boolean => canCancel(s.view) && s.view.status !== 'declined';
/** `error` has a plan for `retry` and nothing is in flight. */
const hasRetryPlan = ({ s }: Step): boolean => !!s.retry && !s.inFlight;
/** An update of the documented shape not handled before (pushed updates arrive more than once). */
const isNewNotification = ({ s }: Step, event: On<'notified'>): boolean => {
  const update = readBackendUpdate(event.update);
  return !!update && !s.notifications.includes(update.notificationId);
};

/* ---------------------------------------------------------------- actions */

const startFirstAttempt = (step: Step): void => newAttempt(step, 'first');

function takeKnownAuthorization(step: Step, event: On<'authorizationKnown'>): void {
  const authorization = readAuthorizationDetails(event.authorization)!;
  step.s.attempts = [{ authorizationReferenceId: authorization.authorizationReferenceId, mode: step.s.mode, trigger: 'first' }];
  handleAuthorization(step, 0, authorization);
}

function rejectKnownAuthorization(step: Step, event: On<'authorizationKnown'>): void {
  // A programmer's error: the sentence is development-only, as the kit's other validation errors.
  const authorization = readAuthorizationDetails(event.authorization);
  const message =
    process.env.NODE_ENV !== 'production'
      ? authorization
        ? `initialAuthorization belongs to ${authorization.amazonOrderReferenceId}, not ${step.s.config.amazonOrderReferenceId}.`
        : 'initialAuthorization is not of the documented AuthorizationDetails shape.'
      : 'InvalidParameterValue';
  step.fail({ kind: 'validation', message, retryable: false }, undefined, false);
}

const selectPayment = (step: Step): void =>
  step.view({ ...(step.s.view as Extract<DeclineState, { status: 'needsNewPaymentMethod' }>), paymentSelected: true });

function placeOrder(step: Step): void {
  step.view({ status: 'confirming' });
  checkOrder(step, true, 'buyer', true);
}

function payAnotherWay(step: Step): void {
  step.settle();
  step.view({ status: 'declined', reason: 'canceled', reasonCode: undefined }, 'canceled');
  // Final for the order: canceled at Amazon too, so nobody (another tab, the merchant's own code) authorizes it later.
  if (step.s.config.cancelOnPayAnotherWay) step.start({ op: 'payAnotherWay' });
}

/** The cancel after "Pay another way" answered: the buyer has moved on, so neither a reply nor a refusal changes what they see. */
const takeFinalCancel = (step: Step): void => void awaited(step);

/** Takes the awaited call's reply out of `inFlight`; the phase's reply action reads it. */
function awaited(step: Step): Operation {
  const { operation } = step.s.inFlight!;
  step.s.inFlight = undefined;
  return operation;
}

function takeAuthorizeReply(step: Step, event: On<'callSucceeded'>): void {
  const { s } = step;
  const operation = awaited(step) as Extract<Operation, { op: 'authorize' }>;
  const attempt = s.attempts[operation.attempt]!;
  const authorization = readAuthorizationDetails(event.value);
  if (authorization?.amazonOrderReferenceId === s.config.amazonOrderReferenceId && isLiveAuthorization(authorization, true)) {
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
    return step.fail(malformed(operation), { type: 'resend', operation }, true);
  }
  handleAuthorization(step, operation.attempt, authorization);
}

function takeAuthorizeFailure(step: Step, { failure }: On<'callFailed'>): void {
  const { s } = step;
  const operation = awaited(step) as Extract<Operation, { op: 'authorize' }>;
  const reason = isRefusal(failure) ? declineReasonForRefusal(failure.code) : undefined;
  if (reason) {
    // Refused before Amazon saw it: the attempt never existed.
    s.attempts = s.attempts.filter((_, i) => i !== operation.attempt);
    step.settle();
    return declined(step, reason, s.attempts.at(-1)?.reasonCode);
  }
  step.fail(failure, { type: 'resend', operation }, !isRefusal(failure));
}

function takeOrderCheck(step: Step, event: On<'callSucceeded'>): void {
  const operation = awaited(step) as Extract<Operation, { op: 'checkOrder' }>;
  const order = readOrderReferenceDetails(event.value);
  if (!order) return step.fail(malformed(operation), { type: 'resend', operation }, false);
  const next = decideAfterOrderCheck(order, operation.confirmFirst);
  switch (next.type) {
    case 'authorize':
      return newAttempt(step, operation.trigger);
    case 'confirm':
      step.view({ status: 'confirming' });
      return step.start({ op: 'confirm', trigger: operation.trigger, fromWallet: operation.fromWallet });
    case 'showWallet':
      return showWallet(step, next.reasonCode);
    case 'declined':
      step.settle();
      return declined(step, next.reason, next.reasonCode);
  }
}

function takeConfirmation(step: Step, event: On<'callSucceeded'>): void {
  const operation = awaited(step) as Extract<Operation, { op: 'confirm' }>;
  const order = readOrderReferenceDetails(event.value);
  if (order?.state === 'Open') return newAttempt(step, operation.trigger);
  const failure: CallFailure = order
    ? {
        kind: 'amazon',
        code: 'InvalidOrderReferenceStatus',
        message: process.env.NODE_ENV !== 'production' ? `The order reference is ${order.state} after confirmation.` : order.state,
        retryable: false,
      }
    : malformed(operation);
  confirmFailed(step, operation, failure);
}

/** A refused check or confirmation; Amazon refusing the buyer's Wallet choice (PaymentMethodNotUpdated, ...): retry goes back to the Wallet. */
function confirmFailed(step: Step, operation: Extract<Operation, { op: 'confirm' | 'checkOrder' }>, failure: CallFailure): void {
  const backToWallet = operation.fromWallet && failure.kind === 'amazon';
  step.fail(failure, backToWallet ? { type: 'wallet', reasonCode: 'InvalidPaymentMethod' } : { type: 'resend', operation }, false);
}

const takeConfirmFailure = (step: Step, { failure }: On<'callFailed'>): void =>
  confirmFailed(step, awaited(step) as Extract<Operation, { op: 'confirm' | 'checkOrder' }>, failure);

function takeCancellation(step: Step, event: On<'callSucceeded'>): void {
  const operation = awaited(step) as Extract<Operation, { op: 'cancelOrder' }>;
  if (!readOrderReferenceDetails(event.value)) return step.fail(malformed(operation), { type: 'resend', operation }, false);
  step.settle();
  declined(step, 'canceled', operation.reasonCode);
}

/** A refused call whose plan is to send it again (`retry`). */
const failCall = (step: Step, { failure }: On<'callFailed'>): void =>
  step.fail(failure, { type: 'resend', operation: awaited(step) }, false);

function takeAuthorizationPoll(step: Step, event: On<'callSucceeded'>): void {
  const operation = awaited(step) as Extract<Operation, { op: 'pollAuthorization' }>;
  const authorization = readAuthorizationDetails(event.value);
  const index = step.s.attempts.findIndex((a) => a.amazonAuthorizationId === operation.amazonAuthorizationId);
  // A null, garbage or still-Pending reply: keep polling.
  if (
    !authorization ||
    authorization.state === 'Pending' ||
    authorization.amazonAuthorizationId !== operation.amazonAuthorizationId ||
    index === -1
  )
    return scheduleNextPoll(step);
  handleAuthorization(step, index, authorization);
}

function takeOrderPoll(step: Step, event: On<'callSucceeded'>): void {
  awaited(step);
  const order = readOrderReferenceDetails(event.value);
  if (order?.state === 'Open') return orderReopened(step);
  if (order && isOrderReferenceFinal(order.state)) return orderClosed(step, order);
  scheduleNextPoll(step);
}

/** A failed poll: poll again later. */
function pollLater(step: Step): void {
  awaited(step);
  scheduleNextPoll(step);
}

function takeTimer(step: Step): void {
  const { s } = step;
  const { action } = s.timer!;
  s.timer = undefined;
  if (action.then === 'retry') return checkOrder(step, action.confirmFirst, 'retry', false);
  const watch = s.watch;
  if (!watch) return;
  if (watch.target === 'orderReference') {
    s.watch = { ...watch, polls: watch.polls + 1 };
    return step.start({ op: 'pollOrder' });
  }
  const id = watch.amazonAuthorizationId!;
  if (watch.polls >= s.config.polling.maxPolls) {
    s.watch = undefined;
    const message = process.env.NODE_ENV !== 'production' ? `No authorization result after ${watch.polls} checks.` : 'PollingExhausted';
    return step.fail(
      { kind: 'timeout', code: 'PollingExhausted', message, retryable: true },
      { type: 'watch', amazonAuthorizationId: id },
      true,
    );
  }
  s.watch = { ...watch, polls: watch.polls + 1 };
  step.start({ op: 'pollAuthorization', amazonAuthorizationId: id });
}

function takeNotification(step: Step, event: On<'notified'>): void {
  const { s } = step;
  const update = readBackendUpdate(event.update)!;
  s.notifications = [...s.notifications, update.notificationId].slice(-NOTIFICATION_MEMORY);
  if (update.type === 'orderReference') {
    const order = update.orderReference;
    if (order.amazonOrderReferenceId !== s.config.amazonOrderReferenceId) return;
    if (order.state === 'Open' && s.watch?.target === 'orderReference') return orderReopened(step);
    const waiting =
      s.phase === 'contactBuyer' || s.phase === 'awaitingUpdate' || s.phase === 'retryScheduled' || s.phase === 'needsNewPaymentMethod';
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
  const byReference = s.attempts.findIndex(
    (a) => a.authorizationReferenceId === authorization.authorizationReferenceId && a.state === undefined,
  );
  const resending = s.inFlight?.operation.op === 'authorize' && s.inFlight.operation.attempt === byReference;
  if (byReference !== -1 && !resending) {
    s.retry = undefined;
    handleAuthorization(step, byReference, authorization);
  }
}

function retryWhatFailed(step: Step): void {
  const { s } = step;
  const plan = s.retry!;
  s.retry = undefined;
  switch (plan.type) {
    case 'resend': {
      // The same call again, in the phase that awaits its reply (the view's own, but for a re-check and a cancel).
      const { operation } = plan;
      const { op } = operation;
      if (op === 'authorize') step.view({ status: 'authorizing', attempt: operation.attempt + 1 });
      else if (op !== 'cancelOrder') step.view({ status: 'confirming' });
      return step.start(operation, op === 'checkOrder' ? 'checkingOrder' : op === 'cancelOrder' ? 'cancelingOrder' : undefined);
    }
    case 'wallet':
      return showWallet(step, plan.reasonCode);
    case 'watch':
      step.view({ status: 'pending' });
      return startWatch(step, 'authorization', plan.amazonAuthorizationId);
  }
}

/* ---------------------------------------------------------------- the table */

/** Where the policy's decision on an authorization result leads (handleAuthorization). */
const DECIDED: readonly DeclinePhase[] = [
  'approved',
  'pending',
  'needsNewPaymentMethod',
  'retryScheduled',
  'checkingOrder',
  'cancelingOrder',
  'awaitingUpdate',
  'contactBuyer',
  'declined',
];
/** A new attempt, or the end of the budget. */
const ATTEMPT: readonly DeclinePhase[] = ['authorizing', 'declined'];

/**
 * `on[phase][event]`: the decline flow's only logic. Any event in any phase
 * gives a state (often the same one): an event a phase does not list, or
 * whose guards all fail, changes nothing. Every phase but `invalid` and
 * `approved` also takes a notification, and "Pay another way" while
 * `canCancel` allows it (`always`).
 */
export const DECLINE_MACHINE: MachineTable<DeclinePhase, DeclineEvent, Step> = {
  on: {
    idle: {
      authorize: [{ actions: [startFirstAttempt], to: ATTEMPT }],
      authorizationKnown: [
        { guard: isThisOrdersAuthorization, actions: [takeKnownAuthorization], to: DECIDED },
        { actions: [rejectKnownAuthorization], to: ['invalid'] },
      ],
    },
    authorizing: {
      callSucceeded: [
        {
          guard: isAwaitedReply,
          actions: [takeAuthorizeReply],
          to: [
            'approved',
            'pending',
            'needsNewPaymentMethod',
            'retryScheduled',
            'checkingOrder',
            'cancelingOrder',
            'awaitingUpdate',
            'contactBuyer',
            'declined',
            'error',
          ],
        },
      ],
      callFailed: [{ guard: isAwaitedReply, actions: [takeAuthorizeFailure], to: ['declined', 'error'] }],
    },
    checkingOrder: {
      callSucceeded: [
        {
          guard: isAwaitedReply,
          actions: [takeOrderCheck],
          to: ['authorizing', 'declined', 'confirming', 'needsNewPaymentMethod', 'error'],
        },
      ],
      callFailed: [{ guard: isAwaitedReply, actions: [takeConfirmFailure], to: ['error'] }],
    },
    confirming: {
      callSucceeded: [{ guard: isAwaitedReply, actions: [takeConfirmation], to: ['authorizing', 'declined', 'error'] }],
      callFailed: [{ guard: isAwaitedReply, actions: [takeConfirmFailure], to: ['error'] }],
    },
    cancelingOrder: {
      callSucceeded: [{ guard: isAwaitedReply, actions: [takeCancellation], to: ['declined', 'error'] }],
      callFailed: [{ guard: isAwaitedReply, actions: [failCall], to: ['error'] }],
    },
    pending: {
      // The next poll; after the last one, an error whose retry polls again.
      timerFired: [{ guard: isAwaitedTimer, actions: [takeTimer], to: ['pending', 'error'] }],
      callSucceeded: [{ guard: isAwaitedReply, actions: [takeAuthorizationPoll], to: DECIDED }],
      callFailed: [{ guard: isAwaitedReply, actions: [pollLater] }],
    },
    needsNewPaymentMethod: {
      paymentSelected: [{ guard: isPaymentToSelect, actions: [selectPayment] }],
      placeOrder: [{ guard: isPaymentSelected, actions: [placeOrder], to: ['checkingOrder'] }],
    },
    retryScheduled: {
      timerFired: [{ guard: isAwaitedTimer, actions: [takeTimer], to: ['checkingOrder'] }],
    },
    awaitingUpdate: {
      timerFired: [{ guard: isAwaitedTimer, actions: [takeTimer] }],
      callSucceeded: [{ guard: isAwaitedReply, actions: [takeOrderPoll], to: ['checkingOrder', 'declined'] }],
      callFailed: [{ guard: isAwaitedReply, actions: [pollLater] }],
    },
    contactBuyer: {},
    error: {
      retry: [
        {
          guard: hasRetryPlan,
          actions: [retryWhatFailed],
          to: ['authorizing', 'checkingOrder', 'confirming', 'cancelingOrder', 'pending', 'needsNewPaymentMethod'],
        },
      ],
    },
    invalid: {},
    approved: {},
    declined: {},
    // After "Pay another way" only a late approval counts (handleAuthorization).
    canceled: {
      callSucceeded: [{ guard: isAwaitedReply, actions: [takeFinalCancel] }],
      callFailed: [{ guard: isAwaitedReply, actions: [takeFinalCancel] }],
    },
  },
  always: {
    notified: [{ guard: isNewNotification, actions: [takeNotification], to: DECIDED }],
    cancel: [{ guard: mayPayAnotherWay, actions: [payAnotherWay], to: ['canceled'] }],
  },
  final: ['invalid', 'approved'],
};

/**
 * Given a state and an event, the next state and the effects to carry out.
 * Pure and total: replies of calls no longer awaited and timers no longer
 * set are ignored.
 */
export function transition(state: DeclineMachineState, event: DeclineEvent): DeclineTransition {
  const step = new Step(state, event.at);
  if (!fire(DECLINE_MACHINE, state.phase, event, step, () => step.s.phase)) return { state, effects: [] };
  step.s.updatedAt = event.at;
  return { state: step.s, effects: step.effects };
}
