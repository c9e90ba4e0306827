/**
 * The server's recovery of one asynchronous order as a pure
 * `transition(state, event) -> { state, effects }`: the kit's decline machine
 * (src/domain/decline-machine.ts, the same one the browser runs) plus what
 * only a server with the buyer gone does: a decline window with a reminder
 * and a deadline, merchant notices, and end states a merchant can act on.
 * The logic is the table `RECOVERY_MACHINE` (`on[phase][event]`,
 * src/domain/machine.ts; drawn in docs/state-machines.md). The decline
 * machine's effects pass through unchanged (`call`, `schedule`, `clearTimer`);
 * its notifications become the merchant's notices. The runner
 * (recovery-runner.ts) persists the state as JSON and carries the effects out.
 */
import {
  canCancel,
  createDeclineMachine,
  transition as declineTransition,
  type DeclineEffect,
  type DeclineNotification,
  type DeclineEvent,
  type DeclineMachineState,
  type DeclinePhase,
  type Operation,
  type DeclinedState,
} from '../../domain/decline-machine';
import type { DeclinePolicyOptions } from '../../domain/decline-policy';
import {
  fire,
  type CallEffect,
  type ClearTimerEffect,
  type MachineTable,
  type NotifyEffect,
  type ScheduleEffect,
  type TimerFired,
  type Transition as MachineTransition,
} from '../../domain/machine';
import type { AuthorizationDetails, AuthorizationMode, Money, OrderReferenceDetails } from '../../domain/types';
import type { EndState, RecoveryNotice } from './recovery-notice';

export type { EndState, RecoveryNotice } from './recovery-notice';

/**
 * Waiting for something: an authorization result (or a call's reply), a scheduled retry, the buyer;
 * `closing`: the outcome of CancelOrderReference (at the deadline, or "Pay another way").
 */
export type ActivePhase = 'awaitingResult' | 'retryScheduled' | 'awaitingBuyer' | 'closing';

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
   * In `closing`: the server is canceling the order reference, at the deadline (`expired`) or
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

/**
 * The server's own timers (the decline machine's one timer names none): the reminder, the deadline, and the repeats
 * of a refused call and of the cancel (`timerId`: the repeat's number, 0 for the first reminder and deadline);
 * `inDoubt` (`timerId`: the Authorize's callId) looks whether an Authorize's reply was ever recorded.
 */
export type ServerJobKind = 'reminder' | 'deadline' | 'errorRetry' | 'closeRetry' | 'inDoubt';

export type RecoveryEvent =
  /** An event of the decline machine: a call's reply, a (re-read) notification, its timer. */
  | { readonly type: 'decline'; readonly event: DeclineEvent }
  | TimerFired<ServerJobKind>
  | { readonly type: 'buyer'; readonly at: number; readonly intent: BuyerIntent }
  /** The outcome of the server's own CancelOrderReference (`call` without a `callId`). */
  | ({ readonly type: 'cancelResult'; readonly at: number } & CancelOutcome)
  /** A job or notification for this order failed in passing again; after `maxErrorRetries` of them the order ends `failed`. */
  | { readonly type: 'transientFailure'; readonly at: number; readonly message: string };

/**
 * The decline machine's effects as it gives them (`call` with a `callId`,
 * `schedule` and `clearTimer` naming no timer), and the server's own: its
 * timers (`schedule` naming one), CancelOrderReference (a `call` without
 * `callId`: its outcome comes back as `cancelResult`) and merchant notices.
 */
export type RecoveryEffect =
  | DeclineCallEffect
  | ScheduleEffect
  | ClearTimerEffect
  | ScheduleEffect<ServerJobKind>
  | CallEffect<{
      readonly method: 'cancelOrderReference';
      readonly request: { readonly amazonOrderReferenceId: string; readonly reason: string };
    }>
  | (NotifyEffect<RecoveryNotice> & { readonly noticeId: string });

type DeclineCallEffect = Extract<DeclineEffect, { type: 'call' }>;

export type Transition = MachineTransition<RecoveryState, RecoveryEffect>;

const END_STATES: readonly string[] = [
  'authorized',
  'declined',
  'processingFailed',
  'timedOut',
  'expired',
  'closed',
  'notAuthorizable',
  'failed',
  'paidAnotherWay',
];

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
      polling: {
        initialDelayMs: options.pollIntervalMs,
        factor: 1,
        maxDelayMs: options.pollIntervalMs,
        maxPolls: Math.ceil(options.declineWindowMs / options.pollIntervalMs) + 24,
      },
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

/** The recovery's phase while the decline machine is in each of its phases (`declined` is named by its reason: `endOf`). */
const RECOVERY_PHASE: Readonly<Record<Exclude<DeclinePhase, 'declined'>, RecoveryPhase>> = {
  idle: 'awaitingResult',
  authorizing: 'awaitingResult',
  checkingOrder: 'awaitingResult',
  confirming: 'awaitingResult',
  cancelingOrder: 'awaitingResult',
  pending: 'awaitingResult',
  error: 'awaitingResult',
  retryScheduled: 'retryScheduled',
  needsNewPaymentMethod: 'awaitingBuyer',
  awaitingUpdate: 'awaitingBuyer',
  // No update can be used any more (retries and Amazon's per-order limit spent): the same end as a spent budget.
  contactBuyer: 'notAuthorizable',
  approved: 'authorized',
  canceled: 'closed',
  invalid: 'failed',
};

/** The end state a declined flow names (docs/durable-server.md, "End states"). */
function endOf(view: DeclinedState): EndState {
  switch (view.reason) {
    case 'placeOrderLater':
      return 'processingFailed';
    case 'timedOut':
      return 'timedOut';
    case 'budgetSpent':
      return 'notAuthorizable';
    case 'canceled':
      return 'closed';
    case 'rejected':
      // AmazonRejected (or an authorization Amazon closed) versus an order reference closed by someone.
      return view.reasonCode === undefined || view.reasonCode === 'AmazonRejected' || view.reasonCode === 'AmazonClosed'
        ? 'declined'
        : 'closed';
    default:
      return 'declined';
  }
}

const phaseOf = (decline: DeclineMachineState): RecoveryPhase =>
  decline.phase === 'declined' ? endOf(decline.view as DeclinedState) : RECOVERY_PHASE[decline.phase];

/** An authorization of the order may still go Open: sent without a known reply, or Pending. */
function outcomeUnknown(state: RecoveryState): boolean {
  return state.decline.attempts.some((attempt) => attempt.state === undefined || attempt.state === 'Pending');
}

/* ---------------------------------------------------------------- the step actions work on */

interface RecoveryStep {
  next: RecoveryState;
  readonly effects: RecoveryEffect[];
  readonly options: RecoveryMachineOptions;
  /** Counts the notices of this step (their ids must differ). */
  notices: number;
  readonly noticeBase: string;
}

function tell(m: RecoveryStep, notice: RecoveryNotice): void {
  m.effects.push({ type: 'notify', notice, noticeId: `${m.noticeBase}-${notice.type}-${m.notices++}` });
}

function scheduleJob(m: RecoveryStep, timer: ServerJobKind, timerId: number, at: number): void {
  m.effects.push({ type: 'schedule', timer, timerId, at });
}

/** The decline window starts when the order first waits on a retry or the buyer: a reminder, then the deadline. */
function startWindow(m: RecoveryStep, at: number): void {
  if (m.next.deadline !== undefined) return;
  const { declineWindowMs, reminderBeforeMs } = m.options;
  m.next = { ...m.next, deadline: new Date(at + declineWindowMs).toISOString() };
  scheduleJob(m, 'reminder', 0, at + Math.max(0, declineWindowMs - reminderBeforeMs));
  scheduleJob(m, 'deadline', 0, at + declineWindowMs);
}

/** The decline machine's notification, as the merchant is told it. */
function noticeOf(m: RecoveryStep, notification: DeclineNotification): void {
  if (notification.type === 'approved')
    return tell(m, { type: 'orderAuthorized', amazonAuthorizationId: notification.authorization.amazonAuthorizationId });
  if (notification.type === 'contactBuyer') {
    const { reasonCode, awaitingUpdate, accountUrl } = notification.state;
    // Never ask for an update that cannot be used: tell the merchant the order ended instead.
    if (!awaitingUpdate) return tell(m, { type: 'orderFailed', endState: 'notAuthorizable', reasonCode });
    return tell(m, { type: 'contactBuyer', reasonCode, accountUrl, awaitingUpdate });
  }
  const { state } = notification;
  tell(m, {
    type: 'orderFailed',
    endState: endOf(state) as Exclude<EndState, 'authorized'>,
    ...(state.reasonCode === undefined ? {} : { reasonCode: state.reasonCode }),
  });
}

/**
 * Runs the decline machine on `event`; its effects pass through unchanged but
 * its notifications, which become notices (`quiet`: none, when the server
 * stops it). Then the recovery's phase follows the decline machine's view.
 */
function feed(m: RecoveryStep, event: DeclineEvent, quiet = false): void {
  const result = declineTransition(m.next.decline, event);
  m.next = { ...m.next, decline: result.state };
  for (const effect of result.effects) {
    // The runner commits the state, with this job, before it sends an Authorize (write-ahead): a process that dies
    // before the reply is recorded leaves the attempt in flight, and the job, one polling interval later (as for any
    // result no notification brought), takes it as a lost reply. Normally it finds nothing in flight.
    if (effect.type === 'call' && effect.call.method === 'authorize')
      scheduleJob(m, 'inDoubt', effect.callId, event.at + m.options.pollIntervalMs);
    if (effect.type !== 'notify') m.effects.push(effect);
    else if (!quiet) noticeOf(m, effect.notice);
  }
  const view = result.state.view;
  if (view.status === 'error') {
    // Amazon refused a call: repeated after errorRetryDelayMs, a bounded number of times (never while an authorization may still go Open).
    if (m.next.errorRetries >= m.options.maxErrorRetries && !outcomeUnknown(m.next)) {
      m.next = { ...m.next, phase: 'failed', endReason: view.error.code ?? view.error.kind };
      return tell(m, { type: 'orderFailed', endState: 'failed', ...(view.error.code ? { reasonCode: view.error.code } : {}) });
    }
    m.next = { ...m.next, phase: 'awaitingResult' };
    return scheduleJob(m, 'errorRetry', m.next.errorRetries + 1, event.at + m.options.errorRetryDelayMs);
  }
  const phase = phaseOf(result.state);
  const reasonCode = view.status === 'declined' || view.status === 'contactBuyer' ? view.reasonCode : undefined;
  m.next = { ...m.next, phase, ...(reasonCode !== undefined && isEndState(phase) ? { endReason: reasonCode } : {}) };
  if (phase === 'retryScheduled' || phase === 'awaitingBuyer') startWindow(m, event.at);
}

function end(m: RecoveryStep, phase: Exclude<EndState, 'authorized'>, reasonCode?: string): void {
  m.next = { ...m.next, phase, closing: undefined, ...(reasonCode === undefined ? {} : { endReason: reasonCode }) };
  tell(m, { type: 'orderFailed', endState: phase, ...(reasonCode === undefined ? {} : { reasonCode }) });
}

const lastReasonCode = (m: RecoveryStep) => m.next.decline.attempts.at(-1)?.reasonCode;
const CLOSE_REASON = {
  expired: 'The payment method was not updated in time.',
  paidAnotherWay: 'The buyer chose another payment method.',
} as const;

function cancelOrderReference(m: RecoveryStep): void {
  const { amazonOrderReferenceId, closing } = m.next;
  m.effects.push({
    type: 'call',
    call: { method: 'cancelOrderReference', request: { amazonOrderReferenceId, reason: CLOSE_REASON[closing!.as] } },
  });
}

/** Stops the decline machine (as the buyer's "Pay another way" does) and cancels the order reference; its outcome decides the end. */
function close(m: RecoveryStep, as: 'expired' | 'paidAnotherWay', at: number): void {
  feed(m, { type: 'cancel', at }, true);
  m.next = { ...m.next, phase: 'closing', closing: { as, tries: 0 } };
  cancelOrderReference(m);
}

/* ---------------------------------------------------------------- guards */

type On<T extends RecoveryEvent['type']> = Extract<RecoveryEvent, { type: T }>;
type Timer = On<'timerFired'>;
type CancelResult = On<'cancelResult'>;

/** "Pay another way" while the decline machine allows it: no authorization's outcome is unknown. */
const paysAnotherWay = ({ next }: RecoveryStep, { intent }: On<'buyer'>) => intent === 'cancel' && canCancel(next.decline.view);
/** An intent the decline machine takes as its own event (retry, paymentSelected, placeOrder). */
const isDeclineIntent = (_: RecoveryStep, { intent }: On<'buyer'>) => intent !== 'cancel';
/** The reminder, once, while the order waits on a retry or the buyer. */
const isReminderDue = ({ next }: RecoveryStep, { timer }: Timer) => timer === 'reminder' && !next.reminded && next.deadline !== undefined;
const isDeadline = (_: RecoveryStep, { timer }: Timer) => timer === 'deadline';
/** The next repeat of the refused call, while the decline machine still shows the error. */
const isDueErrorRetry = ({ next }: RecoveryStep, { timer, timerId }: Timer) =>
  timer === 'errorRetry' && next.decline.view.status === 'error' && timerId === next.errorRetries + 1;
/** An Authorize still in flight when its `inDoubt` job runs: the process that sent it stopped before recording its reply. */
const isAuthorizeInDoubt = ({ next }: RecoveryStep, { timer, timerId }: Timer) =>
  timer === 'inDoubt' && next.decline.inFlight?.callId === timerId && next.decline.inFlight.operation.op === 'authorize';
const isDueCloseRetry = ({ next }: RecoveryStep, { timer, timerId }: Timer) => timer === 'closeRetry' && timerId === next.closing!.tries;
const isCanceled = (_: RecoveryStep, event: CancelResult) => event.outcome === 'canceled';
const isRefused = (_: RecoveryStep, event: CancelResult) => event.outcome === 'refused';
/** A passing failure of the cancel that was its last allowed try. */
const isLastCloseTry = ({ next, options }: RecoveryStep) => next.closing!.tries + 1 >= options.maxErrorRetries;

/* ---------------------------------------------------------------- actions */

function feedDeclineEvent(m: RecoveryStep, { event }: On<'decline'>): void {
  if (event.type === 'notified') m.next = { ...m.next, notified: true };
  feed(m, event);
}
const feedIntent = (m: RecoveryStep, { intent, at }: On<'buyer'>): void => feed(m, { type: intent as Exclude<BuyerIntent, 'cancel'>, at });
const closeAsPaidAnotherWay = (m: RecoveryStep, { at }: On<'buyer'>): void => close(m, 'paidAnotherWay', at);
const closeAsExpired = (m: RecoveryStep, { at }: Timer): void => close(m, 'expired', at);

function remindBuyer(m: RecoveryStep): void {
  const { deadline } = m.next;
  m.next = { ...m.next, reminded: true };
  tell(m, { type: 'remindBuyer', deadline: deadline!, accountUrl: m.next.decline.config.accountUrl });
}

/** A call or an authorization is in flight: its result decides; the deadline looks again after one poll interval. */
const deadlineLater = (m: RecoveryStep, { at }: Timer): void =>
  scheduleJob(m, 'deadline', m.next.decline.seq, at + m.options.pollIntervalMs);

/**
 * The Authorize's reply was lost with the process: Amazon may hold it, so it is a failure whose outcome is unknown
 * (the decline machine keeps the attempt, the order never ends while it is, and the error retry re-sends it byte for
 * byte: Amazon answers with the first result).
 */
function takeAuthorizeInDoubt(m: RecoveryStep, { at, timerId }: Timer): void {
  const message = 'The Authorize was sent but its reply was never recorded (the process stopped); it is sent again.';
  feed(m, { type: 'callFailed', at, callId: timerId, failure: { kind: 'timeout', message, retryable: true } });
}

function retryRefusedCall(m: RecoveryStep, { at, timerId }: Timer): void {
  m.next = { ...m.next, errorRetries: timerId };
  feed(m, { type: 'retry', at });
}

function countTransientFailure(m: RecoveryStep): void {
  const failures = (m.next.transientFailures ?? 0) + 1;
  m.next = { ...m.next, transientFailures: failures };
  // Never while an authorization's outcome is unknown: it may still go Open (Amazon settles it within its timeout).
  if (failures >= m.options.maxErrorRetries && !outcomeUnknown(m.next)) end(m, 'failed', 'AmazonUnavailable');
}

const endAsCanceled = (m: RecoveryStep): void => end(m, m.next.closing!.as, lastReasonCode(m));

/** Amazon refused the cancel: "Pay another way" ends so anyway; at the deadline the order as re-read decides. */
function endAfterRefusal(m: RecoveryStep, event: CancelResult): void {
  if (event.outcome !== 'refused') return;
  const order = event.orderReference;
  if (m.next.closing!.as === 'paidAnotherWay') end(m, 'paidAnotherWay', lastReasonCode(m));
  else if (order && (order.state === 'Closed' || order.state === 'Canceled')) end(m, 'closed', order.reasonCode ?? event.code);
  else end(m, 'failed', event.code);
}

const endUnconfirmed = (m: RecoveryStep): void =>
  end(m, m.next.closing!.as === 'paidAnotherWay' ? 'paidAnotherWay' : 'failed', 'CancelNotConfirmed');

function cancelAgainLater(m: RecoveryStep, { at }: CancelResult): void {
  const tries = m.next.closing!.tries + 1;
  m.next = { ...m.next, closing: { ...m.next.closing!, tries } };
  scheduleJob(m, 'closeRetry', tries, at + m.options.errorRetryDelayMs);
}

/* ---------------------------------------------------------------- the table */

type Rows<T extends RecoveryEvent['type']> = NonNullable<MachineTable<RecoveryPhase, RecoveryEvent, RecoveryStep>['always']>[T];

const WORKING: readonly RecoveryPhase[] = ['awaitingResult', 'retryScheduled', 'awaitingBuyer'];
/** Where the decline machine's next move leaves the recovery (`expired` and `paidAnotherWay` come from `closing` only). */
const FED: readonly RecoveryPhase[] = [
  ...WORKING,
  'authorized',
  'declined',
  'processingFailed',
  'timedOut',
  'closed',
  'notAuthorizable',
  'failed',
];
const transientFailure: Rows<'transientFailure'> = [{ actions: [countTransientFailure], to: ['failed'] }];
/** While the order waits on a retry or the buyer, the reminder is told and the deadline cancels the order reference. */
const waitingTimers: Rows<'timerFired'> = [
  { guard: isReminderDue, actions: [remindBuyer] },
  { guard: isDeadline, actions: [closeAsExpired], to: ['closing'] },
];

/** In the working phases the decline machine takes its events and the buyer's intents; "Pay another way" cancels the order reference. */
const whileDeclineMachineWorks = {
  decline: [{ actions: [feedDeclineEvent], to: FED }],
  buyer: [
    { guard: paysAnotherWay, actions: [closeAsPaidAnotherWay], to: ['closing'] },
    { guard: isDeclineIntent, actions: [feedIntent], to: FED },
  ],
} satisfies Pick<MachineTable<RecoveryPhase, RecoveryEvent, RecoveryStep>['on'][RecoveryPhase], 'decline' | 'buyer'>;

/**
 * `on[phase][event]`. While the decline machine works the events go to it
 * (`always`); the server's own timers depend on the phase; `closing` only
 * awaits the cancel's outcome. End states take nothing.
 */
export const RECOVERY_MACHINE: MachineTable<RecoveryPhase, RecoveryEvent, RecoveryStep> = {
  on: {
    awaitingResult: {
      timerFired: [
        { guard: isDeadline, actions: [deadlineLater] },
        // A refused call is repeated here: the decline machine's error leaves the recovery awaitingResult.
        { guard: isDueErrorRetry, actions: [retryRefusedCall], to: FED },
        { guard: isAuthorizeInDoubt, actions: [takeAuthorizeInDoubt], to: FED },
      ],
      ...whileDeclineMachineWorks,
    },
    retryScheduled: {
      timerFired: waitingTimers,
      ...whileDeclineMachineWorks,
    },
    awaitingBuyer: {
      timerFired: waitingTimers,
      ...whileDeclineMachineWorks,
    },
    closing: {
      cancelResult: [
        { guard: isCanceled, actions: [endAsCanceled], to: ['expired', 'paidAnotherWay'] },
        { guard: isRefused, actions: [endAfterRefusal], to: ['paidAnotherWay', 'closed', 'failed'] },
        { guard: isLastCloseTry, actions: [endUnconfirmed], to: ['paidAnotherWay', 'failed'] },
        { actions: [cancelAgainLater] },
      ],
      timerFired: [{ guard: isDueCloseRetry, actions: [cancelOrderReference] }],
    },
    authorized: {},
    declined: {},
    processingFailed: {},
    timedOut: {},
    expired: {},
    closed: {},
    notAuthorizable: {},
    failed: {},
    paidAnotherWay: {},
  },
  always: { transientFailure },
  final: END_STATES as readonly EndState[],
};

/** Pure: time comes with each event (`at`). */
export function transition(state: RecoveryState, event: RecoveryEvent, partial: Partial<RecoveryMachineOptions> = {}): Transition {
  const m: RecoveryStep = {
    next: upgradeLegacy(state),
    effects: [],
    options: { ...DEFAULT_RECOVERY_MACHINE_OPTIONS, ...partial },
    notices: 0,
    noticeBase: `${state.amazonOrderReferenceId}-${state.decline.seq}`,
  };
  fire(RECOVERY_MACHINE, m.next.phase, event, m, () => m.next.phase);
  if (m.next === state) return { state, effects: m.effects };
  return { state: { ...m.next, revision: (state.revision ?? 0) + 1 }, effects: m.effects };
}

/**
 * A state stored by an earlier version: the cancel under way was only the
 * `closing` field, and the decline machine (version 1) kept its phase in its
 * view, its call, its watch and `buyerLeft`.
 */
function upgradeLegacy(state: RecoveryState): RecoveryState {
  let next = state;
  const decline = state.decline as Omit<DeclineMachineState, 'version'> & { readonly version: number; readonly buyerLeft?: boolean };
  if (decline.version === 1) next = { ...next, decline: { ...decline, version: 2, phase: legacyDeclinePhase(decline) } };
  if (next.closing && next.phase !== 'closing' && !isEndState(next.phase)) next = { ...next, phase: 'closing' };
  return next;
}

function legacyDeclinePhase(decline: Omit<DeclineMachineState, 'version'> & { readonly buyerLeft?: boolean }): DeclinePhase {
  const { view, inFlight } = decline;
  if (view.status === 'declined') return decline.buyerLeft ? 'canceled' : 'declined';
  if (view.status === 'error') return decline.retry ? 'error' : 'invalid';
  const awaiting: Record<Operation['op'], DeclinePhase> = {
    authorize: 'authorizing',
    checkOrder: 'checkingOrder',
    confirm: 'confirming',
    cancelOrder: 'cancelingOrder',
    payAnotherWay: 'canceled',
    pollAuthorization: 'pending',
    pollOrder: 'awaitingUpdate',
  };
  if (inFlight) return awaiting[inFlight.operation.op];
  if (view.status === 'contactBuyer') return view.awaitingUpdate ? 'awaitingUpdate' : 'contactBuyer';
  return view.status;
}
