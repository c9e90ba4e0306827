/**
 * The recovery events in PostgreSQL: the raw log (`recovery_events`) and two
 * rollups kept in the same statement that records a batch, so a report reads
 * one row per declined order and per pop-up journey instead of every event:
 * `recovery_orders` (first decline, first recovery, loss) and
 * `recovery_journeys` (pop-up shown, dismissed, Amazon Pay chosen, checkout
 * completed). Their rules are the domain's `rollUp` (src/domain/recovery-report.ts):
 * the earliest event wins, a tie goes to the one recorded first.
 */
import type { RecordedRecoveryEvent } from '../../domain/recovery-events';
import {
  resolveReportQuery,
  type RecoveryReport,
  type RecoveryReportFigures,
  type RecoveryReportQuery,
  type RecoveryReportRow,
} from '../../domain/recovery-report';
import type { CurrencyCode, Money } from '../../domain/types';
import type { PgQueryable } from './pg-types';

/** The event as one JSON object of the batch (`ord`: its place, which breaks ties of `at`). */
function eventRow(event: RecordedRecoveryEvent, ord: number): Record<string, unknown> {
  return {
    ord,
    id: event.id,
    at: new Date(event.at).toISOString(),
    type: event.type,
    order_key: event.orderKey ?? null,
    merchant_reference_id: event.merchantReferenceId ?? null,
    checkout_session_id: event.checkoutSessionId ?? null,
    trigger: event.trigger ?? null,
    reason_code: event.reasonCode ?? null,
    mode: event.mode ?? null,
    decline: event.decline ?? null,
    decided_by: event.decidedBy ?? null,
    amount: event.amount?.amount ?? null,
    currency: event.amount?.currencyCode ?? null,
    end_state: event.endState ?? null,
  };
}

const COLUMNS =
  'id text, ord int, at timestamptz, type text, order_key text, merchant_reference_id text, checkout_session_id text, trigger text, reason_code text, mode text, decline text, decided_by text, amount numeric, currency text, end_state text';

/** One statement: the new events (a known id is skipped) and both rollups. */
export function recordEventsSql(schema: string): string {
  const earliest = (column: string) => `${column} = LEAST(o.${column}, EXCLUDED.${column})`;
  const firstDecline =
    '(EXCLUDED.first_decline_at IS NOT NULL AND (o.first_decline_at IS NULL OR EXCLUDED.first_decline_at < o.first_decline_at))';
  const firstRecovery = '(EXCLUDED.recovered_at IS NOT NULL AND (o.recovered_at IS NULL OR EXCLUDED.recovered_at < o.recovered_at))';
  const firstCompletion = '(EXCLUDED.completed_at IS NOT NULL AND (o.completed_at IS NULL OR EXCLUDED.completed_at < o.completed_at))';
  const pick = (condition: string, column: string) => `${column} = CASE WHEN ${condition} THEN EXCLUDED.${column} ELSE o.${column} END`;
  return `
    WITH input AS (
      SELECT DISTINCT ON (id) * FROM jsonb_to_recordset($1::jsonb) AS x(${COLUMNS}) ORDER BY id, ord
    ),
    inserted AS (
      INSERT INTO ${schema}.recovery_events (id, at, type, order_key, merchant_reference_id, checkout_session_id, trigger, reason_code, mode, decline, decided_by, amount, currency, end_state)
      SELECT id, at, type, order_key, merchant_reference_id, checkout_session_id, trigger, reason_code, mode, decline, decided_by, amount, currency, end_state FROM input ORDER BY ord
      ON CONFLICT (id) DO NOTHING
      RETURNING id
    ),
    fresh AS (SELECT input.* FROM input JOIN inserted USING (id)),
    first_decline AS (
      SELECT DISTINCT ON (order_key) order_key, at, coalesce(reason_code, 'Unknown') AS reason_code, coalesce(mode, 'sync') || '/' || coalesce(decided_by, 'tab') AS path
      FROM fresh WHERE type = 'declineSeen' AND order_key IS NOT NULL ORDER BY order_key, at, ord
    ),
    first_recovery AS (
      SELECT DISTINCT ON (order_key) order_key, at, amount, currency FROM fresh WHERE type = 'recovered' AND order_key IS NOT NULL ORDER BY order_key, at, ord
    ),
    order_marks AS (
      SELECT order_key, min(at) FILTER (WHERE type = 'lost') AS lost_at, min(at) FILTER (WHERE type = 'otherMethodChosen') AS other_method_at
      FROM fresh WHERE order_key IS NOT NULL AND type IN ('declineSeen', 'recovered', 'lost', 'otherMethodChosen') GROUP BY order_key
    ),
    orders_up AS (
      INSERT INTO ${schema}.recovery_orders AS o (order_key, first_decline_at, reason_code, path, recovered_at, recovered_amount, recovered_currency, lost_at, other_method_at)
      SELECT m.order_key, d.at, d.reason_code, d.path, r.at, r.amount, r.currency, m.lost_at, m.other_method_at
      FROM order_marks m LEFT JOIN first_decline d USING (order_key) LEFT JOIN first_recovery r USING (order_key)
      ON CONFLICT (order_key) DO UPDATE SET
        ${pick(firstDecline, 'reason_code')}, ${pick(firstDecline, 'path')}, ${pick(firstDecline, 'first_decline_at')},
        ${pick(firstRecovery, 'recovered_amount')}, ${pick(firstRecovery, 'recovered_currency')}, ${pick(firstRecovery, 'recovered_at')},
        ${earliest('lost_at')}, ${earliest('other_method_at')}
      RETURNING 1
    ),
    first_completion AS (
      SELECT DISTINCT ON (merchant_reference_id) merchant_reference_id, at, amount, currency
      FROM fresh WHERE type = 'checkoutCompleted' AND merchant_reference_id IS NOT NULL ORDER BY merchant_reference_id, at, ord
    ),
    journey_marks AS (
      SELECT merchant_reference_id, min(at) FILTER (WHERE type = 'popupShown') AS shown_at, min(at) FILTER (WHERE type = 'popupDismissed') AS dismissed_at,
             min(at) FILTER (WHERE type = 'amazonPayChosen') AS chosen_at
      FROM fresh WHERE merchant_reference_id IS NOT NULL AND type IN ('popupShown', 'popupDismissed', 'amazonPayChosen', 'checkoutCompleted') GROUP BY merchant_reference_id
    ),
    journeys_up AS (
      INSERT INTO ${schema}.recovery_journeys AS o (merchant_reference_id, shown_at, dismissed_at, chosen_at, completed_at, completed_amount, completed_currency)
      SELECT m.merchant_reference_id, m.shown_at, m.dismissed_at, m.chosen_at, c.at, c.amount, c.currency
      FROM journey_marks m LEFT JOIN first_completion c USING (merchant_reference_id)
      ON CONFLICT (merchant_reference_id) DO UPDATE SET
        ${earliest('shown_at')}, ${earliest('dismissed_at')}, ${earliest('chosen_at')},
        ${pick(firstCompletion, 'completed_amount')}, ${pick(firstCompletion, 'completed_currency')}, ${pick(firstCompletion, 'completed_at')}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM inserted)::int AS recorded, (SELECT count(*) FROM orders_up)::int AS orders, (SELECT count(*) FROM journeys_up)::int AS journeys`;
}

/** The batch's parameter. */
export function eventBatch(events: readonly RecordedRecoveryEvent[]): string {
  return JSON.stringify(events.map(eventRow));
}

/**
 * The whole report in one round trip: the period's declined orders (a range
 * scan of the rollup's covering index on first_decline_at) grouped with their
 * totals (GROUPING SETS), their recovered amounts per currency, and the funnel
 * over the journeys first shown in the period.
 */
export function reportSql(schema: string): string {
  return `
    WITH cohort AS MATERIALIZED (
      SELECT CASE $3::text WHEN 'path' THEN path WHEN 'day' THEN to_char(first_decline_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') ELSE reason_code END AS key,
             recovered_at, recovered_amount, recovered_currency, lost_at, other_method_at,
             CASE WHEN recovered_at IS NOT NULL THEN greatest(0, extract(epoch FROM recovered_at - first_decline_at) * 1000) END AS ms
      FROM ${schema}.recovery_orders WHERE first_decline_at >= $1 AND first_decline_at < $2
    ),
    figures AS (
      SELECT key, GROUPING(key) = 1 AS total, count(*)::int AS declines, count(recovered_at)::int AS recovered,
             (count(*) FILTER (WHERE recovered_at IS NULL AND lost_at IS NOT NULL))::int AS lost,
             count(other_method_at)::int AS other_method,
             round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms::float8))::numeric)::text AS median
      FROM cohort GROUP BY GROUPING SETS ((key), ())
    ),
    amounts AS (
      SELECT key, GROUPING(key) = 1 AS total, recovered_currency AS currency, sum(recovered_amount)::text AS amount
      FROM cohort WHERE recovered_at IS NOT NULL AND recovered_currency IS NOT NULL GROUP BY GROUPING SETS ((key, recovered_currency), (recovered_currency))
    ),
    journeys AS MATERIALIZED (
      SELECT dismissed_at, chosen_at, completed_at, completed_amount, completed_currency FROM ${schema}.recovery_journeys WHERE shown_at >= $1 AND shown_at < $2
    ),
    funnel AS (
      SELECT count(*)::int AS shown, count(dismissed_at)::int AS dismissed, count(chosen_at)::int AS chosen, count(completed_at)::int AS completed FROM journeys
    ),
    funnel_amounts AS (
      SELECT completed_currency AS currency, sum(completed_amount)::text AS amount FROM journeys
      WHERE completed_at IS NOT NULL AND completed_currency IS NOT NULL GROUP BY completed_currency
    )
    SELECT (SELECT coalesce(json_agg(figures), '[]') FROM figures) AS figures,
           (SELECT coalesce(json_agg(amounts), '[]') FROM amounts) AS amounts,
           (SELECT row_to_json(funnel) FROM funnel) AS funnel,
           (SELECT coalesce(json_agg(funnel_amounts), '[]') FROM funnel_amounts) AS funnel_amounts`;
}

interface FiguresRow {
  key: string | null;
  total: boolean;
  declines: number;
  recovered: number;
  lost: number;
  other_method: number;
  median: string | null;
}
interface AmountRow {
  key: string | null;
  total: boolean;
  currency: string;
  amount: string;
}
interface ReportRow {
  figures: FiguresRow[];
  amounts: AmountRow[];
  funnel: { shown: number; dismissed: number; chosen: number; completed: number };
  funnel_amounts: Array<{ currency: string; amount: string }>;
}

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const moneyOf = (rows: ReadonlyArray<{ currency: string; amount: string }>): Money[] =>
  [...rows]
    .sort((a, b) => byCode(a.currency, b.currency))
    .map((row) => ({ amount: row.amount, currencyCode: row.currency as CurrencyCode }));

/** Runs {@link reportSql} and shapes its row as the domain's report. */
export async function queryRecoveryReport(db: PgQueryable, schema: string, query: RecoveryReportQuery): Promise<RecoveryReport> {
  const resolved = resolveReportQuery(query);
  const { rows } = await db.query<ReportRow>(reportSql(schema), [resolved.from, resolved.to, resolved.groupBy]);
  const { figures, amounts, funnel, funnel_amounts: funnelAmounts } = rows[0]!;
  const figuresOf = (row: FiguresRow | undefined, amountRows: AmountRow[]): RecoveryReportFigures => ({
    declines: row?.declines ?? 0,
    recovered: row?.recovered ?? 0,
    recoveredAmounts: moneyOf(amountRows),
    lost: row?.lost ?? 0,
    pending: (row?.declines ?? 0) - (row?.recovered ?? 0) - (row?.lost ?? 0),
    medianTimeToRecoveryMs: row?.median == null ? null : Number(row.median),
  });
  const total = figures.find((row) => row.total);
  const rowsOut: RecoveryReportRow[] = figures
    .filter((row) => !row.total)
    .sort((a, b) => byCode(a.key!, b.key!))
    .map((row) => ({
      key: row.key!,
      ...figuresOf(
        row,
        amounts.filter((amount) => !amount.total && amount.key === row.key),
      ),
    }));
  return {
    from: resolved.from,
    to: resolved.to,
    groupBy: resolved.groupBy,
    totals: {
      ...figuresOf(
        total,
        amounts.filter((amount) => amount.total),
      ),
      otherMethodChosen: total?.other_method ?? 0,
    },
    rows: rowsOut,
    funnel: {
      popupShown: funnel.shown,
      dismissed: funnel.dismissed,
      amazonPayChosen: funnel.chosen,
      checkoutCompleted: funnel.completed,
      completedAmounts: moneyOf(funnelAmounts),
    },
  };
}
