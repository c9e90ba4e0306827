/**
 * The crash window on PostgreSQL (issue 23): the process dies after Amazon
 * applied an Authorize and before the runner's unit committed, then Amazon
 * fails the re-runs. The Authorize was committed ahead of the call (write-ahead),
 * so the order is not rolled back to before it: the attempt stays in doubt, is
 * re-sent under the same AuthorizationReferenceId, and the order ends as
 * Amazon settles it. The same scenario in memory: recovery-runner.memory.test.ts.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresStorage, type PostgresStorage } from '../../../src/server/postgres/postgres-storage';
import { createRecoveryRunner } from '../../../src/server/recovery/recovery-runner';
import { createMemoryScheduler } from '../../../src/server/recovery/recovery-scheduler';
import { eventually } from '../../support/eventually';
import { createFakeAmazon } from '../fake-amazon';
import { dyingAfterAuthorize } from '../recovery/dying-store';
import { trackFirst } from '../recovery/track-first';
import { withTestDatabase } from './database';

const database = withTestDatabase();
let pool: pg.Pool;
let storage: PostgresStorage;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  storage = createPostgresStorage({ pool });
  await storage.ready();
});
afterAll(() => pool?.end());

it('the process dies after Amazon applied an Authorize, before the unit commits, then Amazon is down: the attempt is re-sent and the order ends as Amazon settles it', async () => {
  const id = 'S01-3000001-4000001';
  const amazon = createFakeAmazon();
  const told: string[] = [];
  const dying = dyingAfterAuthorize(storage, amazon);
  const runner = createRecoveryRunner({
    legacy: amazon,
    store: dying.store,
    orders: storage,
    scheduler: createMemoryScheduler({ retryDelayMs: 200, onError: () => undefined }),
    hooks: {
      contactBuyer: () => void told.push('contactBuyer'),
      orderFailed: ({ endState }) => void told.push(`orderFailed ${endState}`),
      orderAuthorized: () => void told.push('orderAuthorized'),
    },
    region: 'us',
    machine: { policy: { retryDelayMs: [300, 500] }, errorRetryDelayMs: 300, pollIntervalMs: 60_000 },
    onError: () => undefined,
  });
  await runner.start();
  const first = await trackFirst(amazon, runner, id, [
    { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true },
    { state: 'Open' },
  ]);
  dying.arm();
  const declined = amazon.settle(first.amazonAuthorizationId);
  await runner.onNotification({ kind: 'authorization', notificationId: 'n-1', authorization: declined });
  // The retry's Authorize reaches Amazon; the process dies before the commit; then the re-runs fail.
  await eventually(() => !dying.armed || undefined);
  amazon.failNext('*', 8);
  expect(amazon.authorizations(id).map((a) => a.state)).toEqual(['Declined', 'Pending']);
  await eventually(() => amazon.sequence(id).filter((call) => call === 'Authorize').length >= 3 || undefined);
  expect(told).toEqual([]); // never ended while Amazon may settle the second authorization Open
  const open = amazon.settle(amazon.authorizations(id)[1]!.amazonAuthorizationId);
  // SNS delivers a notification answered 5xx again.
  await eventually(() =>
    runner.onNotification({ kind: 'authorization', notificationId: 'n-2', authorization: open }).then(
      () => true,
      () => false,
    ),
  );
  await eventually(async () => (await runner.get(id))?.phase === 'authorized' || undefined);
  await eventually(() => told.length > 0 || undefined);
  expect(told).toEqual(['orderAuthorized']);
  expect(amazon.authorizations(id)).toHaveLength(2); // re-sent under the same AuthorizationReferenceId
  await runner.stop();
}, 30_000);
