/**
 * One merchant server instance as a deployment runs it: the kit's handler on
 * a real loopback HTTP server, PostgreSQL storage, the LISTEN/NOTIFY update
 * hub, pg-boss for scheduled work and the recovery runner, all on the test
 * file's database. Several instances share one database and one fake Amazon.
 */
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Money } from '../../../src/domain/types';
import { AmazonPayError } from '../../../src/domain/errors';
import type { IpnVerifier, VerifiedNotification } from '../../../src/server/amazon-clients';
import { createAmazonPayHandler } from '../../../src/server/handler';
import { toNodeListener } from '../../../src/server/node-listener';
import { createPgBossScheduler } from '../../../src/server/postgres/pg-boss-scheduler';
import { createPostgresStorage, type PostgresStorage } from '../../../src/server/postgres/postgres-storage';
import { createPostgresUpdateHub, type PostgresUpdateHub } from '../../../src/server/postgres/postgres-update-hub';
import type { ChargeMachineOptions } from '../../../src/server/recovery/charge-machine';
import type { RecoveryMachineOptions } from '../../../src/server/recovery/recovery-machine';
import { createRecoveryRunner, type RecoveryHooks, type RecoveryRunner } from '../../../src/server/recovery/recovery-runner';
import { listenOnLoopback, type Listening } from '../../support/loopback-server';
import type { FakeAmazon } from '../fake-amazon';

export const BASE = '/api/amazon-pay';
export const AMOUNT: Money = { amount: '94.50', currencyCode: 'USD' };

/** Tests post the verified notification itself as the body: SNS signatures are ipn-verifier.test.ts's subject. */
export const trustedTestVerifier: IpnVerifier = {
  async verify(body) {
    try {
      return JSON.parse(body) as VerifiedNotification;
    } catch (cause) {
      throw new AmazonPayError('validation', 'Not a test notification.', { code: 'MalformedNotification', retryable: false, cause });
    }
  },
};

export interface HookCall {
  readonly hook: keyof RecoveryHooks;
  readonly instance: string;
  readonly context: Record<string, unknown>;
}

/** Fast timers so a test sees the whole schedule: retries in 0.3-0.5 s, an 8 s decline window. */
export const FAST_MACHINE: Partial<RecoveryMachineOptions> = {
  policy: { retryDelayMs: [300, 500] },
  declineWindowMs: 8_000,
  reminderBeforeMs: 3_000,
  pollIntervalMs: 60_000,
  errorRetryDelayMs: 500,
};

export interface Instance {
  readonly name: string;
  readonly url: string;
  readonly storage: PostgresStorage;
  readonly hub: PostgresUpdateHub;
  readonly runner: RecoveryRunner;
  readonly pool: pg.Pool;
  /** Stops serving and working, as a killed process would (no graceful hand-over). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface InstanceOptions {
  readonly name: string;
  readonly databaseUrl: string;
  readonly amazon: FakeAmazon;
  readonly hookCalls: HookCall[];
  readonly machine?: Partial<RecoveryMachineOptions>;
  /** Start pg-boss workers (false: this instance only serves HTTP). */
  readonly work?: boolean;
  readonly onError?: (error: unknown) => void;
  /** Watch Checkout v2 charges (the fake Amazon's) with these options. */
  readonly checkoutV2?: { readonly checkoutAgainUrl: string; readonly machine?: Partial<ChargeMachineOptions> };
  /** The storage pool's size (default 6; the update hub keeps one of them for LISTEN). */
  readonly poolMax?: number;
}

export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const { name, amazon, hookCalls } = options;
  const quiet = options.onError ?? (() => undefined);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolMax ?? 6 });
  pool.on('error', quiet);
  const storage = createPostgresStorage({ pool });
  await storage.ready();
  const hub = createPostgresUpdateHub({ pool, onError: quiet, reconnectDelayMs: 200 });
  await hub.start();
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    max: 3,
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: 1,
    monitorStateIntervalSeconds: 60,
  });
  boss.on('error', quiet);
  await boss.start();
  const scheduler = createPgBossScheduler({ boss, pollingIntervalSeconds: 0.5, retryDelaySeconds: 1, expireInSeconds: 5 });
  const record =
    (hook: keyof RecoveryHooks) =>
    async (context: object): Promise<void> => {
      hookCalls.push({ hook, instance: name, context: context as Record<string, unknown> });
    };
  const runner = createRecoveryRunner({
    legacy: amazon,
    store: storage,
    scheduler,
    hub,
    orders: storage,
    region: 'us',
    now: Date.now,
    hooks: {
      contactBuyer: record('contactBuyer'),
      remindBuyer: record('remindBuyer'),
      orderFailed: record('orderFailed'),
      orderAuthorized: record('orderAuthorized'),
    },
    machine: options.machine ?? FAST_MACHINE,
    ...(options.checkoutV2 ? { checkoutV2: { client: amazon, ...options.checkoutV2 } } : {}),
    onError: quiet,
  });
  if (options.work !== false) await runner.start();
  const handler = createAmazonPayHandler({
    legacy: amazon,
    checkout: amazon,
    ipn: trustedTestVerifier,
    storage,
    hub,
    recovery: runner,
    storeId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
    allowedReturnOrigins: ['https://shop.example'],
    basePath: BASE,
    orderAmount: () => AMOUNT,
    // The ownership check is handler.test.ts's subject: every buyer owns every order here.
    canAccess: () => true,
    keepAliveMs: 60_000,
    maxEventStreams: 10_000,
    onError: quiet,
  });
  const server: Listening = await listenOnLoopback(toNodeListener(handler));
  let stopped = false;
  const stop = async (graceful: boolean) => {
    if (stopped) return;
    stopped = true;
    await server.close();
    await boss.stop({ graceful, wait: graceful, timeout: graceful ? 5_000 : 1 }).catch(() => undefined);
    await hub.close();
    await pool.end().catch(() => undefined);
  };
  return { name, url: server.url + BASE, storage, hub, runner, pool, kill: () => stop(false), stop: () => stop(true) };
}

/** POSTs a verified notification to an instance's IPN route, as SNS would. */
export async function deliver(instance: Pick<Instance, 'url'>, notification: VerifiedNotification): Promise<Response> {
  return fetch(`${instance.url}/ipn`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'x-amz-sns-message-type': 'Notification' },
    body: JSON.stringify(notification),
  });
}

let notificationCounter = 0;
export const nextNotificationId = (): string => `ntf-${process.pid}-${++notificationCounter}-${Date.now()}`;

/** The browser's (or the merchant's) first asynchronous authorization, through the handler. */
export async function authorizeAsync(
  instance: Pick<Instance, 'url'>,
  amazonOrderReferenceId: string,
  authorizationReferenceId: string,
): Promise<Response> {
  return fetch(`${instance.url}/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ amazonOrderReferenceId, authorizationReferenceId, amount: AMOUNT, mode: 'async' }),
  });
}

export { eventually } from '../../support/eventually';

export { openEventStream } from '../../support/read-event-stream';
