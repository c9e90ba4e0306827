// `npm run bench`: signed IPNs per second through the kit (real server processes wired as
// docs/durable-server.md shows: SNS signature, the re-read from Amazon, the recovery runner's
// transaction, the notification row, NOTIFY) against a baseline doing the same work with no kit
// (bench/server/baseline-process.ts), in the same run, on the same loopback fake Amazon and the same
// PostgreSQL. Prints kit/baseline per round; asserts nothing timing-related.
// ARP_CPU_PROF=dir writes --cpu-prof profiles of the processes there.
import { afterAll, beforeAll, it } from 'vitest';
import { getAuthorizationDetailsXml, startFakeMws, emptyResultXml, type FakeMws } from '../../test/server/fake-mws';
import { signedSnsBody } from '../../test/server/sns-test-envelope';
import { makeSelfSignedCertificate } from '../../test/server/test-certificates';
import { withTestDatabase } from '../../test/server-pg/database';
import { startChildServer, type ChildServer } from '../../test/server-pg/kit-processes';
import { report } from '../report';

const SELLER = 'A2K7NDRCTOTPW9';
const TOPIC = `arn:aws:sns:us-east-1:291180941288:A3BXB0YN3XH17H${SELLER}`;
const SECRET = 'bench-secret-key';
const IPNS = Number(process.env.ARP_BENCH_IPNS ?? 400);
const CONCURRENCY = 16;
const ROUNDS = Number(process.env.ARP_BENCH_ROUNDS ?? 3);
const sns = makeSelfSignedCertificate('sns.amazonaws.com');
const database = withTestDatabase();
let mws: FakeMws;

beforeAll(async () => {
  mws = await startFakeMws(SECRET);
  mws.respond = ({ action, params }) =>
    action === 'GetAuthorizationDetails' ? { body: getAuthorizationDetailsXml({ id: params.AmazonAuthorizationId!, state: 'Open' }) } : { body: emptyResultXml(action) };
});
afterAll(() => mws?.close());

let counter = 0;
function ipn(): string {
  const n = ++counter;
  const order = `S01-${String(5000000 + n)}-${String(6000000 + n)}`;
  const id = `bench-${n}-${process.pid}`;
  const data = `<AuthorizationNotification><AuthorizationDetails><AmazonAuthorizationId>${order}-A000001</AmazonAuthorizationId><AuthorizationReferenceId>r-${n}</AuthorizationReferenceId><AuthorizationAmount><Amount>94.50</Amount><CurrencyCode>USD</CurrencyCode></AuthorizationAmount><AuthorizationStatus><State>Open</State><LastUpdateTimestamp>${new Date().toISOString()}</LastUpdateTimestamp></AuthorizationStatus></AuthorizationDetails></AuthorizationNotification>`;
  return signedSnsBody(JSON.stringify({ NotificationReferenceId: id, NotificationType: 'PaymentAuthorize', SellerId: SELLER, NotificationData: data }), { topic: TOPIC, keyPem: sns.keyPem });
}

const percentile = (values: readonly number[], p: number) => [...values].sort((x, y) => x - y)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;

async function measure(script: string, processes: number, label: string) {
  const env = { DATABASE_URL: database.url, MWS_URL: mws.url, MWS_SECRET_KEY: SECRET, SELLER_ID: SELLER, SNS_CERT_PEM: sns.certPem };
  const profile = (i: number) => (process.env.ARP_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.ARP_CPU_PROF}`, `--cpu-prof-name=${label}-${i}-${Date.now()}.cpuprofile`] : []);
  const servers: ChildServer[] = [];
  for (let i = 0; i < processes; i += 1) servers.push(await startChildServer(script, env, profile(i)));
  try {
    const bodies = Array.from({ length: IPNS }, ipn);
    // Warm-up: connections, the certificate, JIT.
    await Promise.all(servers.flatMap((server) => Array.from({ length: 10 }, () => post(server, ipn()))));
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let n = next++; n < bodies.length; n = next++) {
          const sent = performance.now();
          const status = await post(servers[n % servers.length]!, bodies[n]!);
          if (status !== 200) throw new Error(`${label}: IPN answered ${status}`);
          latencies.push(performance.now() - sent);
        }
      }),
    );
    return { perSecond: IPNS / ((performance.now() - started) / 1000), p95: percentile(latencies, 95) };
  } finally {
    for (const server of servers) await server.stop();
  }
}

async function post(server: ChildServer, body: string): Promise<number> {
  const response = await fetch(`${server.url}/ipn`, { method: 'POST', headers: { 'x-amz-sns-message-type': 'Notification', 'content-type': 'text/plain; charset=UTF-8' }, body });
  await response.arrayBuffer();
  return response.status;
}

it('kit vs baseline: signed IPNs per second, 1 and 2 processes, kit/baseline in the same run', async () => {
  const rows: Array<readonly [string, string | number, string]> = [];
  const ratios: number[] = [];
  const scaling: number[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const baseline = await measure('bench/server/baseline-process.ts', 1, 'baseline');
    const one = await measure('test/server-pg/kit-process.ts', 1, 'kit1');
    const two = await measure('test/server-pg/kit-process.ts', 2, 'kit2');
    ratios.push(one.perSecond / baseline.perSecond);
    scaling.push(two.perSecond / one.perSecond);
    rows.push(
      [`round ${round}: baseline, 1 process`, `${baseline.perSecond.toFixed(0)}/s`, `p95 ${baseline.p95.toFixed(0)} ms`],
      [`round ${round}: kit, 1 process`, `${one.perSecond.toFixed(0)}/s`, `p95 ${one.p95.toFixed(0)} ms; kit/baseline ${(one.perSecond / baseline.perSecond).toFixed(2)}`],
      [`round ${round}: kit, 2 processes`, `${two.perSecond.toFixed(0)}/s`, `p95 ${two.p95.toFixed(0)} ms; 2/1 processes ${(two.perSecond / one.perSecond).toFixed(2)}`],
    );
  }
  const spread = (values: number[]) => `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}`;
  rows.push(['kit/baseline, 1 process (goal >= 0.5)', spread(ratios), `${ROUNDS} rounds`], ['kit 2 processes / 1 process (goal >= 1)', spread(scaling), `${ROUNDS} rounds`]);
  report(`Kit vs baseline (${IPNS} signed IPNs per measure, ${CONCURRENCY} concurrent senders, real processes on loopback)`, rows);
}, 600_000);
