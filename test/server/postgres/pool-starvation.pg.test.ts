/**
 * A burst of work on one order on a small pool: notifications delivered at
 * once (SNS redelivering, the IPN reaching both instances), the buyer's tab
 * and a page reading the state. Units waiting for the order's lock each hold
 * a pool connection; the unit holding the lock must finish on the connection
 * it has, or every unit waits for a connection no one gives back.
 */
import type { AuthorizationDetails } from '../../../src/domain/types';
import { createFakeAmazon } from '../fake-amazon';
import { withTestDatabase } from './database';
import { within } from '../../support/within';
import { authorizeAsync, deliver, eventually, nextNotificationId, startInstance, type HookCall, type Instance } from './instance';

const database = withTestDatabase();
const amazon = createFakeAmazon();
const hookCalls: HookCall[] = [];
let instance: Instance;

beforeAll(async () => {
  // Three connections: the update hub's LISTEN keeps one, two are left for work.
  instance = await startInstance({ name: 'A', databaseUrl: database.url, amazon, hookCalls, poolMax: 3 });
});
afterAll(() => instance?.stop());

/** The pool as it stands, for a wait that did not end. */
const poolNow = () => `pool: ${instance.pool.totalCount} open, ${instance.pool.idleCount} idle, ${instance.pool.waitingCount} waiting`;

describe('one order, many units of work, a small pool', () => {
  it('a burst of notifications, intents and reads on one order all finish: no unit waits on the pool while holding the lock', async () => {
    const id = 'P04-7000001-1000001';
    amazon.openOrder(id);
    amazon.script(id, [{ state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true }, { state: 'Open' }]);
    expect((await authorizeAsync(instance, id, `${id.replace(/-/g, '')}-0`)).status).toBe(200);
    const pending = await eventually(() => amazon.authorizations(id).find((x) => x.state === 'Pending'));
    const settled: AuthorizationDetails = amazon.settle(pending.amazonAuthorizationId);

    // A unit of work holds the order's lock while the burst queues behind it (some on the lock, some on the pool).
    let release!: () => void;
    let entered!: () => void;
    const holding = new Promise<void>((resolve) => (entered = resolve));
    const held = instance.storage.withOrderLock(id, () => new Promise<void>((resolve) => (entered(), (release = resolve))));
    await holding;
    const burst: Promise<unknown>[] = [];
    for (let i = 0; i < 6; i += 1) {
      burst.push(
        deliver(instance, { kind: 'authorization', notificationId: nextNotificationId(), authorization: settled }).then((r) => r.status),
      );
      burst.push(instance.runner.intent(id, { intent: 'start', amount: { amount: '94.50', currencyCode: 'USD' }, mode: 'async' }));
      burst.push(instance.runner.get(id));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await held;
    const statuses = await within(15_000, () => `the burst still waiting after 15000 ms (${poolNow()})`, Promise.all(burst));
    expect(statuses.filter((x) => typeof x === 'number')).toEqual([200, 200, 200, 200, 200, 200]);
    // The soft decline's retry (an Authorize, which reads and saves the order's attempts) runs while pages keep
    // reading the order: every read waits for the lock on a connection of its own.
    let retried: AuthorizationDetails | undefined;
    const reader = async () => {
      while (!retried) await instance.runner.get(id);
    };
    const readers = Promise.all([reader(), reader(), reader(), reader()]);
    const next = await within(
      15_000,
      () => `the retry still waiting after 15000 ms (${poolNow()})`,
      eventually(() => amazon.authorizations(id).find((x) => x.state === 'Pending'), 14_000).then((found) => (retried = found)),
    );
    await within(15_000, () => `the readers still waiting after 15000 ms (${poolNow()})`, readers);
    const open = amazon.settle(next.amazonAuthorizationId);
    expect((await deliver(instance, { kind: 'authorization', notificationId: nextNotificationId(), authorization: open })).status).toBe(
      200,
    );
    await within(
      15_000,
      () => `the end still waiting after 15000 ms (${poolNow()})`,
      eventually(async () => ((await instance.runner.get(id))?.phase === 'authorized' ? true : undefined), 10_000),
    );
    await within(
      15_000,
      () => `orderAuthorized still waiting after 15000 ms (${poolNow()})`,
      eventually(() => (hookCalls.some((call) => call.hook === 'orderAuthorized') ? true : undefined), 10_000),
    );
    expect(hookCalls.filter((call) => call.hook === 'orderAuthorized')).toHaveLength(1);
  });
});
