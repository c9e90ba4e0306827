/**
 * The recovery runner on its in-memory defaults (one process: the demo,
 * tests, a single server), under fake timers: the same machine and effects
 * as on PostgreSQL, with Amazon's one-to-two-minute and hourly clocks run
 * forward instead of waited for.
 */
import { authorizationAllowance, DEFAULT_OVERCHARGE_CAPS } from '../../../src/domain/authorization-limits';
import { createRecoveryRunner, type RecoveryHooks } from '../../../src/server/recovery/recovery-runner';
import { createMemoryScheduler } from '../../../src/server/recovery/recovery-scheduler';
import { createMemoryRecoveryStore } from '../../../src/server/recovery/recovery-store';
import { createMemoryOrderStore } from '../../../src/server/order-store';
import { createFakeAmazon } from '../fake-amazon';
import { dyingAfterAuthorize } from './dying-store';
import { trackFirst as trackFirstOf } from './track-first';

const ORDER = 'S01-1234567-7654321';

function setup() {
  const amazon = createFakeAmazon();
  const told: Array<{ hook: string; endState?: unknown }> = [];
  const hooks: RecoveryHooks = {
    contactBuyer: () => void told.push({ hook: 'contactBuyer' }),
    remindBuyer: () => void told.push({ hook: 'remindBuyer' }),
    orderFailed: (context) => void told.push({ hook: 'orderFailed', endState: context.endState }),
    orderAuthorized: () => void told.push({ hook: 'orderAuthorized' }),
  };
  const runner = createRecoveryRunner({
    legacy: amazon,
    store: createMemoryRecoveryStore(),
    scheduler: createMemoryScheduler(),
    hooks,
    region: 'us',
    onError: () => undefined,
  });
  return { amazon, told, runner };
}

const trackFirst = (
  amazon: ReturnType<typeof setup>['amazon'],
  runner: ReturnType<typeof setup>['runner'],
  script: Parameters<ReturnType<typeof setup>['amazon']['script']>[1],
) => trackFirstOf(amazon, runner, ORDER, script);

beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') }));
afterEach(() => vi.useRealTimers());

describe('recovery runner, in memory', () => {
  it('soft decline: re-authorizes one to two minutes later by itself, with no notification at all (hourly polls)', async () => {
    const { amazon, told, runner } = setup();
    await runner.start();
    const first = await trackFirst(amazon, runner, [
      { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true },
      { state: 'Open' },
    ]);
    amazon.settle(first.amazonAuthorizationId); // Amazon declines; the notification is lost
    await vi.advanceTimersByTimeAsync(3_600_000); // the hourly poll finds the decline, the retry follows within 2 min
    await vi.advanceTimersByTimeAsync(120_000);
    const second = amazon.authorizations(ORDER)[1]!;
    expect(second.state).toBe('Pending');
    amazon.settle(second.amazonAuthorizationId);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect((await runner.get(ORDER))?.phase).toBe('authorized');
    expect(told).toEqual([{ hook: 'orderAuthorized' }]);
    expect(amazon.sequence()).toEqual([
      'Authorize',
      'GetAuthorizationDetails', // hourly poll: Declined (soft)
      'GetOrderReferenceDetails', // retry due: Suspended
      'ConfirmOrderReference',
      'Authorize',
      'GetAuthorizationDetails', // hourly poll: Open
    ]);
    await runner.stop();
  });

  it('an Authorize whose reply was lost, then Amazon down past the retry budget: the attempt is kept and re-sent, never given up while Amazon may hold it', async () => {
    const { amazon, told, runner } = setup();
    await runner.start();
    const first = await trackFirst(amazon, runner, [
      { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true },
      { state: 'Open' },
    ]);
    amazon.settle(first.amazonAuthorizationId);
    // The retry's Authorize reaches Amazon but its reply is lost; then every call fails for hours.
    amazon.loseNextAuthorizeReply(1);
    await vi.advanceTimersByTimeAsync(3_600_000 + 120_000);
    expect(amazon.authorizations(ORDER).map((a) => a.state)).toEqual(['Declined', 'Pending']);
    amazon.failNext('*', 40);
    await vi.advanceTimersByTimeAsync(6 * 3_600_000);
    expect(told).toEqual([]); // not ended "failed": Amazon may still settle the second authorization Open
    amazon.settle(amazon.authorizations(ORDER)[1]!.amazonAuthorizationId);
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    expect((await runner.get(ORDER))?.phase).toBe('authorized');
    expect(told).toEqual([{ hook: 'orderAuthorized' }]);
    // Re-sent under the same AuthorizationReferenceId: Amazon answered the first result, no third authorization.
    expect(amazon.authorizations(ORDER)).toHaveLength(2);
    await runner.stop();
  });

  it('the process dies after Amazon applied an Authorize, before the unit commits, then Amazon is down: the attempt was committed ahead of the call, is re-sent, and the order ends as Amazon settles it', async () => {
    const amazon = createFakeAmazon();
    const dying = dyingAfterAuthorize(createMemoryRecoveryStore(), amazon);
    const told: string[] = [];
    const runner = createRecoveryRunner({
      legacy: amazon,
      store: dying.store,
      scheduler: createMemoryScheduler({ onError: () => undefined }),
      hooks: {
        contactBuyer: () => void told.push('contactBuyer'),
        orderFailed: ({ endState }) => void told.push(`orderFailed ${endState}`),
        orderAuthorized: () => void told.push('orderAuthorized'),
      },
      region: 'us',
      onError: () => undefined,
    });
    await runner.start();
    const first = await trackFirst(amazon, runner, [
      { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true },
      { state: 'Open' },
    ]);
    amazon.settle(first.amazonAuthorizationId);
    await vi.advanceTimersByTimeAsync(3_600_000); // the hourly poll finds the soft decline; the retry is due within 2 min
    dying.arm();
    await vi.advanceTimersByTimeAsync(120_000); // the retry's Authorize reaches Amazon; the process dies before the commit
    expect(dying.armed).toBe(false);
    expect(amazon.authorizations(ORDER).map((a) => a.state)).toEqual(['Declined', 'Pending']);
    amazon.failNext('*', 8); // the re-runs fail before they get to the Authorize
    await vi.advanceTimersByTimeAsync(3 * 3_600_000);
    expect(told).toEqual([]); // never ended while Amazon may settle the second authorization Open
    amazon.settle(amazon.authorizations(ORDER)[1]!.amazonAuthorizationId);
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    expect((await runner.get(ORDER))?.phase).toBe('authorized');
    expect(told).toEqual(['orderAuthorized']);
    expect(amazon.authorizations(ORDER)).toHaveLength(2); // re-sent under the same AuthorizationReferenceId
    await runner.stop();
  });

  it("a poll job that fails past the queue's retries while the authorization is Pending: the runner runs the timer again as a job of its own, so the order still ends", async () => {
    const { amazon, told, runner } = setup();
    await runner.start();
    const first = await trackFirst(amazon, runner, [{ state: 'Open' }]);
    amazon.settle(first.amazonAuthorizationId); // Open at Amazon; the notification is lost
    amazon.failNext('GetAuthorizationDetails', 6); // the hourly poll and all of the queue's retries of it fail
    await vi.advanceTimersByTimeAsync(3_600_000 + 5 * 60_000);
    expect(told).toEqual([]); // not ended "failed": the authorization's outcome was unknown
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect((await runner.get(ORDER))?.phase).toBe('authorized');
    expect(told).toEqual([{ hook: 'orderAuthorized' }]);
    await runner.stop();
  });

  it('records what it decides for the recovery report: the soft decline and the recovery, decided by the server', async () => {
    const { amazon, runner } = setup();
    await runner.start();
    const first = await trackFirst(amazon, runner, [
      { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true },
      { state: 'Open' },
    ]);
    amazon.settle(first.amazonAuthorizationId);
    await vi.advanceTimersByTimeAsync(3_600_000 + 120_000);
    amazon.settle(amazon.authorizations(ORDER)[1]!.amazonAuthorizationId);
    await vi.advanceTimersByTimeAsync(3_600_000);
    const report = await runner.events!.getRecoveryReport({ from: '2026-12-01', to: '2026-12-02', groupBy: 'path' });
    expect(report.totals).toMatchObject({
      declines: 1,
      recovered: 1,
      lost: 0,
      recoveredAmounts: [{ amount: '94.50', currencyCode: 'USD' }],
    });
    expect(report.rows.map((row) => row.key)).toEqual(['async/server']);
    // Declined at the first hourly poll, recovered at the poll an hour after the retry.
    expect(report.totals.medianTimeToRecoveryMs).toBeGreaterThanOrEqual(3_600_000);
    await runner.stop();
  });

  it('records a recovery that ends without a payment as lost, with its end state', async () => {
    const { amazon, runner } = setup();
    await runner.start();
    const first = await trackFirst(amazon, runner, [{ state: 'Declined', reasonCode: 'AmazonRejected' }]);
    amazon.settle(first.amazonAuthorizationId);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect((await runner.get(ORDER))?.phase).toBe('declined');
    const report = await runner.events!.getRecoveryReport({ from: '2026-12-01', to: '2026-12-02' });
    expect(report.totals).toMatchObject({ declines: 1, recovered: 0, lost: 1 });
    expect(report.rows).toEqual([expect.objectContaining({ key: 'AmazonRejected', lost: 1 })]);
    await runner.stop();
  });

  it('a notification on an order it does not recover, not Pending: no locked transaction, the attempt written once (the newer copy); a held lock is waited for', async () => {
    const amazon = createFakeAmazon();
    const store = createMemoryRecoveryStore();
    const orders = createMemoryOrderStore();
    const locks = vi.spyOn(store, 'withOrderLock');
    const saves = vi.spyOn(orders, 'saveAttempt');
    const hooks: RecoveryHooks = { contactBuyer: () => undefined, orderFailed: () => undefined };
    const runner = createRecoveryRunner({
      legacy: amazon,
      store,
      orders,
      scheduler: createMemoryScheduler(),
      hooks,
      region: 'us',
      onError: () => undefined,
    });
    amazon.openOrder(ORDER);
    amazon.script(ORDER, [{ state: 'Open' }]);
    const pending = await amazon.authorize({
      amazonOrderReferenceId: ORDER,
      authorizationReferenceId: 'sync-0',
      amount: { amount: '94.50', currencyCode: 'USD' },
      mode: 'sync',
    });
    amazon.settle(pending.amazonAuthorizationId);
    const open = amazon.authorizations(ORDER)[0]!;
    expect(open.state).toBe('Open');

    await runner.onNotification({ kind: 'authorization', notificationId: 'n-1', authorization: open });
    expect(locks).not.toHaveBeenCalled();
    expect(saves).toHaveBeenCalledTimes(1);
    expect(await runner.get(ORDER)).toBeUndefined();

    // A notification newer than Amazon's read (the read lags): the store keeps the notification's copy, as before.
    const closed = {
      ...open,
      state: 'Closed' as const,
      lastUpdateTimestamp: new Date(Date.parse(open.lastUpdateTimestamp) + 60_000).toISOString(),
    };
    await runner.onNotification({ kind: 'authorization', notificationId: 'n-2', authorization: closed });
    expect(saves).toHaveBeenCalledTimes(2);
    expect(await orders.listAttempts(ORDER)).toMatchObject([{ authorizationReferenceId: 'sync-0', state: 'Closed' }]);

    // While a unit of work holds the order's lock the notification does not take the shortcut: it waits and acts after it.
    let release!: () => void;
    const held = store.withOrderLock(ORDER, () => new Promise<void>((resolve) => (release = resolve)));
    locks.mockClear();
    const notified = runner.onNotification({ kind: 'authorization', notificationId: 'n-3', authorization: open });
    await vi.advanceTimersByTimeAsync(0);
    release();
    await Promise.all([held, notified]);
    expect(locks).toHaveBeenCalledTimes(1);
  });

  it('refuses hooks that would leave a declined buyer uncontacted', () => {
    const amazon = createFakeAmazon();
    expect(() =>
      createRecoveryRunner({
        legacy: amazon,
        store: createMemoryRecoveryStore(),
        scheduler: createMemoryScheduler(),
        hooks: {} as RecoveryHooks,
        region: 'us',
      }),
    ).toThrow(/contactBuyer/);
  });
});

describe('authorizationAllowance', () => {
  const usd = (amount: string) => ({ amount, currencyCode: 'USD' as const });
  const base = { orderTotal: usd('100.00'), maxSuccessful: 10, caps: DEFAULT_OVERCHARGE_CAPS };

  it('allows re-authorizing the order amount after declines (declined ones hold nothing)', () => {
    expect(
      authorizationAllowance({ ...base, attempts: [{ state: 'Declined', amount: usd('100.00') }], requested: usd('100.00') }),
    ).toBeUndefined();
  });

  it('refuses what would exceed the total by more than 15 %, and more than 75 on a large order', () => {
    expect(authorizationAllowance({ ...base, attempts: [{ state: 'Open', amount: usd('100.00') }], requested: usd('15.01') })).toBe(
      'OverchargeAllowanceExceeded',
    );
    expect(
      authorizationAllowance({ ...base, attempts: [{ state: 'Open', amount: usd('100.00') }], requested: usd('15.00') }),
    ).toBeUndefined();
    expect(authorizationAllowance({ ...base, orderTotal: usd('1000.00'), attempts: [], requested: usd('1075.01') })).toBe(
      'OverchargeAllowanceExceeded',
    );
  });

  it('refuses an eleventh successful authorization', () => {
    const open = Array.from({ length: 10 }, () => ({ state: 'Open', amount: usd('1.00') }));
    expect(authorizationAllowance({ ...base, attempts: open, requested: usd('1.00') })).toBe('MaxSuccessfulAuthorizations');
  });
});
