import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandboxBackend, type SandboxBackend } from '../../src/testing/sandbox-backend';
import { createDeclineRunner, type DeclineRunner } from '../../src/browser/decline-runner';
import type { DeclinePolicyOptions } from '../../src/domain/decline-policy';
import type { DeclineNotification, DeclineState, PollingOptions } from '../../src/domain/decline-machine';
import { sandboxSimulationNote, type SandboxSimulation } from '../../src/domain/sandbox-simulation';
import type { AmazonPayBackend } from '../../src/domain/backend';
import type { AuthorizationDetails, AuthorizationMode, Money } from '../../src/domain/types';

const amount: Money = { amount: '25.00', currencyCode: 'GBP' };
const ACCOUNT = 'https://payments.amazon.co.uk/jr/your-account/orders?language=en_GB';
const declined = (reasonCode: string, extra: Partial<SandboxSimulation> = {}) =>
  sandboxSimulationNote({ state: 'Declined', reasonCode, ...extra });

interface SetupOptions {
  readonly policy?: DeclinePolicyOptions;
  readonly polling?: PollingOptions;
  readonly initialAuthorization?: AuthorizationDetails;
  readonly amazonOrderReferenceId?: string;
  readonly onApproved?: (authorization: AuthorizationDetails) => void;
  readonly onNotify?: (notification: DeclineNotification) => void;
}

/** The runner with the buyer's actions as methods, as the hook uses it. */
function drive(runner: DeclineRunner) {
  return {
    runner,
    getState: () => runner.getState(),
    start: () => runner.start(),
    stop: () => runner.stop(),
    dispose: () => runner.dispose(),
    authorize: () => runner.send({ type: 'authorize' }),
    paymentSelected: () => runner.send({ type: 'paymentSelected' }),
    placeOrder: () => runner.send({ type: 'placeOrder' }),
    retry: () => runner.send({ type: 'retry' }),
    cancel: () => runner.send({ type: 'cancel' }),
  };
}

function runnerFor(
  backend: AmazonPayBackend,
  amazonOrderReferenceId: string,
  mode: AuthorizationMode,
  notes: (string | undefined)[],
  config: SetupOptions,
  states: DeclineState[],
) {
  const { onApproved, onNotify } = config;
  return drive(
    createDeclineRunner({
      init: {
        amazonOrderReferenceId: config.amazonOrderReferenceId ?? amazonOrderReferenceId,
        amount,
        mode,
        accountUrl: ACCOUNT,
        sellerAuthorizationNotes: notes.map((n) => n ?? null),
        polling: { initialDelayMs: 1000, ...config.polling },
        ...(config.policy ? { policy: config.policy } : {}),
      },
      backend: () => backend,
      seed: { jitter: 0 },
      ...(config.initialAuthorization ? { initialAuthorization: config.initialAuthorization } : {}),
      onStateChange: (s) => states.push(s),
      onNotify: (n) => {
        onNotify?.(n);
        if (n.type === 'approved') onApproved?.(n.authorization);
      },
    }),
  );
}

function setup(
  mode: AuthorizationMode,
  notes: (string | undefined)[],
  config: SetupOptions = {},
  backend: SandboxBackend = createSandboxBackend({ asyncResultDelayMs: 2000 }),
) {
  const order = backend.createOrderReference({ amount });
  const states: DeclineState[] = [];
  const engine = runnerFor(backend, order.amazonOrderReferenceId, mode, notes, config, states);
  engine.start();
  const authorizeCalls = () => backend.calls.filter((c) => c.method === 'authorize');
  return { backend, engine, order, states, authorizeCalls, id: order.amazonOrderReferenceId };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

// The decline table row by row (states and Amazon calls) is test/domain/decline-table.test.ts; here the
// runner's own behaviour around it: the buyer's actions, polling, lost replies, restarts, disposal.
describe('decline runner with the sandbox', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sync: hard InvalidPaymentMethod shows the wallet; selections only record; the final click confirms then authorizes', async () => {
    const t = setup('sync', [declined('InvalidPaymentMethod', { softDecline: false })]);
    t.engine.authorize();
    await flush();
    expect(t.engine.getState()).toMatchObject({ status: 'needsNewPaymentMethod', paymentSelected: false });
    t.engine.placeOrder(); // nothing picked yet: ignored
    for (const method of ['amex-0005', 'visa-0002', 'mastercard-4444']) {
      t.backend.selectPaymentMethod(t.id, method);
      t.engine.paymentSelected();
    }
    expect(t.backend.calls.filter((c) => c.method !== 'authorize')).toHaveLength(0);
    t.engine.placeOrder();
    t.engine.placeOrder(); // double click
    await flush();
    expect(t.engine.getState().status).toBe('approved');
    expect(t.backend.calls.map((c) => c.method)).toEqual(['authorize', 'getOrderReferenceDetails', 'confirmOrderReference', 'authorize']);
  });

  it('sync: confirming without a new method goes back to the wallet (PaymentMethodNotUpdated)', async () => {
    const t = setup('sync', [declined('InvalidPaymentMethod', { softDecline: false })]);
    t.engine.authorize();
    await flush();
    t.engine.paymentSelected();
    t.engine.placeOrder();
    await flush();
    expect(t.engine.getState()).toMatchObject({ status: 'error', error: { code: 'PaymentMethodNotUpdated' } });
    t.engine.retry();
    expect(t.engine.getState()).toMatchObject({ status: 'needsNewPaymentMethod', paymentSelected: false });
  });

  it('async: hard InvalidPaymentMethod contacts the buyer and authorizes when the order reference re-opens', async () => {
    const t = setup('async', [declined('InvalidPaymentMethod', { softDecline: false })]);
    t.engine.authorize();
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.engine.getState()).toMatchObject({ status: 'contactBuyer', awaitingUpdate: true, accountUrl: ACCOUNT });
    t.backend.simulateBuyerUpdatedPaymentMethod(t.id, 'visa-1111');
    await flush();
    expect(t.engine.getState()).toMatchObject({ status: 'pending' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.engine.getState().status).toBe('approved');
    expect(t.authorizeCalls()).toHaveLength(2);
  });

  it('an unknown reason code ends declined with the code kept, never a crash', async () => {
    const backend = createSandboxBackend();
    const real = backend.authorize.bind(backend);
    backend.authorize = async (request, options) => ({
      ...(await real(request, options)),
      state: 'Declined',
      reasonCode: 'BrandNewReason',
    });
    const t = setup('sync', [], {}, backend);
    t.engine.authorize();
    await flush();
    expect(t.engine.getState()).toMatchObject({ status: 'declined', reason: 'unknownCode', reasonCode: 'BrandNewReason' });
  });

  it('async: polls with backoff when no notification arrives', async () => {
    const backend = createSandboxBackend({ asyncResultDelayMs: 5000, notifications: false });
    const t = setup('async', [], {}, backend);
    t.engine.authorize();
    await flush();
    expect(t.engine.getState().status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1000 + 2000); // polls at 1 s and 3 s: still pending
    expect(backend.calls.filter((c) => c.method === 'getAuthorizationDetails')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(4000); // poll at 7 s
    expect(t.engine.getState().status).toBe('approved');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(backend.calls.filter((c) => c.method === 'getAuthorizationDetails')).toHaveLength(3);
  });

  it('a pushed update and a poll for the same result are handled once', async () => {
    const t = setup('async', [declined('AmazonRejected')], { polling: { initialDelayMs: 2000 } });
    t.engine.authorize();
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.states.filter((s) => s.status === 'declined')).toHaveLength(1);
  });

  it('a lost Authorize reply is retried with the same AuthorizationReferenceId: one authorization', async () => {
    const t = setup('sync', []);
    t.backend.injectFault({ method: 'authorize', kind: 'network', when: 'after' });
    t.engine.authorize();
    await flush();
    expect(t.engine.getState()).toMatchObject({ status: 'error', error: { kind: 'network' } });
    t.engine.retry();
    await flush();
    expect(t.engine.getState().status).toBe('approved');
    const ids = t.authorizeCalls().map((c) => (c.args as { authorizationReferenceId: string }).authorizationReferenceId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('continues from a decline the merchant already received', async () => {
    const backend = createSandboxBackend();
    const order = backend.createOrderReference({ amount });
    const first = await backend.authorize({
      amazonOrderReferenceId: order.amazonOrderReferenceId,
      authorizationReferenceId: 'merchant-1',
      amount,
      mode: 'sync',
      sellerAuthorizationNote: declined('InvalidPaymentMethod', { softDecline: false }),
    });
    const states: DeclineState[] = [];
    const engine = runnerFor(backend, order.amazonOrderReferenceId, 'sync', [], { initialAuthorization: first }, states);
    expect(engine.getState().status).toBe('needsNewPaymentMethod');
    expect(states).toEqual([]);
  });

  it('rejects an invalid order reference id with an error state', () => {
    const engine = runnerFor(createSandboxBackend(), 'nope', 'sync', [], {}, []);
    expect(engine.getState()).toMatchObject({ status: 'error', error: { kind: 'validation', code: 'InvalidOrderReferenceId' } });
  });

  it('dispose aborts calls in flight and stops timers; no state change afterwards', async () => {
    const backend = createSandboxBackend({ latencyMs: 500 });
    const t = setup('sync', [], {}, backend);
    t.engine.authorize();
    const before = t.states.length;
    t.engine.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.states).toHaveLength(before);
    expect(backend.calls.filter((c) => c.outcome === 'ok')).toHaveLength(0);
  });

  it('"Pay another way" is refused while an authorization outcome is unknown (authorizing, pending)', async () => {
    const backend = createSandboxBackend({ latencyMs: 500, asyncResultDelayMs: 2000 });
    const t = setup('async', [declined('ProcessingFailure')], {}, backend);
    t.engine.authorize();
    expect(t.engine.getState().status).toBe('authorizing');
    t.engine.cancel();
    expect(t.engine.getState().status).toBe('authorizing');
    await vi.advanceTimersByTimeAsync(500);
    expect(t.engine.getState()).toMatchObject({ status: 'pending' });
    t.engine.cancel();
    expect(t.engine.getState().status).toBe('pending');
  });

  it('when polling gives up, "Pay another way" stays refused; the pushed result still decides', async () => {
    // Polling gives up before the async result arrives (error state); the result is then pushed.
    const t = setup('async', [declined('AmazonRejected')], { polling: { initialDelayMs: 1000, maxPolls: 0 } });
    t.engine.authorize();
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.engine.getState()).toMatchObject({ status: 'error', error: { code: 'PollingExhausted' }, authorizationUnknown: true });
    t.engine.cancel();
    expect(t.engine.getState().status).toBe('error');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(t.engine.getState()).toMatchObject({ status: 'declined', reason: 'rejected', reasonCode: 'AmazonRejected' });
    expect(t.authorizeCalls()).toHaveLength(1);
  });

  it('polling gave up and the buyer tried to leave: a late approval is reported once, no second Authorize', async () => {
    const onApproved = vi.fn();
    const t = setup('async', [undefined], { polling: { initialDelayMs: 1000, maxPolls: 0 }, onApproved });
    t.engine.authorize();
    await vi.advanceTimersByTimeAsync(1000);
    t.engine.cancel();
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.engine.getState().status).toBe('approved');
    expect(onApproved).toHaveBeenCalledTimes(1);
    expect(t.authorizeCalls()).toHaveLength(1);
  });

  it('"Pay another way" during a scheduled retry cancels it, also across stop/start', async () => {
    const t = setup('sync', [declined('InvalidPaymentMethod', { softDecline: true })]);
    t.engine.authorize();
    await flush();
    expect(t.engine.getState().status).toBe('retryScheduled');
    t.engine.cancel();
    t.engine.stop();
    t.engine.start();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(t.engine.getState()).toMatchObject({ status: 'declined', reason: 'canceled' });
    expect(t.authorizeCalls()).toHaveLength(1);
  });

  it('"Pay another way" cancels the order reference at Amazon once, even when the tab stops and starts or unmounts at once', async () => {
    for (const leave of ['stop/start', 'dispose'] as const) {
      const t = setup('sync', [declined('InvalidPaymentMethod', { softDecline: false })], {}, createSandboxBackend({ latencyMs: 100 }));
      t.engine.authorize();
      await vi.advanceTimersByTimeAsync(100);
      expect(t.engine.getState().status).toBe('needsNewPaymentMethod');
      t.engine.cancel();
      if (leave === 'dispose') t.engine.dispose();
      else {
        t.engine.stop();
        t.engine.start();
      }
      await vi.advanceTimersByTimeAsync(1000);
      const cancels = t.backend.calls.filter((c) => c.method === 'cancelOrderReference');
      expect(cancels.map((c) => [c.outcome, (c.args as { reason?: string }).reason])).toEqual([
        ['ok', 'The buyer chose another payment method.'],
      ]);
      const details = t.backend.getOrderReferenceDetails(t.id);
      await vi.advanceTimersByTimeAsync(200);
      expect((await details).state).toBe('Canceled');
      expect(t.authorizeCalls()).toHaveLength(1);
      if (leave === 'stop/start') expect(t.engine.getState()).toMatchObject({ status: 'declined', reason: 'canceled' });
    }
  });

  it('a refused cancel after "Pay another way" is reported, and the buyer still sees that they pay another way', async () => {
    const reported: unknown[] = [];
    const backend = createSandboxBackend();
    const order = backend.createOrderReference({ amount });
    const runner = createDeclineRunner({
      init: {
        amazonOrderReferenceId: order.amazonOrderReferenceId,
        amount,
        mode: 'sync',
        accountUrl: ACCOUNT,
        sellerAuthorizationNotes: [declined('InvalidPaymentMethod', { softDecline: false })],
      },
      backend: () => ({ ...backend, cancelOrderReference: () => Promise.reject(new Error('network down')) }),
      seed: { jitter: 0 },
      reportError: (error) => reported.push(error),
    });
    runner.start();
    runner.send({ type: 'authorize' });
    await flush();
    runner.send({ type: 'cancel' });
    await flush();
    expect(reported).toEqual([expect.objectContaining({ message: 'network down' })]);
    expect(runner.getState()).toMatchObject({ status: 'declined', reason: 'canceled' });
    runner.dispose();
  });

  for (const replay of ['at once (StrictMode)', 'later (remount)'] as const) {
    it(`stop/start ${replay} while a scheduled re-authorization is in flight resumes it`, async () => {
      const backend = createSandboxBackend({ latencyMs: 100 });
      const t = setup('sync', [declined('InvalidPaymentMethod', { softDecline: true })], {}, backend);
      t.engine.authorize();
      await vi.advanceTimersByTimeAsync(100);
      expect(t.engine.getState().status).toBe('retryScheduled');
      await vi.advanceTimersByTimeAsync(60_050); // the retry timer fired; GetOrderReferenceDetails is in flight
      expect(t.engine.getState().status).toBe('retryScheduled');
      t.engine.stop();
      if (replay === 'later (remount)') await vi.advanceTimersByTimeAsync(5000);
      t.engine.start();
      await vi.advanceTimersByTimeAsync(1000);
      expect(t.engine.getState().status).toBe('approved');
      const ids = t
        .authorizeCalls()
        .filter((c) => c.outcome === 'ok')
        .map((c) => (c.args as { authorizationReferenceId: string }).authorizationReferenceId);
      expect(new Set(ids).size).toBe(2);
    });
  }

  it("the server's RetryBudgetExhausted (attempts before a reload) ends in another payment method", async () => {
    const t = setup('sync', []);
    t.backend.injectFault({ method: 'authorize', kind: 'amazon', code: 'RetryBudgetExhausted', status: 409, when: 'before' });
    t.engine.authorize();
    await flush();
    expect(t.engine.getState()).toEqual({ status: 'declined', reason: 'budgetSpent', reasonCode: undefined });
  });

  it('while an Authorize outcome is unknown (lost reply) the buyer cannot leave; a refusal lets them', async () => {
    const t = setup('sync', []);
    t.backend.injectFault({ method: 'authorize', kind: 'network', when: 'after' });
    t.engine.authorize();
    await flush();
    expect(t.engine.getState()).toMatchObject({ status: 'error', authorizationUnknown: true });
    t.engine.cancel();
    expect(t.engine.getState().status).toBe('error');
    t.engine.retry();
    await flush();
    expect(t.engine.getState().status).toBe('approved');

    const refused = setup('sync', []);
    refused.backend.injectFault({ method: 'authorize', kind: 'amazon', code: 'AmountMismatch', status: 409, when: 'before' });
    refused.engine.authorize();
    await flush();
    expect(refused.engine.getState()).toMatchObject({ status: 'error', authorizationUnknown: false });
    refused.engine.cancel();
    expect(refused.engine.getState()).toMatchObject({ status: 'declined', reason: 'canceled' });
  });

  it('the pushed result of an attempt whose Authorize reply was lost is handled', async () => {
    const t = setup('async', [declined('AmazonRejected')]);
    t.backend.injectFault({ method: 'authorize', kind: 'network', when: 'after' });
    t.engine.authorize();
    await flush();
    expect(t.engine.getState()).toMatchObject({ status: 'error', authorizationUnknown: true });
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.engine.getState()).toMatchObject({ status: 'declined', reasonCode: 'AmazonRejected' });
    expect(t.authorizeCalls()).toHaveLength(1);
  });

  it("a backend's own AbortError is an error state, not a silent endless re-send", async () => {
    const backend = createSandboxBackend();
    const t = setup('sync', [], {}, backend);
    const original = backend.authorize.bind(backend);
    let calls = 0;
    backend.authorize = async (...args) => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error('the backend timed out'), { name: 'AbortError' });
      return original(...args);
    };
    t.engine.authorize();
    await flush();
    expect(calls).toBe(1);
    expect(t.engine.getState()).toMatchObject({ status: 'error', authorizationUnknown: true });
  });
});
