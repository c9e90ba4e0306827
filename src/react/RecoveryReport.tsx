import { useId, useMemo, type CSSProperties } from 'react';
import { appearanceThemeOf, appearanceToCssVariables, type Appearance } from '../browser/appearance';
import type { RecoveryReport as RecoveryReportData, RecoveryReportFigures, RecoveryReportGroupBy } from '../domain/recovery-report';
import type { Money } from '../domain/types';
import { formatAmount } from '../i18n/format';

/** The report's texts (English by default); `{from}`, `{to}` are filled in. */
export interface RecoveryReportLabels {
  readonly title: string;
  readonly period: string;
  readonly declines: string;
  readonly recovered: string;
  readonly recoveredAmount: string;
  readonly lost: string;
  readonly pending: string;
  readonly recoveryRate: string;
  readonly medianTime: string;
  readonly otherMethod: string;
  readonly total: string;
  readonly none: string;
  readonly groups: Readonly<Record<RecoveryReportGroupBy, string>>;
  readonly funnelTitle: string;
  readonly popupShown: string;
  readonly dismissed: string;
  readonly amazonPayChosen: string;
  readonly checkoutCompleted: string;
  readonly completedAmount: string;
  readonly journeys: string;
  readonly share: string;
  readonly empty: string;
}

export const RECOVERY_REPORT_LABELS: RecoveryReportLabels = {
  title: 'What Amazon Pay recovery won back',
  period: '{from} to {to}',
  declines: 'Declined orders',
  recovered: 'Recovered',
  recoveredAmount: 'Amount recovered',
  lost: 'Lost',
  pending: 'Still open',
  recoveryRate: 'Recovery rate',
  medianTime: 'Median time to recovery',
  otherMethod: 'Paid another way',
  total: 'All declines',
  none: '–',
  groups: { reasonCode: 'Reason code', path: 'Path (mode / decided by)', day: 'Day of first decline' },
  funnelTitle: 'Cart recovery pop-up',
  popupShown: 'Pop-up shown',
  dismissed: 'Dismissed',
  amazonPayChosen: 'Amazon Pay chosen',
  checkoutCompleted: 'Checkout completed',
  completedAmount: 'Amount charged',
  journeys: 'Carts',
  share: 'Share of pop-ups shown',
  empty: 'No declines in this period.',
};

export interface RecoveryReportProps {
  /** What `fetchRecoveryReport` (or the server's `getRecoveryReport`) returned. */
  readonly report: RecoveryReportData;
  /** Number, money, date and duration formats. Default `en-US`. */
  readonly locale?: string;
  /** The kit's design tokens (`--arp-*`), as on `<AmazonPayProvider appearance>`; without it the page's (styles.css) apply. */
  readonly appearance?: Appearance;
  readonly labels?: Partial<RecoveryReportLabels>;
  /** The heading level of the report's title (its sections use the next). Default 2. */
  readonly headingLevel?: 2 | 3 | 4;
  readonly className?: string;
}

function percent(part: number, whole: number, locale: string): string {
  return whole === 0 ? '–' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(part / whole);
}

/** A duration as an admin reads it: `45 sec`, `12 min`, `5 hr 20 min`. */
function shortDuration(ms: number, locale: string): string {
  const unit = (value: number, name: 'second' | 'minute' | 'hour') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  if (ms < 60_000) return unit(Math.round(ms / 1000), 'second');
  if (ms < 3_600_000) return unit(Math.round(ms / 60_000), 'minute');
  const minutes = Math.round(ms / 60_000);
  return `${unit(Math.floor(minutes / 60), 'hour')} ${unit(minutes % 60, 'minute')}`;
}

const amounts = (list: readonly Money[], locale: string, none: string): string =>
  list.length === 0 ? none : list.map((money) => formatAmount(money, locale)).join(', ');

const formatDay = (day: string, locale: string): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/** The bar of one group: recovered, lost and still open, as shares of the largest group (decorative: the table carries the figures). */
function Bar({ figures, max }: { figures: RecoveryReportFigures; max: number }) {
  const width = (count: number) => `${max === 0 ? 0 : (count / max) * 100}%`;
  return (
    <span className="arp-report__bar">
      <span className="arp-report__segment arp-report__segment--recovered" style={{ width: width(figures.recovered) }} />
      <span className="arp-report__segment arp-report__segment--lost" style={{ width: width(figures.lost) }} />
      <span className="arp-report__segment arp-report__segment--pending" style={{ width: width(figures.pending) }} />
    </span>
  );
}

/**
 * The merchant's recovery report (from `react-amazon-pay-recovery/report`, an
 * entry storefront pages never load): the period's totals, a bar chart of
 * recovered, lost and still-open declines per group, the same figures as a
 * table (the chart is hidden from screen readers, which read the table), and
 * the pop-up's funnel. Styles: `react-amazon-pay-recovery/report.css`, read
 * the kit's design tokens.
 */
export function RecoveryReport(props: RecoveryReportProps) {
  const { report, locale = 'en-US', appearance, headingLevel = 2, className } = props;
  const t = { ...RECOVERY_REPORT_LABELS, ...props.labels, groups: { ...RECOVERY_REPORT_LABELS.groups, ...props.labels?.groups } };
  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const style = useMemo(() => (appearance ? (appearanceToCssVariables(appearance) as CSSProperties) : undefined), [appearance]);
  const Title = `h${headingLevel}` as 'h2';
  const Section = `h${headingLevel + 1}` as 'h3';
  const count = (value: number) => new Intl.NumberFormat(locale).format(value);
  const { totals, rows, funnel } = report;
  const max = Math.max(0, ...rows.map((row) => row.declines));
  const keyLabel = (key: string) => (report.groupBy === 'day' ? formatDay(key, locale) : key);
  const median = (ms: number | null) => (ms === null ? t.none : shortDuration(ms, locale));
  const day = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
  // `to` is exclusive: a period ending at midnight reads as ending the day before.
  const lastDay = day(new Date(Date.parse(report.to) - 1).toISOString());
  const period = t.period.replace('{from}', day(report.from)).replace('{to}', lastDay);
  const funnelSteps = [
    [t.popupShown, funnel.popupShown],
    [t.amazonPayChosen, funnel.amazonPayChosen],
    [t.checkoutCompleted, funnel.checkoutCompleted],
  ] as const;
  return (
    <section
      className={['arp-report', className].filter(Boolean).join(' ')}
      aria-labelledby={`${id}-title`}
      data-arp-theme={appearance ? appearanceThemeOf(appearance) : undefined}
      style={style}
    >
      <Title id={`${id}-title`} className="arp-report__title">
        {t.title}
      </Title>
      <p className="arp-report__period">{period}</p>
      <dl className="arp-report__totals">
        <div>
          <dt>{t.declines}</dt>
          <dd>{count(totals.declines)}</dd>
        </div>
        <div>
          <dt>{t.recovered}</dt>
          <dd>
            {count(totals.recovered)} <span className="arp-report__muted">({percent(totals.recovered, totals.declines, locale)})</span>
          </dd>
        </div>
        <div>
          <dt>{t.recoveredAmount}</dt>
          <dd>{amounts(totals.recoveredAmounts, locale, t.none)}</dd>
        </div>
        <div>
          <dt>{t.lost}</dt>
          <dd>{count(totals.lost)}</dd>
        </div>
        <div>
          <dt>{t.medianTime}</dt>
          <dd>{median(totals.medianTimeToRecoveryMs)}</dd>
        </div>
      </dl>

      <Section className="arp-report__heading">{t.groups[report.groupBy]}</Section>
      {rows.length === 0 ? (
        <p className="arp-report__empty">{t.empty}</p>
      ) : (
        <>
          {/* The chart repeats the table below, which is what assistive technology reads. */}
          <div className="arp-report__chart" aria-hidden="true">
            <ul className="arp-report__legend">
              <li>
                <span className="arp-report__swatch arp-report__segment--recovered" />
                {t.recovered}
              </li>
              <li>
                <span className="arp-report__swatch arp-report__segment--lost" />
                {t.lost}
              </li>
              <li>
                <span className="arp-report__swatch arp-report__segment--pending" />
                {t.pending}
              </li>
            </ul>
            {rows.map((row) => (
              <div key={row.key} className="arp-report__chart-row">
                <span className="arp-report__chart-label">{keyLabel(row.key)}</span>
                <Bar figures={row} max={max} />
                <span className="arp-report__chart-value">
                  {count(row.recovered)} / {count(row.declines)}
                </span>
              </div>
            ))}
          </div>
          <div className="arp-report__scroll" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
            <table className="arp-report__table">
              <caption id={`${id}-caption`}>
                {t.groups[report.groupBy]}: {period}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t.groups[report.groupBy]}</th>
                  <th scope="col">{t.declines}</th>
                  <th scope="col">{t.recovered}</th>
                  <th scope="col">{t.recoveryRate}</th>
                  <th scope="col">{t.recoveredAmount}</th>
                  <th scope="col">{t.lost}</th>
                  <th scope="col">{t.pending}</th>
                  <th scope="col">{t.medianTime}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{keyLabel(row.key)}</th>
                    <td>{count(row.declines)}</td>
                    <td>{count(row.recovered)}</td>
                    <td>{percent(row.recovered, row.declines, locale)}</td>
                    <td>{amounts(row.recoveredAmounts, locale, t.none)}</td>
                    <td>{count(row.lost)}</td>
                    <td>{count(row.pending)}</td>
                    <td>{median(row.medianTimeToRecoveryMs)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t.total}</th>
                  <td>{count(totals.declines)}</td>
                  <td>{count(totals.recovered)}</td>
                  <td>{percent(totals.recovered, totals.declines, locale)}</td>
                  <td>{amounts(totals.recoveredAmounts, locale, t.none)}</td>
                  <td>{count(totals.lost)}</td>
                  <td>{count(totals.pending)}</td>
                  <td>{median(totals.medianTimeToRecoveryMs)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          <p className="arp-report__muted">
            {t.otherMethod}: {count(totals.otherMethodChosen)}
          </p>
        </>
      )}

      <Section className="arp-report__heading">{t.funnelTitle}</Section>
      <div className="arp-report__chart" aria-hidden="true">
        {funnelSteps.map(([label, value]) => (
          <div key={label} className="arp-report__chart-row">
            <span className="arp-report__chart-label">{label}</span>
            <span className="arp-report__bar">
              <span
                className="arp-report__segment arp-report__segment--funnel"
                style={{ width: `${funnel.popupShown === 0 ? 0 : (value / funnel.popupShown) * 100}%` }}
              />
            </span>
            <span className="arp-report__chart-value">{count(value)}</span>
          </div>
        ))}
      </div>
      <div className="arp-report__scroll" tabIndex={0} role="region" aria-labelledby={`${id}-funnel`}>
        <table className="arp-report__table">
          <caption id={`${id}-funnel`}>
            {t.funnelTitle}: {period}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t.funnelTitle}</th>
              <th scope="col">{t.journeys}</th>
              <th scope="col">{t.share}</th>
            </tr>
          </thead>
          <tbody>
            {[...funnelSteps, [t.dismissed, funnel.dismissed] as const].map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{count(value)}</td>
                <td>{percent(value, funnel.popupShown, locale)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t.completedAmount}</th>
              <td colSpan={2}>{amounts(funnel.completedAmounts, locale, t.none)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
