/**
 * The server's watch over one Checkout v2 charge made with
 * `canHandlePendingAuthorization` (asynchronous authorization), as a pure
 * `chargeTransition(state, event) -> { state, effects }`. The runner
 * (recovery-runner.ts) reads the charge with Get Charge (on a notification, a
 * poll, or when it starts watching), feeds what it read, saves the state and
 * carries the effects out.
 *
 * Amazon's "Manage asynchronous processing": a pending authorization starts in
 * AuthorizationInitiated and takes up to 24 hours; poll Get Charge (hourly is
 * suggested) or listen for the Charge IPN. Authorized (or later, captured)
 * ends the watch; Declined or Canceled means the buyer must check out again
 * with another payment method, so the server closes the charge permission
 * (Declined; a Canceled charge is already void) and tells the merchant, with a
 * link back to the Amazon Pay button and the same cart.
 */
import type { ChargeDetails, Money } from '../../domain/types';
import type { EndState, RecoveryNotice } from './recovery-machine';

/** `awaitingResult` while AuthorizationInitiated; the others are final. */
export type ChargePhase = 'awaitingResult' | Extract<EndState, 'authorized' | 'declined' | 'closed' | 'failed'>;

/** What ties a charge to the checkout the buyer made, and where to send them back. */
export interface CheckoutV2Reference {
  readonly chargeId: string;
  readonly chargePermissionId: string;
  readonly checkoutSessionId?: string;
  /** The payload's `merchantMetadata.merchantReferenceId` (your order or cart id), when it had one. */
  readonly merchantReferenceId?: string;
}

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
  /** Polls made so far; poll `n` is job sequence `n`. */
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

/** How the runner came to read the charge. */
export type ChargeReadCause = 'track' | 'notification' | 'poll' | 'lastCheck';

export type ChargeEvent =
  | { readonly type: 'chargeRead'; readonly at: number; readonly charge: ChargeDetails; readonly cause: ChargeReadCause }
  | { readonly type: 'pollDue'; readonly at: number; readonly sequence: number }
  | { readonly type: 'lastCheckDue'; readonly at: number };

export type ChargeJobKind = 'chargePoll' | 'chargeLastCheck';

export type ChargeEffect =
  /** Read the charge with Get Charge and feed it back as `chargeRead` with this cause. */
  | { readonly type: 'readCharge'; readonly cause: ChargeReadCause }
  | { readonly type: 'job'; readonly kind: ChargeJobKind; readonly sequence: number; readonly at: number }
  /** Close Charge Permission with cancelPendingCharges (Amazon's Magento module does so on a declined charge). */
  | { readonly type: 'closeChargePermission'; readonly reason: string }
  | { readonly type: 'notify'; readonly notice: RecoveryNotice; readonly noticeId: string };

export interface ChargeTransition {
  readonly state: ChargeRecoveryState;
  readonly effects: readonly ChargeEffect[];
}

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

/** Whether the watch ended (every phase but `awaitingResult`); a settled watch ignores every event. */
export function isChargeSettled(state: ChargeRecoveryState): boolean {
  return state.phase !== 'awaitingResult';
}

/**
 * Pure: time comes with each event (`at`). AuthorizationInitiated keeps
 * waiting (polls until a notification arrived); Authorized, CaptureInitiated
 * or Captured ends `authorized`; Declined ends `declined` after closing the
 * charge permission; Canceled ends `closed`; both tell `orderFailed` with the
 * check-out-again link.
 */
export function chargeTransition(state: ChargeRecoveryState, event: ChargeEvent, partial: Partial<ChargeMachineOptions> = {}): ChargeTransition {
  const options = { ...DEFAULT_CHARGE_MACHINE_OPTIONS, ...partial };
  // A watch that gave up (`failed`) still reports a late authorization: the merchant marked the order unpaid.
  const late = state.phase === 'failed' && event.type === 'chargeRead';
  if (isChargeSettled(state) && !late) return { state, effects: [] };
  const effects: ChargeEffect[] = [];
  const { chargeId } = state.checkout;
  const notify = (notice: RecoveryNotice) => effects.push({ type: 'notify', notice, noticeId: `${chargeId}-${notice.type}` });
  const failedNotice = (endState: 'declined' | 'closed' | 'failed', reasonCode: string): RecoveryNotice => ({
    type: 'orderFailed',
    endState,
    reasonCode,
    checkout: { ...state.checkout, checkoutAgainUrl: state.checkoutAgainUrl },
  });
  const schedulePoll = (at: number, sequence: number) => {
    if (at + options.pollIntervalMs < state.since + options.maxWaitMs) effects.push({ type: 'job', kind: 'chargePoll', sequence, at: at + options.pollIntervalMs });
  };

  switch (event.type) {
    case 'pollDue':
      // A stale or repeated poll job, or notifications arrived: nothing to read.
      if (state.notified || event.sequence !== state.polls + 1) return { state, effects };
      effects.push({ type: 'readCharge', cause: 'poll' });
      return { state: { ...state, polls: event.sequence }, effects };

    case 'lastCheckDue':
      effects.push({ type: 'readCharge', cause: 'lastCheck' });
      return { state, effects };

    case 'chargeRead': {
      const { charge, cause, at } = event;
      if (late) {
        if (charge.state !== 'Authorized' && charge.state !== 'CaptureInitiated' && charge.state !== 'Captured') return { state, effects };
        notify({ type: 'orderAuthorized', amazonAuthorizationId: chargeId, checkout: state.checkout });
        return { state: { ...state, phase: 'authorized', chargeState: charge.state }, effects };
      }
      let next: ChargeRecoveryState = { ...state, chargeState: charge.state, notified: state.notified || cause === 'notification' };
      switch (charge.state) {
        case 'AuthorizationInitiated':
          if (cause === 'lastCheck') {
            // Giving up closes the charge permission (and cancels the pending charge): nothing can be charged later.
            next = { ...next, phase: 'failed', reasonCode: 'AuthorizationNotSettled' };
            effects.push({ type: 'closeChargePermission', reason: 'The payment was not confirmed in time; the buyer was asked to check out again.' });
            notify(failedNotice('failed', 'AuthorizationNotSettled'));
          } else if (cause === 'track') {
            schedulePoll(at, 1);
            effects.push({ type: 'job', kind: 'chargeLastCheck', sequence: 0, at: state.since + options.maxWaitMs });
          } else if (cause === 'poll' && !next.notified) {
            schedulePoll(at, next.polls + 1);
          }
          break;
        case 'Authorized':
        case 'CaptureInitiated':
        case 'Captured':
          next = { ...next, phase: 'authorized' };
          notify({ type: 'orderAuthorized', amazonAuthorizationId: chargeId, checkout: state.checkout });
          break;
        case 'Declined':
          next = { ...next, phase: 'declined', reasonCode: charge.reasonCode! };
          effects.push({ type: 'closeChargePermission', reason: 'The payment was declined; the buyer was asked to check out again.' });
          notify(failedNotice('declined', charge.reasonCode!));
          break;
        case 'Canceled':
          next = { ...next, phase: 'closed', reasonCode: charge.reasonCode! };
          notify(failedNotice('closed', charge.reasonCode!));
          break;
      }
      return { state: next, effects };
    }
  }
}
