// `npm run bench`: the recovery report over 1,000,000 recorded events in PostgreSQL. The events are
// recorded through the kit's own path (createPostgresStorage().recordEvents: the event log and its
// rollups in one statement per batch), then 30-day reports are timed for every grouping and period.
// Prints the figures (p50, p95, max); asserts nothing timing-related.
import pg from 'pg';
import type { RecordedRecoveryEvent } from '../../src/domain/recovery-events';
import type { RecoveryReportGroupBy } from '../../src/domain/recovery-report';
import { createPostgresStorage } from '../../src/server';
import { forEachSampleRecoveryEvent } from '../../src/testing/sample-recovery-events';
import { withTestDatabase } from '../../test/server/postgres/database';
import { report } from '../report';

const database = withTestDatabase();
const EVENTS = 1_000_000;
const BATCH = 2_000;
const RUNS = 60;
const DAY = 86_400_000;
const START = Date.UTC(2025, 11, 1);

const percentile = (values: readonly number[], p: number) =>
  [...values].sort((x, y) => x - y)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;

describe('recovery report on PostgreSQL', () => {
  it('1,000,000 events: 30-day reports', { timeout: 1_200_000 }, async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 4 });
    try {
      const storage = createPostgresStorage({ pool, schema: 'report_bench' });
      await storage.ready();

      // A year of a large shop: ~400 declined orders and ~1,000 pop-up carts a day.
      const loadStarted = performance.now();
      let batch: RecordedRecoveryEvent[] = [];
      let recorded = 0;
      const pending: RecordedRecoveryEvent[][] = [];
      forEachSampleRecoveryEvent({ start: START, days: 400, declinesPerDay: 400, journeysPerDay: 1000, seed: 2026 }, (event) => {
        if (recorded + batch.length >= EVENTS) return;
        batch.push(event);
        if (batch.length === BATCH) {
          pending.push(batch);
          recorded += batch.length;
          batch = [];
        }
      });
      if (batch.length > 0) pending.push(batch);
      for (const events of pending) await storage.recordEvents(events);
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      await pool.query('VACUUM ANALYZE report_bench.recovery_events, report_bench.recovery_orders, report_bench.recovery_journeys');
      const { rows } = await pool.query<{ events: number; orders: number; journeys: number; last: Date }>(
        `SELECT (SELECT count(*) FROM report_bench.recovery_events)::int AS events, (SELECT count(*) FROM report_bench.recovery_orders)::int AS orders,
                (SELECT count(*) FROM report_bench.recovery_journeys)::int AS journeys, (SELECT max(at) FROM report_bench.recovery_events) AS last`,
      );
      const { events, orders, journeys, last } = rows[0]!;
      const days = Math.floor((last.getTime() - START) / DAY);

      // 30-day reports at different places of the year, every grouping in turn (after one warm-up each).
      const groups: RecoveryReportGroupBy[] = ['reasonCode', 'path', 'day'];
      const times: number[] = [];
      let sample = await storage.getRecoveryReport({ from: new Date(START).toISOString(), to: new Date(START + 30 * DAY).toISOString() });
      for (const groupBy of groups)
        await storage.getRecoveryReport({ from: new Date(START).toISOString(), to: new Date(START + 30 * DAY).toISOString(), groupBy });
      for (let run = 0; run < RUNS; run += 1) {
        const from = START + ((run * 37) % Math.max(1, days - 30)) * DAY;
        const started = performance.now();
        sample = await storage.getRecoveryReport({
          from: new Date(from).toISOString(),
          to: new Date(from + 30 * DAY).toISOString(),
          groupBy: groups[run % groups.length]!,
        });
        times.push(performance.now() - started);
      }
      const yearStarted = performance.now();
      const year = await storage.getRecoveryReport({
        from: new Date(START).toISOString(),
        to: new Date(START + 365 * DAY).toISOString(),
        groupBy: 'day',
      });
      const yearMs = performance.now() - yearStarted;
      const { rows: plan } = await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT count(*) FROM report_bench.recovery_orders WHERE first_decline_at >= $1 AND first_decline_at < $2`,
        [new Date(START).toISOString(), new Date(START + 30 * DAY).toISOString()],
      );

      report('Recovery report on PostgreSQL (1 instance, this machine)', [
        ['events recorded', events, `${orders} declined orders, ${journeys} pop-up carts over ${days} days`],
        [
          'recording',
          `${loadSeconds.toFixed(1)} s`,
          `${Math.round(events / loadSeconds)} events/s through recordEvents, ${BATCH} per batch (event log + rollups)`,
        ],
        ['30-day report p50', `${percentile(times, 50).toFixed(1)} ms`, `${RUNS} reports, groupBy reasonCode/path/day in turn`],
        ['30-day report p95', `${percentile(times, 95).toFixed(1)} ms`, 'bar: under 200 ms'],
        [
          '30-day report max',
          `${Math.max(...times).toFixed(1)} ms`,
          `one report: ${sample.totals.declines} declined orders, ${sample.funnel.popupShown} pop-up carts`,
        ],
        ['365-day report by day', `${yearMs.toFixed(1)} ms`, `${year.totals.declines} declined orders, ${year.rows.length} rows`],
        [
          'plan',
          /Index Only Scan/.test(plan.map((row) => row['QUERY PLAN']).join(' ')) ? 'index only' : 'other',
          'the 30-day cohort read from the rollup by its covering index on first_decline_at',
        ],
      ]);
      expect(events).toBe(EVENTS);
    } finally {
      await pool.end();
    }
  });
});
