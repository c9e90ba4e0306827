/**
 * Amazon's books, as the kit's fakes keep them: order references,
 * authorizations, Checkout v2 sessions, charge permissions and charges, with
 * Amazon's rules for each call. Pure: the clock is injected, nothing runs by
 * itself (no timers). What Amazon would do later (an asynchronous result, an
 * authorization expiring, an order reference re-opened after the buyer's update)
 * is kept as a due time; `runDue()` applies what is due at `now()`, and
 * `settleAuthorization`/`settleCharge` apply one at once. Every change Amazon
 * notifies (an IPN) goes to an outbox the owner drains with `takeNotifications()`.
 *
 * One ledger is behind every fake Amazon of the kit: the browser sandbox
 * (`createSandboxBackend`, with real timers and the buyer's wallet on top), the
 * server tests' fake MWS and Checkout v2 clients, the demo and the benchmarks.
 *
 * Amazon's docs decide where the kit's two earlier fakes disagreed:
 * - AmazonRejected closes the order reference ("The order reference will be
 *   automatically Closed", Authorization states and reason codes). Its ReasonCode
 *   is AmazonClosed by default: the only Amazon-made Closed reason in "Order
 *   reference states and reason codes" (AmazonRejected is not one of them). No
 *   Amazon page names the pair in so many words, so it is an option
 *   (`orderReasonAfterAmazonRejected`); the kit reads either the same way.
 * - InvalidPaymentMethod suspends it; a hard decline needs a new method before
 *   ConfirmOrderReference, else PaymentMethodNotUpdated (MWS error codes).
 * - An identical Authorize answers the first result; other parameters under the
 *   same AuthorizationReferenceId are DuplicateRequest ("has already been
 *   processed with different parameters", MWS error codes).
 * - CancelOrderReference: "all authorizations associated with this order
 *   reference are also closed" (CancelOrderReference), as Closed with ReasonCode
 *   OrderReferenceCanceled, the Closed reason the Authorization states page gives
 *   for "The order reference was canceled" (quoted with that page's address by
 *   integrations, e.g. Odoo's Amazon Pay module, and in the reason-code enums of
 *   Amazon Pay integrations). A closed one cannot be canceled
 *   (InvalidCancelAttempt); only an Open or Suspended one can be closed
 *   (InvalidCloseAttempt).
 * - At most 10 successful authorizations, and the order amount plus the
 *   overcharge allowance in total (domain/authorization-limits.ts).
 */
import { authorizationAllowance, DEFAULT_OVERCHARGE_CAPS } from '../domain/authorization-limits';
import {
  MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE,
  canAuthorize,
  canCloseOrderReference,
  canConfirmOrderReference,
  canSetOrderReferenceDetails,
  orderReferenceStateAfterDecline,
} from '../domain/decline-policy';
import { AmazonPayError } from '../domain/errors';
import type { SandboxSimulation } from '../domain/sandbox-simulation';
import type { BackendUpdate } from '../domain/server-recovery';
import type {
  AuthorizationDetails,
  AuthorizeRequest,
  ChargeDetails,
  ChargeState,
  CompletedCheckoutSession,
  Money,
  OrderReferenceDetails,
  OrderReferenceState,
} from '../domain/types';
import { isAuthorizationReferenceId, parseMoney } from '../domain/validation';

/** How a Pending authorization ends: Amazon's simulation (State, ReasonCode, ...), or undefined for Open. */
export type AuthorizationOutcome = SandboxSimulation | undefined;

/** How Amazon settles a checkout's charge made with canHandlePendingAuthorization (after AuthorizationInitiated). */
export interface ChargeOutcome {
  readonly state: Exclude<ChargeState, 'AuthorizationInitiated'>;
  readonly reasonCode?: string;
}

export interface LedgerCheckoutSession {
  readonly checkoutSessionId: string;
  readonly payload: Record<string, unknown>;
  readonly status: 'Open' | 'BuyerFinished' | 'Completed' | 'Canceled';
}

/** The buyer's choice on Amazon's hosted page. */
export type CheckoutChoice =
  | { readonly cancel: true }
  | {
      readonly paymentMethodId?: string;
      /** The method declines: completing the session ends Canceled/Declined. */
      readonly declines?: boolean;
      /** How the charge settles when it starts AuthorizationInitiated; default Authorized. */
      readonly chargeOutcome?: ChargeOutcome;
      /** The Charge Permission's id (default: a new `S01-…` id). */
      readonly chargePermissionId?: string;
    };

export interface AmazonLedgerOptions {
  /** The clock, in ms since the epoch. */
  readonly now: () => number;
  /** Digits for new ids (`S01-1234567-1234567`); default crypto-random. */
  readonly digits?: (count: number) => string;
  /** The prefix of notification ids (`<prefix>-n-1`, …); default `ledger`. */
  readonly notificationPrefix?: string;
  /** The absolute caps of the overcharge allowance; default the kit's one table. */
  readonly overchargeCaps?: typeof DEFAULT_OVERCHARGE_CAPS;
  /**
   * The order reference's ReasonCode after an AmazonRejected decline closes it:
   * default AmazonClosed (see the file header; no Amazon page names the pair).
   */
  readonly orderReasonAfterAmazonRejected?: 'AmazonClosed' | 'AmazonRejected';
  /** A snapshot to start from (`snapshot()` of an earlier ledger). */
  readonly restore?: LedgerSnapshot;
}

interface OrderEntry {
  details: OrderReferenceDetails;
  /** A hard decline: ConfirmOrderReference needs a new method first (else PaymentMethodNotUpdated). */
  needsNewMethod: boolean;
  /** The buyer's wallet: the selected method and the ones that declined on this order. */
  selectedMethodId: string;
  declinedMethodIds: string[];
  /** Authorizations made, for their ids (`<order>-A000001`, …). */
  made: number;
}

interface AuthorizationEntry {
  details: AuthorizationDetails;
  fingerprint: string;
  mode: AuthorizeRequest['mode'];
  /** The outcome Amazon will give a Pending authorization. */
  outcome?: AuthorizationOutcome;
}

interface Due {
  readonly at: number;
  readonly kind: 'result' | 'expire' | 'reopen';
  readonly id: string;
}

interface CheckoutEntry {
  session: LedgerCheckoutSession;
  choice?: Exclude<CheckoutChoice, { cancel: true }>;
  result?: CompletedCheckoutSession;
}

interface ChargeEntry {
  charge: ChargeDetails;
  outcome?: ChargeOutcome;
}

/** Everything a ledger holds, as JSON (the sandbox keeps it across a navigation). */
export interface LedgerSnapshot {
  readonly version: 2;
  readonly orders: [string, OrderEntry][];
  readonly authorizations: [string, AuthorizationEntry][];
  readonly due: Due[];
  readonly checkouts: [string, CheckoutEntry][];
  readonly charges: [string, ChargeEntry][];
  readonly permissions: [string, string][];
  readonly notificationSeq: number;
}

export interface AmazonLedger {
  /* ----- order references ----- */
  createOrderReference(init?: {
    readonly id?: string;
    readonly amount?: Money;
    readonly state?: Extract<OrderReferenceState, 'Draft' | 'Open'>;
    readonly paymentMethodId?: string;
  }): OrderReferenceDetails;
  orderReference(id: string): OrderReferenceDetails;
  /** SetOrderReferenceDetails: Draft only (else OrderReferenceNotModifiable). */
  setOrderReferenceDetails(
    id: string,
    details: { readonly amount?: Money; readonly constraints?: readonly string[] },
  ): OrderReferenceDetails;
  confirmOrderReference(id: string): OrderReferenceDetails;
  cancelOrderReference(id: string): OrderReferenceDetails;
  /** The merchant's CloseOrderReference, or Amazon closing it (`byAmazon`: ReasonCode AmazonClosed, notified). */
  closeOrderReference(id: string, options?: { readonly byAmazon?: boolean }): OrderReferenceDetails;
  /** The buyer picked a method in the Wallet widget: a method other than the declined one lifts a hard decline's PaymentMethodNotUpdated. */
  selectPaymentMethod(id: string, paymentMethodId: string): void;
  wallet(id: string): { readonly selectedMethodId: string; readonly declinedMethodIds: readonly string[] };
  /** The buyer updated the method in their Amazon account: a Suspended order reference is Open again (notified). */
  buyerUpdatedPaymentMethod(id: string): OrderReferenceDetails;

  /* ----- authorizations ----- */
  /**
   * Authorize. Sync: settled at once with `outcome`. Async: Pending until
   * `resultAfterMs` has passed (`runDue`) or `settleAuthorization` is called.
   */
  authorize(request: AuthorizeRequest, outcome: AuthorizationOutcome, options?: { readonly resultAfterMs?: number }): AuthorizationDetails;
  /** Amazon finishes a Pending authorization now (notified), with its outcome or the one given. */
  settleAuthorization(amazonAuthorizationId: string, outcome?: AuthorizationOutcome): AuthorizationDetails;
  authorization(amazonAuthorizationId: string): AuthorizationDetails;
  authorizationsOf(amazonOrderReferenceId: string): AuthorizationDetails[];

  /* ----- Checkout v2 ----- */
  createCheckoutSession(payload: Record<string, unknown>, id?: string): LedgerCheckoutSession;
  checkoutSession(id: string): LedgerCheckoutSession | undefined;
  /** The buyer paid on Amazon's page (or canceled). */
  finishCheckoutSession(id: string, choice: CheckoutChoice): LedgerCheckoutSession;
  /** Complete Checkout Session: the same reply on a repeat; a charge starts AuthorizationInitiated when the payload can handle a pending authorization. */
  completeCheckoutSession(id: string, amount?: Money): CompletedCheckoutSession;
  charge(chargeId: string): ChargeDetails;
  /** Amazon finishes the authorization of a charge made AuthorizationInitiated now (notified), even after a close that raced with it. */
  settleCharge(chargeId: string): ChargeDetails;
  /** Close Charge Permission; with `cancelPendingCharges` (default) its AuthorizationInitiated and Authorized charges are canceled. */
  closeChargePermission(
    chargePermissionId: string,
    options?: { readonly cancelPendingCharges?: boolean },
  ): { readonly chargePermissionId: string; readonly state: string; readonly reasonCode: string };
  chargePermissionState(chargePermissionId: string): string | undefined;
  /** Get Charge Permission: its state and the cart id its checkout's payload carried (`merchantMetadata.merchantReferenceId`). */
  chargePermission(chargePermissionId: string): {
    readonly chargePermissionId: string;
    readonly state: string;
    readonly merchantReferenceId?: string;
  };

  /* ----- time and notifications ----- */
  /** When the next thing Amazon does by itself is due, or undefined. */
  nextDueAt(): number | undefined;
  /** Applies everything due at `now()`. */
  runDue(): void;
  /** The notifications (IPNs) since the last call, oldest first. */
  takeNotifications(): BackendUpdate[];
  snapshot(): LedgerSnapshot;
}

/** An error as Amazon answers it: retryable for 5xx and throttling. */
export function amazonError(code: string, message: string, status = 400): AmazonPayError {
  return new AmazonPayError('amazon', `${code}: ${message}`, {
    code,
    status,
    retryable: status >= 500 || code === 'RequestThrottled' || code === 'ServiceUnavailable',
  });
}

function randomDigits(count: number): string {
  const bytes = new Uint8Array(count);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => String(b % 10)).join('');
}

const HOLDING = (d: AuthorizationDetails): boolean =>
  d.state === 'Open' || d.state === 'Pending' || (d.state === 'Closed' && d.reasonCode === 'MaxCapturesProcessed');
const MINUTE = 60_000;

/**
 * A new, empty ledger (or one restored from `options.restore`) on the clock
 * `options.now`: the Amazon behind `createSandboxBackend` and the kit's server
 * tests. Nothing happens by itself: call `runDue()` when the clock moves.
 */
export function createAmazonLedger(options: AmazonLedgerOptions): AmazonLedger {
  const digits = options.digits ?? randomDigits;
  const caps = options.overchargeCaps ?? DEFAULT_OVERCHARGE_CAPS;
  const prefix = options.notificationPrefix ?? 'ledger';
  const closedByRejection = options.orderReasonAfterAmazonRejected ?? 'AmazonClosed';
  const stored = options.restore?.version === 2 ? options.restore : undefined;
  const orders = new Map<string, OrderEntry>(stored?.orders);
  const authorizations = new Map<string, AuthorizationEntry>(stored?.authorizations);
  const byReference = new Map<string, AuthorizationEntry>(
    [...authorizations.values()].map((entry) => [entry.details.authorizationReferenceId, entry]),
  );
  const checkouts = new Map<string, CheckoutEntry>(stored?.checkouts);
  const charges = new Map<string, ChargeEntry>(stored?.charges);
  const permissions = new Map<string, string>(stored?.permissions);
  let due: Due[] = [...(stored?.due ?? [])];
  let notificationSeq = stored?.notificationSeq ?? 0;
  let outbox: BackendUpdate[] = [];

  const stamp = (): string => new Date(options.now()).toISOString();
  const copy = <T>(value: T): T => structuredClone(value);
  const notificationId = (): string => `${prefix}-n-${++notificationSeq}`;
  const notifyOrder = (entry: OrderEntry): void =>
    void outbox.push({ type: 'orderReference', orderReference: copy(entry.details), notificationId: notificationId() });
  const notifyAuthorization = (entry: AuthorizationEntry): void =>
    void outbox.push({ type: 'authorization', authorization: copy(entry.details), notificationId: notificationId() });
  const notifyCharge = (entry: ChargeEntry): void =>
    void outbox.push({ type: 'charge', charge: copy(entry.charge), notificationId: notificationId() });

  const order = (id: string): OrderEntry => {
    const entry = orders.get(id);
    if (!entry) throw amazonError('InvalidOrderReferenceId', `The order reference ${id} does not exist.`, 404);
    return entry;
  };
  const setOrderState = (entry: OrderEntry, state: OrderReferenceState, reasonCode?: string): void => {
    const { reasonCode: _old, ...rest } = entry.details;
    entry.details = { ...rest, state, ...(reasonCode ? { reasonCode } : {}) };
  };
  const authorizationEntry = (id: string): AuthorizationEntry => {
    const entry = authorizations.get(id);
    if (!entry) throw amazonError('InvalidTransactionId', `The authorization ${id} does not exist.`, 404);
    return entry;
  };
  const setAuthorization = (
    entry: AuthorizationEntry,
    state: AuthorizationDetails['state'],
    extra: { reasonCode?: string; softDecline?: boolean } = {},
  ): void => {
    const { reasonCode: _r, softDecline: _s, ...rest } = entry.details;
    entry.details = { ...rest, state, ...extra, lastUpdateTimestamp: stamp() };
  };
  const schedule = (afterMs: number, kind: Due['kind'], id: string): void => void due.push({ at: options.now() + afterMs, kind, id });

  /** Applies an authorization's outcome and its effect on the order reference. */
  const finalize = (entry: AuthorizationEntry, outcome: AuthorizationOutcome): void => {
    delete entry.outcome;
    const orderEntry = order(entry.details.amazonOrderReferenceId);
    if (!outcome || outcome.state === 'Closed' || outcome.state === 'Open') {
      const closedNow = outcome?.state === 'Closed' && outcome.reasonCode === 'AmazonClosed';
      setAuthorization(entry, closedNow ? 'Closed' : 'Open', closedNow ? { reasonCode: 'AmazonClosed' } : {});
      if (outcome?.reasonCode === 'ExpiredUnused')
        schedule((outcome.expirationTimeInMins ?? 1) * MINUTE, 'expire', entry.details.amazonAuthorizationId);
      return;
    }
    const { reasonCode } = outcome;
    setAuthorization(entry, 'Declined', {
      reasonCode,
      ...(reasonCode === 'InvalidPaymentMethod' ? { softDecline: outcome.softDecline ?? false } : {}),
    });
    const next = orderReferenceStateAfterDecline(reasonCode, orderEntry.details.state);
    // Amazon's docs: InvalidPaymentMethod suspends the order reference; AmazonRejected closes it (ReasonCode: see the header).
    if (next !== orderEntry.details.state)
      setOrderState(orderEntry, next, next === 'Suspended' ? 'InvalidPaymentMethod' : next === 'Closed' ? closedByRejection : undefined);
    if (reasonCode === 'InvalidPaymentMethod') {
      if (orderEntry.selectedMethodId && !orderEntry.declinedMethodIds.includes(orderEntry.selectedMethodId))
        orderEntry.declinedMethodIds.push(orderEntry.selectedMethodId);
      orderEntry.needsNewMethod = outcome.softDecline !== true;
      // Amazon re-opens the order reference by itself only after an asynchronous authorization.
      if (entry.mode === 'async' && outcome.paymentMethodUpdateTimeInMins !== undefined)
        schedule(outcome.paymentMethodUpdateTimeInMins * MINUTE, 'reopen', orderEntry.details.amazonOrderReferenceId);
    }
  };

  const reopen = (entry: OrderEntry): void => {
    if (entry.details.state !== 'Suspended') return;
    entry.needsNewMethod = false;
    setOrderState(entry, 'Open');
    notifyOrder(entry);
  };

  const checkLimits = (entry: OrderEntry, amount: Money): void => {
    const id = entry.details.amazonOrderReferenceId;
    const attempts = [...authorizations.values()].map((a) => a.details).filter((d) => d.amazonOrderReferenceId === id);
    const total = entry.details.orderTotal;
    if (total && total.currencyCode !== amount.currencyCode) {
      throw amazonError('InvalidParameterValue', `Currency ${amount.currencyCode} does not match the order's ${total.currencyCode}.`);
    }
    const refusal = authorizationAllowance({
      attempts: attempts.filter(HOLDING),
      requested: amount,
      orderTotal: total ?? amount,
      maxSuccessful: MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE,
      caps,
    });
    if (refusal === 'MaxSuccessfulAuthorizations') {
      throw amazonError(
        'TransactionCountExceeded',
        `OrderReference ${id} already has ${MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE} successful authorizations (Amazon allows ${MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE}).`,
      );
    }
    if (refusal === 'OverchargeAllowanceExceeded' && total) {
      throw amazonError(
        'TransactionAmountExceeded',
        `Authorizing ${amount.amount} ${amount.currencyCode} would take OrderReference ${id} over the order amount plus Amazon's allowance.`,
      );
    }
  };

  const checkoutEntry = (id: string): CheckoutEntry => {
    const entry = checkouts.get(id);
    if (!entry) throw amazonError('ResourceNotFound', `Checkout session ${JSON.stringify(id)} does not exist.`, 404);
    return entry;
  };
  const chargeEntry = (id: string): ChargeEntry => {
    const entry = charges.get(id);
    if (!entry) throw amazonError('ResourceNotFound', `Charge ${JSON.stringify(id)} does not exist.`, 404);
    return entry;
  };
  const setCharge = (entry: ChargeEntry, state: ChargeState, reasonCode?: string): void => {
    const { reasonCode: _r, ...rest } = entry.charge;
    entry.charge = { ...rest, state, ...(reasonCode ? { reasonCode } : {}), lastUpdatedTimestamp: stamp() };
  };
  const newOrderReferenceId = (): string => `S01-${digits(7)}-${digits(7)}`;

  return {
    createOrderReference(init = {}) {
      const id = init.id ?? newOrderReferenceId();
      const amount = init.amount ? parseMoney(init.amount.amount, init.amount.currencyCode) : undefined;
      orders.set(id, {
        details: { amazonOrderReferenceId: id, state: init.state ?? 'Open', constraints: [], ...(amount ? { orderTotal: amount } : {}) },
        needsNewMethod: false,
        selectedMethodId: init.paymentMethodId ?? '',
        declinedMethodIds: [],
        made: 0,
      });
      return copy(order(id).details);
    },
    orderReference: (id) => copy(order(id).details),
    setOrderReferenceDetails(id, details) {
      const entry = order(id);
      if (!canSetOrderReferenceDetails(entry.details.state))
        throw amazonError('OrderReferenceNotModifiable', `OrderReference ${id} is not in draft state and cannot be modified.`, 404);
      const amount = details.amount ? parseMoney(details.amount.amount, details.amount.currencyCode) : entry.details.orderTotal;
      entry.details = {
        ...entry.details,
        ...(amount ? { orderTotal: amount } : {}),
        constraints: [...(details.constraints ?? entry.details.constraints ?? [])],
      };
      return copy(entry.details);
    },
    confirmOrderReference(id) {
      const entry = order(id);
      if (!canConfirmOrderReference(entry.details.state))
        throw amazonError(
          'InvalidOrderReferenceStatus',
          `OrderReference ${id} is in the ${entry.details.state} state; Confirm needs Draft or Suspended.`,
        );
      if (entry.details.constraints?.length)
        throw amazonError('ConstraintsExist', `The order reference has the constraint ${entry.details.constraints.join(', ')}.`);
      if (entry.details.state === 'Suspended' && entry.needsNewMethod)
        throw amazonError('PaymentMethodNotUpdated', 'The buyer has not selected a new payment method since the decline.');
      setOrderState(entry, 'Open');
      return copy(entry.details);
    },
    cancelOrderReference(id) {
      const entry = order(id);
      if (entry.details.state === 'Canceled') return copy(entry.details);
      if (entry.details.state === 'Closed') throw amazonError('InvalidCancelAttempt', 'A closed order reference cannot be canceled.');
      setOrderState(entry, 'Canceled', 'SellerCanceled');
      // Amazon's docs: canceling an order reference closes its authorizations, Closed/OrderReferenceCanceled (see the header).
      for (const authorization of authorizations.values()) {
        if (
          authorization.details.amazonOrderReferenceId !== id ||
          (authorization.details.state !== 'Pending' && authorization.details.state !== 'Open')
        )
          continue;
        delete authorization.outcome;
        setAuthorization(authorization, 'Closed', { reasonCode: 'OrderReferenceCanceled' });
        notifyAuthorization(authorization);
      }
      return copy(entry.details);
    },
    closeOrderReference(id, closeOptions = {}) {
      const entry = order(id);
      if (entry.details.state === 'Closed') return copy(entry.details);
      if (!canCloseOrderReference(entry.details.state))
        throw amazonError(
          'InvalidCloseAttempt',
          `OrderReference ${id} is ${entry.details.state}; only an Open or Suspended one can be closed.`,
        );
      setOrderState(entry, 'Closed', closeOptions.byAmazon ? 'AmazonClosed' : 'SellerClosed');
      notifyOrder(entry);
      return copy(entry.details);
    },
    selectPaymentMethod(id, paymentMethodId) {
      const entry = order(id);
      if (paymentMethodId !== entry.selectedMethodId || !entry.declinedMethodIds.includes(paymentMethodId)) entry.needsNewMethod = false;
      entry.selectedMethodId = paymentMethodId;
    },
    wallet(id) {
      const { selectedMethodId, declinedMethodIds } = order(id);
      return { selectedMethodId, declinedMethodIds: [...declinedMethodIds] };
    },
    buyerUpdatedPaymentMethod(id) {
      const entry = order(id);
      reopen(entry);
      return copy(entry.details);
    },

    authorize(request, outcome, authorizeOptions = {}) {
      if (!isAuthorizationReferenceId(request.authorizationReferenceId)) {
        throw amazonError(
          'InvalidParameterValue',
          `AuthorizationReferenceId ${JSON.stringify(request.authorizationReferenceId)} must be 1-32 characters of A-Z a-z 0-9 - _.`,
        );
      }
      const amount = parseMoney(request.amount?.amount, request.amount?.currencyCode);
      const fingerprint = JSON.stringify([
        request.amazonOrderReferenceId,
        amount,
        request.mode,
        request.captureNow ?? false,
        request.sellerAuthorizationNote ?? '',
      ]);
      const previous = byReference.get(request.authorizationReferenceId);
      if (previous) {
        if (previous.fingerprint === fingerprint) return copy(previous.details);
        // Amazon's error codes: "A request with the supplied AuthorizationReferenceId … has already been processed with different parameters."
        throw amazonError(
          'DuplicateRequest',
          `AuthorizationReferenceId ${request.authorizationReferenceId} was already used with other parameters.`,
        );
      }
      const entry = order(request.amazonOrderReferenceId);
      if (!canAuthorize(entry.details.state)) {
        throw amazonError(
          'InvalidOrderReferenceStatus',
          `OrderReference ${request.amazonOrderReferenceId} is in the ${entry.details.state} state; Authorize needs Open.`,
        );
      }
      checkLimits(entry, amount);
      entry.made += 1;
      const id = `${request.amazonOrderReferenceId}-A${String(entry.made).padStart(6, '0')}`;
      const authorization: AuthorizationEntry = {
        fingerprint,
        mode: request.mode,
        details: {
          amazonAuthorizationId: id,
          authorizationReferenceId: request.authorizationReferenceId,
          amazonOrderReferenceId: request.amazonOrderReferenceId,
          state: 'Pending',
          amount,
          lastUpdateTimestamp: stamp(),
        },
      };
      authorizations.set(id, authorization);
      byReference.set(request.authorizationReferenceId, authorization);
      if (request.mode === 'sync') finalize(authorization, outcome);
      else {
        authorization.outcome = outcome;
        if (authorizeOptions.resultAfterMs !== undefined) schedule(authorizeOptions.resultAfterMs, 'result', id);
      }
      return copy(authorization.details);
    },
    settleAuthorization(id, ...outcome) {
      const entry = authorizationEntry(id);
      if (entry.details.state === 'Pending') {
        due = due.filter((d) => !(d.kind === 'result' && d.id === id));
        finalize(entry, outcome.length > 0 ? outcome[0] : entry.outcome);
        notifyAuthorization(entry);
      }
      return copy(entry.details);
    },
    authorization: (id) => copy(authorizationEntry(id).details),
    authorizationsOf: (orderId) =>
      [...authorizations.values()].filter((a) => a.details.amazonOrderReferenceId === orderId).map((a) => copy(a.details)),

    createCheckoutSession(payload, id = globalThis.crypto.randomUUID()) {
      const session: LedgerCheckoutSession = { checkoutSessionId: id, payload: copy(payload), status: 'Open' };
      checkouts.set(id, { session });
      return copy(session);
    },
    checkoutSession: (id) => {
      const entry = checkouts.get(id);
      return entry ? copy(entry.session) : undefined;
    },
    finishCheckoutSession(id, choice) {
      const entry = checkoutEntry(id);
      if (entry.session.status !== 'Open')
        throw amazonError('InvalidCheckoutSessionStatus', `Checkout session ${id} is ${entry.session.status}.`, 422);
      if ('cancel' in choice) {
        entry.session = { ...entry.session, status: 'Canceled' };
        entry.result = {
          state: 'Canceled',
          checkoutSessionId: id,
          reasonCode: 'BuyerCanceled',
          reasonDescription: 'The buyer canceled the checkout.',
        };
      } else {
        entry.session = { ...entry.session, status: 'BuyerFinished' };
        entry.choice = choice;
      }
      return copy(entry.session);
    },
    completeCheckoutSession(id, amount) {
      const entry = checkoutEntry(id);
      if (entry.result) return copy(entry.result);
      if (entry.session.status === 'Open' || !entry.choice)
        throw amazonError('InvalidCheckoutSessionStatus', 'The buyer has not finished checkout on Amazon yet.', 422);
      const details = (entry.session.payload.paymentDetails ?? {}) as {
        chargeAmount?: Money;
        canHandlePendingAuthorization?: boolean;
        paymentIntent?: string;
      };
      const charged = details.chargeAmount ?? amount;
      if (amount && charged && (Number(amount.amount) !== Number(charged.amount) || amount.currencyCode !== charged.currencyCode)) {
        throw amazonError(
          'InvalidParameterValue',
          `chargeAmount ${amount.amount} ${amount.currencyCode} does not match the session's ${charged.amount} ${charged.currencyCode}.`,
        );
      }
      const { choice } = entry;
      if (choice.declines) {
        entry.session = { ...entry.session, status: 'Canceled' };
        entry.result = {
          state: 'Canceled',
          checkoutSessionId: id,
          reasonCode: 'Declined',
          reasonDescription: 'The payment method was declined.',
        };
        return copy(entry.result);
      }
      const chargePermissionId = choice.chargePermissionId ?? newOrderReferenceId();
      const chargeId = `${chargePermissionId}-C${String([...charges.values()].filter((c) => c.charge.chargePermissionId === chargePermissionId).length + 1).padStart(6, '0')}`;
      permissions.set(chargePermissionId, 'Chargeable');
      const pending = details.canHandlePendingAuthorization === true;
      charges.set(chargeId, {
        charge: {
          chargeId,
          chargePermissionId,
          state: pending ? 'AuthorizationInitiated' : details.paymentIntent === 'AuthorizeWithCapture' ? 'Captured' : 'Authorized',
          chargeAmount: copy(charged ?? { amount: '0', currencyCode: 'USD' }),
          lastUpdatedTimestamp: stamp(),
        },
        ...(pending ? { outcome: choice.chargeOutcome ?? { state: 'Authorized' } } : {}),
      });
      const merchantReferenceId = (entry.session.payload.merchantMetadata as { merchantReferenceId?: string } | undefined)
        ?.merchantReferenceId;
      entry.session = { ...entry.session, status: 'Completed' };
      entry.result = {
        state: 'Completed',
        checkoutSessionId: id,
        chargePermissionId,
        chargeId,
        ...(merchantReferenceId ? { merchantReferenceId } : {}),
      };
      return copy(entry.result);
    },
    charge: (id) => copy(chargeEntry(id).charge),
    settleCharge(id) {
      const entry = chargeEntry(id);
      if (entry.outcome) {
        setCharge(entry, entry.outcome.state, entry.outcome.reasonCode);
        delete entry.outcome;
        notifyCharge(entry);
      }
      return copy(entry.charge);
    },
    closeChargePermission(chargePermissionId, closeOptions = {}) {
      permissions.set(chargePermissionId, 'Closed');
      for (const entry of closeOptions.cancelPendingCharges === false ? [] : charges.values()) {
        if (
          entry.charge.chargePermissionId !== chargePermissionId ||
          (entry.charge.state !== 'AuthorizationInitiated' && entry.charge.state !== 'Authorized')
        )
          continue;
        // The outcome is kept: an authorization Amazon had under way may still win the race with the close (settleCharge).
        setCharge(entry, 'Canceled', 'ChargePermissionCanceled');
      }
      return { chargePermissionId, state: 'Closed', reasonCode: 'MerchantClosed' };
    },
    chargePermissionState: (id) => permissions.get(id),
    chargePermission(id) {
      const state = permissions.get(id);
      if (state === undefined) throw amazonError('ResourceNotFound', `Charge permission ${JSON.stringify(id)} does not exist.`, 404);
      const completed = [...checkouts.values()]
        .map((entry) => entry.result)
        .find((result) => result?.state === 'Completed' && result.chargePermissionId === id);
      const merchantReferenceId = completed?.state === 'Completed' ? completed.merchantReferenceId : undefined;
      return { chargePermissionId: id, state, ...(merchantReferenceId ? { merchantReferenceId } : {}) };
    },

    nextDueAt: () => (due.length === 0 ? undefined : Math.min(...due.map((d) => d.at))),
    runDue() {
      for (;;) {
        const now = options.now();
        const ready = due.filter((d) => d.at <= now).sort((a, b) => a.at - b.at)[0];
        if (!ready) return;
        due = due.filter((d) => d !== ready);
        if (ready.kind === 'result') {
          const entry = authorizations.get(ready.id);
          if (entry?.details.state === 'Pending') {
            finalize(entry, entry.outcome);
            notifyAuthorization(entry);
          }
        } else if (ready.kind === 'expire') {
          const entry = authorizations.get(ready.id);
          if (entry?.details.state === 'Open') {
            setAuthorization(entry, 'Closed', { reasonCode: 'ExpiredUnused' });
            notifyAuthorization(entry);
          }
        } else {
          const entry = orders.get(ready.id);
          if (entry) reopen(entry);
        }
      }
    },
    takeNotifications() {
      const taken = outbox;
      outbox = [];
      return taken;
    },
    snapshot: () =>
      copy({
        version: 2,
        orders: [...orders],
        authorizations: [...authorizations],
        due,
        checkouts: [...checkouts],
        charges: [...charges],
        permissions: [...permissions],
        notificationSeq,
      }),
  };
}
