/**
 * Checkout v2 asynchronous charges with the tab closed, on PostgreSQL and
 * pg-boss: the buyer's return completes the session through the handler, then
 * only Amazon's notifications and the server's own polls drive the charge.
 * Each test shows the sequence of Amazon calls the server made.
 */
import type { VerifiedNotification } from '../../../src/server/amazon-clients';
import { createFakeAmazon, type ChargeOutcome } from '../fake-amazon';
import { withClient, withTestDatabase } from './database';
import { AMOUNT, deliver, eventually, nextNotificationId, startInstance, type HookCall, type Instance } from './instance';

const database = withTestDatabase();
const amazon = createFakeAmazon();
const hookCalls: HookCall[] = [];
let server: Instance;
let counter = 0;

beforeAll(async () => {
  server = await startInstance({
    name: 'A',
    databaseUrl: database.url,
    amazon,
    hookCalls,
    checkoutV2: { checkoutAgainUrl: 'https://shop.example/checkout/amazon-pay', machine: { pollIntervalMs: 1_500 } },
  });
});
afterAll(() => server?.stop());

async function checkOut(outcome: ChargeOutcome): Promise<{ permissionId: string; chargeId: string; cart: string }> {
  const n = ++counter;
  const permissionId = `P01-${String(6000000 + n)}-${String(2000000 + n)}`;
  const sessionId = `c3a1d2e4-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const cart = `cart-pg-${n}`;
  amazon.openCheckout(sessionId, { permissionId, merchantReferenceId: cart, outcome });
  const response = await fetch(`${server.url}/checkout-sessions/${sessionId}/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ amount: AMOUNT }),
  });
  expect(response.status).toBe(200);
  return { permissionId, chargeId: `${permissionId}-C000001`, cart };
}

const chargeNotification = (chargeId: string, permissionId: string, notificationId = nextNotificationId()): VerifiedNotification => ({
  kind: 'charge',
  notificationId,
  chargeId,
  chargePermissionId: permissionId,
  notificationType: 'STATE_CHANGE',
});
const settled = (chargeId: string) =>
  eventually(async () => {
    const state = await server.runner.getCharge(chargeId);
    return state && state.phase !== 'awaitingResult' ? state : undefined;
  });
const hooksOf = (permissionId: string) => hookCalls.filter((call) => call.context.amazonOrderReferenceId === permissionId);

describe('Checkout v2 asynchronous charges on PostgreSQL, buyer gone', () => {
  it('Declined via notification, then the same notification again and an older one late: acted on once, with the check-out-again link', async () => {
    const { permissionId, chargeId, cart } = await checkOut({ state: 'Declined', reasonCode: 'HardDeclined' });
    const early = chargeNotification(chargeId, permissionId);
    amazon.settleCharge(chargeId);
    const declined = chargeNotification(chargeId, permissionId);
    expect((await deliver(server, declined)).status).toBe(200);
    expect((await deliver(server, declined)).status).toBe(409);
    expect((await deliver(server, early)).status).toBe(200);
    expect(await settled(chargeId)).toMatchObject({ phase: 'declined', reasonCode: 'HardDeclined' });
    const failed = await eventually(() => hooksOf(permissionId).find((call) => call.hook === 'orderFailed'));
    expect(failed.context).toMatchObject({
      endState: 'declined',
      reasonCode: 'HardDeclined',
      amount: AMOUNT,
      checkout: {
        chargeId,
        merchantReferenceId: cart,
        checkoutAgainUrl: `https://shop.example/checkout/amazon-pay?merchantReferenceId=${cart}`,
      },
    });
    expect(amazon.sequence(permissionId)).toEqual([
      'CompleteCheckoutSession',
      'GetCharge', // watch starts: AuthorizationInitiated
      'GetCharge', // notification: Declined/HardDeclined
      'CloseChargePermission',
      'GetCharge', // the late, older notification: already settled, nothing done
    ]);
    expect(hooksOf(permissionId).map((call) => call.hook)).toEqual(['orderFailed']);
  });

  it('Canceled via notification: orderFailed (closed) with the link; nothing to cancel at Amazon', async () => {
    const { permissionId, chargeId } = await checkOut({ state: 'Canceled', reasonCode: 'AmazonCanceled' });
    amazon.settleCharge(chargeId);
    expect((await deliver(server, chargeNotification(chargeId, permissionId))).status).toBe(200);
    expect(await settled(chargeId)).toMatchObject({ phase: 'closed', reasonCode: 'AmazonCanceled' });
    expect(amazon.sequence(permissionId)).toEqual(['CompleteCheckoutSession', 'GetCharge', 'GetCharge']);
    const failed = await eventually(() => hooksOf(permissionId).find((call) => call.hook === 'orderFailed'));
    expect(failed.context).toMatchObject({
      endState: 'closed',
      checkout: { checkoutAgainUrl: expect.stringContaining('merchantReferenceId=cart-pg-') },
    });
  });

  it('AuthorizationInitiated -> Authorized found by the polling fallback (pg-boss) when no notification comes', async () => {
    const { permissionId, chargeId } = await checkOut({ state: 'Authorized' });
    await eventually(() => amazon.sequence(permissionId).length === 3, 15_000, 20); // first poll: still AuthorizationInitiated
    amazon.settleCharge(chargeId);
    expect(await settled(chargeId)).toMatchObject({ phase: 'authorized', notified: false });
    await eventually(() => hooksOf(permissionId).find((call) => call.hook === 'orderAuthorized'));
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(amazon.sequence(permissionId)).toEqual(['CompleteCheckoutSession', 'GetCharge', 'GetCharge', 'GetCharge']);
  });

  it('a hostile Get Charge reply: refused, nothing stored, the notification not recorded', async () => {
    const { permissionId, chargeId } = await checkOut({ state: 'Declined', reasonCode: 'HardDeclined' });
    amazon.replyToGetCharge(chargeId, {
      chargeId,
      chargePermissionId: 'P01-9999999-9999999',
      chargeAmount: AMOUNT,
      statusDetails: { state: 'Declined', reasonCode: 'HardDeclined' },
    });
    const notification = chargeNotification(chargeId, permissionId);
    expect((await deliver(server, notification)).status).toBeGreaterThanOrEqual(500);
    expect(await server.storage.hasProcessedNotification?.(notification.notificationId)).toBe(false);
    expect(await server.runner.getCharge(chargeId)).toMatchObject({ phase: 'awaitingResult' });
    expect(amazon.sequence(permissionId)).not.toContain('CloseChargePermission');
  });

  it('keeps each watch in the charges table (migration 2)', async () => {
    await withClient(database.url, async (client) => {
      const { rows: versions } = await client.query(`SELECT version FROM ${server.storage.schema}.schema_migrations ORDER BY version`);
      expect(versions.map((row) => row.version)).toContain(2);
      const { rows } = await client.query(
        `SELECT phase, count(*)::int AS n FROM ${server.storage.schema}.charges GROUP BY phase ORDER BY phase`,
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          { phase: 'declined', n: 1 },
          { phase: 'closed', n: 1 },
          { phase: 'authorized', n: 1 },
        ]),
      );
    });
  });
});
