import type { AuthorizationMode, AuthorizationState, KnownDeclineReasonCode, OrderReferenceState, ReasonCode } from './types';

/** One authorization attempt as the policy sees it. */
export interface AttemptOutcome {
  readonly mode: AuthorizationMode;
  readonly state: AuthorizationState;
  readonly reasonCode?: ReasonCode;
  readonly softDecline?: boolean;
}

export type TimedOutStrategy = 'retryAsync' | 'cancel';

export interface DeclinePolicyOptions {
  /** Re-authorizations allowed after the first decline (the guide: three). */
  readonly maxReauthorizations?: number;
  /** What to do when a sync authorization times out. Default `retryAsync`. */
  readonly onSyncTimeout?: TimedOutStrategy;
  /** Window for ProcessingFailure and soft-decline retries, in ms. Default 60-120 s. */
  readonly retryDelayMs?: readonly [min: number, max: number];
}

export const DEFAULT_MAX_REAUTHORIZATIONS = 3;
export const DEFAULT_RETRY_DELAY_MS: readonly [number, number] = [60_000, 120_000];

/**
 * What to do next. The hook turns each into calls and buyer-visible states; the
 * UI picks the buyer message from `type` (and `reasonCode`).
 */
export type DeclineAction =
  /** Authorization Open (or captured): the order is paid. */
  | { readonly type: 'approved' }
  /** Async result not known yet: poll / listen; tell the buyer the order was submitted, do not resubmit. */
  | { readonly type: 'awaitResult' }
  /** Hard decline with the buyer present: re-render the Wallet on the same order reference, then confirm and re-authorize. */
  | { readonly type: 'showWallet'; readonly reasonCode: ReasonCode }
  /** Re-authorize after `delayMs`; confirm the order reference first when it is Suspended. */
  | {
      readonly type: 'retryLater';
      readonly reasonCode: ReasonCode;
      readonly delayMs: number;
      readonly confirmFirst: boolean;
      readonly mode: AuthorizationMode;
    }
  /** Sync authorization timed out: re-authorize now in async mode. */
  | { readonly type: 'retryAsync'; readonly reasonCode: ReasonCode }
  /** Sync authorization timed out and the merchant chose to cancel the order reference. */
  | { readonly type: 'cancelOrder'; readonly reasonCode: ReasonCode }
  /**
   * Ask the buyer to update the payment method in their Amazon account.
   * `awaitUpdate`: Amazon re-opens the order reference when they do (a notification
   * arrives), and the kit then authorizes again. `exhausted`: the retry budget is spent.
   */
  | { readonly type: 'contactBuyer'; readonly reasonCode: ReasonCode; readonly awaitUpdate: boolean; readonly exhausted: boolean }
  /** ProcessingFailure twice: ask the buyer to place the order again in a few minutes. */
  | { readonly type: 'placeOrderLater'; readonly reasonCode: ReasonCode }
  /** Async TransactionTimedOut: the order was submitted and takes longer; the buyer must not resubmit. */
  | { readonly type: 'orderSubmitted'; readonly reasonCode: ReasonCode }
  /** Final: AmazonRejected, a closed authorization, or a reason code the kit does not know. Offer another payment method. */
  | { readonly type: 'declined'; readonly reasonCode: ReasonCode | undefined; readonly known: boolean };

export type DeclineActionType = DeclineAction['type'];

const KNOWN_DECLINE_CODES: readonly string[] = ['InvalidPaymentMethod', 'AmazonRejected', 'ProcessingFailure', 'TransactionTimedOut'];

export function isKnownDeclineReasonCode(code: unknown): code is KnownDeclineReasonCode {
  return typeof code === 'string' && KNOWN_DECLINE_CODES.includes(code);
}

/** Re-authorizations made after the first decline in `attempts`. */
export function reauthorizationsUsed(attempts: readonly AttemptOutcome[]): number {
  const firstDecline = attempts.findIndex((attempt) => attempt.state === 'Declined');
  return firstDecline === -1 ? 0 : attempts.length - 1 - firstDecline;
}

function pickDelay([min, max]: readonly [number, number], random: number): number {
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(min + (max - min) * r);
}

/**
 * The decline table of Amazon's guide as a pure function.
 *
 * @param attempts every authorization attempt on the order reference, oldest
 *   first; the last one is the outcome to act on.
 * @param random a number in [0, 1) that places retries inside the delay window
 *   (pass `Math.random()`; tests pass a fixed value).
 */
export function decideNextAction(
  attempts: readonly AttemptOutcome[],
  options: DeclinePolicyOptions = {},
  random = 0,
): DeclineAction {
  const current = attempts[attempts.length - 1];
  if (!current) throw new RangeError('decideNextAction needs at least one attempt.');

  if (current.state === 'Open') return { type: 'approved' };
  if (current.state === 'Pending') return { type: 'awaitResult' };
  if (current.state === 'Closed') {
    // CaptureNow authorizations close as MaxCapturesProcessed once captured.
    return current.reasonCode === 'MaxCapturesProcessed'
      ? { type: 'approved' }
      : { type: 'declined', reasonCode: current.reasonCode, known: true };
  }

  const reasonCode = current.reasonCode;
  const budget = options.maxReauthorizations ?? DEFAULT_MAX_REAUTHORIZATIONS;
  const exhausted = reauthorizationsUsed(attempts) >= budget;
  const delayWindow = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const contactBuyer = (awaitUpdate: boolean): DeclineAction => ({
    type: 'contactBuyer',
    reasonCode: reasonCode ?? 'InvalidPaymentMethod',
    awaitUpdate,
    exhausted,
  });

  switch (reasonCode) {
    case 'AmazonRejected':
      return { type: 'declined', reasonCode, known: true };

    case 'InvalidPaymentMethod': {
      if (exhausted) return contactBuyer(false);
      if (current.softDecline === true) {
        return { type: 'retryLater', reasonCode, delayMs: pickDelay(delayWindow, random), confirmFirst: true, mode: current.mode };
      }
      return current.mode === 'sync' ? { type: 'showWallet', reasonCode } : contactBuyer(true);
    }

    case 'ProcessingFailure': {
      const previous = attempts[attempts.length - 2];
      if (previous?.state === 'Declined' && previous.reasonCode === 'ProcessingFailure') {
        return { type: 'placeOrderLater', reasonCode };
      }
      if (exhausted) return contactBuyer(false);
      return { type: 'retryLater', reasonCode, delayMs: pickDelay(delayWindow, random), confirmFirst: false, mode: current.mode };
    }

    case 'TransactionTimedOut': {
      if (current.mode === 'async') return { type: 'orderSubmitted', reasonCode };
      if ((options.onSyncTimeout ?? 'retryAsync') === 'cancel') return { type: 'cancelOrder', reasonCode };
      if (exhausted) return contactBuyer(false);
      return { type: 'retryAsync', reasonCode };
    }

    default:
      return { type: 'declined', reasonCode, known: false };
  }
}

/** The order reference state Amazon moves to after a decline with this reason. */
export function orderReferenceStateAfterDecline(reasonCode: ReasonCode | undefined, current: OrderReferenceState): OrderReferenceState {
  if (reasonCode === 'InvalidPaymentMethod') return 'Suspended';
  if (reasonCode === 'AmazonRejected') return 'Closed';
  return current;
}

/** Amazon authorizes only while the order reference is Open. */
export function canAuthorize(state: OrderReferenceState): boolean {
  return state === 'Open';
}

/** SetOrderReferenceDetails is allowed only in Draft; elsewhere OrderReferenceNotModifiable. */
export function canSetOrderReferenceDetails(state: OrderReferenceState): boolean {
  return state === 'Draft';
}

/** ConfirmOrderReference: Draft -> Open at checkout, Suspended -> Open after the buyer picked a method. */
export function canConfirmOrderReference(state: OrderReferenceState): boolean {
  return state === 'Draft' || state === 'Suspended';
}
