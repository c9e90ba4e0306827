import type { AmazonPayBackend, BackendUpdateListener, CallOptions, CancelOrderReferenceRequest } from '../domain/backend';
import { sleep } from '../domain/abortable-sleep';
import { maxAuthorizedTotal } from '../domain/authorization-limits';
import { buildCheckoutSessionPayload } from '../domain/checkout-payload';
import {
  MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE,
  canAuthorize,
  canCloseOrderReference,
  canConfirmOrderReference,
  canSetOrderReferenceDetails,
  orderReferenceStateAfterDecline,
} from '../domain/decline-policy';
import { AmazonPayError, throwIfAborted, type AmazonPayErrorKind } from '../domain/errors';
import type { BackendUpdate } from '../domain/server-recovery';
import { parseSandboxSimulation, type SandboxSimulation } from '../domain/sandbox-simulation';
import type {
  AuthorizationDetails,
  AuthorizeRequest,
  CheckoutSessionPayloadRequest,
  CompleteCheckoutSessionRequest,
  CompletedCheckoutSession,
  ConfirmOrderReferenceRequest,
  Money,
  OrderReferenceDetails,
  OrderReferenceState,
  SignedCheckoutSessionPayload,
} from '../domain/types';
import { assertOrderReferenceId, isAuthorizationReferenceId, parseMoney } from '../domain/validation';
import { signSandboxPayload } from './sandbox-signer';

/** A payment method in the sandbox buyer's wallet. */
export interface SandboxPaymentMethod {
  readonly id: string;
  readonly label: string;
  /** Authorizations with this method behave like this simulation (Amazon's `*` test instruments). */
  readonly simulation?: SandboxSimulation;
  /** Checkout v2: the hosted page asks for an MFA challenge before paying. */
  readonly requiresMfa?: boolean;
  /** Checkout v2: completing a session paid with this method ends Canceled/Declined. */
  readonly declinesCheckout?: boolean;
}

/**
 * The ids of the default sandbox wallet's test methods, by what they do when
 * the buyer pays with them (authorization, or the simulated Amazon page of
 * Checkout v2): pass one as `createOrderReference({ paymentMethodId })`, or
 * pick its label on the simulated page.
 */
export const SANDBOX_METHOD_IDS = {
  /** Visa •••• 1111: approved. */
  approves: 'visa-1111',
  /** Mastercard •••• 4444: approved after the MFA code `123456` on the simulated Amazon page. */
  approvesAfterMfa: 'mastercard-4444',
  /** Amex •••• 0005 *: declined, InvalidPaymentMethod hard (the buyer must choose another method); Checkout v2: Declined. */
  declinesHard: 'amex-0005',
  /** Visa •••• 0002 *: declined, InvalidPaymentMethod soft (re-authorize later). */
  declinesSoft: 'visa-0002',
  /** Discover •••• 0009 *: declined, AmazonRejected (final: offer another way to pay). */
  amazonRejects: 'discover-0009',
} as const;

/** The default sandbox wallet: its methods marked `*` decline ({@link SANDBOX_METHOD_IDS} names them). */
export const DEFAULT_SANDBOX_PAYMENT_METHODS: readonly SandboxPaymentMethod[] = [
  { id: SANDBOX_METHOD_IDS.approves, label: 'Visa •••• 1111' },
  { id: SANDBOX_METHOD_IDS.approvesAfterMfa, label: 'Mastercard •••• 4444', requiresMfa: true },
  { id: SANDBOX_METHOD_IDS.declinesHard, label: 'Amex •••• 0005 *', simulation: { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false }, declinesCheckout: true },
  { id: SANDBOX_METHOD_IDS.declinesSoft, label: 'Visa •••• 0002 *', simulation: { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true } },
  { id: SANDBOX_METHOD_IDS.amazonRejects, label: 'Discover •••• 0009 *', simulation: { state: 'Declined', reasonCode: 'AmazonRejected' } },
];

/**
 * The note the simulated wallets show under the methods when a label carries
 * the sandbox's "*" mark (the default test methods that decline); undefined when none does.
 */
export function declineLegend(methods: readonly SandboxPaymentMethod[]): string | undefined {
  return methods.some((method) => method.label.trimEnd().endsWith('*')) ? '* A sandbox test method that declines when you pay with it.' : undefined;
}

export type SandboxMethod = keyof AmazonPayBackend | 'closeOrderReference';

/** A scripted failure: `before` fails without effect, `after` applies the call and loses the reply. */
export interface SandboxFault {
  readonly method: SandboxMethod;
  readonly kind: Extract<AmazonPayErrorKind, 'network' | 'timeout' | 'malformed' | 'amazon'>;
  readonly code?: string;
  /** HTTP status of an `amazon` fault; default 500 (retryable, like Amazon's InternalServerError); a 4xx is a refusal. */
  readonly status?: number;
  readonly when?: 'before' | 'after';
  readonly times?: number;
}

export interface SandboxCall {
  readonly method: SandboxMethod | 'setOrderReferenceDetails';
  readonly args: unknown;
  readonly outcome: 'ok' | 'error';
  readonly errorCode?: string;
}

export interface SandboxBackendOptions {
  /** Delay of every call, like a real round trip. Default 0. */
  readonly latencyMs?: number;
  /** How long an async authorization stays Pending. Default 3000 ms. */
  readonly asyncResultDelayMs?: number;
  readonly paymentMethods?: readonly SandboxPaymentMethod[];
  readonly storeId?: string;
  /** Push updates to subscribers (like IPNs). Default true; false forces polling. */
  readonly notifications?: boolean;
  /**
   * Keep the sandbox's orders, authorizations and checkout sessions in `sessionStorage`
   * under this key: restored when the backend is created, saved when the page is
   * hidden. A navigation within the tab (Amazon's redirect back to your return page)
   * then finds them. `installOfflineAmazonPay()` sets it in a browser.
   */
  readonly sessionStorageKey?: string;
}

export interface CloseOrderReferenceRequest {
  readonly amazonOrderReferenceId: string;
  /** Up to 1024 characters; in the sandbox it may carry the AmazonClosed simulation string. */
  readonly closureReason?: string;
}

export interface CreateOrderReferenceInit {
  readonly amount?: Money;
  readonly state?: Extract<OrderReferenceState, 'Draft' | 'Open'>;
  readonly paymentMethodId?: string;
}

export interface SandboxCheckoutSession {
  readonly checkoutSessionId: string;
  readonly payload: Record<string, unknown>;
  readonly status: 'Open' | 'BuyerFinished' | 'Completed' | 'Canceled';
}

/** The in-memory backend, plus the buyer-side controls the simulated Amazon scripts use. */
export interface SandboxBackend extends AmazonPayBackend {
  subscribe(amazonOrderReferenceId: string, listener: BackendUpdateListener, options?: CallOptions): () => void;
  createOrderReference(init?: CreateOrderReferenceInit): OrderReferenceDetails;
  /** Amazon's SetOrderReferenceDetails: Draft only; `sellerNote` may carry the PaymentMethodNotAllowed simulation. */
  setOrderReferenceDetails(amazonOrderReferenceId: string, details: { amount?: Money; sellerNote?: string }): OrderReferenceDetails;
  /** The buyer clicked a method in the Wallet widget. */
  selectPaymentMethod(amazonOrderReferenceId: string, paymentMethodId: string): void;
  /** The wallet as the buyer sees it for this order reference. */
  walletFor(amazonOrderReferenceId: string): readonly (SandboxPaymentMethod & { readonly declined: boolean; readonly selected: boolean })[];
  /**
   * Amazon's CloseOrderReference (merchant side): Open or Suspended -> Closed/SellerClosed, no new
   * authorizations. `closureReason` may carry Amazon's simulation
   * `{"SandboxSimulation": {"State":"Closed", "ReasonCode":"AmazonClosed"}}` -> Closed/AmazonClosed.
   */
  closeOrderReference(request: CloseOrderReferenceRequest, options?: CallOptions): Promise<OrderReferenceDetails>;
  /** The buyer updated the method in their Amazon account (async hard decline): the order reference goes Open. */
  simulateBuyerUpdatedPaymentMethod(amazonOrderReferenceId: string, paymentMethodId?: string): void;
  injectFault(fault: SandboxFault): void;
  /** Stops keeping the state in `sessionStorage` (`sessionStorageKey`) and removes what was stored. */
  forgetStoredState(): void;
  readonly calls: readonly SandboxCall[];
  /** checkout.js: the button was clicked with this payload and signature. */
  createCheckoutSession(config: { payloadJSON: string; signature: string }): SandboxCheckoutSession;
  getCheckoutSession(checkoutSessionId: string): SandboxCheckoutSession | undefined;
  /** Amazon's hosted page: the buyer paid with a method (or canceled); returns the URL Amazon redirects to. */
  finishCheckoutSession(checkoutSessionId: string, choice: { paymentMethodId: string } | { cancel: true }): string;
  readonly paymentMethodList: readonly SandboxPaymentMethod[];
}

interface OrderRecord {
  details: OrderReferenceDetails;
  selectedMethodId: string;
  declinedMethodIds: Set<string>;
  /** A hard decline needs a new method before ConfirmOrderReference (else PaymentMethodNotUpdated). */
  needsNewMethod: boolean;
  constraintNote: boolean;
}

interface AuthorizationRecord {
  details: AuthorizationDetails;
  fingerprint: string;
  /** An async authorization's result still to come: restored with the rest, its timer is set again. */
  pending?: { readonly simulation: SandboxSimulation | undefined; readonly dueAt: number };
}

/** What `sessionStorageKey` keeps across a navigation (JSON). */
interface StoredSandboxState {
  readonly version: 1;
  readonly orders: [string, Omit<OrderRecord, 'declinedMethodIds'> & { declinedMethodIds: string[] }][];
  readonly authorizations: [string, AuthorizationRecord][];
  readonly checkouts: [string, CheckoutRecord][];
  readonly issuedPayloads: [string, string][];
  readonly notificationSeq: number;
  readonly authorizationSeq: number;
}

interface CheckoutRecord {
  session: SandboxCheckoutSession;
  paymentMethodId?: string;
  result?: CompletedCheckoutSession;
}

function amazonError(code: string, message: string, status = 400): AmazonPayError {
  return new AmazonPayError('amazon', `${code}: ${message}`, { code, status, retryable: status >= 500 || code === 'RequestThrottled' || code === 'ServiceUnavailable' });
}

function randomDigits(count: number): string {
  const bytes = new Uint8Array(count);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => String(b % 10)).join('');
}

/**
 * An in-memory Amazon Pay backend that runs Amazon's order-reference and
 * authorization state machines and honours the sandbox simulation strings in
 * SellerAuthorizationNote, so every decline path can be scripted with no server
 * and no Amazon account. It refuses what Amazon refuses, with Amazon's codes.
 */
export function createSandboxBackend(options: SandboxBackendOptions = {}): SandboxBackend {
  const latencyMs = options.latencyMs ?? 0;
  const asyncResultDelayMs = options.asyncResultDelayMs ?? 3000;
  const methods = options.paymentMethods ?? DEFAULT_SANDBOX_PAYMENT_METHODS;
  const storeId = options.storeId ?? 'amzn1.application-oa2-client.sandbox';
  const orders = new Map<string, OrderRecord>();
  const authorizations = new Map<string, AuthorizationRecord>();
  const authorizationsByReference = new Map<string, AuthorizationRecord>();
  const listeners = new Map<string, Set<BackendUpdateListener>>();
  const checkouts = new Map<string, CheckoutRecord>();
  const issuedPayloads = new Map<string, string>();
  const faults: (SandboxFault & { remaining: number })[] = [];
  const calls: SandboxCall[] = [];
  let notificationSeq = 0;
  let authorizationSeq = 0;

  const now = (): string => new Date(Date.now()).toISOString();
  const method = (id: string): SandboxPaymentMethod => {
    const found = methods.find((m) => m.id === id);
    if (!found) throw amazonError('InvalidParameterValue', `Unknown sandbox payment method ${id}.`);
    return found;
  };
  const order = (id: string): OrderRecord => {
    const record = orders.get(id);
    if (!record) throw amazonError('InvalidOrderReferenceId', `The order reference ${id} does not exist.`, 404);
    return record;
  };
  const setOrderState = (record: OrderRecord, state: OrderReferenceState, reasonCode?: string): void => {
    record.details = { ...record.details, state, ...(reasonCode ? { reasonCode } : { reasonCode: undefined }) };
  };
  const emit = (orderReferenceId: string, update: BackendUpdate): void => {
    if (options.notifications === false) return;
    for (const listener of listeners.get(orderReferenceId) ?? []) {
      try {
        listener(update);
      } catch {
        // A listener's bug must not break the sandbox's clock.
      }
    }
  };
  const emitOrder = (record: OrderRecord): void =>
    emit(record.details.amazonOrderReferenceId, { type: 'orderReference', orderReference: record.details, notificationId: `sandbox-n-${++notificationSeq}` });
  const emitAuthorization = (details: AuthorizationDetails): void =>
    emit(details.amazonOrderReferenceId, { type: 'authorization', authorization: details, notificationId: `sandbox-n-${++notificationSeq}` });

  const takeFault = (name: SandboxMethod, when: 'before' | 'after'): AmazonPayError | undefined => {
    const index = faults.findIndex((f) => f.method === name && (f.when ?? 'before') === when);
    if (index === -1) return undefined;
    const fault = faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults.splice(index, 1);
    if (fault.kind === 'amazon') return amazonError(fault.code ?? 'InternalServerError', 'Injected sandbox fault.', fault.status ?? 500);
    const messages = { network: 'Injected network failure.', timeout: 'Injected timeout.', malformed: 'Injected malformed reply.' } as const;
    return new AmazonPayError(fault.kind, messages[fault.kind], { code: fault.code });
  };

  /** Runs one backend call: latency, faults, a log entry, frozen copies out. */
  async function call<T>(name: SandboxMethod, args: unknown, signal: AbortSignal | undefined, body: () => T | Promise<T>): Promise<T> {
    if (latencyMs > 0) await sleep(latencyMs, signal);
    else throwIfAborted(signal);
    try {
      const before = takeFault(name, 'before');
      if (before) throw before;
      const result = await body();
      const after = takeFault(name, 'after');
      if (after) throw after;
      calls.push({ method: name, args, outcome: 'ok' });
      return structuredClone(result);
    } catch (error) {
      calls.push({ method: name, args, outcome: 'error', errorCode: error instanceof AmazonPayError ? (error.code ?? error.kind) : 'unknown' });
      throw error;
    }
  }

  const finalizeAuthorization = (record: AuthorizationRecord, simulation: SandboxSimulation | undefined, mode: 'sync' | 'async'): void => {
    const orderRecord = order(record.details.amazonOrderReferenceId);
    const timestamp = now();
    if (!simulation || simulation.state === 'Closed') {
      const closedNow = simulation?.reasonCode === 'AmazonClosed';
      record.details = {
        ...record.details,
        state: closedNow ? 'Closed' : 'Open',
        reasonCode: closedNow ? 'AmazonClosed' : undefined,
        lastUpdateTimestamp: timestamp,
      };
      if (simulation?.reasonCode === 'ExpiredUnused') {
        setTimeout(() => {
          record.details = { ...record.details, state: 'Closed', reasonCode: 'ExpiredUnused', lastUpdateTimestamp: now() };
          emitAuthorization(record.details);
        }, (simulation.expirationTimeInMins ?? 1) * 60_000);
      }
      return;
    }
    const reasonCode = simulation.reasonCode;
    record.details = {
      ...record.details,
      state: 'Declined',
      reasonCode,
      lastUpdateTimestamp: timestamp,
      ...(reasonCode === 'InvalidPaymentMethod' ? { softDecline: simulation.softDecline ?? false } : {}),
    };
    const next = orderReferenceStateAfterDecline(reasonCode, orderRecord.details.state);
    if (next !== orderRecord.details.state) {
      setOrderState(orderRecord, next, next === 'Suspended' ? 'InvalidPaymentMethod' : next === 'Closed' ? 'AmazonClosed' : undefined);
    }
    if (reasonCode === 'InvalidPaymentMethod') {
      orderRecord.declinedMethodIds.add(orderRecord.selectedMethodId);
      orderRecord.needsNewMethod = simulation.softDecline !== true;
      const minutes = simulation.paymentMethodUpdateTimeInMins;
      // Amazon reverts the order reference to Open only for async authorizations.
      if (mode === 'async' && minutes !== undefined) {
        setTimeout(() => {
          if (orderRecord.details.state !== 'Suspended') return;
          orderRecord.needsNewMethod = false;
          setOrderState(orderRecord, 'Open');
          emitOrder(orderRecord);
        }, minutes * 60_000);
      }
    }
  };

  const scheduleAsyncResult = (authorization: AuthorizationRecord): void => {
    const pending = authorization.pending;
    if (!pending) return;
    setTimeout(() => {
      delete authorization.pending;
      finalizeAuthorization(authorization, pending.simulation, 'async');
      emitAuthorization(authorization.details);
    }, Math.max(0, pending.dueAt - Date.now()));
  };

  /** Authorizations that hold (or held and captured) money on an order reference. */
  const holdingAuthorizations = (orderReferenceId: string): AuthorizationDetails[] =>
    [...authorizations.values()]
      .map((r) => r.details)
      .filter((d) => d.amazonOrderReferenceId === orderReferenceId && (d.state === 'Open' || d.state === 'Pending' || (d.state === 'Closed' && d.reasonCode === 'MaxCapturesProcessed')));

  /** Amazon's per-order limits: 10 successful authorizations, and the order amount plus 15 % (at most 75) in total. */
  const checkAuthorizationLimits = (orderReferenceId: string, record: OrderRecord, amount: Money): void => {
    const holding = holdingAuthorizations(orderReferenceId);
    if (holding.length >= MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE) {
      throw amazonError('TransactionCountExceeded', `OrderReference ${orderReferenceId} already has ${holding.length} successful authorizations (Amazon allows ${MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE}).`);
    }
    const total = record.details.orderTotal;
    if (!total) return;
    const limit = maxAuthorizedTotal(total);
    const cents = (m: Money): number => Math.round(Number(m.amount) * 100);
    const authorized = holding.reduce((sum, d) => sum + cents(d.amount), 0) + cents(amount);
    if (authorized > cents(limit)) {
      throw amazonError(
        'TransactionAmountExceeded',
        `Authorizing ${amount.amount} ${amount.currencyCode} would take OrderReference ${orderReferenceId} to ${(authorized / 100).toFixed(2)}, over its limit of ${limit.amount} (the order amount plus Amazon's allowance).`,
      );
    }
  };

  const backend: SandboxBackend = {
    paymentMethodList: methods,
    get calls() {
      return calls;
    },

    createOrderReference(init = {}) {
      const id = `S01-${randomDigits(7)}-${randomDigits(7)}`;
      const amount = init.amount ? parseMoney(init.amount.amount, init.amount.currencyCode) : undefined;
      const paymentMethodId = init.paymentMethodId ?? methods[0]!.id;
      method(paymentMethodId);
      const record: OrderRecord = {
        details: { amazonOrderReferenceId: id, state: init.state ?? 'Open', constraints: [], ...(amount ? { orderTotal: amount } : {}) },
        selectedMethodId: paymentMethodId,
        declinedMethodIds: new Set(),
        needsNewMethod: false,
        constraintNote: false,
      };
      orders.set(id, record);
      return structuredClone(record.details);
    },

    setOrderReferenceDetails(id, details) {
      const record = order(id);
      if (!canSetOrderReferenceDetails(record.details.state)) {
        calls.push({ method: 'setOrderReferenceDetails', args: { id, details }, outcome: 'error', errorCode: 'OrderReferenceNotModifiable' });
        throw amazonError('OrderReferenceNotModifiable', `OrderReference ${id} is not in draft state and cannot be modified.`, 404);
      }
      const amount = details.amount ? parseMoney(details.amount.amount, details.amount.currencyCode) : record.details.orderTotal;
      record.constraintNote = details.sellerNote?.includes('"PaymentMethodNotAllowed"') ?? false;
      record.details = {
        ...record.details,
        ...(amount ? { orderTotal: amount } : {}),
        constraints: record.constraintNote ? ['PaymentMethodNotAllowed'] : [],
      };
      calls.push({ method: 'setOrderReferenceDetails', args: { id, details }, outcome: 'ok' });
      return structuredClone(record.details);
    },

    selectPaymentMethod(id, paymentMethodId) {
      const record = order(id);
      method(paymentMethodId);
      if (paymentMethodId !== record.selectedMethodId || !record.declinedMethodIds.has(paymentMethodId)) record.needsNewMethod = false;
      record.selectedMethodId = paymentMethodId;
    },

    walletFor(id) {
      const record = order(id);
      return methods.map((m) => ({ ...m, declined: record.declinedMethodIds.has(m.id), selected: m.id === record.selectedMethodId }));
    },

    simulateBuyerUpdatedPaymentMethod(id, paymentMethodId) {
      const record = order(id);
      if (paymentMethodId) backend.selectPaymentMethod(id, paymentMethodId);
      if (record.details.state !== 'Suspended') return;
      record.needsNewMethod = false;
      setOrderState(record, 'Open');
      emitOrder(record);
    },

    injectFault(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },

    forgetStoredState() {
      stopStoring();
    },

    authorize(request: AuthorizeRequest, callOptions: CallOptions = {}) {
      return call('authorize', request, callOptions.signal, () => {
        assertOrderReferenceId(request.amazonOrderReferenceId);
        if (!isAuthorizationReferenceId(request.authorizationReferenceId)) {
          throw amazonError('InvalidParameterValue', `AuthorizationReferenceId ${JSON.stringify(request.authorizationReferenceId)} must be 1-32 characters of A-Z a-z 0-9 - _.`);
        }
        const amount = parseMoney(request.amount?.amount, request.amount?.currencyCode);
        const fingerprint = JSON.stringify([request.amazonOrderReferenceId, amount, request.mode, request.captureNow ?? false, request.sellerAuthorizationNote ?? '']);
        const previous = authorizationsByReference.get(request.authorizationReferenceId);
        if (previous) {
          if (previous.fingerprint === fingerprint) return previous.details;
          throw amazonError('DuplicateReferenceId', `AuthorizationReferenceId ${request.authorizationReferenceId} was already used with other parameters.`);
        }
        const record = order(request.amazonOrderReferenceId);
        if (!canAuthorize(record.details.state)) {
          throw amazonError('InvalidOrderReferenceStatus', `OrderReference ${request.amazonOrderReferenceId} is in the ${record.details.state} state; Authorize needs Open.`);
        }
        if (record.details.orderTotal && record.details.orderTotal.currencyCode !== amount.currencyCode) {
          throw amazonError('InvalidParameterValue', `Currency ${amount.currencyCode} does not match the order's ${record.details.orderTotal.currencyCode}.`);
        }
        checkAuthorizationLimits(request.amazonOrderReferenceId, record, amount);
        const simulation = parseSandboxSimulation(request.sellerAuthorizationNote) ?? method(record.selectedMethodId).simulation;
        const id = `${request.amazonOrderReferenceId}-A${String(++authorizationSeq).padStart(6, '0')}`;
        const authorization: AuthorizationRecord = {
          fingerprint,
          details: {
            amazonAuthorizationId: id,
            authorizationReferenceId: request.authorizationReferenceId,
            amazonOrderReferenceId: request.amazonOrderReferenceId,
            state: 'Pending',
            amount,
            lastUpdateTimestamp: now(),
          },
        };
        authorizations.set(id, authorization);
        authorizationsByReference.set(request.authorizationReferenceId, authorization);
        if (request.mode === 'sync') {
          finalizeAuthorization(authorization, simulation, 'sync');
        } else {
          authorization.pending = { simulation, dueAt: Date.now() + asyncResultDelayMs };
          scheduleAsyncResult(authorization);
        }
        return authorization.details;
      });
    },

    confirmOrderReference(request: ConfirmOrderReferenceRequest, callOptions: CallOptions = {}) {
      return call('confirmOrderReference', request, callOptions.signal, () => {
        assertOrderReferenceId(request.amazonOrderReferenceId);
        const record = order(request.amazonOrderReferenceId);
        if (!canConfirmOrderReference(record.details.state)) {
          throw amazonError('InvalidOrderReferenceStatus', `OrderReference ${request.amazonOrderReferenceId} is in the ${record.details.state} state; Confirm needs Draft or Suspended.`);
        }
        if (record.constraintNote) throw amazonError('ConstraintsExist', 'The order reference has the constraint PaymentMethodNotAllowed.');
        if (record.details.state === 'Suspended' && record.needsNewMethod) {
          throw amazonError('PaymentMethodNotUpdated', 'The buyer has not selected a new payment method since the decline.');
        }
        setOrderState(record, 'Open');
        return record.details;
      });
    },

    cancelOrderReference(request: CancelOrderReferenceRequest, callOptions: CallOptions = {}) {
      return call('cancelOrderReference', request, callOptions.signal, () => {
        assertOrderReferenceId(request.amazonOrderReferenceId);
        const record = order(request.amazonOrderReferenceId);
        if (record.details.state === 'Canceled') return record.details;
        if (record.details.state === 'Closed') throw amazonError('InvalidCancelAttempt', 'A closed order reference cannot be canceled.');
        setOrderState(record, 'Canceled', 'SellerCanceled');
        return record.details;
      });
    },

    closeOrderReference(request: CloseOrderReferenceRequest, callOptions: CallOptions = {}) {
      return call('closeOrderReference', request, callOptions.signal, () => {
        assertOrderReferenceId(request.amazonOrderReferenceId);
        const record = order(request.amazonOrderReferenceId);
        const simulation = parseSandboxSimulation(request.closureReason);
        if (simulation && !(simulation.state === 'Closed' && simulation.reasonCode === 'AmazonClosed')) {
          throw amazonError('InvalidSandboxSimulationSpecified', 'CloseOrderReference simulates only State Closed with ReasonCode AmazonClosed.');
        }
        if (record.details.state === 'Closed') return record.details;
        if (!canCloseOrderReference(record.details.state)) {
          throw amazonError('InvalidCloseAttempt', `OrderReference ${request.amazonOrderReferenceId} is ${record.details.state}; only an Open or Suspended one can be closed.`);
        }
        setOrderState(record, 'Closed', simulation ? 'AmazonClosed' : 'SellerClosed');
        emitOrder(record);
        return record.details;
      });
    },

    getOrderReferenceDetails(id: string, callOptions: CallOptions = {}) {
      return call('getOrderReferenceDetails', id, callOptions.signal, () => {
        assertOrderReferenceId(id);
        return order(id).details;
      });
    },

    getAuthorizationDetails(id: string, callOptions: CallOptions = {}) {
      return call('getAuthorizationDetails', id, callOptions.signal, () => {
        const record = authorizations.get(id);
        if (!record) throw amazonError('InvalidTransactionId', `The authorization ${id} does not exist.`, 404);
        return record.details;
      });
    },

    subscribe(id: string, listener: BackendUpdateListener, callOptions: CallOptions = {}) {
      let set = listeners.get(id);
      if (!set) listeners.set(id, (set = new Set()));
      const wrapped: BackendUpdateListener = (update) => listener(structuredClone(update));
      set.add(wrapped);
      const unsubscribe = (): void => {
        listeners.get(id)?.delete(wrapped);
      };
      callOptions.signal?.addEventListener('abort', unsubscribe, { once: true });
      return unsubscribe;
    },

    signCheckoutSessionPayload(request: CheckoutSessionPayloadRequest, callOptions: CallOptions = {}): Promise<SignedCheckoutSessionPayload> {
      return call('signCheckoutSessionPayload', request, callOptions.signal, async () => {
        const payloadJSON = JSON.stringify(buildCheckoutSessionPayload(request, { storeId, urlRules: { allowLocalhost: true } }));
        const signature = await signSandboxPayload(payloadJSON);
        issuedPayloads.set(payloadJSON, signature);
        return { payloadJSON, signature, publicKeyId: 'SANDBOX-KIT-PUBLIC-KEY', algorithm: 'AMZN-PAY-RSASSA-PSS-V2' };
      });
    },

    createCheckoutSession({ payloadJSON, signature }) {
      if (issuedPayloads.get(payloadJSON) !== signature) {
        throw amazonError('InvalidRequestSignature', 'The payload or signature differs from what the backend signed (the payload string must be byte-identical).', 401);
      }
      const checkoutSessionId = globalThis.crypto.randomUUID();
      const session: SandboxCheckoutSession = { checkoutSessionId, payload: JSON.parse(payloadJSON) as Record<string, unknown>, status: 'Open' };
      checkouts.set(checkoutSessionId, { session });
      return structuredClone(session);
    },

    getCheckoutSession(id) {
      const record = checkouts.get(id);
      return record ? structuredClone(record.session) : undefined;
    },

    finishCheckoutSession(id, choice) {
      const record = checkouts.get(id);
      if (!record) throw amazonError('ResourceNotFound', `Checkout session ${id} does not exist.`, 404);
      if (record.session.status !== 'Open') throw amazonError('InvalidCheckoutSessionStatus', `Checkout session ${id} is ${record.session.status}.`, 422);
      const details = record.session.payload.webCheckoutDetails as { checkoutResultReturnUrl: string; checkoutCancelUrl?: string };
      if ('cancel' in choice) {
        record.session = { ...record.session, status: 'Canceled' };
        record.result = { state: 'Canceled', checkoutSessionId: id, reasonCode: 'BuyerCanceled', reasonDescription: 'The buyer canceled the checkout.' };
        const cancelUrl = new URL(details.checkoutCancelUrl ?? details.checkoutResultReturnUrl);
        cancelUrl.searchParams.set('amazonCheckoutSessionId', id);
        return cancelUrl.href;
      }
      method(choice.paymentMethodId);
      record.paymentMethodId = choice.paymentMethodId;
      record.session = { ...record.session, status: 'BuyerFinished' };
      const url = new URL(details.checkoutResultReturnUrl);
      url.searchParams.set('amazonCheckoutSessionId', id);
      return url.href;
    },

    completeCheckoutSession(request: CompleteCheckoutSessionRequest, callOptions: CallOptions = {}) {
      return call('completeCheckoutSession', request, callOptions.signal, () => {
        const record = checkouts.get(request.checkoutSessionId);
        if (!record) throw amazonError('ResourceNotFound', `Checkout session ${JSON.stringify(request.checkoutSessionId)} does not exist.`, 404);
        if (record.result) return record.result;
        if (record.session.status === 'Open') throw amazonError('InvalidCheckoutSessionStatus', 'The buyer has not finished checkout on Amazon yet.', 422);
        const charged = (record.session.payload.paymentDetails as { chargeAmount: Money }).chargeAmount;
        const amount = parseMoney(request.amount?.amount, request.amount?.currencyCode);
        if (Number(amount.amount) !== Number(charged.amount) || amount.currencyCode !== charged.currencyCode) {
          throw amazonError('InvalidParameterValue', `chargeAmount ${amount.amount} ${amount.currencyCode} does not match the session's ${charged.amount} ${charged.currencyCode}.`);
        }
        const declined = method(record.paymentMethodId!).declinesCheckout === true;
        record.session = { ...record.session, status: declined ? 'Canceled' : 'Completed' };
        record.result = declined
          ? { state: 'Canceled', checkoutSessionId: request.checkoutSessionId, reasonCode: 'Declined', reasonDescription: 'The payment method was declined.' }
          : {
              state: 'Completed',
              checkoutSessionId: request.checkoutSessionId,
              chargePermissionId: `S01-${randomDigits(7)}-${randomDigits(7)}`,
              chargeId: `S01-${randomDigits(7)}-${randomDigits(7)}-C${randomDigits(6)}`,
            };
        return record.result;
      });
    },
  };

  const storage = options.sessionStorageKey === undefined ? undefined : sessionStorageOrUndefined();
  const storageKey = options.sessionStorageKey ?? '';
  const save = (): void => {
    const state: StoredSandboxState = {
      version: 1,
      orders: [...orders].map(([id, record]) => [id, { ...record, declinedMethodIds: [...record.declinedMethodIds] }]),
      authorizations: [...authorizations],
      checkouts: [...checkouts],
      issuedPayloads: [...issuedPayloads],
      notificationSeq,
      authorizationSeq,
    };
    try {
      storage?.setItem(storageKey, JSON.stringify(state));
    } catch {
      // Storage full or refused: the next page starts with an empty sandbox, as without the key.
    }
  };
  const stopStoring = (): void => {
    if (!storage) return;
    window.removeEventListener('pagehide', save);
    try {
      storage.removeItem(storageKey);
    } catch {
      // Nothing stored to remove.
    }
  };
  if (storage) {
    const stored = readStoredState(storage, storageKey);
    if (stored) {
      for (const [id, record] of stored.orders) orders.set(id, { ...record, declinedMethodIds: new Set(record.declinedMethodIds) });
      for (const [id, record] of stored.authorizations) {
        authorizations.set(id, record);
        authorizationsByReference.set(record.details.authorizationReferenceId, record);
        scheduleAsyncResult(record);
      }
      for (const [id, record] of stored.checkouts) checkouts.set(id, record);
      for (const [payload, signature] of stored.issuedPayloads) issuedPayloads.set(payload, signature);
      notificationSeq = stored.notificationSeq;
      authorizationSeq = stored.authorizationSeq;
    }
    // A navigation (Amazon's redirect, a reload) hides the page first: the state is saved then.
    window.addEventListener('pagehide', save);
  }
  return backend;
}

function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage;
  } catch {
    return undefined; // storage disabled
  }
}

function readStoredState(storage: Storage, key: string): StoredSandboxState | undefined {
  try {
    const state = JSON.parse(storage.getItem(key) ?? 'null') as StoredSandboxState | null;
    return state?.version === 1 ? state : undefined;
  } catch {
    return undefined;
  }
}
