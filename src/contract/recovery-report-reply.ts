/**
 * The admin route's reply (GET {basePath}/admin/recovery-report): the
 * domain's RecoveryReport as JSON, and its runtime schema. The report entry's
 * fetchRecoveryReport checks every reply with it; the server's tests check the
 * handler's replies with the same one.
 */
import type { RecoveryReport } from '../domain/recovery-report';
import { conform, type Shape } from './replies';

export type {
  RecoveryReport,
  RecoveryReportFigures,
  RecoveryReportRow,
  RecoveryFunnel,
  RecoveryReportGroupBy,
  RecoveryReportQuery,
} from '../domain/recovery-report';

/** The reply of POST {basePath}/events: how many events were taken. */
export interface FunnelEventsReply {
  readonly recorded: number;
}

const MONEY: Shape = { amount: 'string', currencyCode: 'string' };
const FIGURES: Shape = { declines: 'number', recovered: 'number', recoveredAmounts: 'array', lost: 'number', pending: 'number' };
const FUNNEL: Shape = {
  popupShown: 'number',
  dismissed: 'number',
  amazonPayChosen: 'number',
  checkoutCompleted: 'number',
  completedAmounts: 'array',
};
const REPORT: Shape = {
  from: 'string',
  to: 'string',
  groupBy: ['reasonCode', 'path', 'day'],
  totals: { ...FIGURES, otherMethodChosen: 'number' },
  rows: 'array',
  funnel: FUNNEL,
};

function checkFigures(value: Record<string, unknown>, at: string): void {
  (value.recoveredAmounts as unknown[]).forEach((money, i) => conform(money, MONEY, `${at}.recoveredAmounts[${i}]`));
  const median = value.medianTimeToRecoveryMs;
  if (median !== null && typeof median !== 'number') throw new Error(`${at}.medianTimeToRecoveryMs is not a number or null`);
}

/** Throws a plain Error naming the field when `value` is not a documented RecoveryReport. */
export function checkRecoveryReport(value: unknown): asserts value is RecoveryReport {
  conform(value, REPORT, 'report');
  const report = value as { totals: Record<string, unknown>; rows: unknown[]; funnel: { completedAmounts: unknown[] } };
  checkFigures(report.totals, 'report.totals');
  report.rows.forEach((row, i) => {
    conform(row, { key: 'string', ...FIGURES }, `report.rows[${i}]`);
    checkFigures(row as Record<string, unknown>, `report.rows[${i}]`);
  });
  report.funnel.completedAmounts.forEach((money, i) => conform(money, MONEY, `report.funnel.completedAmounts[${i}]`));
}
