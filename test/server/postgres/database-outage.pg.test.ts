/**
 * PostgreSQL stopped (fast shutdown: every connection terminated) and started
 * again under two merchant server processes wired exactly as
 * docs/durable-server.md shows, while signed IPNs flow and are redelivered the
 * way SNS does (a non-2xx reply is delivered again a second later). Both
 * processes must live; replies during the outage must be 5xx; afterwards every
 * notification is processed once: lost / acknowledged twice / never acknowledged = 0 / 0 / 0.
 */
import { withClient } from './database';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster';
import { getAuthorizationDetailsXml, startFakeMws, emptyResultXml, type FakeMws } from '../fake-mws';
import { signedSnsBody } from '../sns-test-envelope';
import { makeSelfSignedCertificate } from '../test-certificates';
import { startChildServer, type ChildServer } from './kit-processes';

const SELLER = 'A2K7NDRCTOTPW9';
const TOPIC = `arn:aws:sns:us-east-1:291180941288:A3BXB0YN3XH17H${SELLER}`;
const SECRET = 'outage-secret-key';
const sns = makeSelfSignedCertificate('sns.amazonaws.com');
const SEND_EVERY_MS = 60;
const SEND_FOR_MS = 24_000;
const OUTAGE_FROM_MS = 6_000;
const OUTAGE_MS = 11_000;
const REDELIVER_AFTER_MS = 1_000;

let cluster: PostgresCluster;
let mws: FakeMws;
const servers: ChildServer[] = [];

beforeAll(async () => {
  cluster = await startPostgresCluster();
  mws = await startFakeMws(SECRET);
  mws.respond = ({ action, params }) =>
    action === 'GetAuthorizationDetails'
      ? { body: getAuthorizationDetailsXml({ id: params.AmazonAuthorizationId!, state: 'Open' }) }
      : { body: emptyResultXml(action) };
  const env = { DATABASE_URL: cluster.url, MWS_URL: mws.url, MWS_SECRET_KEY: SECRET, SELLER_ID: SELLER, SNS_CERT_PEM: sns.certPem };
  for (let i = 0; i < 2; i += 1) servers.push(await startChildServer('test/server/postgres/kit-process.ts', env));
}, 60_000);

afterAll(async () => {
  for (const server of servers) await server.stop();
  await mws?.close();
  await cluster?.stop();
});

function notification(n: number): { id: string; body: string } {
  const order = `S01-${String(3000000 + n)}-${String(4000000 + n)}`;
  const id = `outage-${n}-${Date.now()}`;
  const data = `<AuthorizationNotification><AuthorizationDetails><AmazonAuthorizationId>${order}-A000001</AmazonAuthorizationId><AuthorizationReferenceId>r-${n}</AuthorizationReferenceId><AuthorizationAmount><Amount>94.50</Amount><CurrencyCode>USD</CurrencyCode></AuthorizationAmount><AuthorizationStatus><State>Open</State><LastUpdateTimestamp>${new Date().toISOString()}</LastUpdateTimestamp></AuthorizationStatus></AuthorizationDetails></AuthorizationNotification>`;
  return {
    id,
    body: signedSnsBody(
      JSON.stringify({ NotificationReferenceId: id, NotificationType: 'PaymentAuthorize', SellerId: SELLER, NotificationData: data }),
      { topic: TOPIC, keyPem: sns.keyPem },
    ),
  };
}

it('two processes survive a PostgreSQL restart under signed IPNs: alive, 5xx during the outage, 0 lost / 0 acknowledged twice / 0 never acknowledged', async () => {
  const started = Date.now();
  let databaseDown = false;
  const duringOutage: string[] = [];
  const acknowledged = new Map<string, number>();
  const ids: string[] = [];

  /** SNS: deliver until a 2xx (200, or 409 for a replay of one already processed), again a second after anything else. */
  async function deliverLikeSns(n: number): Promise<void> {
    const { id, body } = notification(n);
    ids.push(id);
    for (let attempt = 0; Date.now() - started < SEND_FOR_MS + 60_000; attempt += 1) {
      const server = servers[(n + attempt) % servers.length]!;
      const down = databaseDown;
      let status: number | string;
      try {
        const response = await fetch(`${server.url}/ipn`, {
          method: 'POST',
          headers: { 'x-amz-sns-message-type': 'Notification', 'content-type': 'text/plain; charset=UTF-8' },
          body,
          signal: AbortSignal.timeout(15_000),
        });
        status = response.status;
        await response.arrayBuffer();
      } catch (error) {
        status = (error as Error).name;
      }
      if (down && databaseDown) duringOutage.push(String(status));
      if (status === 200) acknowledged.set(id, (acknowledged.get(id) ?? 0) + 1);
      if (status === 200 || status === 409) return;
      await new Promise((resolve) => setTimeout(resolve, REDELIVER_AFTER_MS));
    }
  }

  const outage = (async () => {
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_FROM_MS));
    await cluster.stopServer();
    databaseDown = true;
    const stoppedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    databaseDown = false;
    await cluster.startServer();
    return Date.now() - stoppedAt;
  })();
  const deliveries: Promise<void>[] = [];
  for (let n = 0; Date.now() - started < SEND_FOR_MS; n += 1) {
    deliveries.push(deliverLikeSns(n));
    await new Promise((resolve) => setTimeout(resolve, SEND_EVERY_MS));
  }
  const outageMs = await outage;
  await Promise.all(deliveries);

  const { rows } = await withClient(cluster.url, (client) =>
    client.query<{ notification_id: string }>('SELECT notification_id FROM amazon_pay_recovery.processed_notifications'),
  );
  const processed = new Set(rows.map((row) => row.notification_id));
  const lost = ids.filter((id) => !processed.has(id)).length;
  const twice = [...acknowledged.values()].filter((count) => count > 1).length;
  const never = ids.filter((id) => !acknowledged.has(id)).length;
  const outageStatuses = duringOutage.reduce<Record<string, number>>(
    (counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }),
    {},
  );
  console.log(
    `[outage] ${ids.length} IPNs over ${SEND_FOR_MS / 1000} s to 2 processes, PostgreSQL down ${(outageMs / 1000).toFixed(1)} s: ` +
      `replies during the outage ${JSON.stringify(outageStatuses)}; processes alive ${servers.map((s) => s.alive()).join('/')}; ` +
      `lost ${lost} / acknowledged twice ${twice} / never acknowledged ${never}`,
  );
  expect(
    servers.map((server) => server.alive()),
    servers.map((server) => server.stderr()).join('\n'),
  ).toEqual([true, true]);
  expect(duringOutage.length).toBeGreaterThan(0);
  expect(
    Object.keys(outageStatuses).every((status) => /^5\d\d$/.test(status)),
    JSON.stringify(outageStatuses),
  ).toBe(true);
  expect({ lost, twice, never }).toEqual({ lost: 0, twice: 0, never: 0 });
}, 150_000);
