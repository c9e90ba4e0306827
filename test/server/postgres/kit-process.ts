/**
 * One merchant server process wired EXACTLY as docs/durable-server.md shows
 * (no 'error' listener added here: the kit must cope), with the real MWS
 * client against a loopback fake Amazon and the real IPN verifier. Bundled by
 * kit-processes.ts and run as a child process; prints `{"url":...}` when it listens.
 *
 * Environment: DATABASE_URL, MWS_URL, MWS_SECRET_KEY, SELLER_ID, SNS_CERT_PEM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import PgBoss from 'pg-boss';
import {
  amazonPayTopicArns,
  createAmazonPayHandler,
  createIpnVerifier,
  createLegacyPaymentsClient,
  createPgBossScheduler,
  createPostgresStorage,
  createPostgresUpdateHub,
  createRecoveryRunner,
  toNodeListener,
  type CheckoutV2Client,
} from '../../../src/server';

const env = (name: string): string => process.env[name] ?? (process.stderr.write(`kit-process: ${name} is not set\n`), process.exit(2));
const sellerId = env('SELLER_ID');
const legacy = createLegacyPaymentsClient({
  sellerId,
  accessKey: 'AKIAEXAMPLE',
  secretKey: env('MWS_SECRET_KEY'),
  region: 'us',
  sandbox: true,
  endpoint: env('MWS_URL'),
});
const checkout: CheckoutV2Client = {
  signButtonPayload: async () => Promise.reject(new Error('not used')),
  completeCheckoutSession: async () => Promise.reject(new Error('not used')),
};
const quiet = async (): Promise<void> => undefined;

// docs/durable-server.md, "Setup":
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const storage = createPostgresStorage({ pool });
const hub = createPostgresUpdateHub({ pool });
await hub.start();
const boss = new PgBoss({ connectionString: process.env.DATABASE_URL });
await boss.start();
const recovery = createRecoveryRunner({
  legacy,
  store: storage,
  orders: storage,
  hub,
  region: 'us',
  scheduler: createPgBossScheduler({ boss }),
  hooks: { contactBuyer: quiet, remindBuyer: quiet, orderFailed: quiet, orderAuthorized: quiet },
});
await recovery.start();
const certPem = env('SNS_CERT_PEM');
const handler = createAmazonPayHandler({
  legacy,
  checkout,
  ipn: createIpnVerifier({
    allowedTopicArns: amazonPayTopicArns({ sellerId, region: 'us' }),
    expectedSellerId: sellerId,
    fetchCertificate: async () => certPem,
  }),
  storeId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
  allowedReturnOrigins: ['https://shop.example'],
  orderAmount: () => undefined,
  canAccess: () => true,
  storage,
  hub,
  recovery,
  onError: () => undefined,
});

const server = createServer(toNodeListener(handler));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  void recovery.stop().finally(() => boss.stop({ graceful: false, wait: false }).finally(() => process.exit(0)));
});
