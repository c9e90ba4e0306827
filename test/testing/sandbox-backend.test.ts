import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';
import { isAmazonPayError } from '../../src/domain/errors';
import { sandboxSimulationNote } from '../../src/domain/sandbox-simulation';
import type { Money } from '../../src/domain/types';
import type { BackendUpdate } from '../../src/domain/server-recovery';

const amount: Money = { amount: '49.90', currencyCode: 'EUR' };
const note = (reasonCode: string, extra: Record<string, unknown> = {}) =>
  sandboxSimulationNote({ state: 'Declined', reasonCode, ...extra } as Parameters<typeof sandboxSimulationNote>[0]);

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAmazonPayError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('createSandboxBackend', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('approves a sync authorization on an Open order reference', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    const auth = await backend.authorize({ amazonOrderReferenceId, authorizationReferenceId: 'a-1', amount, mode: 'sync' });
    expect(auth.state).toBe('Open');
  });

  it('hard InvalidPaymentMethod suspends the order; confirm needs a new method; then authorize succeeds', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount });
    const declined = await backend.authorize({
      amazonOrderReferenceId: id,
      authorizationReferenceId: 'a-1',
      amount,
      mode: 'sync',
      sellerAuthorizationNote: note('InvalidPaymentMethod', { softDecline: false }),
    });
    expect(declined).toMatchObject({ state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false });
    expect((await backend.getOrderReferenceDetails(id)).state).toBe('Suspended');
    expect(backend.walletFor(id).find((m) => m.selected)?.declined).toBe(true);

    expect(
      (await rejection(backend.authorize({ amazonOrderReferenceId: id, authorizationReferenceId: 'a-2', amount, mode: 'sync' }))).code,
    ).toBe('InvalidOrderReferenceStatus');
    expect((await rejection(backend.confirmOrderReference({ amazonOrderReferenceId: id }))).code).toBe('PaymentMethodNotUpdated');
    expect((await rejection(Promise.resolve().then(() => backend.setOrderReferenceDetails(id, { amount })))).code).toBe(
      'OrderReferenceNotModifiable',
    );

    backend.selectPaymentMethod(id, 'mastercard-4444');
    expect((await backend.confirmOrderReference({ amazonOrderReferenceId: id })).state).toBe('Open');
    expect((await backend.authorize({ amazonOrderReferenceId: id, authorizationReferenceId: 'a-2', amount, mode: 'sync' })).state).toBe(
      'Open',
    );
  });

  it('AmazonRejected closes the order reference', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount });
    await backend.authorize({
      amazonOrderReferenceId: id,
      authorizationReferenceId: 'a-1',
      amount,
      mode: 'sync',
      sellerAuthorizationNote: note('AmazonRejected'),
    });
    expect((await backend.getOrderReferenceDetails(id)).state).toBe('Closed');
  });

  it('repeats an identical authorize with the same reference id, refuses it with other parameters', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount });
    const first = await backend.authorize({ amazonOrderReferenceId: id, authorizationReferenceId: 'same', amount, mode: 'sync' });
    const again = await backend.authorize({ amazonOrderReferenceId: id, authorizationReferenceId: 'same', amount, mode: 'sync' });
    expect(again.amazonAuthorizationId).toBe(first.amazonAuthorizationId);
    const error = await rejection(
      backend.authorize({
        amazonOrderReferenceId: id,
        authorizationReferenceId: 'same',
        amount: { amount: '1.00', currencyCode: 'EUR' },
        mode: 'sync',
      }),
    );
    // Amazon's error codes: DuplicateRequest is "already been processed with different parameters".
    expect(error.code).toBe('DuplicateRequest');
  });

  it('async: Pending, then the result arrives as a pushed update and by polling', async () => {
    const backend = createSandboxBackend({ asyncResultDelayMs: 1000 });
    const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount });
    const updates: BackendUpdate[] = [];
    backend.subscribe(id, (u) => {
      updates.push(u);
    });
    const pending = await backend.authorize({
      amazonOrderReferenceId: id,
      authorizationReferenceId: 'a-1',
      amount,
      mode: 'async',
      sellerAuthorizationNote: note('InvalidPaymentMethod', { paymentMethodUpdateTimeInMins: 5 }),
    });
    expect(pending.state).toBe('Pending');
    await vi.advanceTimersByTimeAsync(1000);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ type: 'authorization', authorization: { state: 'Declined', reasonCode: 'InvalidPaymentMethod' } });
    expect((await backend.getAuthorizationDetails(pending.amazonAuthorizationId)).state).toBe('Declined');
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(updates[1]).toMatchObject({ type: 'orderReference', orderReference: { state: 'Open' } });
  });

  it('refuses simulations Amazon refuses', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount });
    const bad = '{"SandboxSimulation":{"State":"Open","ReasonCode":"AmazonRejected"}}';
    expect(
      (
        await rejection(
          backend.authorize({
            amazonOrderReferenceId: id,
            authorizationReferenceId: 'a',
            amount,
            mode: 'sync',
            sellerAuthorizationNote: bad,
          }),
        )
      ).code,
    ).toBe('InvalidSandboxSimulationSpecified');
  });

  it('injects faults before or after the call takes effect', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount });
    backend.injectFault({ method: 'authorize', kind: 'network', when: 'after' });
    expect(
      (await rejection(backend.authorize({ amazonOrderReferenceId: id, authorizationReferenceId: 'a-1', amount, mode: 'sync' }))).kind,
    ).toBe('network');
    // the retry with the same id returns the result the lost reply carried: one authorization only
    const retried = await backend.authorize({ amazonOrderReferenceId: id, authorizationReferenceId: 'a-1', amount, mode: 'sync' });
    expect(retried.state).toBe('Open');
    expect(retried.amazonAuthorizationId).toMatch(/-A000001$/);
  });

  it('aborts a slow call', async () => {
    const backend = createSandboxBackend({ latencyMs: 500 });
    const controller = new AbortController();
    const call = backend.getOrderReferenceDetails('S01-1234567-1234567', { signal: controller.signal });
    controller.abort();
    expect((await rejection(call)).kind).toBe('aborted');
  });

  it('signs the checkout payload, checks it byte for byte, and completes a session once', async () => {
    vi.useRealTimers();
    const backend = createSandboxBackend();
    const signed = await backend.signCheckoutSessionPayload({ checkoutResultReturnUrl: 'https://shop.example/confirm', amount });
    expect(() => backend.createCheckoutSession({ payloadJSON: `${signed.payloadJSON} `, signature: signed.signature })).toThrow(
      /byte-identical/,
    );
    const session = backend.createCheckoutSession(signed);
    const returnUrl = backend.finishCheckoutSession(session.checkoutSessionId, { paymentMethodId: 'visa-1111' });
    expect(returnUrl).toBe(`https://shop.example/confirm?amazonCheckoutSessionId=${session.checkoutSessionId}`);
    const first = await backend.completeCheckoutSession({ checkoutSessionId: session.checkoutSessionId, amount });
    const second = await backend.completeCheckoutSession({ checkoutSessionId: session.checkoutSessionId, amount });
    expect(first.state).toBe('Completed');
    expect(second).toEqual(first);
    expect((await rejection(backend.completeCheckoutSession({ checkoutSessionId: 'tampered', amount }))).code).toBe('ResourceNotFound');
  });

  describe("Amazon's per-order limits", () => {
    it('refuses an authorization that takes the total over the order amount plus 15 % (TransactionAmountExceeded)', async () => {
      const backend = createSandboxBackend();
      const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount: { amount: '100.00', currencyCode: 'EUR' } });
      await backend.authorize({
        amazonOrderReferenceId: id,
        authorizationReferenceId: 'a-1',
        amount: { amount: '100.00', currencyCode: 'EUR' },
        mode: 'sync',
      });
      const refused = await rejection(
        backend.authorize({
          amazonOrderReferenceId: id,
          authorizationReferenceId: 'a-2',
          amount: { amount: '15.01', currencyCode: 'EUR' },
          mode: 'sync',
        }),
      );
      expect(refused).toMatchObject({ code: 'TransactionAmountExceeded', retryable: false });
      // Within the allowance it is accepted: 100 + 15 = 115.
      expect(
        (
          await backend.authorize({
            amazonOrderReferenceId: id,
            authorizationReferenceId: 'a-3',
            amount: { amount: '15.00', currencyCode: 'EUR' },
            mode: 'sync',
          })
        ).state,
      ).toBe('Open');
    });

    it('caps the allowance at 75 above large orders', async () => {
      const backend = createSandboxBackend();
      const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount: { amount: '1000.00', currencyCode: 'USD' } });
      await backend.authorize({
        amazonOrderReferenceId: id,
        authorizationReferenceId: 'a-1',
        amount: { amount: '1000.00', currencyCode: 'USD' },
        mode: 'sync',
      });
      expect(
        await rejection(
          backend.authorize({
            amazonOrderReferenceId: id,
            authorizationReferenceId: 'a-2',
            amount: { amount: '75.01', currencyCode: 'USD' },
            mode: 'sync',
          }),
        ),
      ).toMatchObject({ code: 'TransactionAmountExceeded' });
    });

    it('declined authorizations hold nothing: a decline does not spend the allowance', async () => {
      const backend = createSandboxBackend();
      const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount });
      await backend.authorize({
        amazonOrderReferenceId: id,
        authorizationReferenceId: 'a-1',
        amount,
        mode: 'sync',
        sellerAuthorizationNote: note('ProcessingFailure'),
      });
      expect((await backend.authorize({ amazonOrderReferenceId: id, authorizationReferenceId: 'a-2', amount, mode: 'sync' })).state).toBe(
        'Open',
      );
    });

    it('refuses an eleventh successful authorization (TransactionCountExceeded)', async () => {
      const backend = createSandboxBackend();
      const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount: { amount: '10.00', currencyCode: 'EUR' } });
      const small = { amount: '1.00', currencyCode: 'EUR' } as const;
      for (let i = 0; i < 10; i++)
        await backend.authorize({ amazonOrderReferenceId: id, authorizationReferenceId: `a-${i}`, amount: small, mode: 'sync' });
      expect(
        await rejection(backend.authorize({ amazonOrderReferenceId: id, authorizationReferenceId: 'a-10', amount: small, mode: 'sync' })),
      ).toMatchObject({ code: 'TransactionCountExceeded' });
    });
  });

  describe('CloseOrderReference', () => {
    it('closes an Open order reference as SellerClosed, notifies, and refuses new authorizations', async () => {
      const backend = createSandboxBackend();
      const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount });
      const updates: BackendUpdate[] = [];
      backend.subscribe(id, (u) => updates.push(u));
      expect(await backend.closeOrderReference({ amazonOrderReferenceId: id, closureReason: 'Order shipped.' })).toMatchObject({
        state: 'Closed',
        reasonCode: 'SellerClosed',
      });
      expect(updates).toEqual([
        expect.objectContaining({
          type: 'orderReference',
          orderReference: expect.objectContaining({ state: 'Closed', reasonCode: 'SellerClosed' }),
        }),
      ]);
      expect(
        await rejection(backend.authorize({ amazonOrderReferenceId: id, authorizationReferenceId: 'a-1', amount, mode: 'sync' })),
      ).toMatchObject({ code: 'InvalidOrderReferenceStatus' });
    });

    it("runs Amazon's closing simulation: ClosureReason AmazonClosed closes a Suspended order reference as AmazonClosed", async () => {
      const backend = createSandboxBackend();
      const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount });
      await backend.authorize({
        amazonOrderReferenceId: id,
        authorizationReferenceId: 'a-1',
        amount,
        mode: 'sync',
        sellerAuthorizationNote: note('InvalidPaymentMethod', { softDecline: false }),
      });
      const closureReason = sandboxSimulationNote({ state: 'Closed', reasonCode: 'AmazonClosed' });
      expect(closureReason).toBe('{"SandboxSimulation":{"State":"Closed","ReasonCode":"AmazonClosed"}}');
      expect(await backend.closeOrderReference({ amazonOrderReferenceId: id, closureReason })).toMatchObject({
        state: 'Closed',
        reasonCode: 'AmazonClosed',
      });
    });

    it('refuses to close a canceled order reference and any other simulation', async () => {
      const backend = createSandboxBackend();
      const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount });
      expect(
        await rejection(backend.closeOrderReference({ amazonOrderReferenceId: id, closureReason: note('AmazonRejected') })),
      ).toMatchObject({ code: 'InvalidSandboxSimulationSpecified' });
      await backend.cancelOrderReference({ amazonOrderReferenceId: id });
      expect(await rejection(backend.closeOrderReference({ amazonOrderReferenceId: id }))).toMatchObject({ code: 'InvalidCloseAttempt' });
    });
  });
});
