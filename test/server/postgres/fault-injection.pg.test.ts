/**
 * Faults while two instances recover a batch of orders: database connections
 * dropped (pg_terminate_backend), Amazon answering 500, notifications
 * delivered twice (to both instances at once) and out of order. SNS's
 * behaviour is modelled: a notification answered 5xx is delivered again.
 * Every order must end in a documented end state, no authorization may be
 * sent twice, and every notification must end up processed.
 */
import type { AuthorizationDetails } from '../../../src/domain/types';
import type { VerifiedNotification } from '../../../src/server/amazon-clients';
import { isEndState, type RecoveryPhase } from '../../../src/server/recovery/recovery-machine';
import { createFakeAmazon, type ScriptedOutcome } from '../fake-amazon';
import { withClient, withTestDatabase } from './database';
import { authorizeAsync, deliver, eventually, nextNotificationId, startInstance, type HookCall, type Instance } from './instance';

const database = withTestDatabase();
const amazon = createFakeAmazon();
const hookCalls: HookCall[] = [];
let instances: Instance[] = [];
const delivered = new Set<string>();
/** Deliveries answered 5xx (or cut off) and made again, as SNS does. */
let redeliveries = 0;

beforeAll(async () => {
  instances = [
    await startInstance({ name: 'A', databaseUrl: database.url, amazon, hookCalls }),
    await startInstance({ name: 'B', databaseUrl: database.url, amazon, hookCalls }),
  ];
});
afterAll(async () => {
  for (const instance of instances) await instance.stop();
});

/** SNS: redeliver after a 5xx or a dropped connection until the endpoint answers 2xx (or 409: already processed). */
async function snsDeliver(notification: VerifiedNotification, first: number): Promise<void> {
  delivered.add(notification.notificationId);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const instance = instances[(first + attempt) % instances.length]!;
    const status = await deliver(instance, notification).then(
      (response) => response.status,
      () => 599,
    );
    if (status === 200 || status === 409) return;
    redeliveries += 1;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`Notification ${notification.notificationId} was never accepted.`);
}

async function authorizeUntilAnswered(id: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const status = await authorizeAsync(instances[attempt % 2]!, id, `${id.replace(/-/g, '')}-0`).then(
      (response) => response.status,
      () => 599,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`The first authorization of ${id} never got an answer.`);
}

async function dropDatabaseConnections(): Promise<number> {
  const { rowCount } = await withClient(database.url, (client) =>
    client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'),
  );
  return rowCount ?? 0;
}

const soft: ScriptedOutcome = { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true };
const hard: ScriptedOutcome = { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false };
const failure: ScriptedOutcome = { state: 'Declined', reasonCode: 'ProcessingFailure' };
const SCRIPTS: ReadonlyArray<readonly ScriptedOutcome[]> = [
  [{ state: 'Open' }],
  [soft, { state: 'Open' }],
  [hard, { state: 'Open' }],
  [failure, { state: 'Open' }],
  [failure, failure],
  [{ state: 'Declined', reasonCode: 'AmazonRejected' }],
  [{ state: 'Declined', reasonCode: 'TransactionTimedOut' }],
  [soft, soft, { state: 'Open' }],
];

describe('fault injection across two instances', () => {
  it('ends every order in a documented state, sends no authorization twice and loses no notification', async () => {
    const ids = SCRIPTS.map((script, i) => {
      const id = `P03-${String(6000000 + i)}-${String(1000000 + i)}`;
      amazon.openOrder(id);
      amazon.script(id, script);
      return id;
    });
    amazon.failNext('Authorize', 2);
    await Promise.all(ids.map((id) => authorizeUntilAnswered(id)));
    const settledAuthorizations = new Set<string>();
    let round = 0;
    let dropped = 0;
    // Amazon settles every Pending authorization; each notification goes out twice at once, to both instances,
    // after a stale (Pending) copy of the same authorization; faults are injected as rounds go by.
    while (ids.some((id) => !isEndState(phaseKnown.get(id) ?? 'awaitingResult'))) {
      round += 1;
      if (round > 60) break;
      if (round === 1) amazon.failNext('GetAuthorizationDetails', 3);
      if (round === 2) amazon.failNext('*', 2);
      const work: Promise<void>[] = [];
      for (const [i, id] of ids.entries()) {
        const pending = amazon.authorizations(id).find((x) => x.state === 'Pending' && !settledAuthorizations.has(x.amazonAuthorizationId));
        if (pending) {
          settledAuthorizations.add(pending.amazonAuthorizationId);
          const stale: AuthorizationDetails = pending;
          const settled = amazon.settle(pending.amazonAuthorizationId);
          const notification: VerifiedNotification = {
            kind: 'authorization',
            notificationId: nextNotificationId(),
            authorization: settled,
          };
          work.push(
            snsDeliver(notification, i).then(() =>
              snsDeliver({ kind: 'authorization', notificationId: nextNotificationId(), authorization: stale }, i + 1),
            ),
            snsDeliver(notification, i + 1),
          );
        }
        if (phaseKnown.get(id) === 'awaitingBuyer' && amazon.orderReference(id).state === 'Suspended') {
          const reopened = amazon.buyerUpdatesMethod(id);
          work.push(snsDeliver({ kind: 'orderReference', notificationId: nextNotificationId(), orderReference: reopened }, i));
        }
      }
      // Connections drop while the round's notifications are being processed.
      if (round <= 2)
        work.push(new Promise((resolve) => setTimeout(resolve, 30)).then(async () => void (dropped += await dropDatabaseConnections())));
      await Promise.all(work);
      await new Promise((resolve) => setTimeout(resolve, 400));
      await refreshPhases(ids);
    }
    expect(dropped).toBeGreaterThan(0);
    expect(redeliveries).toBeGreaterThan(0);
    console.info(
      `fault injection: ${dropped} database connections dropped, ${redeliveries} notifications redelivered after a 5xx, ${amazon.calls.length} Amazon calls`,
    );

    const ends = Object.fromEntries(ids.map((id) => [id, phaseKnown.get(id)]));
    console.info(`fault injection: rounds ${round}, end states ${JSON.stringify(ends)}`);
    expect(ends).toEqual({
      [ids[0]!]: 'authorized',
      [ids[1]!]: 'authorized',
      [ids[2]!]: 'authorized',
      [ids[3]!]: 'authorized',
      [ids[4]!]: 'processingFailed',
      [ids[5]!]: 'declined',
      [ids[6]!]: 'timedOut',
      [ids[7]!]: 'authorized',
    });
    for (const id of ids) {
      const state = (await instances[0]!.runner.get(id))!;
      const atAmazon = amazon.authorizations(id);
      // One authorization per attempt at Amazon: a repeated Authorize (after a 500 or a lost transaction) reused its id.
      expect(atAmazon.map((x) => x.authorizationReferenceId)).toEqual(state.decline.attempts.map((x) => x.authorizationReferenceId));
      expect(new Set(atAmazon.map((x) => x.authorizationReferenceId)).size).toBe(atAmazon.length);
    }
    const { rows } = await withClient(database.url, (client) =>
      client.query<{ notification_id: string }>('SELECT notification_id FROM amazon_pay_recovery.processed_notifications'),
    );
    const processed = new Set(rows.map((row) => row.notification_id));
    expect([...delivered].filter((id) => !processed.has(id))).toEqual([]);
  });
});

const phaseKnown = new Map<string, RecoveryPhase>();
async function refreshPhases(ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const state = await eventually(() => instances[0]!.runner.get(id).catch(() => undefined), 5_000).catch(() => undefined);
    if (state) phaseKnown.set(id, state.phase);
  }
}
