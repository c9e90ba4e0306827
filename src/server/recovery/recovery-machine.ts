/**
 * The server's recovery of one asynchronous order as a pure
 * `transition(state, event) -> { state, effects }`: the kit's decline machine
 * (src/domain/decline-machine.ts, the same one the browser runs) plus what
 * only a server with the buyer gone does: a decline window with a reminder
 * and a deadline, merchant notices, and end states a merchant can act on.
 * The runner (recovery-runner.ts) persists the state as JSON and carries the
 * effects out.
 */
import {
  canCancel,
  createDeclineMachine,
  transition as declineTransition,
  type BackendCall,
  type DeclineEffect,
  type DeclineEvent,
  type DeclineMachineState,
  type DeclineState,
} from '../../domain/decline-machine';
import type { DeclinePolicyOptions } from '../../domain/decline-policy';
import type { AuthorizationDetails, AuthorizationMode, Money, OrderReferenceDetails } from '../../domain/types';
import type { EndState, RecoveryNotice } from './recovery-notice';

export type { EndState, RecoveryNotice } from './recovery-notice';

/** Waiting for something: an authorization result, a scheduled retry, the buyer updating the payment method. */
export type ActivePhase = 'awaitingResult' | 'retryScheduled' | 'awaitingBuyer';

export type RecoveryPhase = ActivePhase | EndState;

export interface RecoveryState {
  readonly version: 2;
  readonly amazonOrderReferenceId: string;
  readonly amount: Money;
  /** The kit's decline machine, as it stores itself. */
  readonly decline: DeclineMachineState;
  readonly phase: RecoveryPhase;
  /** Set when the order first waits on a retry or the buyer: the decline window's end (ISO). */
  readonly deadline?: string;
  readonly reminded: boolean;
  /** A verified notification arrived for this order. */
  readonly notified: boolean;
  /** Error-state retries made (Amazon refusing a call). */
  readonly errorRetries: number;
  readonly endReason?: string;
  /**
   * The server is canceling the order reference: at the deadline (`expired`) or
   * because the buyer pays another way (`paidAnotherWay`). `tries`: attempts that
   * failed in passing (5xx, throttling); each is repeated after `errorRetryDelayMs`.
   */
  readonly closing?: { readonly as: 'expired' | 'paidAnotherWay'; readonly tries: number };
  /** Jobs or notifications that failed in passing (Amazon 5xx, the network) while acting on this order. */
  readonly transientFailures?: number;
  /** Counts changes: a tab keeps the view of the highest revision (events can arrive out of order). */
  readonly revision?: number;
}

export interface RecoveryMachineOptions {
  /** The decline policy (re-authorizations, Amazon's per-order limit, the ProcessingFailure/soft-decline retry window). */
  readonly policy: DeclinePolicyOptions;
  /** From the first decline to canceling the order reference. Default 72 h. */
  readonly declineWindowMs: number;
  /** How long before the deadline the reminder hook runs. Default 24 h. */
  readonly reminderBeforeMs: number;
  /** Polling fallback while no notification brings the awaited result (Amazon suggests hourly). */
  readonly pollIntervalMs: number;
  /** Delay before repeating a call Amazon refused; default 5 min. */
  readonly errorRetryDelayMs: number;
  /** Repeats before the order ends `failed`. Default 5. */
  readonly maxErrorRetries: number;
}

export const DEFAULT_RECOVERY_MACHINE_OPTIONS: RecoveryMachineOptions = {
  policy: {},
  declineWindowMs: 72 * 3_600_000,
  reminderBeforeMs: 24 * 3_600_000,
  pollIntervalMs: 3_600_000,
  errorRetryDelayMs: 300_000,
  maxErrorRetries: 5,
};

/** What the buyer's tab asks of the server that owns the order (the tab is a viewer: the server decides). */
export type BuyerIntent = 'retry' | 'cancel' | 'paymentSelected' | 'placeOrder';

/** Outcome of canceling the order reference (deadline or "Pay another way"), fed back by the runner. */
export type CancelOutcome =
  | { readonly outcome: 'canceled'; readonly orderReference: OrderReferenceDetails }
  /** Amazon refused the cancel; `orderReference` is the order as re-read right after. */
  | { readonly outcome: 'refused'; readonly code?: string; readonly orderReference?: OrderReferenceDetails }
  /** A passing failure (5xx, throttling, network): repeated later, a bounded number of times. */
  | { readonly outcome: 'transient'; readonly message: string };

export type RecoveryEvent =
  /** An event of the decline machine: a call's reply, a (re-read) notification, a timer. */
  | { readonly type: 'decline'; readonly event: DeclineEvent }
  | { readonly type: 'reminderDue'; readonly at: number }
  | { readonly type: 'deadlineDue'; readonly at: number }
  | { readonly type: 'errorRetryDue'; readonly at: number; readonly sequence: number }
  | { readonly type: 'buyer'; readonly at: number; readonly intent: BuyerIntent }
  | ({ readonly type: 'cancelResult'; readonly at: number } & CancelOutcome)
  | { readonly type: 'closeRetryDue'; readonly at: number; readonly sequence: number }
  /** A job or notification for this order failed in passing again; after `maxErrorRetries` of them the order ends `failed`. */
  | { readonly type: 'transientFailure'; readonly at: number; readonly message: string };

export type ServerJobKind = 'reminder' | 'deadline' | 'errorRetry' | 'closeRetry';

export type RecoveryEffect =
  /** Make this Amazon call and feed its reply back as `callSucceeded` / `callFailed`. */
  | { readonly type: 'call'; readonly callId: number; readonly call: BackendCall }
  /** Fire the decline machine's timer at `at` (ms since the epoch); a stale one is ignored. */
  | { readonly type: 'timer'; readonly timerId: number; readonly at: number }
  | { readonly type: 'job'; readonly kind: ServerJobKind; readonly sequence: number; readonly at: number }
  | { readonly type: 'cancelOrderReference'; readonly reason: string }
  | { readonly type: 'notify'; readonly notice: RecoveryNotice; readonly noticeId: string };

export interface Transition {
  readonly state: RecoveryState;
  readonly effects: readonly RecoveryEffect[];
}

const END_STATES: readonly string[] = ['authorized', 'declined', 'processingFailed', 'timedOut', 'expired', 'closed', 'notAuthorizable', 'failed', 'paidAnotherWay'];

export function isEndState(phase: RecoveryPhase): phase is EndState {
  return END_STATES.includes(phase);
}

export interface RecoveryInit {
  readonly first: AuthorizationDetails;
  readonly accountUrl: string;
  readonly at: number;
  /** In [0, 1]: where retries fall in the policy's window. */
  readonly jitter: number;
  readonly options?: Partial<RecoveryMachineOptions>;
}

/**
 * A recovery for an order whose first (asynchronous) authorization the
 * server now watches; feed it `authorizationKnown` next. The salt of the
 * server's AuthorizationReferenceIds is fixed (`srv`): a restored or repeated
 * run sends the same ids, and they never collide with the browser's.
 */
export function initialRecoveryState(init: RecoveryInit): RecoveryState {
  const { first } = init;
  return startedRecoveryState({ ...init, amazonOrderReferenceId: first.amazonOrderReferenceId, amount: first.amount, mode: 'async' });
}

export interface RecoveryStart extends Omit<RecoveryInit, 'first'> {
  readonly amazonOrderReferenceId: string;
  readonly amount: Money;
  readonly mode: AuthorizationMode;
}

/**
 * A recovery the server starts itself (the buyer's tab asked it to: the server
 * owns the order): idle; feed it the decline machine's `authorize`, or
 * `authorizationKnown` when an authorization exists already.
 */
export function startedRecoveryState(init: RecoveryStart): RecoveryState {
  const options = { ...DEFAULT_RECOVERY_MACHINE_OPTIONS, ...init.options };
  const decline = createDeclineMachine(
    {
      amazonOrderReferenceId: init.amazonOrderReferenceId,
      amount: init.amount,
      mode: init.mode,
      policy: options.policy,
      polling: { initialDelayMs: options.pollIntervalMs, factor: 1, maxDelayMs: options.pollIntervalMs, maxPolls: Math.ceil(options.declineWindowMs / options.pollIntervalMs) + 24 },
      accountUrl: init.accountUrl,
    },
    { idSalt: 'srv', jitter: init.jitter },
    init.at,
  );
  return {
    version: 2,
    amazonOrderReferenceId: init.amazonOrderReferenceId,
    amount: init.amount,
    decline,
    phase: 'awaitingResult',
    reminded: false,
    notified: false,
    errorRetries: 0,
  };
}

function phaseOf(view: DeclineState): RecoveryPhase {
  switch (view.status) {
    case 'approved':
      return 'authorized';
    case 'retryScheduled':
      return 'retryScheduled';
    case 'contactBuyer':
    case 'needsNewPaymentMethod':
      return 'awaitingBuyer';
    case 'declined':
      switch (view.reason) {
        case 'placeOrderLater':
          return 'processingFailed';
        case 'timedOut':
          return 'timedOut';
        case 'budgetSpent':
          return 'notAuthorizable';
        case 'canceled':
          return 'closed';
        case 'unknownCode':
          return 'declined';
        case 'rejected':
          // AmazonRejected (or an authorization Amazon closed) versus an order reference closed by someone.
          return view.reasonCode === undefined || view.reasonCode === 'AmazonRejected' || view.reasonCode === 'AmazonClosed' ? 'declined' : 'closed';
      }
      return 'declined';
    default:
      return 'awaitingResult';
  }
}

/** An authorization of the order may still go Open: sent without a known reply, or Pending. */
function outcomeUnknown(state: RecoveryState): boolean {
  return state.decline.attempts.some((attempt) => attempt.state === undefined || attempt.state === 'Pending');
}

/** Pure: time comes with each event (`at`). */
export function transition(state: RecoveryState, event: RecoveryEvent, partial: Partial<RecoveryMachineOptions> = {}): Transition {
  const options = { ...DEFAULT_RECOVERY_MACHINE_OPTIONS, ...partial };
  if (isEndState(state.phase)) return { state, effects: [] };
  const effects: RecoveryEffect[] = [];
  let next = state;
  const noticeBase = `${state.amazonOrderReferenceId}-${state.decline.seq}`;
  let notices = 0;
  const notify = (notice: RecoveryNotice): void => {
    effects.push({ type: 'notify', notice, noticeId: `${noticeBase}-${notice.type}-${notices++}` });
  };
  const accountUrl = state.decline.config.accountUrl;

  const startWindow = (at: number) => {
    if (next.deadline !== undefined) return;
    next = { ...next, deadline: new Date(at + options.declineWindowMs).toISOString() };
    effects.push({ type: 'job', kind: 'reminder', sequence: 0, at: at + Math.max(0, options.declineWindowMs - options.reminderBeforeMs) });
    effects.push({ type: 'job', kind: 'deadline', sequence: 0, at: at + options.declineWindowMs });
  };

  const feed = (declineEvent: DeclineEvent, quiet = false) => {
    const result = declineTransition(next.decline, declineEvent);
    next = { ...next, decline: result.state };
    for (const effect of result.effects) mapEffect(effect, quiet);
    const view = result.state.view;
    if (view.status === 'error') {
      if (next.errorRetries >= options.maxErrorRetries && !outcomeUnknown(next)) {
        next = { ...next, phase: 'failed', endReason: view.error.code ?? view.error.kind };
        notify({ type: 'orderFailed', endState: 'failed', ...(view.error.code ? { reasonCode: view.error.code } : {}) });
        return;
      }
      next = { ...next, phase: 'awaitingResult' };
      effects.push({ type: 'job', kind: 'errorRetry', sequence: next.errorRetries + 1, at: declineEvent.at + options.errorRetryDelayMs });
      return;
    }
    // No update can be used any more (retries and Amazon's per-order limit spent): the same end as a spent budget.
    const phase = view.status === 'contactBuyer' && !view.awaitingUpdate ? 'notAuthorizable' : phaseOf(view);
    const reasonCode = view.status === 'declined' || view.status === 'contactBuyer' ? view.reasonCode : undefined;
    next = { ...next, phase, ...(reasonCode !== undefined && isEndState(phase) ? { endReason: reasonCode } : {}) };
    if (phase === 'retryScheduled' || phase === 'awaitingBuyer') startWindow(declineEvent.at);
  };

  function mapEffect(effect: DeclineEffect, quiet: boolean): void {
    switch (effect.type) {
      case 'call':
        effects.push({ type: 'call', callId: effect.callId, call: effect.call });
        return;
      case 'schedule':
        effects.push({ type: 'timer', timerId: effect.timerId, at: effect.at });
        return;
      case 'clearTimer':
        return; // a timer the machine no longer holds is ignored when it fires
      case 'notify': {
        if (quiet) return;
        const { notification } = effect;
        if (notification.type === 'approved') return notify({ type: 'orderAuthorized', amazonAuthorizationId: notification.authorization.amazonAuthorizationId });
        if (notification.type === 'contactBuyer') {
          const { reasonCode, awaitingUpdate } = notification.state;
          // Never ask for an update that cannot be used: tell the merchant the order ended instead.
          if (!awaitingUpdate) return notify({ type: 'orderFailed', endState: 'notAuthorizable', reasonCode });
          return notify({ type: 'contactBuyer', reasonCode, accountUrl: notification.state.accountUrl, awaitingUpdate });
        }
        const endState = phaseOf(notification.state);
        if (endState !== 'authorized' && isEndState(endState)) {
          notify({ type: 'orderFailed', endState, ...(notification.state.reasonCode === undefined ? {} : { reasonCode: notification.state.reasonCode }) });
        }
        return;
      }
    }
  }

  const end = (phase: Exclude<EndState, 'authorized'>, reasonCode?: string) => {
    next = { ...next, phase, closing: undefined, ...(reasonCode === undefined ? {} : { endReason: reasonCode }) };
    notify({ type: 'orderFailed', endState: phase, ...(reasonCode === undefined ? {} : { reasonCode }) });
  };
  const lastReasonCode = () => next.decline.attempts.at(-1)?.reasonCode;
  /** Stops the decline machine and cancels the order reference; its outcome decides the end. */
  const close = (as: 'expired' | 'paidAnotherWay', reason: string, at: number) => {
    const phase = next.phase;
    feed({ type: 'cancel', at }, true);
    next = { ...next, phase, closing: { as, tries: 0 } };
    effects.push({ type: 'cancelOrderReference', reason });
  };

  // While the order reference is being canceled, only the cancel's outcome (and its repeats) matter.
  if (next.closing && event.type !== 'cancelResult' && event.type !== 'closeRetryDue' && event.type !== 'transientFailure') return { state, effects: [] };

  switch (event.type) {
    case 'decline':
      if (event.event.type === 'notified') next = { ...next, notified: true };
      feed(event.event);
      break;

    case 'buyer':
      if (event.intent === 'cancel') {
        // "Pay another way" is final: only while no authorization's outcome is unknown, and never Authorize after it.
        if (!canCancel(next.decline.view)) break;
        close('paidAnotherWay', 'The buyer chose another payment method.', event.at);
        break;
      }
      feed({ type: event.intent, at: event.at });
      break;

    case 'cancelResult': {
      const closing = next.closing;
      if (!closing) break;
      if (event.outcome === 'canceled') {
        end(closing.as, lastReasonCode());
      } else if (event.outcome === 'refused') {
        const order = event.orderReference;
        if (closing.as === 'paidAnotherWay') end('paidAnotherWay', lastReasonCode());
        else if (order && (order.state === 'Closed' || order.state === 'Canceled')) end('closed', order.reasonCode ?? event.code);
        else end('failed', event.code);
      } else if (closing.tries + 1 >= options.maxErrorRetries) {
        end(closing.as === 'paidAnotherWay' ? 'paidAnotherWay' : 'failed', 'CancelNotConfirmed');
      } else {
        const tries = closing.tries + 1;
        next = { ...next, closing: { ...closing, tries } };
        effects.push({ type: 'job', kind: 'closeRetry', sequence: tries, at: event.at + options.errorRetryDelayMs });
      }
      break;
    }

    case 'closeRetryDue':
      if (next.closing && event.sequence === next.closing.tries) effects.push({ type: 'cancelOrderReference', reason: next.closing.as === 'expired' ? 'The payment method was not updated in time.' : 'The buyer chose another payment method.' });
      break;

    case 'transientFailure': {
      const failures = (next.transientFailures ?? 0) + 1;
      next = { ...next, transientFailures: failures };
      // Never while an authorization's outcome is unknown: it may still go Open (Amazon settles it within its timeout).
      if (failures >= options.maxErrorRetries && !outcomeUnknown(next)) end('failed', 'AmazonUnavailable');
      break;
    }

    case 'reminderDue':
      if (!next.reminded && next.deadline !== undefined && (next.phase === 'retryScheduled' || next.phase === 'awaitingBuyer')) {
        const { deadline } = next;
        next = { ...next, reminded: true };
        notify({ type: 'remindBuyer', deadline, accountUrl });
      }
      break;

    case 'deadlineDue':
      if (next.phase === 'awaitingResult') {
        // An authorization or a call is in flight: its result decides; look again after one poll interval.
        effects.push({ type: 'job', kind: 'deadline', sequence: next.decline.seq, at: event.at + options.pollIntervalMs });
        break;
      }
      // The machine stops (as when the buyer pays another way); the server cancels at Amazon, and its outcome decides the end.
      close('expired', 'The payment method was not updated in time.', event.at);
      break;

    case 'errorRetryDue':
      if (next.decline.view.status === 'error' && event.sequence === next.errorRetries + 1) {
        next = { ...next, errorRetries: event.sequence };
        feed({ type: 'retry', at: event.at });
      }
      break;
  }
  if (next !== state) next = { ...next, revision: (state.revision ?? 0) + 1 };
  return { state: next, effects };
}
