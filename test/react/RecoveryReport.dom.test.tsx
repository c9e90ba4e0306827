import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aggregateRecoveryReport } from '../../src/domain/recovery-report';
import type { RecordedRecoveryEvent } from '../../src/domain/recovery-events';
import { RecoveryReport } from '../../src/report';
import { expectNoSeriousA11yViolations } from '../support/axe';

const T0 = Date.UTC(2026, 10, 2);
const EUR = (amount: string) => ({ amount, currencyCode: 'EUR' as const });
const events: RecordedRecoveryEvent[] = [
  { id: 'd1', at: T0, type: 'declineSeen', orderKey: 'S01-1', reasonCode: 'InvalidPaymentMethod', mode: 'sync', decidedBy: 'tab' },
  { id: 'r1', at: T0 + 5 * 60_000, type: 'recovered', orderKey: 'S01-1', amount: EUR('49.90') },
  { id: 'd2', at: T0, type: 'declineSeen', orderKey: 'S01-2', reasonCode: 'AmazonRejected', mode: 'async', decidedBy: 'server' },
  { id: 'l2', at: T0 + 1000, type: 'lost', orderKey: 'S01-2' },
  { id: 's1', at: T0, type: 'popupShown', merchantReferenceId: 'cart-1', trigger: 'fadeIn' },
  { id: 'c1', at: T0 + 1, type: 'amazonPayChosen', merchantReferenceId: 'cart-1' },
  { id: 'k1', at: T0 + 2, type: 'checkoutCompleted', merchantReferenceId: 'cart-1', amount: EUR('20.00') },
];
const report = aggregateRecoveryReport(events, { from: '2026-11-01', to: '2026-12-01' });

describe('<RecoveryReport>', () => {
  it('reads as tables: one row per reason code, the totals in the footer, the funnel with its shares', async () => {
    const { container } = render(<RecoveryReport report={report} locale="en-GB" />);
    expect(screen.getByRole('heading', { level: 2, name: 'What Amazon Pay recovery won back' })).toBeTruthy();
    const table = screen.getByRole('table', { name: /^Reason code: 1 Nov 2026 to 30 Nov 2026/ });
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Reason code', 'Declined orders', 'Recovered', 'Recovery rate', 'Amount recovered', 'Lost', 'Still open', 'Median time to recovery'],
      ['AmazonRejected', '1', '0', '0%', '–', '1', '0', '–'],
      ['InvalidPaymentMethod', '1', '1', '100%', '€49.90', '0', '0', '5 mins'],
      ['All declines', '2', '1', '50%', '€49.90', '1', '0', '5 mins'],
    ]);
    const funnel = screen.getByRole('table', { name: /^Cart recovery pop-up/ });
    expect(within(funnel).getByRole('row', { name: /Checkout completed/ }).textContent).toBe('Checkout completed1100%');
    await expectNoSeriousA11yViolations(container);
  });

  it('hides the chart from assistive technology (the table carries the same figures)', () => {
    const { container } = render(<RecoveryReport report={report} />);
    const charts = container.querySelectorAll('.arp-report__chart');
    expect(charts.length).toBe(2);
    for (const chart of charts) expect(chart.getAttribute('aria-hidden')).toBe('true');
  });

  it("says so when the period has no declines, and takes the merchant's texts", () => {
    render(
      <RecoveryReport
        report={aggregateRecoveryReport([], { from: '2026-11-01', to: '2026-12-01' })}
        labels={{ title: 'Zurückgewonnen', empty: 'Keine Ablehnungen.' }}
        headingLevel={3}
      />,
    );
    expect(screen.getByRole('heading', { level: 3, name: 'Zurückgewonnen' })).toBeTruthy();
    expect(screen.getByText('Keine Ablehnungen.')).toBeTruthy();
  });

  it("groups by day in the locale's date format", () => {
    render(
      <RecoveryReport report={aggregateRecoveryReport(events, { from: '2026-11-01', to: '2026-12-01', groupBy: 'day' })} locale="de-DE" />,
    );
    expect(screen.getByRole('rowheader', { name: '02.11.2026' })).toBeTruthy();
  });
});
