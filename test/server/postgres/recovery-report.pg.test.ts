/**
 * The recovery report on a real PostgreSQL: the SQL over the rollups gives
 * exactly the domain's report of the same events (recorded in batches of any
 * size, repeated, out of order), and recording is idempotent.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateRecoveryReport, type RecoveryReportGroupBy } from '../../../src/domain/recovery-report';
import type { RecordedRecoveryEvent } from '../../../src/domain/recovery-events';
import { createPostgresStorage, MIGRATIONS, type PostgresStorage } from '../../../src/server';
import { sampleRecoveryEvents } from '../../../src/testing/sample-recovery-events';
import { withTestDatabase } from './database';

const database = withTestDatabase();
let pool: pg.Pool;
let storage: PostgresStorage;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: database.url });
  storage = createPostgresStorage({ pool, schema: 'report_test' });
  await storage.ready();
});
afterAll(() => pool?.end());

const START = Date.UTC(2026, 8, 1);
const GROUPS: RecoveryReportGroupBy[] = ['reasonCode', 'path', 'day'];

describe('the recovery report in PostgreSQL', () => {
  it('migration 3 creates the event log and its rollups', async () => {
    expect(MIGRATIONS.map((m) => m.version)).toContain(3);
    const { rows } = await pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'report_test' ORDER BY table_name`,
    );
    expect(rows.map((row) => row.table_name)).toEqual(expect.arrayContaining(['recovery_events', 'recovery_journeys', 'recovery_orders']));
  });

  it('gives the domain report of the same events, for every grouping and period', async () => {
    const events = sampleRecoveryEvents({ start: START, days: 50, declinesPerDay: 12, journeysPerDay: 20, seed: 7 });
    // Ties and duplicates: an order declined twice at the same instant, an event recorded twice.
    const tie: RecordedRecoveryEvent = {
      ...events.find((e) => e.type === 'declineSeen')!,
      id: 'tie-decline',
      reasonCode: 'AmazonRejected',
    };
    const all = [...events, tie, events[3]!];
    for (let i = 0; i < all.length;) {
      const size = 1 + ((i * 7) % 53);
      await storage.recordEvents(all.slice(i, i + size));
      i += size;
    }
    const periods = [
      { from: '2026-09-01', to: '2026-10-21' },
      { from: '2026-09-10T06:00:00Z', to: '2026-09-24T18:30:00Z' },
      { from: '2027-01-01', to: '2027-02-01' },
    ];
    for (const period of periods) {
      for (const groupBy of GROUPS) {
        const query = { ...period, groupBy };
        expect(await storage.getRecoveryReport(query), `${groupBy} ${period.from}`).toEqual(aggregateRecoveryReport(all, query));
      }
    }
    const report = await storage.getRecoveryReport(periods[0]!);
    expect(report.totals.declines).toBeGreaterThan(400);
    expect(report.totals.recovered).toBeGreaterThan(100);
    expect(report.funnel.checkoutCompleted).toBeGreaterThan(50);
  });

  it('records an event id once, whatever repeats it', async () => {
    const event: RecordedRecoveryEvent = {
      id: 'decline:once',
      at: Date.UTC(2027, 5, 1),
      type: 'declineSeen',
      orderKey: 'S01-7777777-7777777',
      reasonCode: 'InvalidPaymentMethod',
      mode: 'sync',
      decidedBy: 'tab',
    };
    await storage.recordEvents([event, event]);
    await storage.recordEvents([event]);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM report_test.recovery_events WHERE id = 'decline:once'`);
    expect(rows[0]).toEqual({ n: 1 });
    const report = await storage.getRecoveryReport({ from: '2027-06-01', to: '2027-06-02' });
    expect(report.totals.declines).toBe(1);
  });

  it("records inside the caller's transaction when given its handle: a rollback records nothing", async () => {
    const event: RecordedRecoveryEvent = {
      id: 'decline:rolled-back',
      at: Date.UTC(2027, 6, 1),
      type: 'declineSeen',
      orderKey: 'S01-8888888-8888888',
      reasonCode: 'AmazonRejected',
    };
    await expect(
      storage.withOrderLock('S01-8888888-8888888', async (transaction) => {
        await storage.recordEvents([event], transaction.handle);
        throw new Error('the unit of work failed');
      }),
    ).rejects.toThrow('the unit of work failed');
    expect((await storage.getRecoveryReport({ from: '2027-07-01', to: '2027-07-02' })).totals.declines).toBe(0);
  });
});
