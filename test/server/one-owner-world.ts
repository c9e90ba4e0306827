/**
 * A merchant's server for the one-owner tests (issue 23): the kit's handler on
 * a real loopback HTTP server with the real IPN verifier (SNS envelopes signed
 * with a test certificate, Amazon's MWS NotificationData XML), the recovery
 * runner, and either the in-memory defaults or PostgreSQL + pg-boss + the
 * LISTEN/NOTIFY hub. Several shops may share one fake Amazon (and one database).
 */
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { AuthorizationDetails, Money, OrderReferenceDetails } from '../../src/domain/types';
import { createIpnVerifier } from '../../src/server/amazon/ipn-verifier';
import { createAmazonPayHandler } from '../../src/server/handler';
import { toNodeListener } from '../../src/server/node-listener';
import { createMemoryOrderStore, type OrderStore } from '../../src/server/order-store';
import { createPgBossScheduler } from '../../src/server/postgres/pg-boss-scheduler';
import { createPostgresStorage } from '../../src/server/postgres/postgres-storage';
import { createPostgresUpdateHub } from '../../src/server/postgres/postgres-update-hub';
import type { ChargeMachineOptions } from '../../src/server/recovery/charge-machine';
import type { RecoveryMachineOptions } from '../../src/server/recovery/recovery-machine';
import { createRecoveryRunner, type RecoveryHooks, type RecoveryRunner } from '../../src/server/recovery/recovery-runner';
import { createMemoryScheduler, type RecoveryScheduler } from '../../src/server/recovery/recovery-scheduler';
import { createMemoryRecoveryStore, type ChargeRecoveryStore, type RecoveryStore } from '../../src/server/recovery/recovery-store';
import { createUpdateHub, type UpdateHub } from '../../src/server/update-hub';
import { listenOnLoopback } from '../support/loopback-server';
import type { FakeAmazon } from './fake-amazon';
import { signedSnsBody } from './sns-test-envelope';
import { makeSelfSignedCertificate } from './test-certificates';

export const SELLER = 'A2K7NDRCTOTPW9';
export const TOPIC = 'arn:aws:sns:us-east-1:291180941288:A3BXB0YN3XH17HA2K7NDRCTOTPW9';
export const AMOUNT: Money = { amount: '94.50', currencyCode: 'USD' };
const { certPem, keyPem } = makeSelfSignedCertificate('sns.amazonaws.com');

/** Fast clocks: retries 0.4-0.6 s after a soft decline, a 3 s decline window, errors repeated after 0.2 s. */
export const QUICK_MACHINE: Partial<RecoveryMachineOptions> = {
  policy: { retryDelayMs: [400, 600] },
  declineWindowMs: 3_000,
  reminderBeforeMs: 1_000,
  pollIntervalMs: 3_600_000,
  errorRetryDelayMs: 200,
  maxErrorRetries: 3,
};

export interface Told {
  readonly hook: keyof RecoveryHooks;
  readonly shop: string;
  readonly context: Record<string, unknown>;
}

export interface Shop {
  readonly name: string;
  /** The handler's base URL. */
  readonly url: string;
  readonly runner: RecoveryRunner;
  readonly orders: OrderStore;
  readonly hub: UpdateHub;
  stop(): Promise<void>;
}

export type Backing = { readonly kind: 'memory' } | { readonly kind: 'postgres'; readonly databaseUrl: string };

export interface ShopOptions {
  readonly name: string;
  readonly amazon: FakeAmazon;
  readonly told: Told[];
  readonly backing: Backing;
  readonly machine?: Partial<RecoveryMachineOptions>;
  readonly chargeMachine?: Partial<ChargeMachineOptions>;
}

interface Storage {
  readonly store: RecoveryStore & ChargeRecoveryStore;
  readonly orders: OrderStore;
  readonly hub: UpdateHub;
  readonly scheduler: RecoveryScheduler;
  close(): Promise<void>;
}

async function memoryStorage(): Promise<Storage> {
  return {
    store: createMemoryRecoveryStore(),
    orders: createMemoryOrderStore(),
    hub: createUpdateHub(),
    scheduler: createMemoryScheduler({ retryDelayMs: 100 }),
    close: async () => undefined,
  };
}

async function postgresStorage(databaseUrl: string): Promise<Storage> {
  const quiet = () => undefined;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 6 });
  pool.on('error', quiet);
  const storage = createPostgresStorage({ pool });
  await storage.ready();
  const hub = createPostgresUpdateHub({ pool, onError: quiet, reconnectDelayMs: 200 });
  await hub.start();
  const boss = new PgBoss({
    connectionString: databaseUrl,
    max: 3,
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: 1,
    monitorStateIntervalSeconds: 60,
  });
  boss.on('error', quiet);
  await boss.start();
  return {
    store: storage,
    orders: storage,
    hub,
    scheduler: createPgBossScheduler({ boss, pollingIntervalSeconds: 0.5, retryDelaySeconds: 1, expireInSeconds: 5 }),
    async close() {
      await boss.stop({ graceful: false, wait: false, timeout: 1 }).catch(quiet);
      await hub.close();
      await pool.end().catch(quiet);
    },
  };
}

export async function startShop(options: ShopOptions): Promise<Shop> {
  const { name, amazon, told } = options;
  const storage = options.backing.kind === 'memory' ? await memoryStorage() : await postgresStorage(options.backing.databaseUrl);
  const record = (hook: keyof RecoveryHooks) => (context: object) =>
    void told.push({ hook, shop: name, context: context as Record<string, unknown> });
  const runner = createRecoveryRunner({
    legacy: amazon,
    store: storage.store,
    scheduler: storage.scheduler,
    hub: storage.hub,
    orders: storage.orders,
    region: 'us',
    hooks: {
      contactBuyer: record('contactBuyer'),
      remindBuyer: record('remindBuyer'),
      orderFailed: record('orderFailed'),
      orderAuthorized: record('orderAuthorized'),
    },
    machine: options.machine ?? QUICK_MACHINE,
    checkoutV2: {
      client: amazon,
      checkoutAgainUrl: 'https://shop.example/cart',
      machine: options.chargeMachine ?? { pollIntervalMs: 60_000 },
    },
    onError: () => undefined,
  });
  await runner.start();
  const handler = createAmazonPayHandler({
    legacy: amazon,
    checkout: amazon,
    ipn: createIpnVerifier({ allowedTopicArns: [TOPIC], expectedSellerId: SELLER, fetchCertificate: async () => certPem }),
    storage: storage.orders,
    hub: storage.hub,
    recovery: runner,
    storeId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
    allowedReturnOrigins: ['https://shop.example'],
    orderAmount: () => AMOUNT,
    canAccess: () => true,
    keepAliveMs: 60_000,
    onError: () => undefined,
  });
  const server = await listenOnLoopback(toNodeListener(handler));
  let stopped = false;
  return {
    name,
    url: server.url,
    runner,
    orders: storage.orders,
    hub: storage.hub,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await runner.stop();
      await storage.close();
    },
  };
}

let notificationCounter = 0;

function authorizationXml(a: AuthorizationDetails): string {
  return `<?xml version="1.0" encoding="UTF-8"?><AuthorizationNotification xmlns="https://mws.amazonservices.com/ipn/OffAmazonPayments/2013-01-01"><AuthorizationDetails>
<AmazonAuthorizationId>${a.amazonAuthorizationId}</AmazonAuthorizationId><AuthorizationReferenceId>${a.authorizationReferenceId}</AuthorizationReferenceId>
<AuthorizationAmount><Amount>${a.amount.amount}</Amount><CurrencyCode>${a.amount.currencyCode}</CurrencyCode></AuthorizationAmount>
<AuthorizationStatus><State>${a.state}</State><LastUpdateTimestamp>${a.lastUpdateTimestamp}</LastUpdateTimestamp>${a.reasonCode ? `<ReasonCode>${a.reasonCode}</ReasonCode>` : ''}</AuthorizationStatus>
${a.softDecline === undefined ? '' : `<SoftDecline>${a.softDecline}</SoftDecline>`}</AuthorizationDetails></AuthorizationNotification>`;
}

function orderReferenceXml(o: OrderReferenceDetails): string {
  return `<?xml version="1.0" encoding="UTF-8"?><OrderReferenceNotification xmlns="https://mws.amazonservices.com/ipn/OffAmazonPayments/2013-01-01"><OrderReference>
<AmazonOrderReferenceId>${o.amazonOrderReferenceId}</AmazonOrderReferenceId>
<OrderReferenceStatus><State>${o.state}</State><LastUpdateTimestamp>${new Date().toISOString()}</LastUpdateTimestamp>${o.reasonCode ? `<ReasonCode>${o.reasonCode}</ReasonCode>` : ''}</OrderReferenceStatus>
</OrderReference></OrderReferenceNotification>`;
}

/** Amazon's IPN for `object` (an authorization or an order reference), signed like SNS and posted to the shop's /ipn. Returns the HTTP status and the notification id. */
export async function sendIpn(
  shop: Pick<Shop, 'url'>,
  object: AuthorizationDetails | OrderReferenceDetails,
  notificationId = `ipn-${process.pid}-${++notificationCounter}`,
): Promise<{ status: number; notificationId: string }> {
  const isAuthorization = 'amazonAuthorizationId' in object;
  const message = JSON.stringify({
    ReleaseEnvironment: 'Sandbox',
    MarketplaceID: '136291',
    Version: '2013-01-01',
    NotificationType: isAuthorization ? 'PaymentAuthorize' : 'OrderReferenceNotification',
    SellerId: SELLER,
    NotificationReferenceId: notificationId,
    Timestamp: new Date().toISOString(),
    NotificationData: isAuthorization ? authorizationXml(object) : orderReferenceXml(object),
  });
  const response = await fetch(`${shop.url}/ipn`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'x-amz-sns-message-type': 'Notification' },
    body: signedSnsBody(message, { topic: TOPIC, keyPem }),
  });
  await response.body?.cancel();
  return { status: response.status, notificationId };
}

/** A Checkout v2 charge notification, signed like SNS. */
export async function sendChargeIpn(shop: Pick<Shop, 'url'>, chargeId: string, chargePermissionId: string): Promise<number> {
  const message = JSON.stringify({
    NotificationType: 'STATE_CHANGE',
    NotificationId: `v2-${process.pid}-${++notificationCounter}`,
    NotificationVersion: 'V2',
    MerchantID: SELLER,
    ObjectType: 'CHARGE',
    ObjectId: chargeId,
    ChargePermissionId: chargePermissionId,
  });
  const response = await fetch(`${shop.url}/ipn`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'x-amz-sns-message-type': 'Notification' },
    body: signedSnsBody(message, { topic: TOPIC, keyPem }),
  });
  await response.body?.cancel();
  return response.status;
}

/** POST a JSON body to a route of the shop; the parsed reply and its status. */
export async function post(
  shop: Pick<Shop, 'url'>,
  path: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${shop.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** The buyer's tab sends an intent to the server that owns the order. */
export const intent = (shop: Pick<Shop, 'url'>, id: string, body: Record<string, unknown>) =>
  post(shop, `/order-references/${id}/recovery`, body);

export { openEventStream as openStream } from '../support/read-event-stream';

let orderCounter = 0;
/** A fresh order reference id, unique across files and processes of one run. */
export function newOrderId(prefix = 'S01'): string {
  orderCounter += 1;
  return `${prefix}-${String(1000000 + (process.pid % 9000000)).slice(0, 7)}-${String(1000000 + orderCounter)}`;
}
