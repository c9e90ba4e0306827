/**
 * The recovery report: recorded events -> what the kit won back. This is the
 * one definition of every figure; the memory store and the sandbox run it as
 * is, and PostgreSQL's SQL (postgres/recovery-report-sql.ts) computes the same
 * figures from its rollups (its tests compare the two on the same events).
 *
 * Cohorts:
 * - An order is in the report when its FIRST decline falls in [from, to). Its
 *   reason code and path are that first decline's; it counts as recovered if
 *   it was ever recovered (its first `recovered` event: time and amount), else
 *   lost if it ended lost, else pending.
 * - A pop-up journey (one `merchantReferenceId`) is in the funnel when the pop-up
 *   was FIRST shown for it in [from, to): dismissed, Amazon Pay chosen and
 *   checkout completed (the server's completion with that merchantReferenceId)
 *   count it once each, whenever they happened.
 */
import type { RecordedRecoveryEvent } from './recovery-events';
import type { CurrencyCode, Money } from './types';

export type RecoveryReportGroupBy = 'reasonCode' | 'path' | 'day';

export const RECOVERY_REPORT_GROUPS: readonly RecoveryReportGroupBy[] = ['reasonCode', 'path', 'day'];

/** The longest period one report covers. */
export const MAX_REPORT_DAYS = 400;

export interface RecoveryReportQuery {
  /** ISO 8601 instant, inclusive. */
  readonly from: string;
  /** ISO 8601 instant, exclusive. */
  readonly to: string;
  /**
   * The rows: by the first decline's `reasonCode`, its `path`
   * (`sync/tab`, `async/server`, ...: the authorization mode and who decided), or
   * its `day` (UTC, `YYYY-MM-DD`). Default `reasonCode`.
   */
  readonly groupBy?: RecoveryReportGroupBy;
}

/** The figures of one group of declined orders (or of all of them). */
export interface RecoveryReportFigures {
  /** Orders whose first decline is in the period. */
  readonly declines: number;
  readonly recovered: number;
  /** Amount won back, per currency (sorted by currency code). */
  readonly recoveredAmounts: readonly Money[];
  readonly lost: number;
  /** Neither recovered nor lost yet. */
  readonly pending: number;
  /** Median time from the first decline to the recovery, in ms; null when nothing was recovered. */
  readonly medianTimeToRecoveryMs: number | null;
}

export interface RecoveryReportRow extends RecoveryReportFigures {
  /** The reason code, the path or the day. */
  readonly key: string;
}

export interface RecoveryFunnel {
  /** Journeys (merchantReferenceIds) whose pop-up was first shown in the period. */
  readonly popupShown: number;
  readonly dismissed: number;
  readonly amazonPayChosen: number;
  readonly checkoutCompleted: number;
  /** Charged through those completed checkouts, per currency. */
  readonly completedAmounts: readonly Money[];
}

export interface RecoveryReport {
  readonly from: string;
  readonly to: string;
  readonly groupBy: RecoveryReportGroupBy;
  readonly totals: RecoveryReportFigures & {
    /** Declined orders (of the period) on which the buyer chose "Pay another way". */
    readonly otherMethodChosen: number;
  };
  /** Sorted by key (days in order). */
  readonly rows: readonly RecoveryReportRow[];
  readonly funnel: RecoveryFunnel;
}

/** A report query whose values were checked: instants in ms, the grouping resolved. */
export interface ResolvedReportQuery {
  readonly from: string;
  readonly to: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly groupBy: RecoveryReportGroupBy;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Checks a report query; throws a plain Error naming the field (the server answers 400 with it). */
export function resolveReportQuery(query: RecoveryReportQuery): ResolvedReportQuery {
  const instant = (name: 'from' | 'to'): number => {
    const value = query[name];
    const ms = typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
    if (!Number.isFinite(ms))
      throw new Error(`${name}: ${JSON.stringify(value)} is not an ISO 8601 date or instant (2026-11-01 or 2026-11-01T00:00:00Z).`);
    return ms;
  };
  const fromMs = instant('from');
  const toMs = instant('to');
  if (toMs <= fromMs) throw new Error('to: must be after from.');
  if (toMs - fromMs > MAX_REPORT_DAYS * 86_400_000) throw new Error(`to: a report covers at most ${MAX_REPORT_DAYS} days.`);
  const groupBy = query.groupBy ?? 'reasonCode';
  if (!RECOVERY_REPORT_GROUPS.includes(groupBy))
    throw new Error(`groupBy: must be one of ${RECOVERY_REPORT_GROUPS.join(', ')}, got ${JSON.stringify(groupBy)}.`);
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), fromMs, toMs, groupBy };
}

/** Exact decimal sum; the result has the largest scale of its terms (as PostgreSQL's numeric). */
export function addDecimals(a: string, b: string): string {
  const scale = (text: string) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);
  const digits = Math.max(scale(a), scale(b));
  const units = (text: string) => BigInt(text.replace('.', '') + '0'.repeat(digits - scale(text)));
  const sum = (units(a) + units(b)).toString().padStart(digits + 1, '0');
  return digits === 0 ? sum : `${sum.slice(0, -digits)}.${sum.slice(-digits)}`;
}

function addMoney(totals: Map<string, string>, money: Money | undefined): void {
  if (!money) return;
  const known = totals.get(money.currencyCode);
  totals.set(money.currencyCode, known === undefined ? money.amount : addDecimals(known, money.amount));
}

const moneyList = (totals: Map<string, string>): Money[] =>
  [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currencyCode, amount]) => ({ amount, currencyCode: currencyCode as CurrencyCode }));

/** The median, as PostgreSQL's percentile_cont(0.5), rounded to whole ms (half up). */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return Math.round((sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2);
}

/** One declined order, as PostgreSQL's `recovery_orders` rollup keeps it. */
export interface OrderRollup {
  firstDeclineAt?: number;
  reasonCode?: string;
  path?: string;
  recoveredAt?: number;
  recoveredAmount?: Money;
  lostAt?: number;
  otherMethodAt?: number;
}

/** One pop-up journey, as PostgreSQL's `recovery_journeys` rollup keeps it. */
export interface JourneyRollup {
  shownAt?: number;
  dismissedAt?: number;
  chosenAt?: number;
  completedAt?: number;
  completedAmount?: Money;
}

const earlier = (known: number | undefined, at: number): number => (known === undefined || at < known ? at : known);

/** The rollups of the events, in the order they were recorded (an earlier event wins a tie of `at` by coming first). */
export function rollUp(events: Iterable<RecordedRecoveryEvent>): {
  orders: Map<string, OrderRollup>;
  journeys: Map<string, JourneyRollup>;
} {
  const orders = new Map<string, OrderRollup>();
  const journeys = new Map<string, JourneyRollup>();
  for (const event of events) {
    if (
      event.orderKey !== undefined &&
      (event.type === 'declineSeen' || event.type === 'recovered' || event.type === 'lost' || event.type === 'otherMethodChosen')
    ) {
      const order = orders.get(event.orderKey) ?? {};
      orders.set(event.orderKey, order);
      if (event.type === 'declineSeen' && (order.firstDeclineAt === undefined || event.at < order.firstDeclineAt)) {
        order.firstDeclineAt = event.at;
        order.reasonCode = event.reasonCode ?? 'Unknown';
        order.path = `${event.mode ?? 'sync'}/${event.decidedBy ?? 'tab'}`;
      } else if (event.type === 'recovered' && (order.recoveredAt === undefined || event.at < order.recoveredAt)) {
        order.recoveredAt = event.at;
        order.recoveredAmount = event.amount;
      } else if (event.type === 'lost') order.lostAt = earlier(order.lostAt, event.at);
      else if (event.type === 'otherMethodChosen') order.otherMethodAt = earlier(order.otherMethodAt, event.at);
    }
    if (event.merchantReferenceId !== undefined) {
      const journey = journeys.get(event.merchantReferenceId) ?? {};
      journeys.set(event.merchantReferenceId, journey);
      if (event.type === 'popupShown') journey.shownAt = earlier(journey.shownAt, event.at);
      else if (event.type === 'popupDismissed') journey.dismissedAt = earlier(journey.dismissedAt, event.at);
      else if (event.type === 'amazonPayChosen') journey.chosenAt = earlier(journey.chosenAt, event.at);
      else if (event.type === 'checkoutCompleted' && (journey.completedAt === undefined || event.at < journey.completedAt)) {
        journey.completedAt = event.at;
        journey.completedAmount = event.amount;
      }
    }
  }
  return { orders, journeys };
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

interface Group {
  declines: number;
  recovered: number;
  amounts: Map<string, string>;
  lost: number;
  durations: number[];
}

const newGroup = (): Group => ({ declines: 0, recovered: 0, amounts: new Map(), lost: 0, durations: [] });

function figures(group: Group): RecoveryReportFigures {
  return {
    declines: group.declines,
    recovered: group.recovered,
    recoveredAmounts: moneyList(group.amounts),
    lost: group.lost,
    pending: group.declines - group.recovered - group.lost,
    medianTimeToRecoveryMs: median(group.durations),
  };
}

/** The report of `events` (in the order they were recorded) for `query`. */
export function aggregateRecoveryReport(events: Iterable<RecordedRecoveryEvent>, query: RecoveryReportQuery): RecoveryReport {
  const resolved = resolveReportQuery(query);
  const { fromMs, toMs, groupBy } = resolved;
  const { orders, journeys } = rollUp(events);
  const total = newGroup();
  const groups = new Map<string, Group>();
  let otherMethodChosen = 0;
  for (const order of orders.values()) {
    const at = order.firstDeclineAt;
    if (at === undefined || at < fromMs || at >= toMs) continue;
    const key = groupBy === 'day' ? utcDay(at) : groupBy === 'path' ? order.path! : order.reasonCode!;
    const group = groups.get(key) ?? newGroup();
    groups.set(key, group);
    for (const target of [total, group]) {
      target.declines += 1;
      if (order.recoveredAt !== undefined) {
        target.recovered += 1;
        addMoney(target.amounts, order.recoveredAmount);
        target.durations.push(Math.max(0, order.recoveredAt - at));
      } else if (order.lostAt !== undefined) target.lost += 1;
    }
    if (order.otherMethodAt !== undefined) otherMethodChosen += 1;
  }
  const funnel = { popupShown: 0, dismissed: 0, amazonPayChosen: 0, checkoutCompleted: 0 };
  const completedAmounts = new Map<string, string>();
  for (const journey of journeys.values()) {
    const at = journey.shownAt;
    if (at === undefined || at < fromMs || at >= toMs) continue;
    funnel.popupShown += 1;
    if (journey.dismissedAt !== undefined) funnel.dismissed += 1;
    if (journey.chosenAt !== undefined) funnel.amazonPayChosen += 1;
    if (journey.completedAt !== undefined) {
      funnel.checkoutCompleted += 1;
      addMoney(completedAmounts, journey.completedAmount);
    }
  }
  return {
    from: resolved.from,
    to: resolved.to,
    groupBy,
    totals: { ...figures(total), otherMethodChosen },
    rows: [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, group]) => ({ key, ...figures(group) })),
    funnel: { ...funnel, completedAmounts: moneyList(completedAmounts) },
  };
}
