/**
 * What the buyer sees of a decline (`DeclineState`), whoever decides: the
 * browser's decline machine (decline-machine.ts) or the kit's server
 * (server-recovery.ts carries it to the tab). Types and queries only.
 */
import type { DeclineReason } from './decline-policy';
import type { AmazonPayErrorKind } from './errors';
import type { AuthorizationDetails, ReasonCode } from './types';

/** A failed backend call, as plain data (an AmazonPayError fits this shape). */
export interface CallFailure {
  readonly kind: AmazonPayErrorKind;
  readonly message: string;
  readonly code?: string;
  readonly status?: number;
  readonly retryable: boolean;
}

/** What the buyer sees; a component switches on `status`. */
export type DeclineState =
  | { readonly status: 'idle' }
  | { readonly status: 'authorizing'; readonly attempt: number }
  | { readonly status: 'approved'; readonly authorization: AuthorizationDetails }
  /** Show the Wallet bound to the same order reference; `placeOrder` once the buyer picked a method. */
  | {
      readonly status: 'needsNewPaymentMethod';
      readonly reasonCode: ReasonCode;
      readonly paymentSelected: boolean;
      readonly reauthorizationsLeft: number;
    }
  | { readonly status: 'confirming' }
  | { readonly status: 'retryScheduled'; readonly retryAt: number; readonly reasonCode: ReasonCode; readonly reauthorizationsLeft: number }
  /**
   * An async authorization awaits its result: the order was submitted and must not be resubmitted.
   * `reasonCode: 'TransactionTimedOut'` when it is the async retry after a sync timeout (it takes longer than usual).
   */
  | { readonly status: 'pending'; readonly reasonCode?: ReasonCode }
  /**
   * The buyer must update the payment method in their Amazon account (`accountUrl`, per order reference).
   * `awaitingUpdate`: Amazon re-opens the order reference when they do, and the flow authorizes again.
   */
  | { readonly status: 'contactBuyer'; readonly reasonCode: ReasonCode; readonly accountUrl: string; readonly awaitingUpdate: boolean }
  /** Final: no further authorization on this order reference. */
  | { readonly status: 'declined'; readonly reason: DeclineReason; readonly reasonCode: ReasonCode | undefined }
  /**
   * Recoverable: `retry` repeats what failed (an Authorize with the same AuthorizationReferenceId).
   * `authorizationUnknown`: Amazon may hold an authorization the kit has not seen; no other payment until `retry` finds out.
   */
  | { readonly status: 'error'; readonly error: CallFailure; readonly authorizationUnknown: boolean };

export type DeclineStatus = DeclineState['status'];
export type DeclinedState = Extract<DeclineState, { status: 'declined' }>;
export type ContactBuyerState = Extract<DeclineState, { status: 'contactBuyer' }>;

/**
 * Whether the buyer may leave Amazon Pay now ("Pay another way"). Not while an
 * authorization's outcome is unknown (authorizing, confirming, pending, or an
 * error with `authorizationUnknown`): paying another way then could charge the
 * buyer twice. Not again once the buyer left (a canceled decline).
 */
export function canCancel(state: DeclineState): boolean {
  switch (state.status) {
    case 'needsNewPaymentMethod':
    case 'retryScheduled':
    case 'contactBuyer':
      return true;
    case 'declined':
      // The merchant's "Pay another way" still leads on; the machine has nothing left to cancel.
      return state.reason !== 'canceled';
    case 'error':
      return !state.authorizationUnknown;
    default:
      return false;
  }
}

/** Approved or declined: nothing more happens (a canceled flow still takes a late approval). */
export function isSettled(state: DeclineState): boolean {
  return state.status === 'approved' || state.status === 'declined';
}
