/**
 * pg-boss 10 marks a job done (or failed) without awaiting it: when the database drops that connection, the
 * rejection is unhandled, which ends a Node process (the CI of 6fdc074 caught one in fault-injection.pg).
 * The scheduler must turn it into an `onError` report: the process goes on, and the job, still active,
 * expires and runs again (recovery jobs are idempotent).
 */
import pg from 'pg';
import PgBoss from 'pg-boss';
import { createPgBossScheduler } from '../../../src/server/postgres/pg-boss-scheduler';
import type { RecoveryJob } from '../../../src/server/recovery/recovery-scheduler';
import { withClient, withTestDatabase } from './database';
import { eventually } from './instance';

const database = withTestDatabase();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
let boss: PgBoss | undefined;

beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await boss?.stop({ graceful: false, wait: true, timeout: 1 }).catch(() => undefined);
});

describe('pg-boss losing its connection while it marks a job done', () => {
  it('is reported to onError, ends nothing, and the job runs again after it expires', async () => {
    boss = new PgBoss({ connectionString: database.url, max: 2, schedule: false, supervise: true, maintenanceIntervalSeconds: 1 });
    const errors: Error[] = [];
    boss.on('error', () => undefined);
    await boss.start();
    const scheduler = createPgBossScheduler({
      boss,
      pollingIntervalSeconds: 0.5,
      retryDelaySeconds: 1,
      expireInSeconds: 2,
      onError: (error) => void errors.push(error),
    });
    const runs: RecoveryJob[] = [];
    // The test holds the job's row while the first run returns, so pg-boss's completion waits on it; that
    // waiting connection is then terminated, as a database restart or failover would.
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    let release: (() => Promise<void>) | undefined;
    await scheduler.start(async (job) => {
      runs.push(job);
      if (runs.length > 1) return;
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM pgboss.job WHERE data->>'amazonOrderReferenceId' = $1 FOR UPDATE`, ['P05-1000001-1000001']);
      release = async () => {
        await holder.query('COMMIT');
        await holder.end();
      };
    });
    await scheduler.schedule({ type: 'timer', amazonOrderReferenceId: 'P05-1000001-1000001', kind: 'deadline', sequence: 1 }, 0);

    const waiting = await eventually(
      () =>
        withClient(database.url, async (client) => {
          const { rows } = await client.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE application_name = 'pgboss' AND wait_event_type = 'Lock' AND query LIKE '%UPDATE%job%'`,
          );
          return rows[0]?.pid;
        }),
      10_000,
    );
    await withClient(database.url, (client) => client.query('SELECT pg_terminate_backend($1)', [waiting]));
    await release!();

    await eventually(() => errors.some((error) => /terminat/i.test(error.message)) || undefined, 10_000);
    await eventually(() => runs.length >= 2 || undefined, 15_000);
    expect(unhandled).toEqual([]);
    await scheduler.stop();
  });
});
