// `npm run bench`: signed IPNs per second through the kit (real server processes wired as
// docs/durable-server.md shows: SNS signature, the re-read from Amazon, the recovery runner's
// transaction, the notification row, NOTIFY) against a baseline doing the same work with no kit
// (bench/server/baseline-process.ts), in the same run, on the same loopback fake Amazon and the same
// PostgreSQL. Prints kit/baseline per round; asserts nothing timing-related.
// Each round's kit measure sits between two baseline measures and is compared with their mean, so a
// load that drifts during the run weighs on both sides alike. Beside each measure: the CPU time per IPN
// of the server processes, of this process (load generator and fake Amazon) and of the rest of the
// machine (PostgreSQL), and how busy the machine's cores were: when they are saturated with one kit
// process, a second one cannot add throughput.
// ARP_CPU_PROF=dir writes --cpu-prof profiles of the processes there.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { afterAll, beforeAll, it } from 'vitest';
import { getAuthorizationDetailsXml, startFakeMws, emptyResultXml, type FakeMws } from '../../test/server/fake-mws';
import { signedSnsBody } from '../../test/server/sns-test-envelope';
import { makeSelfSignedCertificate } from '../../test/server/test-certificates';
import { withTestDatabase } from '../../test/server/postgres/database';
import { startChildServer, type ChildServer } from '../../test/server/postgres/kit-processes';
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
    action === 'GetAuthorizationDetails'
      ? { body: getAuthorizationDetailsXml({ id: params.AmazonAuthorizationId!, state: 'Open' }) }
      : { body: emptyResultXml(action) };
});
afterAll(() => mws?.close());

let counter = 0;
function ipn(): string {
  const n = ++counter;
  const order = `S01-${String(5000000 + n)}-${String(6000000 + n)}`;
  const id = `bench-${n}-${process.pid}`;
  const data = `<AuthorizationNotification><AuthorizationDetails><AmazonAuthorizationId>${order}-A000001</AmazonAuthorizationId><AuthorizationReferenceId>r-${n}</AuthorizationReferenceId><AuthorizationAmount><Amount>94.50</Amount><CurrencyCode>USD</CurrencyCode></AuthorizationAmount><AuthorizationStatus><State>Open</State><LastUpdateTimestamp>${new Date().toISOString()}</LastUpdateTimestamp></AuthorizationStatus></AuthorizationDetails></AuthorizationNotification>`;
  return signedSnsBody(
    JSON.stringify({ NotificationReferenceId: id, NotificationType: 'PaymentAuthorize', SellerId: SELLER, NotificationData: data }),
    { topic: TOPIC, keyPem: sns.keyPem },
  );
}

/** Machine-wide CPU ticks (all cores) from /proc/stat: busy and total. */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - fields[3]! - (fields[4] ?? 0), total };
}
/** A process's user+system CPU ticks from /proc/<pid>/stat (fields 14 and 15). */
function processTicks(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
const TICK_MS = 10; // USER_HZ is 100 on Linux

const percentile = (values: readonly number[], p: number) =>
  [...values].sort((x, y) => x - y)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;

async function measure(script: string, processes: number, label: string) {
  const env = { DATABASE_URL: database.url, MWS_URL: mws.url, MWS_SECRET_KEY: SECRET, SELLER_ID: SELLER, SNS_CERT_PEM: sns.certPem };
  const profile = (i: number) =>
    process.env.ARP_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.ARP_CPU_PROF}`, `--cpu-prof-name=${label}-${i}-${Date.now()}.cpuprofile`]
      : [];
  const servers: ChildServer[] = [];
  for (let i = 0; i < processes; i += 1) servers.push(await startChildServer(script, env, profile(i)));
  try {
    const bodies = Array.from({ length: IPNS }, ipn);
    // Warm-up: connections, the certificate, JIT.
    await Promise.all(servers.flatMap((server) => Array.from({ length: 10 }, () => post(server, ipn()))));
    const latencies: number[] = [];
    let next = 0;
    const machineBefore = machineTicks();
    const serversBefore = servers.reduce((sum, server) => sum + processTicks(server.child.pid), 0);
    const selfBefore = process.cpuUsage();
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
    const seconds = (performance.now() - started) / 1000;
    const machine = machineTicks();
    const serverMs = (servers.reduce((sum, server) => sum + processTicks(server.child.pid), 0) - serversBefore) * TICK_MS;
    const self = process.cpuUsage(selfBefore);
    const selfMs = (self.user + self.system) / 1000;
    const busyMs = (machine.busy - machineBefore.busy) * TICK_MS;
    return {
      perSecond: IPNS / seconds,
      p95: percentile(latencies, 95),
      cpu: `CPU/IPN: server ${(serverMs / IPNS).toFixed(2)} ms, load+fake Amazon ${(selfMs / IPNS).toFixed(2)}, rest ${(Math.max(0, busyMs - serverMs - selfMs) / IPNS).toFixed(2)}; cores busy ${((100 * (machine.busy - machineBefore.busy)) / (machine.total - machineBefore.total)).toFixed(0)}%`,
    };
  } finally {
    for (const server of servers) await server.stop();
  }
}

async function post(server: ChildServer, body: string): Promise<number> {
  const response = await fetch(`${server.url}/ipn`, {
    method: 'POST',
    headers: { 'x-amz-sns-message-type': 'Notification', 'content-type': 'text/plain; charset=UTF-8' },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

it('kit vs baseline: signed IPNs per second, 1 and 2 processes, kit/baseline in the same run', async () => {
  const rows: Array<readonly [string, string | number, string]> = [];
  const ratios: number[] = [];
  const scaling: number[] = [];
  let baseline = await measure('bench/server/baseline-process.ts', 1, 'baseline');
  for (let round = 1; round <= ROUNDS; round += 1) {
    const one = await measure('test/server/postgres/kit-process.ts', 1, 'kit1');
    const two = await measure('test/server/postgres/kit-process.ts', 2, 'kit2');
    const after = await measure('bench/server/baseline-process.ts', 1, 'baseline');
    const base = (baseline.perSecond + after.perSecond) / 2;
    ratios.push(one.perSecond / base);
    scaling.push(two.perSecond / one.perSecond);
    if (round === 1)
      rows.push([
        `before round 1: baseline, 1 process`,
        `${baseline.perSecond.toFixed(0)}/s`,
        `p95 ${baseline.p95.toFixed(0)} ms; ${baseline.cpu}`,
      ]);
    rows.push(
      [`round ${round}: kit, 1 process`, `${one.perSecond.toFixed(0)}/s`, `p95 ${one.p95.toFixed(0)} ms; ${one.cpu}`],
      [`round ${round}: kit, 2 processes`, `${two.perSecond.toFixed(0)}/s`, `p95 ${two.p95.toFixed(0)} ms; ${two.cpu}`],
      [`round ${round}: baseline after, 1 process`, `${after.perSecond.toFixed(0)}/s`, `p95 ${after.p95.toFixed(0)} ms; ${after.cpu}`],
      [
        `round ${round}: kit/baseline (mean of the two)`,
        (one.perSecond / base).toFixed(2),
        `2/1 processes ${(two.perSecond / one.perSecond).toFixed(2)}`,
      ],
    );
    baseline = after;
  }
  const spread = (values: number[]) => `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}`;
  rows.push(
    ['kit/baseline, 1 process (goal >= 0.5)', spread(ratios), `${ROUNDS} rounds`],
    ['kit 2 processes / 1 process (goal >= 1)', spread(scaling), `${ROUNDS} rounds`],
  );
  report(
    `Kit vs baseline (${IPNS} signed IPNs per measure, ${CONCURRENCY} concurrent senders, real processes on loopback; ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(2)} at the end)`,
    rows,
  );
}, 600_000);
