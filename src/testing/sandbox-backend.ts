import type { AmazonPayBackend, BackendUpdateListener, CallOptions, CancelOrderReferenceRequest } from '../domain/backend';
import { sleep } from '../domain/abortable-sleep';
import { buildCheckoutSessionPayload } from '../domain/checkout-payload';
import { AmazonPayError, throwIfAborted, type AmazonPayErrorKind } from '../domain/errors';
import { parseSandboxSimulation, type SandboxSimulation } from '../domain/sandbox-simulation';
import type {
  AuthorizationDetails,
  AuthorizeRequest,
  CheckoutSessionPayloadRequest,
  CompleteCheckoutSessionRequest,
  ConfirmOrderReferenceRequest,
  Money,
  OrderReferenceDetails,
  OrderReferenceState,
  SignedCheckoutSessionPayload,
} from '../domain/types';
import { assertOrderReferenceId, parseMoney } from '../domain/validation';
import { amazonError, createAmazonLedger, type LedgerCheckoutSession, type LedgerSnapshot } from './amazon-ledger';
import { signSandboxPayload } from './sandbox-signer';
import {
  authorizationEvents,
  declinedCheckoutEvents,
  lostEvent,
  TAB_RECORDED_EVENT_TYPES,
  type RecordedRecoveryEvent,
  type RecoveryFunnelEvent,
} from '../domain/recovery-events';
import { aggregateRecoveryReport, type RecoveryReport, type RecoveryReportQuery } from '../domain/recovery-report';

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
  {
    id: SANDBOX_METHOD_IDS.declinesHard,
    label: 'Amex •••• 0005 *',
    simulation: { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false },
    declinesCheckout: true,
  },
  {
    id: SANDBOX_METHOD_IDS.declinesSoft,
    label: 'Visa •••• 0002 *',
    simulation: { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true },
  },
  { id: SANDBOX_METHOD_IDS.amazonRejects, label: 'Discover •••• 0009 *', simulation: { state: 'Declined', reasonCode: 'AmazonRejected' } },
];

/**
 * The note the simulated wallets show under the methods when a label carries
 * the sandbox's "*" mark (the default test methods that decline); undefined when none does.
 */
export function declineLegend(methods: readonly SandboxPaymentMethod[]): string | undefined {
  return methods.some((method) => method.label.trimEnd().endsWith('*'))
    ? '* A sandbox test method that declines when you pay with it.'
    : undefined;
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

/** A Checkout v2 session as the simulated checkout.js and Amazon page see it. */
export type SandboxCheckoutSession = LedgerCheckoutSession;

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
  /**
   * The tab's funnel event, as the kit's server takes it on POST /events
   * (pop-up shown, dismissed, Amazon Pay chosen, another method chosen; the
   * sandbox records declines and recoveries itself): pass it as the
   * provider's `onEvent`.
   */
  recordFunnelEvent(event: RecoveryFunnelEvent): void;
  /** The recovery report of what this sandbox recorded, as the kit's server answers it. */
  getRecoveryReport(query: RecoveryReportQuery): RecoveryReport;
  /** Every recorded recovery event, in recording order. */
  readonly recoveryEvents: readonly RecordedRecoveryEvent[];
  readonly calls: readonly SandboxCall[];
  /** checkout.js: the button was clicked with this payload and signature. */
  createCheckoutSession(config: { payloadJSON: string; signature: string }): SandboxCheckoutSession;
  getCheckoutSession(checkoutSessionId: string): SandboxCheckoutSession | undefined;
  /** Amazon's hosted page: the buyer paid with a method (or canceled); returns the URL Amazon redirects to. */
  finishCheckoutSession(checkoutSessionId: string, choice: { paymentMethodId: string } | { cancel: true }): string;
  readonly paymentMethodList: readonly SandboxPaymentMethod[];
}

/** What `sessionStorageKey` keeps across a navigation (JSON). */
interface StoredSandboxState {
  readonly version: 2;
  readonly ledger: LedgerSnapshot;
  readonly issuedPayloads: [string, string][];
  /** The recovery report's events (absent in state stored before they were kept). */
  readonly recoveryEvents?: RecordedRecoveryEvent[];
}

/**
 * An in-memory Amazon Pay backend over the kit's Amazon ledger
 * (`amazon-ledger.ts`: Amazon's order-reference, authorization and checkout
 * rules) that honours the sandbox simulation strings in SellerAuthorizationNote,
 * so every decline path can be scripted with no server and no Amazon account.
 * It refuses what Amazon refuses, with Amazon's codes. On top of the ledger it
 * keeps what only a browser sandbox needs: the buyer's wallet methods, real
 * timers for what Amazon does later, a round trip's latency, injected faults,
 * the call log and, optionally, `sessionStorage` across a navigation.
 */
export function createSandboxBackend(options: SandboxBackendOptions = {}): SandboxBackend {
  const latencyMs = options.latencyMs ?? 0;
  const asyncResultDelayMs = options.asyncResultDelayMs ?? 3000;
  const methods = options.paymentMethods ?? DEFAULT_SANDBOX_PAYMENT_METHODS;
  const storeId = options.storeId ?? 'amzn1.application-oa2-client.sandbox';
  const storage = options.sessionStorageKey === undefined ? undefined : sessionStorageOrUndefined();
  const storageKey = options.sessionStorageKey ?? '';
  const stored = storage ? readStoredState(storage, storageKey) : undefined;
  const ledger = createAmazonLedger({
    now: () => Date.now(),
    notificationPrefix: 'sandbox',
    ...(stored ? { restore: stored.ledger } : {}),
  });
  const listeners = new Map<string, Set<BackendUpdateListener>>();
  const issuedPayloads = new Map<string, string>(stored?.issuedPayloads);
  const faults: (SandboxFault & { remaining: number })[] = [];
  const calls: SandboxCall[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The recovery report's events, as the kit's server records them (the sandbox is the merchant's server; the tab decides).
  const recoveryEvents = new Map<string, RecordedRecoveryEvent>();
  const record = (events: readonly RecordedRecoveryEvent[]): void => {
    for (const event of events) if (!recoveryEvents.has(event.id)) recoveryEvents.set(event.id, event);
  };
  for (const event of stored?.recoveryEvents ?? []) record([event]);
  const hasEvent = (type: RecordedRecoveryEvent['type'], orderKey: string): boolean =>
    [...recoveryEvents.values()].some((e) => e.type === type && e.orderKey === orderKey);
  const recordAuthorization = (authorization: AuthorizationDetails, mode: 'sync' | 'async'): void =>
    record(
      authorizationEvents(authorization, {
        at: Date.now(),
        mode,
        decidedBy: 'tab',
        hadDecline: hasEvent('declineSeen', authorization.amazonOrderReferenceId),
      }),
    );

  const method = (id: string): SandboxPaymentMethod => {
    const found = methods.find((m) => m.id === id);
    if (!found) throw amazonError('InvalidParameterValue', `Unknown sandbox payment method ${id}.`);
    return found;
  };

  /** Delivers the ledger's notifications (IPNs) to the subscribers of their order reference. */
  const deliver = (): void => {
    for (const update of ledger.takeNotifications()) {
      if (update.type === 'authorization') recordAuthorization(update.authorization, 'async');
      if (options.notifications === false || update.type === 'charge' || update.type === 'recovery') continue;
      const id =
        update.type === 'orderReference' ? update.orderReference.amazonOrderReferenceId : update.authorization.amazonOrderReferenceId;
      for (const listener of listeners.get(id) ?? []) {
        try {
          listener(update);
        } catch {
          // A listener's bug must not break the sandbox's clock.
        }
      }
    }
  };
  /** One real timer, set for the next thing Amazon does by itself (an async result, an expiry, a re-open). */
  const arm = (): void => {
    clearTimeout(timer);
    const at = ledger.nextDueAt();
    if (at === undefined) return;
    timer = setTimeout(
      () => {
        ledger.runDue();
        deliver();
        arm();
      },
      Math.max(0, at - Date.now()),
    );
  };
  const settled = <T>(result: T): T => {
    deliver();
    arm();
    return result;
  };

  const takeFault = (name: SandboxMethod, when: 'before' | 'after'): AmazonPayError | undefined => {
    const index = faults.findIndex((f) => f.method === name && (f.when ?? 'before') === when);
    if (index === -1) return undefined;
    const fault = faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults.splice(index, 1);
    if (fault.kind === 'amazon') return amazonError(fault.code ?? 'InternalServerError', 'Injected sandbox fault.', fault.status ?? 500);
    const messages = {
      network: 'Injected network failure.',
      timeout: 'Injected timeout.',
      malformed: 'Injected malformed reply.',
    } as const;
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
      settled(undefined);
      const after = takeFault(name, 'after');
      if (after) throw after;
      calls.push({ method: name, args, outcome: 'ok' });
      return structuredClone(result);
    } catch (error) {
      calls.push({
        method: name,
        args,
        outcome: 'error',
        errorCode: error instanceof AmazonPayError ? (error.code ?? error.kind) : 'unknown',
      });
      throw error;
    }
  }

  /** A declined order given up (canceled, or the buyer paid another way): lost, as the kit's server records it. */
  function recordLoss(id: string): void {
    if (!hasEvent('declineSeen', id) || hasEvent('recovered', id)) return;
    const reasonCode = [...recoveryEvents.values()].filter((e) => e.type === 'declineSeen' && e.orderKey === id).at(-1)?.reasonCode;
    record([lostEvent(id, { at: Date.now(), decidedBy: 'tab', endState: 'canceled', ...(reasonCode ? { reasonCode } : {}) })]);
  }

  const backend: SandboxBackend = {
    paymentMethodList: methods,
    recordFunnelEvent(event) {
      if (!(TAB_RECORDED_EVENT_TYPES as readonly string[]).includes(event.type)) return;
      const at = Date.now();
      const id = `tab:${recoveryEvents.size}:${at}`;
      if (event.type === 'otherMethodChosen') {
        record([{ id, at, type: event.type, orderKey: event.amazonOrderReferenceId }]);
        recordLoss(event.amazonOrderReferenceId);
      } else if ('merchantReferenceId' in event && event.merchantReferenceId) {
        record([
          {
            id,
            at,
            type: event.type as 'popupShown',
            merchantReferenceId: event.merchantReferenceId,
            ...(event.type === 'popupShown' ? { trigger: event.trigger } : {}),
          },
        ]);
      }
    },
    getRecoveryReport: (query) => aggregateRecoveryReport(recoveryEvents.values(), query),
    get recoveryEvents() {
      return [...recoveryEvents.values()];
    },
    get calls() {
      return calls;
    },

    createOrderReference(init = {}) {
      const paymentMethodId = init.paymentMethodId ?? methods[0]!.id;
      method(paymentMethodId);
      return ledger.createOrderReference({ ...init, paymentMethodId });
    },

    setOrderReferenceDetails(id, details) {
      try {
        const constraints = details.sellerNote?.includes('"PaymentMethodNotAllowed"') ? ['PaymentMethodNotAllowed'] : [];
        const result = ledger.setOrderReferenceDetails(id, { ...(details.amount ? { amount: details.amount } : {}), constraints });
        calls.push({ method: 'setOrderReferenceDetails', args: { id, details }, outcome: 'ok' });
        return result;
      } catch (error) {
        calls.push({
          method: 'setOrderReferenceDetails',
          args: { id, details },
          outcome: 'error',
          errorCode: (error as AmazonPayError).code,
        });
        throw error;
      }
    },

    selectPaymentMethod(id, paymentMethodId) {
      ledger.orderReference(id);
      method(paymentMethodId);
      ledger.selectPaymentMethod(id, paymentMethodId);
    },

    walletFor(id) {
      const { selectedMethodId, declinedMethodIds } = ledger.wallet(id);
      return methods.map((m) => ({ ...m, declined: declinedMethodIds.includes(m.id), selected: m.id === selectedMethodId }));
    },

    simulateBuyerUpdatedPaymentMethod(id, paymentMethodId) {
      if (paymentMethodId) backend.selectPaymentMethod(id, paymentMethodId);
      settled(ledger.buyerUpdatedPaymentMethod(id));
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
        const selected =
          ledger.orderReference(request.amazonOrderReferenceId) && ledger.wallet(request.amazonOrderReferenceId).selectedMethodId;
        const simulation = parseSandboxSimulation(request.sellerAuthorizationNote) ?? (selected ? method(selected).simulation : undefined);
        const authorization = ledger.authorize(request, simulation, { resultAfterMs: asyncResultDelayMs });
        recordAuthorization(authorization, request.mode);
        return authorization;
      });
    },

    confirmOrderReference(request: ConfirmOrderReferenceRequest, callOptions: CallOptions = {}) {
      return call('confirmOrderReference', request, callOptions.signal, () => {
        assertOrderReferenceId(request.amazonOrderReferenceId);
        return ledger.confirmOrderReference(request.amazonOrderReferenceId);
      });
    },

    cancelOrderReference(request: CancelOrderReferenceRequest, callOptions: CallOptions = {}) {
      return call('cancelOrderReference', request, callOptions.signal, () => {
        assertOrderReferenceId(request.amazonOrderReferenceId);
        const id = request.amazonOrderReferenceId;
        const canceled = ledger.cancelOrderReference(id);
        recordLoss(id);
        return canceled;
      });
    },

    closeOrderReference(request: CloseOrderReferenceRequest, callOptions: CallOptions = {}) {
      return call('closeOrderReference', request, callOptions.signal, () => {
        assertOrderReferenceId(request.amazonOrderReferenceId);
        const simulation = parseSandboxSimulation(request.closureReason);
        if (simulation && !(simulation.state === 'Closed' && simulation.reasonCode === 'AmazonClosed')) {
          throw amazonError(
            'InvalidSandboxSimulationSpecified',
            'CloseOrderReference simulates only State Closed with ReasonCode AmazonClosed.',
          );
        }
        return ledger.closeOrderReference(request.amazonOrderReferenceId, { byAmazon: simulation !== undefined });
      });
    },

    getOrderReferenceDetails(id: string, callOptions: CallOptions = {}) {
      return call('getOrderReferenceDetails', id, callOptions.signal, () => {
        assertOrderReferenceId(id);
        return ledger.orderReference(id);
      });
    },

    getAuthorizationDetails(id: string, callOptions: CallOptions = {}) {
      return call('getAuthorizationDetails', id, callOptions.signal, () => ledger.authorization(id));
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

    signCheckoutSessionPayload(
      request: CheckoutSessionPayloadRequest,
      callOptions: CallOptions = {},
    ): Promise<SignedCheckoutSessionPayload> {
      return call('signCheckoutSessionPayload', request, callOptions.signal, async () => {
        const payloadJSON = JSON.stringify(buildCheckoutSessionPayload(request, { storeId, urlRules: { allowLocalhost: true } }));
        const signature = await signSandboxPayload(payloadJSON);
        issuedPayloads.set(payloadJSON, signature);
        return { payloadJSON, signature, publicKeyId: 'SANDBOX-KIT-PUBLIC-KEY', algorithm: 'AMZN-PAY-RSASSA-PSS-V2' };
      });
    },

    createCheckoutSession({ payloadJSON, signature }) {
      if (issuedPayloads.get(payloadJSON) !== signature) {
        throw amazonError(
          'InvalidRequestSignature',
          'The payload or signature differs from what the backend signed (the payload string must be byte-identical).',
          401,
        );
      }
      return ledger.createCheckoutSession(JSON.parse(payloadJSON) as Record<string, unknown>);
    },

    getCheckoutSession: (id) => ledger.checkoutSession(id),

    finishCheckoutSession(id, choice) {
      const session = ledger.checkoutSession(id);
      if (!session) throw amazonError('ResourceNotFound', `Checkout session ${id} does not exist.`, 404);
      if (!('cancel' in choice)) method(choice.paymentMethodId);
      const finished = ledger.finishCheckoutSession(
        id,
        'cancel' in choice
          ? choice
          : { paymentMethodId: choice.paymentMethodId, declines: method(choice.paymentMethodId).declinesCheckout === true },
      );
      const details = finished.payload.webCheckoutDetails as { checkoutResultReturnUrl: string; checkoutCancelUrl?: string };
      const url = new URL(
        'cancel' in choice ? (details.checkoutCancelUrl ?? details.checkoutResultReturnUrl) : details.checkoutResultReturnUrl,
      );
      url.searchParams.set('amazonCheckoutSessionId', id);
      return url.href;
    },

    completeCheckoutSession(request: CompleteCheckoutSessionRequest, callOptions: CallOptions = {}) {
      return call('completeCheckoutSession', request, callOptions.signal, () => {
        if (!ledger.checkoutSession(request.checkoutSessionId))
          throw amazonError('ResourceNotFound', `Checkout session ${JSON.stringify(request.checkoutSessionId)} does not exist.`, 404);
        const amount = parseMoney(request.amount?.amount, request.amount?.currencyCode);
        const result = ledger.completeCheckoutSession(request.checkoutSessionId, amount);
        const merchantReferenceId = (
          ledger.checkoutSession(request.checkoutSessionId)?.payload.merchantMetadata as { merchantReferenceId?: string } | undefined
        )?.merchantReferenceId;
        if (result.state === 'Canceled' && result.reasonCode === 'Declined')
          record(declinedCheckoutEvents(request.checkoutSessionId, { at: Date.now(), amount, reasonCode: result.reasonCode }));
        if (result.state === 'Completed') {
          record([
            {
              id: `completed:${request.checkoutSessionId}`,
              at: Date.now(),
              type: 'checkoutCompleted',
              checkoutSessionId: request.checkoutSessionId,
              amount,
              ...(merchantReferenceId === undefined ? {} : { merchantReferenceId }),
            },
          ]);
        }
        return result;
      });
    },
  };

  const save = (): void => {
    const state: StoredSandboxState = {
      version: 2,
      ledger: ledger.snapshot(),
      issuedPayloads: [...issuedPayloads],
      recoveryEvents: [...recoveryEvents.values()],
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
  // What Amazon does later goes on from a restored state (an async result due during the navigation arrives at once).
  arm();
  // A navigation (Amazon's redirect, a reload) hides the page first: the state is saved then.
  if (storage) window.addEventListener('pagehide', save);
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
    return state?.version === 2 ? state : undefined;
  } catch {
    return undefined;
  }
}
