/**
 * The server's recovery of one asynchronous order as a pure
 * `transition(state, event) -> { state, effects }`. The runner
 * (recovery-runner.ts) feeds it what it re-read from Amazon and its own
 * schedule, persists the state as JSON and carries the effects out. The
 * decline table itself is the domain's decision (`decideNextAction`).
 */
import { decideNextAction, type AttemptOutcome, type DeclineAction } from '../../domain/decline-policy';
import type { AuthorizationDetails, Money, OrderReferenceDetails, ReasonCode } from '../../domain/types';

/** Waiting for something: an authorization result, a scheduled retry, the buyer updating the payment method. */
export type ActivePhase = 'awaitingResult' | 'retryScheduled' | 'awaitingBuyer';

/**
 * Where an order ends (docs/durable-server.md, "End states"):
 * - `authorized`: an authorization is Open (or captured).
 * - `declined`: AmazonRejected, a closed authorization, or a reason code the kit does not know.
 * - `processingFailed`: ProcessingFailure again after its retry.
 * - `timedOut`: the async authorization timed out at Amazon (the order was submitted; do not resubmit it).
 * - `expired`: the decline window passed without a payment; the order reference was canceled.
 * - `closed`: the order reference was closed or canceled elsewhere (merchant, Amazon) during recovery.
 * - `notAuthorizable`: a further authorization was not allowed (Amazon's limits on attempts and
 *   successful authorizations, the 15 % / 75 overcharge allowance, or the order reference not
 *   Open after confirming it); nothing more was sent.
 */
export type EndState = 'authorized' | 'declined' | 'processingFailed' | 'timedOut' | 'expired' | 'closed' | 'notAuthorizable';

export type RecoveryPhase = ActivePhase | EndState;

export interface RecoveryAttempt {
  readonly authorizationReferenceId: string;
  readonly amazonAuthorizationId?: string;
  readonly state: AuthorizationDetails['state'] | 'Requested';
  readonly reasonCode?: ReasonCode;
  readonly softDecline?: boolean;
  readonly amount: Money;
  readonly lastUpdateTimestamp?: string;
}

export interface RecoveryState {
  readonly version: 1;
  readonly amazonOrderReferenceId: string;
  /** The amount every re-authorization asks for (the first authorization's). */
  readonly amount: Money;
  readonly phase: RecoveryPhase;
  readonly attempts: readonly RecoveryAttempt[];
  /** Authorizations sent after the buyer updated the payment method (order reference Open again). */
  readonly buyerUpdates: number;
  /** Set at the first decline: the decline window's end (ISO). */
  readonly deadline?: string;
  readonly reminded: boolean;
  /** A verified notification arrived for this order: the hourly poll stops. */
  readonly notified: boolean;
  /** Polls scheduled so far (part of each poll job's id). */
  readonly polls: number;
  readonly endReason?: ReasonCode;
}

export interface RecoveryMachineOptions {
  /** Re-authorizations after the first decline (Amazon's guide: three). */
  readonly maxReauthorizations: number;
  /** Authorizations sent when the order reference is Open again after the buyer updated the method. */
  readonly maxBuyerUpdates: number;
  /** ProcessingFailure retry window (Amazon: one to two minutes). */
  readonly processingFailureDelayMs: readonly [number, number];
  /** Soft-decline re-authorization window. */
  readonly softDeclineDelayMs: readonly [number, number];
  /** From the first decline to canceling the order reference. */
  readonly declineWindowMs: number;
  /** How long before the deadline the reminder hook runs. */
  readonly reminderBeforeMs: number;
  /** Polling fallback interval while no notification arrived (Amazon suggests hourly). */
  readonly pollIntervalMs: number;
}

export const DEFAULT_RECOVERY_MACHINE_OPTIONS: RecoveryMachineOptions = {
  maxReauthorizations: 3,
  maxBuyerUpdates: 2,
  processingFailureDelayMs: [60_000, 120_000],
  softDeclineDelayMs: [3_600_000, 7_200_000],
  declineWindowMs: 72 * 3_600_000,
  reminderBeforeMs: 24 * 3_600_000,
  pollIntervalMs: 3_600_000,
};

export type RecoveryEvent =
  /** The runner re-read an authorization (after a notification, a poll, or its own Authorize). */
  | { readonly type: 'authorization'; readonly authorization: AuthorizationDetails; readonly viaNotification: boolean }
  /** The runner re-read the order reference. */
  | { readonly type: 'orderReference'; readonly orderReference: OrderReferenceDetails; readonly viaNotification: boolean }
  | { readonly type: 'retryDue'; readonly attempt: number }
  | { readonly type: 'reminderDue' }
  | { readonly type: 'deadlineDue' }
  /** A poll ran (or the order was just tracked): schedule the next one while no notification came. */
  | { readonly type: 'pollDue' }
  /** The runner refused to authorize (limits, overcharge allowance). */
  | { readonly type: 'authorizeRefused'; readonly reason: string };

export type RecoveryJobKind = 'retry' | 'poll' | 'reminder' | 'deadline';

/** What a merchant hook is told (through the queue, at least once, keyed by `noticeId`). */
export type RecoveryNotice =
  | { readonly type: 'contactBuyer'; readonly reasonCode: ReasonCode; readonly softDecline: boolean; readonly retriesExhausted: boolean }
  | { readonly type: 'remindBuyer'; readonly deadline: string }
  | { readonly type: 'orderAuthorized'; readonly amazonAuthorizationId?: string }
  | { readonly type: 'orderFailed'; readonly endState: Exclude<EndState, 'authorized'>; readonly reasonCode?: ReasonCode };

export type RecoveryEffect =
  /** Re-read the order reference (confirm it when Suspended and `confirmFirst`), check limits, then Authorize. */
  | { readonly type: 'authorize'; readonly authorizationReferenceId: string; readonly amount: Money; readonly confirmFirst: boolean }
  | { readonly type: 'cancelOrderReference'; readonly reason: string }
  /** A job for the scheduler; `sequence` makes its id unique and stable. */
  | { readonly type: 'schedule'; readonly kind: RecoveryJobKind; readonly sequence: number; readonly delayMs: number }
  | { readonly type: 'notify'; readonly notice: RecoveryNotice; readonly sequence: number };

export interface Transition {
  readonly state: RecoveryState;
  readonly effects: readonly RecoveryEffect[];
}

const END_STATES: readonly string[] = ['authorized', 'declined', 'processingFailed', 'timedOut', 'expired', 'closed', 'notAuthorizable'];

export function isEndState(phase: RecoveryPhase): phase is EndState {
  return END_STATES.includes(phase);
}

/**
 * AuthorizationReferenceId of attempt `n` (0 = the first, made by the
 * browser or the merchant). Deterministic, so a repeated run of the same
 * attempt re-sends the same id and Amazon answers with the first result.
 */
export function recoveryAttemptId(amazonOrderReferenceId: string, attempt: number): string {
  return `${amazonOrderReferenceId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 24)}-srv${attempt}`;
}

/** The state for an order whose first authorization the runner now watches. */
export function initialRecoveryState(first: AuthorizationDetails): RecoveryState {
  return {
    version: 1,
    amazonOrderReferenceId: first.amazonOrderReferenceId,
    amount: first.amount,
    phase: 'awaitingResult',
    attempts: [toAttempt(first)],
    buyerUpdates: 0,
    reminded: false,
    notified: false,
    polls: 0,
  };
}

function toAttempt(details: AuthorizationDetails): RecoveryAttempt {
  return {
    authorizationReferenceId: details.authorizationReferenceId,
    amazonAuthorizationId: details.amazonAuthorizationId,
    state: details.state,
    ...(details.reasonCode === undefined ? {} : { reasonCode: details.reasonCode }),
    ...(details.softDecline === undefined ? {} : { softDecline: details.softDecline }),
    amount: details.amount,
    lastUpdateTimestamp: details.lastUpdateTimestamp,
  };
}

function pick([min, max]: readonly [number, number], random: number): number {
  return Math.round(min + (max - min) * Math.min(Math.max(random, 0), 1));
}

/** Pure apart from `now` and `random`, which the caller passes. */
export function transition(
  state: RecoveryState,
  event: RecoveryEvent,
  context: { readonly now: Date; readonly random: number; readonly options?: Partial<RecoveryMachineOptions> },
): Transition {
  const options = { ...DEFAULT_RECOVERY_MACHINE_OPTIONS, ...context.options };
  const effects: RecoveryEffect[] = [];
  let next: RecoveryState = state;
  const noticeCount = { value: 0 };
  const notify = (notice: RecoveryNotice) => effects.push({ type: 'notify', notice, sequence: state.attempts.length * 10 + noticeCount.value++ });
  const end = (phase: Exclude<EndState, 'authorized'>, reasonCode?: ReasonCode) => {
    next = { ...next, phase, ...(reasonCode === undefined ? {} : { endReason: reasonCode }) };
    notify({ type: 'orderFailed', endState: phase, ...(reasonCode === undefined ? {} : { reasonCode }) });
  };
  const schedulePoll = () => {
    if (next.notified) return;
    effects.push({ type: 'schedule', kind: 'poll', sequence: next.polls + 1, delayMs: options.pollIntervalMs });
    next = { ...next, polls: next.polls + 1 };
  };
  const startWindow = () => {
    if (next.deadline !== undefined) return;
    const deadline = new Date(context.now.getTime() + options.declineWindowMs).toISOString();
    next = { ...next, deadline };
    effects.push({ type: 'schedule', kind: 'reminder', sequence: 0, delayMs: Math.max(0, options.declineWindowMs - options.reminderBeforeMs) });
    effects.push({ type: 'schedule', kind: 'deadline', sequence: 0, delayMs: options.declineWindowMs });
  };
  const authorize = (confirmFirst: boolean) => {
    const authorizationReferenceId = recoveryAttemptId(next.amazonOrderReferenceId, next.attempts.length);
    next = {
      ...next,
      phase: 'awaitingResult',
      attempts: [...next.attempts, { authorizationReferenceId, state: 'Requested', amount: next.amount }],
    };
    effects.push({ type: 'authorize', authorizationReferenceId, amount: next.amount, confirmFirst });
  };

  if (isEndState(state.phase)) return { state, effects };

  switch (event.type) {
    case 'authorization': {
      const incoming = event.authorization;
      next = { ...next, notified: next.notified || event.viaNotification };
      const index = next.attempts.findIndex((a) => a.authorizationReferenceId === incoming.authorizationReferenceId);
      if (index === -1) return { state: next, effects }; // not an attempt of this recovery (another tab's, say): the handler stores it
      const known = next.attempts[index]!;
      // Out of order: an older state of the same authorization changes nothing.
      if (known.lastUpdateTimestamp && Date.parse(known.lastUpdateTimestamp) > Date.parse(incoming.lastUpdateTimestamp)) return { state: next, effects };
      const attempts = next.attempts.map((a, i) => (i === index ? toAttempt(incoming) : a));
      next = { ...next, attempts };
      if (index !== attempts.length - 1 || next.phase !== 'awaitingResult') return { state: next, effects };
      act(decide(attempts, options, context.random));
      return { state: next, effects };
    }

    case 'orderReference': {
      const { orderReference } = event;
      next = { ...next, notified: next.notified || event.viaNotification };
      if (orderReference.state === 'Closed' || orderReference.state === 'Canceled') {
        const last = next.attempts[next.attempts.length - 1];
        // AmazonRejected closes the order reference; the declined authorization says why.
        end(last?.reasonCode === 'AmazonRejected' ? 'declined' : 'closed', last?.reasonCode ?? orderReference.reasonCode);
      } else if (orderReference.state === 'Open' && next.phase === 'awaitingBuyer') {
        if (next.buyerUpdates >= options.maxBuyerUpdates) end('notAuthorizable', 'MaxBuyerUpdates');
        else {
          next = { ...next, buyerUpdates: next.buyerUpdates + 1 };
          authorize(false);
        }
      }
      return { state: next, effects };
    }

    case 'retryDue':
      // A stale or repeated job (another instance ran it, or the state moved on) does nothing.
      if (next.phase === 'retryScheduled' && event.attempt === next.attempts.length) authorize(true);
      return { state: next, effects };

    case 'reminderDue':
      if (!next.reminded && next.deadline !== undefined && next.phase !== 'awaitingResult') {
        const { deadline } = next;
        next = { ...next, reminded: true };
        notify({ type: 'remindBuyer', deadline });
      }
      return { state: next, effects };

    case 'deadlineDue':
      if (next.phase === 'awaitingResult') {
        // An authorization is in flight: its result decides; look again after one poll interval.
        effects.push({ type: 'schedule', kind: 'deadline', sequence: next.attempts.length, delayMs: options.pollIntervalMs });
      } else {
        effects.push({ type: 'cancelOrderReference', reason: 'The payment method was not updated in time.' });
        end('expired', next.attempts[next.attempts.length - 1]?.reasonCode);
      }
      return { state: next, effects };

    case 'pollDue':
      schedulePoll();
      return { state: next, effects };

    case 'authorizeRefused':
      end('notAuthorizable', event.reason);
      return { state: next, effects };
  }

  function act(action: DeclineAction): void {
    const last = next.attempts[next.attempts.length - 1]!;
    switch (action.type) {
      case 'approved':
        next = { ...next, phase: 'authorized' };
        notify({ type: 'orderAuthorized', ...(last.amazonAuthorizationId ? { amazonAuthorizationId: last.amazonAuthorizationId } : {}) });
        return;
      case 'awaitResult':
        return;
      case 'retryLater': {
        const window = action.reasonCode === 'ProcessingFailure' ? options.processingFailureDelayMs : options.softDeclineDelayMs;
        next = { ...next, phase: 'retryScheduled' };
        effects.push({ type: 'schedule', kind: 'retry', sequence: next.attempts.length, delayMs: pick(window, context.random) });
        if (action.reasonCode !== 'ProcessingFailure') startWindow();
        return;
      }
      case 'contactBuyer':
      case 'showWallet':
        next = { ...next, phase: 'awaitingBuyer' };
        notify({
          type: 'contactBuyer',
          reasonCode: action.reasonCode,
          softDecline: last.softDecline === true,
          retriesExhausted: action.type === 'contactBuyer' && action.exhausted,
        });
        startWindow();
        return;
      case 'placeOrderLater':
        end('processingFailed', action.reasonCode);
        return;
      case 'orderSubmitted':
        end('timedOut', action.reasonCode);
        return;
      case 'retryAsync':
      case 'cancelOrder':
      case 'declined':
        end('declined', last.reasonCode);
        return;
    }
  }
}

function decide(attempts: readonly RecoveryAttempt[], options: RecoveryMachineOptions, random: number): DeclineAction {
  const outcomes: AttemptOutcome[] = attempts
    .filter((a): a is RecoveryAttempt & { state: AttemptOutcome['state'] } => a.state !== 'Requested')
    .map((a) => ({
      mode: 'async',
      state: a.state,
      ...(a.reasonCode === undefined ? {} : { reasonCode: a.reasonCode }),
      ...(a.softDecline === undefined ? {} : { softDecline: a.softDecline }),
    }));
  return decideNextAction(outcomes, { maxReauthorizations: options.maxReauthorizations }, random);
}
