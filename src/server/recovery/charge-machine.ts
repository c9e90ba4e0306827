/**
 * The server's watch over one Checkout v2 charge made with
 * `canHandlePendingAuthorization` (asynchronous authorization), as a pure
 * `chargeTransition(state, event) -> { state, effects }` driven by the table
 * `CHARGE_MACHINE` (src/domain/machine.ts; docs/state-machines.md draws it).
 * The runner (charge-watch.ts) reads the charge with Get Charge (on a
 * notification, a poll, or when it starts watching), feeds what it read,
 * saves the state and carries the effects out.
 *
 * Amazon's "Manage asynchronous processing": a pending authorization starts in
 * AuthorizationInitiated and takes up to 24 hours; poll Get Charge (hourly is
 * suggested) or listen for the Charge IPN. Authorized (or later, captured)
 * ends the watch; Declined or Canceled means the buyer must check out again
 * with another payment method, so the server closes the charge permission
 * (Declined; a Canceled charge is already void) and tells the merchant, with a
 * link back to the Amazon Pay button and the same cart.
 */
import {
  fire,
  type CallEffect,
  type MachineTable,
  type NotifyEffect,
  type ScheduleEffect,
  type TimerFired,
  type Transition,
} from '../../domain/machine';
import type { ChargeDetails, Money } from '../../domain/types';
import type { CheckoutV2Reference, EndState, RecoveryNotice } from './recovery-notice';

export type { CheckoutV2Reference } from './recovery-notice';

/** `awaitingResult` while AuthorizationInitiated; the others are final (`failed` still takes a late authorization). */
export type ChargePhase = 'awaitingResult' | Extract<EndState, 'authorized' | 'declined' | 'closed' | 'failed'>;

export interface ChargeRecoveryState {
  readonly version: 1;
  readonly checkout: CheckoutV2Reference;
  readonly amount: Money;
  /** The page with the Amazon Pay button and the same cart (see `checkoutAgainUrl`). */
  readonly checkoutAgainUrl: string;
  readonly phase: ChargePhase;
  /** The state Amazon last reported. */
  readonly chargeState?: ChargeDetails['state'];
  readonly reasonCode?: string;
  /** When the watch began (ms since the epoch). */
  readonly since: number;
  /** A notification for this charge arrived: polling stops (notifications work for this merchant). */
  readonly notified: boolean;
  /** Polls made so far; poll `n` is the `chargePoll` timer with id `n`. */
  readonly polls: number;
}

export interface ChargeMachineOptions {
  /** Polling fallback while AuthorizationInitiated and no notification arrived. Default 1 h (Amazon's suggestion). */
  readonly pollIntervalMs: number;
  /**
   * From the start of the watch to one last Get Charge, even after a
   * notification; a charge still AuthorizationInitiated then ends `failed`
   * (Amazon settles within 24 h). Default 26 h.
   */
  readonly maxWaitMs: number;
}

/** Hourly polls (Amazon's suggestion) and the last check 26 h after the watch began (Amazon settles within 24 h). */
export const DEFAULT_CHARGE_MACHINE_OPTIONS: ChargeMachineOptions = { pollIntervalMs: 3_600_000, maxWaitMs: 26 * 3_600_000 };

/** How the runner came to read the charge: the reply to the machine's own `getCharge` call (`poll`, `lastCheck`), or not (`track`, `notification`). */
export type ChargeReadCause = 'track' | 'notification' | 'poll' | 'lastCheck';

/** The machine's timers: the hourly poll (`timerId` = poll number) and the last check (`timerId` 0). */
export type ChargeTimer = 'chargePoll' | 'chargeLastCheck';
/** The scheduler's name for a charge timer's job kind (the same names). */
export type ChargeJobKind = ChargeTimer;

export type ChargeEvent =
  | { readonly type: 'chargeRead'; readonly at: number; readonly charge: ChargeDetails; readonly cause: ChargeReadCause }
  | TimerFired<ChargeTimer>;

/** Amazon calls the machine asks for: Get Charge (its reply comes back as `chargeRead` with `cause`), Close Charge Permission (no reply awaited). */
export type ChargeCall =
  | { readonly method: 'getCharge'; readonly cause: 'poll' | 'lastCheck' }
  /** With cancelPendingCharges (Amazon's Magento module does so on a declined charge). */
  | { readonly method: 'closeChargePermission'; readonly reason: string };

export type ChargeEffect =
  CallEffect<ChargeCall> | ScheduleEffect<ChargeTimer> | (NotifyEffect<RecoveryNotice> & { readonly noticeId: string });

export type ChargeTransition = Transition<ChargeRecoveryState, ChargeEffect>;

export interface ChargeRecoveryInit {
  readonly checkout: CheckoutV2Reference;
  readonly amount: Money;
  /** The merchant's `checkoutAgainUrl`, already checked (absolute https, or http on localhost). */
  readonly checkoutAgainUrl: string;
  readonly at: number;
}

/**
 * The link back to the Amazon Pay button: the merchant's URL with
 * `merchantReferenceId` (the cart or order id the payload carried) added, so
 * the page restores the same cart. It holds no secret: only ids the buyer's
 * own page already had.
 */
export function checkoutAgainLink(baseUrl: string, checkout: CheckoutV2Reference): string {
  const url = new URL(baseUrl);
  if (checkout.merchantReferenceId !== undefined) url.searchParams.set('merchantReferenceId', checkout.merchantReferenceId);
  return url.href;
}

/** A watch over a charge whose checkout just completed; feed it the first Get Charge as `chargeRead` with cause `track`. */
export function initialChargeState(init: ChargeRecoveryInit): ChargeRecoveryState {
  return {
    version: 1,
    checkout: init.checkout,
    amount: init.amount,
    checkoutAgainUrl: checkoutAgainLink(init.checkoutAgainUrl, init.checkout),
    phase: 'awaitingResult',
    since: init.at,
    notified: false,
    polls: 0,
  };
}

/** Whether the watch ended (every phase but `awaitingResult`); only `failed` still takes an event (a late authorization). */
export function isChargeSettled(state: ChargeRecoveryState): boolean {
  return state.phase !== 'awaitingResult';
}

/* ---------------------------------------------------------------- the table */

interface ChargeStep {
  s: ChargeRecoveryState;
  readonly effects: ChargeEffect[];
  readonly options: ChargeMachineOptions;
}
type ChargeRead = Extract<ChargeEvent, { type: 'chargeRead' }>;
type ChargeTimerFired = Extract<ChargeEvent, { type: 'timerFired' }>;

// Guards
const isAuthorized = (_: ChargeStep, { charge }: ChargeRead) =>
  charge.state === 'Authorized' || charge.state === 'CaptureInitiated' || charge.state === 'Captured';
const isDeclined = (_: ChargeStep, { charge }: ChargeRead) => charge.state === 'Declined';
const isCanceled = (_: ChargeStep, { charge }: ChargeRead) => charge.state === 'Canceled';
/** Still AuthorizationInitiated when the last check read it. */
const isLastCheck = (_: ChargeStep, { cause }: ChargeRead) => cause === 'lastCheck';
const isFirstRead = (_: ChargeStep, { cause }: ChargeRead) => cause === 'track';
/** A poll's reply while no notification has come: polling goes on. */
const isPollWithoutNotifications = ({ s }: ChargeStep, { cause }: ChargeRead) => cause === 'poll' && !s.notified;
/** The poll due next (not a stale or repeated one), while no notification has come. */
const isDuePoll = ({ s }: ChargeStep, { timer, timerId }: ChargeTimerFired) =>
  timer === 'chargePoll' && !s.notified && timerId === s.polls + 1;
const isLastCheckTimer = (_: ChargeStep, { timer }: ChargeTimerFired) => timer === 'chargeLastCheck';

// Actions
function recordRead(m: ChargeStep, { charge, cause }: ChargeRead): void {
  m.s = { ...m.s, chargeState: charge.state, notified: m.s.notified || cause === 'notification' };
}
function tell(m: ChargeStep, notice: RecoveryNotice): void {
  m.effects.push({ type: 'notify', notice, noticeId: `${m.s.checkout.chargeId}-${notice.type}` });
}
function endFailed(m: ChargeStep, phase: 'declined' | 'closed' | 'failed', reasonCode: string): void {
  m.s = { ...m.s, phase, reasonCode };
  tell(m, { type: 'orderFailed', endState: phase, reasonCode, checkout: { ...m.s.checkout, checkoutAgainUrl: m.s.checkoutAgainUrl } });
}
function closeChargePermission(m: ChargeStep, reason: string): void {
  m.effects.push({ type: 'call', call: { method: 'closeChargePermission', reason } });
}
function endAuthorized(m: ChargeStep): void {
  m.s = { ...m.s, phase: 'authorized' };
  tell(m, { type: 'orderAuthorized', amazonAuthorizationId: m.s.checkout.chargeId, checkout: m.s.checkout });
}
function endDeclined(m: ChargeStep, { charge }: ChargeRead): void {
  closeChargePermission(m, 'The payment was declined; the buyer was asked to check out again.');
  endFailed(m, 'declined', charge.reasonCode!);
}
function endClosed(m: ChargeStep, { charge }: ChargeRead): void {
  endFailed(m, 'closed', charge.reasonCode!);
}
/** Giving up closes the charge permission (and cancels the pending charge): nothing can be charged later. */
function giveUp(m: ChargeStep): void {
  closeChargePermission(m, 'The payment was not confirmed in time; the buyer was asked to check out again.');
  endFailed(m, 'failed', 'AuthorizationNotSettled');
}
function scheduleNextPoll(m: ChargeStep, { at }: ChargeRead): void {
  const { s, options } = m;
  if (at + options.pollIntervalMs < s.since + options.maxWaitMs)
    m.effects.push({ type: 'schedule', timer: 'chargePoll', timerId: s.polls + 1, at: at + options.pollIntervalMs });
}
function scheduleLastCheck(m: ChargeStep): void {
  m.effects.push({ type: 'schedule', timer: 'chargeLastCheck', timerId: 0, at: m.s.since + m.options.maxWaitMs });
}
function readChargeForPoll(m: ChargeStep, { timerId }: ChargeTimerFired): void {
  m.s = { ...m.s, polls: timerId };
  m.effects.push({ type: 'call', call: { method: 'getCharge', cause: 'poll' } });
}
function readChargeForLastCheck(m: ChargeStep): void {
  m.effects.push({ type: 'call', call: { method: 'getCharge', cause: 'lastCheck' } });
}

/**
 * `on[phase][event]`: AuthorizationInitiated keeps waiting (polls until a
 * notification arrived); Authorized, CaptureInitiated or Captured ends
 * `authorized`; Declined ends `declined` after closing the charge permission;
 * Canceled ends `closed`; both tell `orderFailed` with the check-out-again
 * link. A watch that gave up (`failed`) still reports a late authorization:
 * the merchant marked the order unpaid.
 */
export const CHARGE_MACHINE: MachineTable<ChargePhase, ChargeEvent, ChargeStep> = {
  on: {
    awaitingResult: {
      chargeRead: [
        { guard: isAuthorized, actions: [recordRead, endAuthorized], to: ['authorized'] },
        { guard: isDeclined, actions: [recordRead, endDeclined], to: ['declined'] },
        { guard: isCanceled, actions: [recordRead, endClosed], to: ['closed'] },
        { guard: isLastCheck, actions: [recordRead, giveUp], to: ['failed'] },
        { guard: isFirstRead, actions: [recordRead, scheduleNextPoll, scheduleLastCheck] },
        { guard: isPollWithoutNotifications, actions: [recordRead, scheduleNextPoll] },
        { actions: [recordRead] },
      ],
      timerFired: [
        { guard: isDuePoll, actions: [readChargeForPoll] },
        { guard: isLastCheckTimer, actions: [readChargeForLastCheck] },
      ],
    },
    failed: {
      chargeRead: [{ guard: isAuthorized, actions: [recordRead, endAuthorized], to: ['authorized'] }],
    },
    authorized: {},
    declined: {},
    closed: {},
  },
  final: ['authorized', 'declined', 'closed'],
};

/** Pure: time comes with each event (`at`). */
export function chargeTransition(
  state: ChargeRecoveryState,
  event: ChargeEvent,
  partial: Partial<ChargeMachineOptions> = {},
): ChargeTransition {
  const step: ChargeStep = { s: state, effects: [], options: { ...DEFAULT_CHARGE_MACHINE_OPTIONS, ...partial } };
  fire(CHARGE_MACHINE, state.phase, event, step, () => step.s.phase);
  return { state: step.s, effects: step.effects };
}
