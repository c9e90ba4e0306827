import { describe, expect, it } from 'vitest';
import { createSandboxBackend, sandboxSimulationNote } from '../../src/testing';

const amount = { amount: '49.90', currencyCode: 'EUR' } as const;
const period = () => ({ from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

describe('the sandbox records what the kit server would (the tab deciding)', () => {
  it('a hard decline then an approval on the same order: one declined order, recovered, path sync/tab', async () => {
    const sandbox = createSandboxBackend();
    const order = sandbox.createOrderReference({ amount, paymentMethodId: 'amex-0005' });
    const id = order.amazonOrderReferenceId;
    expect((await sandbox.authorize({ amazonOrderReferenceId: id, authorizationReferenceId: 'a-1', amount, mode: 'sync' })).state).toBe(
      'Declined',
    );
    sandbox.selectPaymentMethod(id, 'visa-1111');
    await sandbox.confirmOrderReference({ amazonOrderReferenceId: id });
    expect((await sandbox.authorize({ amazonOrderReferenceId: id, authorizationReferenceId: 'a-2', amount, mode: 'sync' })).state).toBe(
      'Open',
    );
    const report = sandbox.getRecoveryReport({ ...period(), groupBy: 'path' });
    expect(report.totals).toMatchObject({ declines: 1, recovered: 1, lost: 0, recoveredAmounts: [amount] });
    expect(report.rows).toEqual([expect.objectContaining({ key: 'sync/tab' })]);
  });

  it("a declined order the buyer leaves (another method, then a cancel) is lost once; the tab's own events are taken as the server takes them", async () => {
    const sandbox = createSandboxBackend();
    const id = sandbox.createOrderReference({ amount }).amazonOrderReferenceId;
    await sandbox.authorize({
      amazonOrderReferenceId: id,
      authorizationReferenceId: 'a-1',
      amount,
      mode: 'sync',
      sellerAuthorizationNote: sandboxSimulationNote({ state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false }),
    });
    sandbox.recordFunnelEvent({ type: 'otherMethodChosen', amazonOrderReferenceId: id });
    sandbox.recordFunnelEvent({ type: 'recovered', amazonOrderReferenceId: id, amount }); // not the tab's to say
    // The buyer paid another way (the browser's machine cancels nothing at Amazon): lost already.
    expect(sandbox.getRecoveryReport(period()).totals).toMatchObject({ declines: 1, lost: 1, pending: 0 });
    await sandbox.cancelOrderReference({ amazonOrderReferenceId: id });
    const report = sandbox.getRecoveryReport(period());
    expect(report.totals).toMatchObject({ declines: 1, recovered: 0, lost: 1, otherMethodChosen: 1 });
    expect(report.rows.map((row) => row.key)).toEqual(['InvalidPaymentMethod']);
  });

  it('a Checkout v2 session declined at completion is a decline seen and lost (path sync/tab), once', async () => {
    const sandbox = createSandboxBackend();
    const signed = await sandbox.signCheckoutSessionPayload({ checkoutResultReturnUrl: 'https://shop.example/confirm', amount });
    const session = sandbox.createCheckoutSession(signed);
    sandbox.finishCheckoutSession(session.checkoutSessionId, { paymentMethodId: 'amex-0005' });
    const completion = { checkoutSessionId: session.checkoutSessionId, amount };
    expect(await sandbox.completeCheckoutSession(completion)).toMatchObject({ state: 'Canceled', reasonCode: 'Declined' });
    await sandbox.completeCheckoutSession(completion);
    const report = sandbox.getRecoveryReport({ ...period(), groupBy: 'path' });
    expect(report.totals).toMatchObject({ declines: 1, recovered: 0, lost: 1 });
    expect(report.rows).toEqual([expect.objectContaining({ key: 'sync/tab', declines: 1, lost: 1 })]);
  });
});
