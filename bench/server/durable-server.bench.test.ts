// `npm run bench`: the durable server (handler + recovery runner on PostgreSQL, pg-boss, LISTEN/NOTIFY)
// with one and with two instances on this machine. Prints notifications processed per second and the
// latency from posting an IPN to the update arriving on a browser's event stream. Asserts nothing timing-related.
import type { AuthorizationDetails } from '../../src/domain/types';
import type { VerifiedNotification } from '../../src/server/amazon-clients';
import { createFakeAmazon } from '../../test/server/fake-amazon';
import { withTestDatabase } from '../../test/server/postgres/database';
import {
  authorizeAsync,
  deliver,
  eventually,
  nextNotificationId,
  openEventStream,
  startInstance,
  type HookCall,
  type Instance,
} from '../../test/server/postgres/instance';
import { report } from '../report';

const database = withTestDatabase();
const ORDERS = 200;
const CONCURRENCY = 8;
const LATENCY_SAMPLES = 60;
let orderCounter = 0;

const percentile = (values: readonly number[], p: number) =>
  [...values].sort((x, y) => x - y)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;

async function placeOrders(amazon: ReturnType<typeof createFakeAmazon>, via: readonly Instance[], count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `P09-${String(7000000 + ++orderCounter)}-${String(1000000 + orderCounter)}`;
    amazon.openOrder(id);
    amazon.script(id, [{ state: 'Open' }]);
    await authorizeAsync(via[i % via.length]!, id, `${id.replace(/-/g, '')}-0`);
    ids.push(id);
  }
  return ids;
}

function settledNotification(amazon: ReturnType<typeof createFakeAmazon>, id: string): VerifiedNotification {
  const pending = amazon.authorizations(id).find((a) => a.state === 'Pending')!;
  return { kind: 'authorization', notificationId: nextNotificationId(), authorization: amazon.settle(pending.amazonAuthorizationId) };
}

async function measure(instanceCount: 1 | 2) {
  const amazon = createFakeAmazon();
  const hookCalls: HookCall[] = [];
  const instances: Instance[] = [];
  for (let i = 0; i < instanceCount; i += 1)
    instances.push(await startInstance({ name: `I${i}`, databaseUrl: database.url, amazon, hookCalls }));
  try {
    // Throughput: ORDERS verified notifications (each re-read from Amazon, locked, run through the machine, stored, relayed).
    const ids = await placeOrders(amazon, instances, ORDERS);
    const notifications = ids.map((id) => settledNotification(amazon, id));
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, lane) => {
        for (let n = next++; n < notifications.length; n = next++) {
          const response = await deliver(instances[(n + lane) % instances.length]!, notifications[n]!);
          if (response.status !== 200) throw new Error(`IPN answered ${response.status}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    // Latency: IPN posted to instance 0, event stream open on the last instance (the other one when there are two).
    const latencyIds = await placeOrders(amazon, instances, LATENCY_SAMPLES);
    const latencies: number[] = [];
    for (const id of latencyIds) {
      const stream = await openEventStream(instances[instances.length - 1]!, id);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const notification = settledNotification(amazon, id);
      const sent = performance.now();
      await deliver(instances[0]!, notification);
      const event = await eventually(
        () => stream.events.find((e) => e.type === 'authorization' && (e.authorization as AuthorizationDetails).state === 'Open'),
        5_000,
      );
      latencies.push(event.receivedAt - sent);
      stream.close();
    }
    return { perSecond: Math.round(ORDERS / seconds), p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
  } finally {
    for (const instance of instances) await instance.stop();
  }
}

it('durable server: notifications per second and IPN-to-event-stream latency', async () => {
  const one = await measure(1);
  const two = await measure(2);
  report(`Durable server (PostgreSQL ${ORDERS} IPNs, ${CONCURRENCY} concurrent senders; latency over ${LATENCY_SAMPLES} IPNs)`, [
    ['1 instance: notifications/s', one.perSecond, 're-read, lock, machine, store, relay'],
    ['1 instance: IPN -> event stream p50', `${one.p50.toFixed(1)} ms`, 'stream on the same instance'],
    ['1 instance: IPN -> event stream p95', `${one.p95.toFixed(1)} ms`, ''],
    ['2 instances: notifications/s', two.perSecond, 'IPNs spread over both'],
    ['2 instances: IPN -> event stream p50', `${two.p50.toFixed(1)} ms`, 'IPN into one, stream on the other (NOTIFY)'],
    ['2 instances: IPN -> event stream p95', `${two.p95.toFixed(1)} ms`, ''],
  ]);
}, 180_000);
