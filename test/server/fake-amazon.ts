/**
 * The server tests' Amazon: a LegacyPaymentsClient and Checkout v2 clients
 * over the kit's Amazon ledger (src/testing/amazon-ledger.ts, the same books
 * and rules as the browser sandbox). On top of the ledger: scripted outcomes
 * per order (the n-th authorization ends as the n-th outcome when `settle` is
 * called: nothing settles by itself), a log of every call, injected 5xx or
 * throttling, and odd Get Charge replies.
 */
import { AmazonPayError } from '../../src/domain/errors';
import type { AuthorizationDetails, ChargeDetails, Money, OrderReferenceDetails } from '../../src/domain/types';
import { readCharge } from '../../src/server/amazon/charge-reply';
import type { CheckoutV2ChargeClient, CheckoutV2Client, LegacyPaymentsClient } from '../../src/server/amazon-clients';
import { createAmazonLedger, type AuthorizationOutcome, type ChargeOutcome } from '../../src/testing/amazon-ledger';

export type { ChargeOutcome } from '../../src/testing/amazon-ledger';

export interface ScriptedOutcome {
  readonly state: 'Open' | 'Declined';
  readonly reasonCode?: string;
  readonly softDecline?: boolean;
}

export interface AmazonCall {
  readonly action: string;
  readonly id: string;
}

export interface FakeAmazon extends LegacyPaymentsClient, CheckoutV2Client, CheckoutV2ChargeClient {
  readonly calls: AmazonCall[];
  /**
   * A checkout session the buyer finished on Amazon's page: completing it makes
   * charge permission `permissionId` with charge `<permissionId>-C000001`, AuthorizationInitiated.
   */
  openCheckout(
    checkoutSessionId: string,
    options: {
      readonly permissionId: string;
      readonly merchantReferenceId?: string;
      readonly outcome: ChargeOutcome;
      /** The buyer's method declines: completing the session ends Canceled/Declined. */
      readonly declines?: boolean;
    },
  ): void;
  /** Amazon finishes the asynchronous authorization: the charge moves to its scripted outcome. */
  settleCharge(chargeId: string): ChargeDetails;
  /** The next Get Charge of this charge answers `reply` instead (a hostile or broken reply). */
  replyToGetCharge(chargeId: string, reply: unknown): void;
  charge(chargeId: string): ChargeDetails;
  chargePermissionState(permissionId: string): string;
  /** Creates an Open order reference. */
  openOrder(id: string, total?: Money): void;
  /** Outcomes of the order's authorizations, in order; settled when `settle` is called. Default Open. */
  script(id: string, outcomes: readonly ScriptedOutcome[]): void;
  /** Moves a Pending authorization to its scripted outcome (Amazon's asynchronous processing). */
  settle(amazonAuthorizationId: string): AuthorizationDetails;
  /** The buyer updated the payment method in their Amazon account: a Suspended order reference is Open again. */
  buyerUpdatesMethod(id: string): OrderReferenceDetails;
  /** The buyer picked another method in the Wallet widget (a hard decline's ConfirmOrderReference then succeeds). */
  buyerSelectsMethod(id: string, paymentMethodId?: string): void;
  /**
   * The next `times` calls of `action` ('*' for any) fail with a 500 (or `status`, e.g. 429 throttling); with `about`,
   * only calls about that order reference or charge permission (ids that start with it), so tests can run side by side.
   */
  failNext(action: string, times: number, status?: number, about?: string): void;
  /** The next `times` Authorize calls reach Amazon, which applies them, but the reply is lost (a 500). */
  loseNextAuthorizeReply(times: number): void;
  orderReference(id: string): OrderReferenceDetails;
  authorizations(id: string): AuthorizationDetails[];
  /** Calls as `Action(id)` strings, for readable sequences. */
  sequence(id?: string): string[];
}

const USD = (amount: string): Money => ({ amount, currencyCode: 'USD' });

const asOutcome = (scripted: ScriptedOutcome | undefined): AuthorizationOutcome =>
  scripted === undefined || scripted.state === 'Open'
    ? undefined
    : {
        state: 'Declined',
        reasonCode: scripted.reasonCode ?? 'ProcessingFailure',
        ...(scripted.softDecline === undefined ? {} : { softDecline: scripted.softDecline }),
      };

export function createFakeAmazon(clock: () => Date = () => new Date()): FakeAmazon {
  // Every read of the clock moves it 1 ms: Amazon's timestamps of successive changes differ.
  let tick = 0;
  const ledger = createAmazonLedger({ now: () => clock().getTime() + ++tick, notificationPrefix: 'fake' });
  const scripts = new Map<string, readonly ScriptedOutcome[]>();
  const calls: AmazonCall[] = [];
  const failures: Array<{ action: string; times: number; status: number; about: string }> = [];
  const checkoutPermissions = new Map<string, string>();
  const oddReplies = new Map<string, unknown>();
  let wallets = 0;
  let lostAuthorizeReplies = 0;

  function record(action: string, id: string): void {
    ledger.takeNotifications(); // the tests deliver IPNs themselves
    const failure = failures.find((f) => (f.action === action || f.action === '*') && f.times > 0 && id.startsWith(f.about));
    calls.push({ action, id });
    if (failure) {
      failure.times -= 1;
      if (failure.status === 429)
        throw new AmazonPayError('amazon', `${action}: throttled (injected)`, { status: 429, code: 'RequestThrottled', retryable: true });
      if (failure.status < 500)
        throw new AmazonPayError('amazon', `${action}: refused (injected)`, {
          status: failure.status,
          code: 'ResourceNotFound',
          retryable: false,
        });
      throw new AmazonPayError('amazon', `${action}: InternalServerError (injected)`, {
        status: failure.status,
        code: 'InternalServerError',
        retryable: true,
      });
    }
  }
  /** The scripted outcome of authorization `<order>-A00000n`. */
  const scripted = (amazonAuthorizationId: string): AuthorizationOutcome => {
    const { amazonOrderReferenceId } = ledger.authorization(amazonAuthorizationId);
    return asOutcome(
      scripts.get(amazonOrderReferenceId)?.[Number(amazonAuthorizationId.slice(amazonAuthorizationId.lastIndexOf('-A') + 2)) - 1],
    );
  };

  return {
    calls,
    openCheckout(checkoutSessionId, options) {
      ledger.createCheckoutSession(
        {
          paymentDetails: { canHandlePendingAuthorization: true },
          ...(options.merchantReferenceId ? { merchantMetadata: { merchantReferenceId: options.merchantReferenceId } } : {}),
        },
        checkoutSessionId,
      );
      ledger.finishCheckoutSession(checkoutSessionId, {
        chargePermissionId: options.permissionId,
        chargeOutcome: options.outcome,
        ...(options.declines ? { declines: true } : {}),
      });
      checkoutPermissions.set(checkoutSessionId, options.permissionId);
    },
    settleCharge: (chargeId) => ledger.settleCharge(chargeId),
    replyToGetCharge(chargeId, reply) {
      oddReplies.set(chargeId, reply);
    },
    charge: (chargeId) => ledger.charge(chargeId),
    chargePermissionState: (permissionId) => ledger.chargePermissionState(permissionId) ?? 'unknown',

    async signButtonPayload() {
      throw new Error('not used by the server tests');
    },
    async completeCheckoutSession(request) {
      record('CompleteCheckoutSession', checkoutPermissions.get(request.checkoutSessionId) ?? request.checkoutSessionId);
      return ledger.completeCheckoutSession(request.checkoutSessionId, request.amount);
    },
    async getCharge(chargeId) {
      record('GetCharge', chargeId);
      if (oddReplies.has(chargeId)) {
        const reply = oddReplies.get(chargeId);
        oddReplies.delete(chargeId);
        return readCharge(reply, chargeId);
      }
      return ledger.charge(chargeId);
    },
    async getChargePermission(chargePermissionId) {
      record('GetChargePermission', chargePermissionId);
      return ledger.chargePermission(chargePermissionId);
    },
    async closeChargePermission(request) {
      record('CloseChargePermission', request.chargePermissionId);
      return ledger.closeChargePermission(request.chargePermissionId, { cancelPendingCharges: request.cancelPendingCharges });
    },
    openOrder(id, total = USD('94.50')) {
      ledger.createOrderReference({ id, amount: total, state: 'Open', paymentMethodId: `wallet-${++wallets}` });
    },
    script(id, outcomes) {
      ledger.orderReference(id);
      scripts.set(id, [...outcomes]);
    },
    settle: (amazonAuthorizationId) => ledger.settleAuthorization(amazonAuthorizationId, scripted(amazonAuthorizationId)),
    buyerUpdatesMethod: (id) => ledger.buyerUpdatedPaymentMethod(id),
    buyerSelectsMethod(id, paymentMethodId = `wallet-${++wallets}`) {
      ledger.selectPaymentMethod(id, paymentMethodId);
    },
    failNext(action, times, status = 500, about = '') {
      failures.push({ action, times, status, about });
    },
    loseNextAuthorizeReply(times) {
      lostAuthorizeReplies += times;
    },
    orderReference: (id) => ledger.orderReference(id),
    authorizations: (id) => ledger.authorizationsOf(id),
    sequence(id) {
      return calls.filter((c) => id === undefined || c.id.startsWith(id)).map((c) => `${c.action}`);
    },

    async authorize(request) {
      record('Authorize', request.amazonOrderReferenceId);
      const made = ledger.orderReference(request.amazonOrderReferenceId) && ledger.authorizationsOf(request.amazonOrderReferenceId).length;
      const authorization = ledger.authorize(request, asOutcome(scripts.get(request.amazonOrderReferenceId)?.[made]));
      if (lostAuthorizeReplies > 0) {
        lostAuthorizeReplies -= 1;
        throw new AmazonPayError('amazon', 'Authorize: InternalServerError (injected after Amazon applied it)', {
          status: 500,
          code: 'InternalServerError',
          retryable: true,
        });
      }
      return authorization;
    },
    async confirmOrderReference(request) {
      record('ConfirmOrderReference', request.amazonOrderReferenceId);
      return ledger.confirmOrderReference(request.amazonOrderReferenceId);
    },
    async cancelOrderReference(request) {
      record('CancelOrderReference', request.amazonOrderReferenceId);
      return ledger.cancelOrderReference(request.amazonOrderReferenceId);
    },
    async closeOrderReference(id) {
      record('CloseOrderReference', id);
      return ledger.closeOrderReference(id);
    },
    async getOrderReferenceDetails(id) {
      record('GetOrderReferenceDetails', id);
      return ledger.orderReference(id);
    },
    async getAuthorizationDetails(amazonAuthorizationId) {
      record('GetAuthorizationDetails', amazonAuthorizationId);
      return ledger.authorization(amazonAuthorizationId);
    },
  };
}
