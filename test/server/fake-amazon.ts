/**
 * An in-memory Amazon for the server's recovery tests: a LegacyPaymentsClient
 * that keeps order references and authorizations the way Amazon's legacy API
 * does (async authorizations Pending until settled, an identical Authorize
 * repeated with the same AuthorizationReferenceId answers the first result,
 * InvalidPaymentMethod suspends the order reference, AmazonRejected closes it),
 * and a Checkout v2 client whose charges made with canHandlePendingAuthorization
 * stay AuthorizationInitiated until settled; it records every call, and can
 * fail calls with a 5xx.
 */
import { AmazonPayError } from '../../src/domain/errors';
import { readCharge } from '../../src/server/amazon/charge-reply';
import type { AuthorizationDetails, AuthorizeRequest, ChargeDetails, ChargeState, Money, OrderReferenceDetails, OrderReferenceState } from '../../src/domain/types';
import type { CheckoutV2ChargeClient, CheckoutV2Client, LegacyPaymentsClient } from '../../src/server/amazon-clients';

/** How Amazon settles a checkout's charge (after AuthorizationInitiated). */
export interface ChargeOutcome {
  readonly state: Exclude<ChargeState, 'AuthorizationInitiated'>;
  readonly reasonCode?: string;
}

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
  openCheckout(checkoutSessionId: string, options: { readonly permissionId: string; readonly merchantReferenceId?: string; readonly outcome: ChargeOutcome }): void;
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
  /** The buyer updated the payment method: a Suspended order reference is Open again. */
  buyerUpdatesMethod(id: string): OrderReferenceDetails;
  /** The next `times` calls of `action` ('*' for any) fail with a 500 (or `status`, e.g. 429 throttling). */
  failNext(action: string, times: number, status?: number): void;
  orderReference(id: string): OrderReferenceDetails;
  authorizations(id: string): AuthorizationDetails[];
  /** Calls as `Action(id)` strings, for readable sequences. */
  sequence(id?: string): string[];
}

const USD = (amount: string): Money => ({ amount, currencyCode: 'USD' });

export function createFakeAmazon(clock: () => Date = () => new Date()): FakeAmazon {
  const orders = new Map<string, { state: OrderReferenceState; reasonCode?: string; total: Money; outcomes: ScriptedOutcome[]; made: number }>();
  const authorizations = new Map<string, AuthorizationDetails>();
  const byReference = new Map<string, string>();
  const calls: AmazonCall[] = [];
  const failures: Array<{ action: string; times: number; status: number }> = [];
  let tick = 0;
  const stamp = () => new Date(clock().getTime() + ++tick).toISOString();

  function record(action: string, id: string): void {
    const failure = failures.find((f) => (f.action === action || f.action === '*') && f.times > 0);
    calls.push({ action, id });
    if (failure) {
      failure.times -= 1;
      if (failure.status === 429) throw new AmazonPayError('amazon', `${action}: throttled (injected)`, { status: 429, code: 'RequestThrottled', retryable: true });
      throw new AmazonPayError('amazon', `${action}: InternalServerError (injected)`, { status: failure.status, code: 'InternalServerError', retryable: true });
    }
  }
  const order = (id: string) => {
    const found = orders.get(id);
    if (!found) throw new AmazonPayError('amazon', `InvalidOrderReferenceId ${id}`, { status: 404, code: 'InvalidOrderReferenceId', retryable: false });
    return found;
  };
  const details = (id: string): OrderReferenceDetails => {
    const o = order(id);
    return { amazonOrderReferenceId: id, state: o.state, ...(o.reasonCode ? { reasonCode: o.reasonCode } : {}), orderTotal: o.total, constraints: [] };
  };

  const checkouts = new Map<string, { permissionId: string; merchantReferenceId?: string; outcome: ChargeOutcome }>();
  const charges = new Map<string, ChargeDetails & { outcome: ChargeOutcome }>();
  const permissions = new Map<string, string>();
  const oddReplies = new Map<string, unknown>();
  const chargeOf = (chargeId: string) => {
    const found = charges.get(chargeId);
    if (!found) throw new AmazonPayError('amazon', `InvalidChargeId ${chargeId}`, { status: 404, code: 'ResourceNotFound', retryable: false });
    return found;
  };
  const publicCharge = ({ outcome: _outcome, ...charge }: ChargeDetails & { outcome: ChargeOutcome }): ChargeDetails => charge;

  const fake: FakeAmazon = {
    calls,
    openCheckout(checkoutSessionId, options) {
      checkouts.set(checkoutSessionId, options);
    },
    settleCharge(chargeId) {
      const current = chargeOf(chargeId);
      const { state, reasonCode } = current.outcome;
      const settled = { ...current, state, lastUpdatedTimestamp: stamp(), ...(reasonCode ? { reasonCode } : {}) };
      charges.set(chargeId, settled);
      return publicCharge(settled);
    },
    replyToGetCharge(chargeId, reply) {
      oddReplies.set(chargeId, reply);
    },
    charge: (chargeId) => publicCharge(chargeOf(chargeId)),
    chargePermissionState: (permissionId) => permissions.get(permissionId) ?? 'unknown',

    async signButtonPayload() {
      throw new Error('not used by the server tests');
    },
    async completeCheckoutSession(request) {
      const checkout = checkouts.get(request.checkoutSessionId);
      record('CompleteCheckoutSession', checkout?.permissionId ?? request.checkoutSessionId);
      if (!checkout) throw new AmazonPayError('amazon', 'ResourceNotFound', { status: 404, code: 'ResourceNotFound', retryable: false });
      const chargeId = `${checkout.permissionId}-C000001`;
      if (!charges.has(chargeId)) {
        permissions.set(checkout.permissionId, 'Chargeable');
        charges.set(chargeId, {
          chargeId,
          chargePermissionId: checkout.permissionId,
          state: 'AuthorizationInitiated',
          chargeAmount: request.amount,
          lastUpdatedTimestamp: stamp(),
          outcome: checkout.outcome,
        });
      }
      return {
        state: 'Completed',
        checkoutSessionId: request.checkoutSessionId,
        chargePermissionId: checkout.permissionId,
        chargeId,
        ...(checkout.merchantReferenceId ? { merchantReferenceId: checkout.merchantReferenceId } : {}),
      };
    },
    async getCharge(chargeId) {
      record('GetCharge', chargeId);
      if (oddReplies.has(chargeId)) {
        const reply = oddReplies.get(chargeId);
        oddReplies.delete(chargeId);
        return readCharge(reply, chargeId);
      }
      return publicCharge(chargeOf(chargeId));
    },
    async closeChargePermission(request) {
      record('CloseChargePermission', request.chargePermissionId);
      permissions.set(request.chargePermissionId, 'Closed');
      for (const [id, charge] of charges) {
        if (charge.chargePermissionId === request.chargePermissionId && (charge.state === 'AuthorizationInitiated' || charge.state === 'Authorized')) {
          charges.set(id, { ...charge, state: 'Canceled', reasonCode: 'ChargePermissionCanceled' });
        }
      }
      return { chargePermissionId: request.chargePermissionId, state: 'Closed', reasonCode: 'MerchantClosed' };
    },
    openOrder(id, total = USD('94.50')) {
      orders.set(id, { state: 'Open', total, outcomes: [], made: 0 });
    },
    script(id, outcomes) {
      order(id).outcomes = [...outcomes];
    },
    settle(amazonAuthorizationId) {
      const current = authorizations.get(amazonAuthorizationId)!;
      const o = order(current.amazonOrderReferenceId);
      const index = Number(amazonAuthorizationId.split('-A')[1]) - 1;
      const outcome = o.outcomes[index] ?? { state: 'Open' };
      const settled: AuthorizationDetails = {
        ...current,
        state: outcome.state,
        ...(outcome.reasonCode ? { reasonCode: outcome.reasonCode } : {}),
        ...(outcome.softDecline === undefined ? {} : { softDecline: outcome.softDecline }),
        lastUpdateTimestamp: stamp(),
      };
      authorizations.set(amazonAuthorizationId, settled);
      if (outcome.reasonCode === 'InvalidPaymentMethod') Object.assign(o, { state: 'Suspended', reasonCode: 'InvalidPaymentMethod' });
      if (outcome.reasonCode === 'AmazonRejected') Object.assign(o, { state: 'Closed', reasonCode: 'AmazonRejected' });
      return settled;
    },
    buyerUpdatesMethod(id) {
      Object.assign(order(id), { state: 'Open', reasonCode: undefined });
      return details(id);
    },
    failNext(action, times, status = 500) {
      failures.push({ action, times, status });
    },
    orderReference: details,
    authorizations(id) {
      return [...authorizations.values()].filter((a) => a.amazonOrderReferenceId === id);
    },
    sequence(id) {
      return calls.filter((c) => id === undefined || c.id.startsWith(id)).map((c) => `${c.action}`);
    },

    async authorize(request: AuthorizeRequest) {
      record('Authorize', request.amazonOrderReferenceId);
      const o = order(request.amazonOrderReferenceId);
      const known = byReference.get(request.authorizationReferenceId);
      if (known) return authorizations.get(known)!;
      if (o.state !== 'Open') throw new AmazonPayError('amazon', `InvalidOrderReferenceStatus: ${o.state}`, { status: 400, code: 'InvalidOrderReferenceStatus', retryable: false });
      o.made += 1;
      const amazonAuthorizationId = `${request.amazonOrderReferenceId}-A${String(o.made).padStart(6, '0')}`;
      const created: AuthorizationDetails = {
        amazonAuthorizationId,
        authorizationReferenceId: request.authorizationReferenceId,
        amazonOrderReferenceId: request.amazonOrderReferenceId,
        state: 'Pending',
        amount: request.amount,
        lastUpdateTimestamp: stamp(),
      };
      authorizations.set(amazonAuthorizationId, created);
      byReference.set(request.authorizationReferenceId, amazonAuthorizationId);
      return created;
    },
    async confirmOrderReference(request) {
      record('ConfirmOrderReference', request.amazonOrderReferenceId);
      const o = order(request.amazonOrderReferenceId);
      // A soft decline: confirming the same method re-opens the order reference for a later retry.
      if (o.state === 'Suspended') Object.assign(o, { state: 'Open', reasonCode: undefined });
      return details(request.amazonOrderReferenceId);
    },
    async cancelOrderReference(request) {
      record('CancelOrderReference', request.amazonOrderReferenceId);
      const o = order(request.amazonOrderReferenceId);
      // Amazon cancels only an order reference that is not closed or canceled already.
      if (o.state === 'Closed' || o.state === 'Canceled') throw new AmazonPayError('amazon', `InvalidOrderReferenceStatus: ${o.state}`, { status: 400, code: 'InvalidOrderReferenceStatus', retryable: false });
      Object.assign(o, { state: 'Canceled', reasonCode: 'SellerCanceled' });
      return details(request.amazonOrderReferenceId);
    },
    async closeOrderReference(id) {
      record('CloseOrderReference', id);
      Object.assign(order(id), { state: 'Closed', reasonCode: 'SellerClosed' });
      return details(id);
    },
    async getOrderReferenceDetails(id) {
      record('GetOrderReferenceDetails', id);
      return details(id);
    },
    async getAuthorizationDetails(amazonAuthorizationId) {
      record('GetAuthorizationDetails', amazonAuthorizationId);
      const found = authorizations.get(amazonAuthorizationId);
      if (!found) throw new AmazonPayError('amazon', `InvalidAuthorizationId ${amazonAuthorizationId}`, { status: 404, code: 'InvalidAuthorizationId', retryable: false });
      return found;
    },
  };
  return fake;
}
