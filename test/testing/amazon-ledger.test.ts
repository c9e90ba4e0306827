import { describe, expect, it } from 'vitest';
import { createAmazonLedger } from '../../src/testing/amazon-ledger';

const amount = { amount: '100.00', currencyCode: 'USD' } as const;
const HARD = { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false } as const;
const ORDER = 'S01-1234567-7654321';

function ledgerAt(start = Date.UTC(2026, 11, 1)) {
  const clock = { now: start };
  const ledger = createAmazonLedger({ now: () => clock.now, digits: (n) => '1'.repeat(n) });
  return { ledger, clock, id: ledger.createOrderReference({ id: ORDER, amount, paymentMethodId: 'visa' }).amazonOrderReferenceId };
}

const authorize = (reference: string, mode: 'sync' | 'async' = 'sync') => ({
  amazonOrderReferenceId: ORDER,
  authorizationReferenceId: reference,
  amount,
  mode,
});

describe('the Amazon ledger behind every fake Amazon', () => {
  it('AmazonRejected closes the order reference with ReasonCode AmazonClosed', () => {
    const { ledger, id } = ledgerAt();
    expect(ledger.authorize(authorize('a-1'), { state: 'Declined', reasonCode: 'AmazonRejected' })).toMatchObject({
      state: 'Declined',
      reasonCode: 'AmazonRejected',
    });
    expect(ledger.orderReference(id)).toMatchObject({ state: 'Closed', reasonCode: 'AmazonClosed' });
  });

  it('closes it with ReasonCode AmazonRejected instead when asked (no Amazon page names the pair)', () => {
    const ledger = createAmazonLedger({ now: () => 0, orderReasonAfterAmazonRejected: 'AmazonRejected' });
    const { amazonOrderReferenceId: id } = ledger.createOrderReference({ id: ORDER, amount });
    ledger.authorize(authorize('a-1'), { state: 'Declined', reasonCode: 'AmazonRejected' });
    expect(ledger.orderReference(id)).toMatchObject({ state: 'Closed', reasonCode: 'AmazonRejected' });
  });

  it('a hard decline suspends the order; ConfirmOrderReference needs a new method first (PaymentMethodNotUpdated)', () => {
    const { ledger, id } = ledgerAt();
    ledger.authorize(authorize('a-1'), HARD);
    expect(ledger.orderReference(id)).toMatchObject({ state: 'Suspended', reasonCode: 'InvalidPaymentMethod' });
    expect(() => ledger.confirmOrderReference(id)).toThrow(expect.objectContaining({ code: 'PaymentMethodNotUpdated' }));
    ledger.selectPaymentMethod(id, 'visa'); // the declined one again
    expect(() => ledger.confirmOrderReference(id)).toThrow(expect.objectContaining({ code: 'PaymentMethodNotUpdated' }));
    ledger.selectPaymentMethod(id, 'amex');
    expect(ledger.confirmOrderReference(id).state).toBe('Open');
    expect(ledger.wallet(id)).toEqual({ selectedMethodId: 'amex', declinedMethodIds: ['visa'] });
  });

  it('answers an identical Authorize with the first result and other parameters with DuplicateRequest', () => {
    const { ledger } = ledgerAt();
    const first = ledger.authorize(authorize('a-1'), undefined);
    expect(ledger.authorize(authorize('a-1'), undefined)).toEqual(first);
    expect(() => ledger.authorize({ ...authorize('a-1'), amount: { amount: '1.00', currencyCode: 'USD' } }, undefined)).toThrow(
      expect.objectContaining({ code: 'DuplicateRequest' }),
    );
  });

  it('keeps an async authorization Pending until its result is due on the injected clock, and notifies it', () => {
    const { ledger, clock } = ledgerAt();
    const pending = ledger.authorize(authorize('a-1', 'async'), HARD, { resultAfterMs: 3000 });
    expect(pending.state).toBe('Pending');
    expect(ledger.nextDueAt()).toBe(clock.now + 3000);
    clock.now += 2999;
    ledger.runDue();
    expect(ledger.authorization(pending.amazonAuthorizationId).state).toBe('Pending');
    clock.now += 1;
    ledger.runDue();
    expect(ledger.authorization(pending.amazonAuthorizationId)).toMatchObject({ state: 'Declined', softDecline: false });
    expect(ledger.takeNotifications()).toEqual([expect.objectContaining({ type: 'authorization', notificationId: 'ledger-n-1' })]);
    expect(ledger.nextDueAt()).toBeUndefined();
  });

  it("re-opens a Suspended order reference after the simulation's PaymentMethodUpdateTimeInMins (async only)", () => {
    const { ledger, clock, id } = ledgerAt();
    ledger.authorize(authorize('a-1', 'async'), { ...HARD, paymentMethodUpdateTimeInMins: 2 }, { resultAfterMs: 0 });
    ledger.runDue();
    expect(ledger.orderReference(id).state).toBe('Suspended');
    clock.now += 120_000;
    ledger.runDue();
    expect(ledger.orderReference(id).state).toBe('Open');
  });

  it('CancelOrderReference closes the Pending and Open authorizations; a closed order cannot be canceled', () => {
    const { ledger, id } = ledgerAt();
    const open = ledger.authorize({ ...authorize('a-1'), amount: { amount: '10.00', currencyCode: 'USD' } }, undefined);
    const pending = ledger.authorize({ ...authorize('a-2', 'async'), amount: { amount: '10.00', currencyCode: 'USD' } }, undefined);
    expect(ledger.cancelOrderReference(id)).toMatchObject({ state: 'Canceled', reasonCode: 'SellerCanceled' });
    expect(ledger.authorization(open.amazonAuthorizationId)).toMatchObject({ state: 'Closed', reasonCode: 'OrderReferenceCanceled' });
    expect(ledger.settleAuthorization(pending.amazonAuthorizationId)).toMatchObject({ state: 'Closed' });
    const other = ledgerAt();
    other.ledger.closeOrderReference(other.id);
    expect(() => other.ledger.cancelOrderReference(other.id)).toThrow(expect.objectContaining({ code: 'InvalidCancelAttempt' }));
  });

  it("refuses what takes the total over the order amount plus Amazon's allowance (15 %, at most 75)", () => {
    const { ledger } = ledgerAt();
    ledger.authorize(authorize('a-1'), undefined);
    expect(() => ledger.authorize({ ...authorize('a-2'), amount: { amount: '15.01', currencyCode: 'USD' } }, undefined)).toThrow(
      expect.objectContaining({ code: 'TransactionAmountExceeded' }),
    );
    expect(ledger.authorize({ ...authorize('a-3'), amount: { amount: '15.00', currencyCode: 'USD' } }, undefined).state).toBe('Open');
  });

  it("caps the yen allowance at ¥8,400 (Amazon Pay Japan's guide: 15 % or ¥8,400, whichever is lower)", () => {
    const yen = (value: string) => ({ amount: value, currencyCode: 'JPY' }) as const;
    const ledger = createAmazonLedger({ now: () => 0 });
    // The guide's scenario: a ¥20,000 order, then ¥3,000 more for a shipping upgrade (within 15 %).
    const small = ledger.createOrderReference({ amount: yen('20000') }).amazonOrderReferenceId;
    ledger.authorize({ ...authorize('y-1'), amazonOrderReferenceId: small, amount: yen('20000') }, undefined);
    expect(ledger.authorize({ ...authorize('y-2'), amazonOrderReferenceId: small, amount: yen('3000') }, undefined).state).toBe('Open');
    const large = ledger.createOrderReference({ amount: yen('100000') }).amazonOrderReferenceId;
    ledger.authorize({ ...authorize('y-3'), amazonOrderReferenceId: large, amount: yen('100000') }, undefined);
    expect(() => ledger.authorize({ ...authorize('y-4'), amazonOrderReferenceId: large, amount: yen('8401') }, undefined)).toThrow(
      expect.objectContaining({ code: 'TransactionAmountExceeded' }),
    );
    expect(ledger.authorize({ ...authorize('y-5'), amazonOrderReferenceId: large, amount: yen('8400') }, undefined).state).toBe('Open');
  });

  it('completes a checkout once; a charge that can be pending settles to its outcome; a snapshot restores everything', () => {
    const { ledger, clock } = ledgerAt();
    ledger.createCheckoutSession(
      {
        paymentDetails: { chargeAmount: amount, canHandlePendingAuthorization: true },
        merchantMetadata: { merchantReferenceId: 'cart-1' },
      },
      'session-1',
    );
    expect(() => ledger.completeCheckoutSession('session-1', amount)).toThrow(
      expect.objectContaining({ code: 'InvalidCheckoutSessionStatus' }),
    );
    ledger.finishCheckoutSession('session-1', {
      chargePermissionId: 'S01-7654321-1234567',
      chargeOutcome: { state: 'Declined', reasonCode: 'SoftDeclined' },
    });
    const completed = ledger.completeCheckoutSession('session-1', amount);
    expect(completed).toEqual({
      state: 'Completed',
      checkoutSessionId: 'session-1',
      chargePermissionId: 'S01-7654321-1234567',
      chargeId: 'S01-7654321-1234567-C000001',
      merchantReferenceId: 'cart-1',
    });
    expect(ledger.completeCheckoutSession('session-1', amount)).toEqual(completed);
    expect(ledger.charge('S01-7654321-1234567-C000001').state).toBe('AuthorizationInitiated');
    const restored = createAmazonLedger({ now: () => clock.now, restore: JSON.parse(JSON.stringify(ledger.snapshot())) });
    expect(restored.settleCharge('S01-7654321-1234567-C000001')).toMatchObject({ state: 'Declined', reasonCode: 'SoftDeclined' });
    expect(restored.authorizationsOf(ORDER)).toHaveLength(0);
    expect(restored.orderReference(ORDER).state).toBe('Open');
  });
});
