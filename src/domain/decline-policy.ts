import type { AuthorizationMode, AuthorizationState, KnownDeclineReasonCode, OrderReferenceState, ReasonCode } from './types';

/**
 * Every decline rule of the kit, as pure functions: Amazon's decline table, the
 * retry budgets, what a re-authorization does after checking the order
 * reference, and which refusals end the flow. The state machine
 * (decline-machine.ts) and both runners only carry these decisions out.
 */

/** Who started an authorization attempt; the budgets count them differently. */
export type AttemptTrigger =
  /** The first authorization of the order reference. */
  | 'first'
  /** The kit re-authorized on its own (soft decline, ProcessingFailure, sync timeout): counts against `maxReauthorizations`. */
  | 'retry'
  /** The buyer acted (picked another method in the Wallet, updated it in their Amazon account): counts against `maxAuthorizations` only. */
  | 'buyer';

/** One authorization attempt as the policy sees it. */
export interface AttemptOutcome {
  readonly mode: AuthorizationMode;
  readonly state: AuthorizationState;
  readonly reasonCode?: ReasonCode;
  readonly softDecline?: boolean;
  /** Attempts without a trigger after the first decline count as the kit's own re-authorizations. */
  readonly trigger?: AttemptTrigger;
}

export type TimedOutStrategy = 'retryAsync' | 'cancel';

export interface DeclinePolicyOptions {
  /** Re-authorizations the kit makes on its own after the first decline (the guide: three). */
  readonly maxReauthorizations?: number;
  /**
   * Authorizations on one order reference, whoever started them (the buyer's
   * Wallet rounds included). At most Amazon's {@link MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE}.
   */
  readonly maxAuthorizations?: number;
  /** What to do when a sync authorization times out. Default `retryAsync`. */
  readonly onSyncTimeout?: TimedOutStrategy;
  /** Window for ProcessingFailure and soft-decline retries, in ms. Default 60-120 s. */
  readonly retryDelayMs?: readonly [min: number, max: number];
}

/** The guide: the soft-decline process "can be repeated three times after the initial authorisation decline". */
export const DEFAULT_MAX_REAUTHORIZATIONS = 3;
/**
 * Amazon's per-order-reference limit for one-time payments: "up to 10 successful
 * authorizations, as long as the Order Reference object state is Open"
 * (developer.amazon.com, amazon-pay-onetime/request-an-authorization). The 25 of
 * the EU terminology page applies to order references of automatic payments
 * (billing agreements), which this kit does not create.
 */
export const MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE = 10;
export const DEFAULT_RETRY_DELAY_MS: readonly [number, number] = [60_000, 120_000];

export interface ResolvedDeclinePolicy {
  readonly maxReauthorizations: number;
  readonly maxAuthorizations: number;
  readonly onSyncTimeout: TimedOutStrategy;
  readonly retryDelayMs: readonly [number, number];
}

function wholeNumber(value: number | undefined, fallback: number, min: number, max: number): number {
  const chosen = value === undefined || !Number.isFinite(value) ? fallback : Math.floor(value);
  return Math.min(Math.max(chosen, min), max);
}

/** Fills the defaults and clamps the budgets into what Amazon allows (plain JSON, so a server can store it). */
export function resolveDeclinePolicy(options: DeclinePolicyOptions = {}): ResolvedDeclinePolicy {
  const maxAuthorizations = wholeNumber(
    options.maxAuthorizations,
    MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE,
    1,
    MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE,
  );
  const [min, max] = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const low = wholeNumber(min, DEFAULT_RETRY_DELAY_MS[0], 0, Number.MAX_SAFE_INTEGER);
  return {
    maxReauthorizations: wholeNumber(options.maxReauthorizations, DEFAULT_MAX_REAUTHORIZATIONS, 0, maxAuthorizations - 1),
    maxAuthorizations,
    onSyncTimeout: options.onSyncTimeout === 'cancel' ? 'cancel' : 'retryAsync',
    retryDelayMs: [low, Math.max(low, wholeNumber(max, DEFAULT_RETRY_DELAY_MS[1], 0, Number.MAX_SAFE_INTEGER))],
  };
}

/** Why a flow ended without payment; one reason, so a UI switches on it. */
export type DeclineReason =
  /** AmazonRejected, or an authorization or order reference Amazon closed. */
  | 'rejected'
  /** A decline reason code the kit does not know (kept verbatim in `reasonCode`). */
  | 'unknownCode'
  /** ProcessingFailure twice: ask the buyer to place the order again in a few minutes. */
  | 'placeOrderLater'
  /** The order reference was canceled (sync-timeout policy) or the buyer chose another payment. */
  | 'canceled'
  /** The retry budget or Amazon's per-order authorization limit is spent. */
  | 'budgetSpent'
  /** An async authorization's TransactionTimeout passed without a result: the merchant must act (contact the buyer, cancel). */
  | 'timedOut';

/** What to do after an authorization result. */
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
   * Ask the buyer to update the payment method in their Amazon account (the
   * per-order account URL). `awaitUpdate`: Amazon re-opens the order reference
   * when they do (a notification arrives), and the kit then authorizes again.
   */
  | { readonly type: 'contactBuyer'; readonly reasonCode: ReasonCode; readonly awaitUpdate: boolean }
  /** Final: no further authorization on this order reference. */
  | { readonly type: 'declined'; readonly reason: DeclineReason; readonly reasonCode: ReasonCode | undefined };

export type DeclineActionType = DeclineAction['type'];

const KNOWN_DECLINE_CODES: readonly string[] = ['InvalidPaymentMethod', 'AmazonRejected', 'ProcessingFailure', 'TransactionTimedOut'];

export function isKnownDeclineReasonCode(code: unknown): code is KnownDeclineReasonCode {
  return typeof code === 'string' && KNOWN_DECLINE_CODES.includes(code);
}

/** The kit's own re-authorizations after the first decline (the buyer's Wallet rounds not counted). */
export function reauthorizationsUsed(attempts: readonly AttemptOutcome[]): number {
  const firstDecline = attempts.findIndex((attempt) => attempt.state === 'Declined');
  if (firstDecline === -1) return 0;
  return attempts.slice(firstDecline + 1).filter((attempt) => attempt.trigger !== 'buyer').length;
}

/** Re-authorizations the kit may still make on its own. */
export function reauthorizationsLeft(attempts: readonly AttemptOutcome[], policy: ResolvedDeclinePolicy): number {
  return Math.max(0, Math.min(policy.maxReauthorizations - reauthorizationsUsed(attempts), authorizationsLeft(attempts, policy)));
}

/** Authorizations still allowed on the order reference (Amazon's per-order limit, or the merchant's lower one). */
export function authorizationsLeft(attempts: readonly AttemptOutcome[], policy: ResolvedDeclinePolicy): number {
  return Math.max(0, policy.maxAuthorizations - attempts.length);
}

/** A point in [min, max] placed by `jitter` in [0, 1]. */
export function retryDelay([min, max]: readonly [number, number], jitter: number): number {
  const r = Number.isFinite(jitter) ? Math.min(Math.max(jitter, 0), 1) : 0;
  return Math.round(min + (max - min) * r);
}

/**
 * The decline table of Amazon's guide as a pure function.
 *
 * @param attempts every authorization attempt on the order reference, oldest
 *   first; the last one is the outcome to act on.
 * @param jitter a number in [0, 1] that places retries inside the delay window.
 */
export function decideNextAction(
  attempts: readonly AttemptOutcome[],
  options: DeclinePolicyOptions | ResolvedDeclinePolicy = {},
  jitter = 0,
): DeclineAction {
  const current = attempts[attempts.length - 1];
  if (!current) throw new RangeError('decideNextAction needs at least one attempt.');
  const policy = resolveDeclinePolicy(options);

  if (current.state === 'Open') return { type: 'approved' };
  if (current.state === 'Pending') return { type: 'awaitResult' };
  if (current.state === 'Closed') {
    // CaptureNow authorizations close as MaxCapturesProcessed once captured.
    return current.reasonCode === 'MaxCapturesProcessed'
      ? { type: 'approved' }
      : { type: 'declined', reason: 'rejected', reasonCode: current.reasonCode };
  }

  const reasonCode = current.reasonCode;
  const canRetry = reauthorizationsLeft(attempts, policy) > 0;
  const buyerRoundsLeft = authorizationsLeft(attempts, policy) > 0;
  const budgetSpent: DeclineAction = { type: 'declined', reason: 'budgetSpent', reasonCode };
  const retryLater = (confirmFirst: boolean): DeclineAction => ({
    type: 'retryLater',
    reasonCode: reasonCode!,
    delayMs: retryDelay(policy.retryDelayMs, jitter),
    confirmFirst,
    mode: current.mode,
  });

  switch (reasonCode) {
    case 'AmazonRejected':
      return { type: 'declined', reason: 'rejected', reasonCode };

    case 'InvalidPaymentMethod': {
      if (current.softDecline === true) {
        if (canRetry) return retryLater(true);
        // The guide: if the retries fail, ask the buyer to update the method in their Amazon account.
        return { type: 'contactBuyer', reasonCode, awaitUpdate: current.mode === 'async' && buyerRoundsLeft };
      }
      if (!buyerRoundsLeft) return budgetSpent;
      return current.mode === 'sync' ? { type: 'showWallet', reasonCode } : { type: 'contactBuyer', reasonCode, awaitUpdate: true };
    }

    case 'ProcessingFailure': {
      const previous = attempts[attempts.length - 2];
      if (previous?.state === 'Declined' && previous.reasonCode === 'ProcessingFailure') {
        return { type: 'declined', reason: 'placeOrderLater', reasonCode };
      }
      return canRetry ? retryLater(false) : budgetSpent;
    }

    case 'TransactionTimedOut': {
      // The async TransactionTimeout (24 h by default) passed: final; the merchant contacts the buyer or cancels.
      if (current.mode === 'async') return { type: 'declined', reason: 'timedOut', reasonCode };
      if (policy.onSyncTimeout === 'cancel') return { type: 'cancelOrder', reasonCode };
      return canRetry ? { type: 'retryAsync', reasonCode } : budgetSpent;
    }

    default:
      return { type: 'declined', reason: 'unknownCode', reasonCode };
  }
}

/** What a re-authorization does after reading the order reference (GetOrderReferenceDetails). */
export type OrderCheckAction =
  | { readonly type: 'authorize' }
  /** Suspended after a soft decline, or the buyer picked another method: ConfirmOrderReference (never SetOrderReferenceDetails). */
  | { readonly type: 'confirm' }
  /** Suspended and nobody picked a new method: the buyer must choose one in the Wallet. */
  | { readonly type: 'showWallet'; readonly reasonCode: ReasonCode }
  | { readonly type: 'declined'; readonly reason: DeclineReason; readonly reasonCode: ReasonCode | undefined };

export function decideAfterOrderCheck(
  order: { readonly state: OrderReferenceState; readonly reasonCode?: ReasonCode },
  confirmFirst: boolean,
): OrderCheckAction {
  switch (order.state) {
    case 'Open':
      return { type: 'authorize' };
    case 'Suspended':
      return confirmFirst ? { type: 'confirm' } : { type: 'showWallet', reasonCode: 'InvalidPaymentMethod' };
    case 'Canceled':
      return { type: 'declined', reason: 'canceled', reasonCode: order.reasonCode };
    default:
      // Closed (AmazonClosed, SellerClosed, Expired) or Draft: Amazon accepts no authorization on it.
      return { type: 'declined', reason: 'rejected', reasonCode: order.reasonCode };
  }
}

/** Closed or Canceled: no authorization will ever be accepted on the order reference again. */
export function isOrderReferenceFinal(state: OrderReferenceState): boolean {
  return state === 'Closed' || state === 'Canceled';
}

/** Refusals of a new Authorize that end the flow: the server's per-order budget, Amazon's count and amount limits. */
const BUDGET_REFUSALS: readonly string[] = ['RetryBudgetExhausted', 'TransactionCountExceeded', 'TransactionAmountExceeded'];

export function declineReasonForRefusal(code: string | undefined): DeclineReason | undefined {
  return code !== undefined && BUDGET_REFUSALS.includes(code) ? 'budgetSpent' : undefined;
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

/** CloseOrderReference: Open or Suspended -> Closed (no new authorizations; open ones can still be captured). */
export function canCloseOrderReference(state: OrderReferenceState): boolean {
  return state === 'Open' || state === 'Suspended';
}
