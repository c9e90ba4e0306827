/**
 * Checkout v2 asynchronous charges (canHandlePendingAuthorization) with the
 * tab closed, in memory: the kit's handler on a real loopback HTTP server,
 * the real IPN verifier (SNS envelopes signed with a test certificate), the
 * recovery runner's charge watch, and a fake Amazon that records its calls.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIpnVerifier } from '../../src/server/amazon/ipn-verifier';
import { createAmazonPayHandler } from '../../src/server/handler';
import { toNodeListener } from '../../src/server/node-listener';
import { createMemoryOrderStore } from '../../src/server/order-store';
import type { ChargeMachineOptions } from '../../src/server/recovery/charge-machine';
import { createRecoveryRunner, type RecoveryHooks, type RecoveryRunner } from '../../src/server/recovery/recovery-runner';
import { createMemoryScheduler } from '../../src/server/recovery/recovery-scheduler';
import { createMemoryRecoveryStore } from '../../src/server/recovery/recovery-store';
import type { RecordedRecoveryEvent } from '../../src/domain/recovery-events';
import type { RecoveryEventLog } from '../../src/server/recovery-event-log';
import { eventually } from '../support/eventually';
import { listenOnLoopback, type Listening } from '../support/loopback-server';
import { createFakeAmazon, type ChargeOutcome, type FakeAmazon } from './fake-amazon';
import { signedSnsBody } from './sns-test-envelope';
import { makeSelfSignedCertificate } from './test-certificates';

const SELLER = 'A2K7NDRCTOTPW9';
const TOPIC = 'arn:aws:sns:us-east-1:291180941288:A3BXB0YN3XH17HA2K7NDRCTOTPW9';
const CHECK_OUT_AGAIN = 'https://shop.example/cart';
const AMOUNT = { amount: '94.50', currencyCode: 'USD' } as const;
const { certPem, keyPem } = makeSelfSignedCertificate('sns.amazonaws.com');

interface Told {
  readonly hook: keyof RecoveryHooks;
  readonly context: Record<string, unknown>;
}

interface Shop {
  readonly amazon: FakeAmazon;
  /** What the runner and the handler recorded for the recovery report. */
  readonly recorded: RecordedRecoveryEvent[];
  readonly runner: RecoveryRunner;
  readonly orders: ReturnType<typeof createMemoryOrderStore>;
  readonly told: Told[];
  readonly url: string;
  readonly server: Listening;
}

const open: Shop[] = [];
afterEach(async () => {
  for (const shop of open.splice(0)) {
    await shop.runner.stop();
    await shop.server.close();
  }
});

async function startShop(machine: Partial<ChargeMachineOptions> = { pollIntervalMs: 60_000 }): Promise<Shop> {
  const amazon = createFakeAmazon();
  const told: Told[] = [];
  const recorded: RecordedRecoveryEvent[] = [];
  const events: RecoveryEventLog = { recordEvents: async (batch) => void recorded.push(...batch), getRecoveryReport: vi.fn() };
  const record = (hook: keyof RecoveryHooks) => (context: object) => void told.push({ hook, context: context as Record<string, unknown> });
  const runner = createRecoveryRunner({
    legacy: amazon,
    store: createMemoryRecoveryStore(),
    scheduler: createMemoryScheduler({ retryDelayMs: 100 }),
    hooks: { contactBuyer: record('contactBuyer'), orderFailed: record('orderFailed'), orderAuthorized: record('orderAuthorized') },
    region: 'us',
    checkoutV2: { client: amazon, checkoutAgainUrl: CHECK_OUT_AGAIN, machine },
    events,
    onError: () => undefined,
  });
  await runner.start();
  const orders = createMemoryOrderStore();
  const handler = createAmazonPayHandler({
    legacy: amazon,
    checkout: amazon,
    ipn: createIpnVerifier({ allowedTopicArns: [TOPIC], expectedSellerId: SELLER, fetchCertificate: async () => certPem }),
    storage: orders,
    recovery: runner,
    storeId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
    allowedReturnOrigins: ['https://shop.example'],
    orderAmount: () => AMOUNT,
    canAccess: () => true,
    onError: () => undefined,
  });
  const server = await listenOnLoopback(toNodeListener(handler));
  const shop = { amazon, recorded, runner, orders, told, url: server.url, server };
  open.push(shop);
  return shop;
}

let checkoutCounter = 0;

/** The buyer came back from Amazon's page; the shop completes the session, and the charge is AuthorizationInitiated. Then the tab closes. */
async function checkOut(shop: Shop, outcome: ChargeOutcome): Promise<{ permissionId: string; chargeId: string }> {
  const n = ++checkoutCounter;
  const permissionId = `S01-${String(5000000 + n)}-${String(3000000 + n)}`;
  const sessionId = `b2f5c7e0-0000-4000-8000-${String(n).padStart(12, '0')}`;
  shop.amazon.openCheckout(sessionId, { permissionId, merchantReferenceId: `cart-${n}`, outcome });
  const response = await fetch(`${shop.url}/checkout-sessions/${sessionId}/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ amount: AMOUNT }),
  });
  expect(response.status).toBe(200);
  const chargeId = `${permissionId}-C000001`;
  expect(await response.json()).toMatchObject({ state: 'Completed', chargeId, merchantReferenceId: `cart-${n}` });
  expect((await shop.runner.getCharge(chargeId))?.phase).toBe('awaitingResult');
  return { permissionId, chargeId };
}

let notificationCounter = 0;

/** A Checkout v2 IPN (Amazon's documented schema) in a signed SNS envelope, posted as SNS would. */
function notify(shop: Shop, fields: Record<string, unknown>, casing: 'PascalCase' | 'camelCase' = 'PascalCase'): Promise<Response> {
  const pascal = {
    NotificationType: 'STATE_CHANGE',
    NotificationId: `v2-${++notificationCounter}`,
    NotificationVersion: 'V2',
    MerchantID: SELLER,
    ObjectType: 'CHARGE',
    ...fields,
  };
  // An older page of Amazon's documents the same keys in lower camel case (merchantID, objectType, ...).
  const message = JSON.stringify(
    casing === 'PascalCase'
      ? pascal
      : Object.fromEntries(Object.entries(pascal).map(([key, value]) => [key[0]!.toLowerCase() + key.slice(1), value])),
  );
  return fetch(`${shop.url}/ipn`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'x-amz-sns-message-type': 'Notification' },
    body: signedSnsBody(message, { topic: TOPIC, keyPem }),
  });
}
const chargeNotification = (chargeId: string, permissionId: string, notificationId = `v2-${++notificationCounter}`) => ({
  ObjectId: chargeId,
  ChargePermissionId: permissionId,
  NotificationId: notificationId,
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const settled = (shop: Shop, chargeId: string) =>
  eventually(
    async () => {
      const state = await shop.runner.getCharge(chargeId);
      return state && state.phase !== 'awaitingResult' ? state : undefined;
    },
    5_000,
    10,
  );
const hooked = (shop: Shop, hook: keyof RecoveryHooks) => eventually(() => shop.told.find((t) => t.hook === hook), 5_000, 10);

// The polling tests put the runner's timers and clock on vitest's fake timers (the HTTP server and
// fetch keep real I/O): the polls and the waits for no further poll pass at once instead of in 3 s.
const useFakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
afterEach(() => {
  vi.useRealTimers();
});

/** As `eventually`, on the fake clock: moves it 50 ms at a time, up to `withinMs`, until `check` gives a value. */
async function onFakeClockUntil<T>(check: () => Promise<T | undefined | false> | T | undefined | false, withinMs = 5_000): Promise<T> {
  for (let passed = 0; ; passed += 50) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (passed >= withinMs) throw new Error(`Condition not met within ${withinMs} ms of the fake clock.`);
    await vi.advanceTimersByTimeAsync(50);
  }
}

describe('Checkout v2 asynchronous charges, buyer gone', () => {
  it('Declined (notification): closes the charge permission and gives orderFailed a check-out-again link with the same cart', async () => {
    const shop = await startShop();
    const { permissionId, chargeId } = await checkOut(shop, { state: 'Declined', reasonCode: 'HardDeclined' });
    shop.amazon.settleCharge(chargeId);
    expect((await notify(shop, chargeNotification(chargeId, permissionId))).status).toBe(200);
    expect(await settled(shop, chargeId)).toMatchObject({ phase: 'declined', reasonCode: 'HardDeclined' });
    expect(shop.amazon.sequence(permissionId)).toEqual([
      'CompleteCheckoutSession', // the buyer's return, through the handler
      'GetCharge', // watch starts: AuthorizationInitiated
      'GetCharge', // CHARGE notification re-read: Declined/HardDeclined
      'CloseChargePermission', // cancelPendingCharges: the buyer checks out again instead
    ]);
    expect(shop.amazon.chargePermissionState(permissionId)).toBe('Closed');
    const failed = await hooked(shop, 'orderFailed');
    expect(failed.context).toMatchObject({
      amazonOrderReferenceId: permissionId,
      endState: 'declined',
      reasonCode: 'HardDeclined',
      amount: AMOUNT,
      checkout: {
        chargeId,
        chargePermissionId: permissionId,
        merchantReferenceId: 'cart-1',
        checkoutAgainUrl: 'https://shop.example/cart?merchantReferenceId=cart-1',
      },
    });
  });

  it('the recovery report: a Declined charge is a decline seen (async, the server deciding) and lost; recorded once', async () => {
    const shop = await startShop();
    const { permissionId, chargeId } = await checkOut(shop, { state: 'Declined', reasonCode: 'HardDeclined' });
    shop.amazon.settleCharge(chargeId);
    expect((await notify(shop, chargeNotification(chargeId, permissionId))).status).toBe(200);
    await settled(shop, chargeId);
    // The same notification again: the watch has ended, nothing more is recorded.
    expect((await notify(shop, chargeNotification(chargeId, permissionId))).status).toBe(200);
    expect(shop.recorded.filter((event) => event.type !== 'checkoutCompleted')).toEqual([
      {
        id: `decline:${chargeId}`,
        at: expect.any(Number),
        type: 'declineSeen',
        orderKey: permissionId,
        reasonCode: 'HardDeclined',
        mode: 'async',
        decline: 'hard',
        decidedBy: 'server',
        amount: AMOUNT,
      },
      {
        id: `lost:${permissionId}`,
        at: expect.any(Number),
        type: 'lost',
        orderKey: permissionId,
        decidedBy: 'server',
        endState: 'declined',
        reasonCode: 'HardDeclined',
      },
    ]);
  });

  it('the recovery report: a checkout session declined at completion is a decline seen (sync, the tab deciding) and lost', async () => {
    const shop = await startShop();
    const sessionId = 'b2f5c7e0-0000-4000-8000-999999999999';
    shop.amazon.openCheckout(sessionId, {
      permissionId: 'S01-5999999-3999999',
      merchantReferenceId: 'cart-d',
      outcome: { state: 'Authorized' },
      declines: true,
    });
    const complete = () =>
      fetch(`${shop.url}/checkout-sessions/${sessionId}/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: AMOUNT }),
      });
    expect(await (await complete()).json()).toMatchObject({ state: 'Canceled', reasonCode: 'Declined' });
    expect(await (await complete()).json()).toMatchObject({ state: 'Canceled', reasonCode: 'Declined' }); // a repeat records nothing more
    expect(shop.recorded).toEqual([
      {
        id: `decline:${sessionId}`,
        at: expect.any(Number),
        type: 'declineSeen',
        orderKey: sessionId,
        checkoutSessionId: sessionId,
        reasonCode: 'Declined',
        mode: 'sync',
        decline: 'hard',
        decidedBy: 'tab',
        amount: AMOUNT,
      },
      {
        id: `lost:${sessionId}`,
        at: expect.any(Number),
        type: 'lost',
        orderKey: sessionId,
        decidedBy: 'tab',
        endState: 'declined',
        reasonCode: 'Declined',
      },
    ]);
  });

  it('Canceled (notification in lower camel case): nothing left to cancel at Amazon; orderFailed (closed) with the link', async () => {
    const shop = await startShop();
    const { permissionId, chargeId } = await checkOut(shop, { state: 'Canceled', reasonCode: 'ExpiredUnused' });
    shop.amazon.settleCharge(chargeId);
    expect((await notify(shop, chargeNotification(chargeId, permissionId), 'camelCase')).status).toBe(200);
    expect(await settled(shop, chargeId)).toMatchObject({ phase: 'closed', reasonCode: 'ExpiredUnused' });
    expect(shop.amazon.sequence(permissionId)).toEqual(['CompleteCheckoutSession', 'GetCharge', 'GetCharge']);
    const failed = await hooked(shop, 'orderFailed');
    expect(failed.context).toMatchObject({
      endState: 'closed',
      reasonCode: 'ExpiredUnused',
      checkout: { checkoutAgainUrl: expect.stringMatching(/^https:\/\/shop\.example\/cart\?merchantReferenceId=cart-\d+$/) },
    });
  });

  it('AuthorizationInitiated, then Authorized, found by polling when no notification comes; polling then stops', async () => {
    const shop = await startShop({ pollIntervalMs: 600 });
    useFakeClock();
    const { permissionId, chargeId } = await checkOut(shop, { state: 'Authorized' });
    await onFakeClockUntil(() => shop.amazon.sequence(permissionId).length === 3); // the first poll: still AuthorizationInitiated
    shop.amazon.settleCharge(chargeId);
    const found = await onFakeClockUntil(async () => {
      const state = await shop.runner.getCharge(chargeId);
      return state && state.phase !== 'awaitingResult' ? state : undefined;
    });
    expect(found).toMatchObject({ phase: 'authorized', chargeState: 'Authorized', notified: false });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(shop.amazon.sequence(permissionId)).toEqual([
      'CompleteCheckoutSession',
      'GetCharge', // watch starts: AuthorizationInitiated
      'GetCharge', // poll 1: AuthorizationInitiated
      'GetCharge', // poll 2: Authorized; no more polls
    ]);
    expect((await onFakeClockUntil(() => shop.told.find((t) => t.hook === 'orderAuthorized'))).context).toMatchObject({
      amazonAuthorizationId: chargeId,
      checkout: { chargePermissionId: permissionId },
    });
    expect(shop.told.map((t) => t.hook)).toEqual(['orderAuthorized']);
  });

  it('stops polling once a notification arrives, even one that still says AuthorizationInitiated', async () => {
    const shop = await startShop({ pollIntervalMs: 600 });
    useFakeClock();
    const { permissionId, chargeId } = await checkOut(shop, { state: 'Authorized' });
    expect((await notify(shop, { ...chargeNotification(chargeId, permissionId), NotificationType: 'ATTRIBUTE_CHANGE' })).status).toBe(200);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(shop.amazon.sequence(permissionId)).toEqual(['CompleteCheckoutSession', 'GetCharge', 'GetCharge']);
    shop.amazon.settleCharge(chargeId);
    expect((await notify(shop, chargeNotification(chargeId, permissionId))).status).toBe(200);
    expect(await onFakeClockUntil(() => shop.runner.getCharge(chargeId).then((state) => state?.phase === 'authorized'))).toBe(true);
  });

  it('duplicate and out-of-order notifications: acted on once', async () => {
    const shop = await startShop();
    const { permissionId, chargeId } = await checkOut(shop, { state: 'Declined', reasonCode: 'SoftDeclined' });
    const early = chargeNotification(chargeId, permissionId); // sent while AuthorizationInitiated, delivered last
    shop.amazon.settleCharge(chargeId);
    const declined = chargeNotification(chargeId, permissionId);
    expect((await notify(shop, declined)).status).toBe(200);
    const replay = await notify(shop, declined);
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ error: { code: 'ReplayedNotification' } });
    expect((await notify(shop, early)).status).toBe(200);
    expect((await settled(shop, chargeId)).phase).toBe('declined');
    await hooked(shop, 'orderFailed');
    await pause(200);
    expect(shop.amazon.sequence(permissionId)).toEqual([
      'CompleteCheckoutSession',
      'GetCharge', // watch starts
      'GetCharge', // the Declined notification
      'CloseChargePermission',
      'GetCharge', // the late, older notification: re-read, already settled, nothing done
    ]);
    expect(shop.told.filter((t) => t.hook === 'orderFailed')).toHaveLength(1);
  });

  it('Amazon 5xx while acting: the notification is answered 5xx, nothing is kept, and the SNS redelivery finishes the work once', async () => {
    const shop = await startShop();
    const { permissionId, chargeId } = await checkOut(shop, { state: 'Declined', reasonCode: 'AmazonRejected' });
    shop.amazon.settleCharge(chargeId);
    const declined = chargeNotification(chargeId, permissionId);
    shop.amazon.failNext('GetCharge', 1);
    expect((await notify(shop, declined)).status).toBeGreaterThanOrEqual(500);
    shop.amazon.failNext('CloseChargePermission', 1);
    expect((await notify(shop, declined)).status).toBeGreaterThanOrEqual(500);
    expect(await shop.runner.getCharge(chargeId)).toMatchObject({ phase: 'awaitingResult' });
    expect((await notify(shop, declined)).status).toBe(200);
    expect((await settled(shop, chargeId)).phase).toBe('declined');
    await hooked(shop, 'orderFailed');
    await pause(200);
    expect(shop.amazon.sequence(permissionId)).toEqual([
      'CompleteCheckoutSession',
      'GetCharge',
      'GetCharge', // 500: answered 5xx
      'GetCharge', // redelivery: Declined
      'CloseChargePermission', // 500: rolled back, answered 5xx
      'GetCharge', // redelivery
      'CloseChargePermission',
    ]);
    expect(shop.told.map((t) => t.hook)).toEqual(['orderFailed']);
  });

  it('refuses hostile or malformed v2 messages: nothing read, stored or acted on', async () => {
    const shop = await startShop();
    const { permissionId, chargeId } = await checkOut(shop, { state: 'Authorized' });
    const before = shop.amazon.calls.length;
    const hostile: Array<[Record<string, unknown>, string]> = [
      [{ ...chargeNotification(chargeId, permissionId), MerchantID: 'A1OTHERSELLER99' }, 'ForeignSeller'],
      [{ ...chargeNotification(chargeId, permissionId), MerchantID: undefined }, 'ForeignSeller'],
      [{ ...chargeNotification('../../charges/x', permissionId) }, 'MalformedNotification'],
      [{ ...chargeNotification(`${chargeId}`, 'S01-0000000-0000000') }, 'MalformedNotification'],
      [{ ...chargeNotification(chargeId, permissionId), NotificationId: { $ne: '' } }, 'MalformedNotification'],
      [{ ...chargeNotification(chargeId, permissionId), NotificationVersion: 'V3' }, 'MalformedNotification'],
    ];
    for (const [fields, code] of hostile) {
      const response = await notify(shop, fields);
      expect(response.status, code).toBeGreaterThanOrEqual(400);
      expect(response.status, code).toBeLessThan(500);
      expect(await response.json()).toMatchObject({ error: { code } });
    }
    // A forged signature (another key) over a well-formed message.
    const forged = await fetch(`${shop.url}/ipn`, {
      method: 'POST',
      headers: { 'x-amz-sns-message-type': 'Notification' },
      body: signedSnsBody(
        JSON.stringify({
          NotificationVersion: 'V2',
          NotificationType: 'STATE_CHANGE',
          MerchantID: SELLER,
          ObjectType: 'CHARGE',
          ...chargeNotification(chargeId, permissionId, 'forged-1'),
        }),
        {
          topic: TOPIC,
          keyPem: makeSelfSignedCertificate('sns.amazonaws.com').keyPem,
        },
      ),
    });
    expect(await forged.json()).toMatchObject({ error: { code: 'InvalidSignature' } });
    expect(shop.amazon.calls.length).toBe(before);
    expect(await shop.orders.hasProcessedNotification?.('forged-1')).toBe(false);
    expect(await shop.runner.getCharge(chargeId)).toMatchObject({ phase: 'awaitingResult', notified: false });
  });

  it('refuses a hostile Get Charge reply (another charge, an unknown state): nothing acted on, the notification is not recorded', async () => {
    const shop = await startShop();
    const { permissionId, chargeId } = await checkOut(shop, { state: 'Declined', reasonCode: 'HardDeclined' });
    const replies = [
      {
        chargeId: `${permissionId}-C000002`,
        chargePermissionId: permissionId,
        chargeAmount: AMOUNT,
        statusDetails: { state: 'Declined', reasonCode: 'HardDeclined' },
      },
      { chargeId, chargePermissionId: permissionId, chargeAmount: AMOUNT, statusDetails: { state: 'Refunded' } },
      { chargeId, chargePermissionId: permissionId, chargeAmount: AMOUNT, statusDetails: { state: 'Declined' } },
    ];
    for (const reply of replies) {
      shop.amazon.replyToGetCharge(chargeId, reply);
      const notification = chargeNotification(chargeId, permissionId);
      expect((await notify(shop, notification)).status).toBeGreaterThanOrEqual(500);
      expect(await shop.orders.hasProcessedNotification?.(notification.NotificationId)).toBe(false);
    }
    expect(await shop.runner.getCharge(chargeId)).toMatchObject({ phase: 'awaitingResult' });
    expect(shop.amazon.sequence(permissionId)).not.toContain('CloseChargePermission');
    expect(shop.told).toEqual([]);
  });

  it('requires a safe checkoutAgainUrl when Checkout v2 charges are watched', () => {
    const amazon = createFakeAmazon();
    const base = {
      legacy: amazon,
      store: createMemoryRecoveryStore(),
      scheduler: createMemoryScheduler(),
      region: 'us' as const,
      hooks: { contactBuyer() {}, orderFailed() {} },
    };
    const runner = (checkoutAgainUrl: unknown) => () =>
      createRecoveryRunner({ ...base, checkoutV2: { client: amazon, checkoutAgainUrl: checkoutAgainUrl as string } });
    expect(runner(undefined)).toThrow(/checkoutAgainUrl is required/);
    expect(runner('/cart')).toThrow(/absolute URL/);
    expect(runner('http://shop.example/cart')).toThrow(/https/);
    expect(runner('https://user:pass@shop.example/cart')).toThrow(/credentials/);
    expect(runner('http://localhost:3000/cart')).not.toThrow();
  });
});
