import { describe, expect, it } from 'vitest';
import { authorizationEvents, type RecordedRecoveryEvent } from '../../src/domain/recovery-events';
import { addDecimals, aggregateRecoveryReport, resolveReportQuery } from '../../src/domain/recovery-report';
import type { AuthorizationDetails } from '../../src/domain/types';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
const EUR = (amount: string) => ({ amount, currencyCode: 'EUR' as const });
const period = { from: '2026-11-01', to: '2026-12-01' };

let seq = 0;
const ev = (at: number, fields: Omit<RecordedRecoveryEvent, 'id' | 'at'>): RecordedRecoveryEvent => ({ id: `e${++seq}`, at, ...fields });
const decline = (order: string, at: number, reasonCode = 'InvalidPaymentMethod', extra: Partial<RecordedRecoveryEvent> = {}) =>
  ev(at, {
    type: 'declineSeen',
    orderKey: order,
    reasonCode,
    mode: 'sync',
    decline: 'hard',
    decidedBy: 'tab',
    amount: EUR('10.00'),
    ...extra,
  });

describe('aggregateRecoveryReport', () => {
  it('counts each declined order once, by its first decline, as recovered, lost or pending', () => {
    const events = [
      decline('S01-1', T0 + 1000),
      decline('S01-1', T0 + 2000, 'AmazonRejected'),
      ev(T0 + 61_000, { type: 'recovered', orderKey: 'S01-1', amount: EUR('10.00'), decidedBy: 'tab' }),
      decline('S01-2', T0 + DAY),
      ev(T0 + DAY + 5, { type: 'lost', orderKey: 'S01-2', endState: 'canceled', decidedBy: 'tab' }),
      decline('S01-3', T0 + 2 * DAY, 'ProcessingFailure', { mode: 'async', decidedBy: 'server', decline: 'soft' }),
    ];
    const report = aggregateRecoveryReport(events, period);
    expect(report.totals).toMatchObject({
      declines: 3,
      recovered: 1,
      lost: 1,
      pending: 1,
      recoveredAmounts: [EUR('10.00')],
      medianTimeToRecoveryMs: 60_000,
    });
    expect(report.rows.map((row) => [row.key, row.declines, row.recovered, row.lost])).toEqual([
      ['InvalidPaymentMethod', 2, 1, 1],
      ['ProcessingFailure', 1, 0, 0],
    ]);
    expect(aggregateRecoveryReport(events, { ...period, groupBy: 'path' }).rows.map((row) => row.key)).toEqual([
      'async/server',
      'sync/tab',
    ]);
    expect(aggregateRecoveryReport(events, { ...period, groupBy: 'day' }).rows.map((row) => row.key)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
    ]);
  });

  it('a recovered order is not lost, and an order whose first decline is outside the period is not in it', () => {
    const events = [
      decline('S01-1', T0 - 1),
      ev(T0 + 10, { type: 'recovered', orderKey: 'S01-1', amount: EUR('5') }),
      decline('S01-2', T0 + 10),
      ev(T0 + 20, { type: 'lost', orderKey: 'S01-2' }),
      ev(T0 + 30, { type: 'recovered', orderKey: 'S01-2', amount: EUR('7.5') }),
    ];
    const report = aggregateRecoveryReport(events, period);
    expect(report.totals).toMatchObject({ declines: 1, recovered: 1, lost: 0, recoveredAmounts: [EUR('7.5')] });
  });

  it('sums amounts exactly per currency and takes the median of the times to recovery', () => {
    const events = [1, 2, 3, 4].flatMap((n) => [
      decline(`S01-${n}`, T0),
      ev(T0 + n * 1000 + 1, {
        type: 'recovered',
        orderKey: `S01-${n}`,
        amount: n % 2 ? EUR('0.10') : { amount: '1000', currencyCode: 'JPY' },
      }),
    ]);
    const { totals } = aggregateRecoveryReport(events, period);
    expect(totals.recoveredAmounts).toEqual([EUR('0.20'), { amount: '2000', currencyCode: 'JPY' }]);
    // 1001, 2001, 3001, 4001: percentile_cont(0.5) = 2501.
    expect(totals.medianTimeToRecoveryMs).toBe(2501);
  });

  it('counts pop-up journeys by merchantReferenceId: shown in the period, then chosen and completed whenever', () => {
    const events = [
      ev(T0, { type: 'popupShown', merchantReferenceId: 'cart-1', trigger: 'fadeIn' }),
      ev(T0 + 5, { type: 'popupShown', merchantReferenceId: 'cart-1', trigger: 'exitIntent' }),
      ev(T0 + 10, { type: 'amazonPayChosen', merchantReferenceId: 'cart-1' }),
      ev(T0 + 40 * DAY, { type: 'checkoutCompleted', merchantReferenceId: 'cart-1', checkoutSessionId: 'cs-1', amount: EUR('42.00') }),
      ev(T0, { type: 'popupShown', merchantReferenceId: 'cart-2', trigger: 'inactivity' }),
      ev(T0 + 1, { type: 'popupDismissed', merchantReferenceId: 'cart-2' }),
      ev(T0, { type: 'checkoutCompleted', merchantReferenceId: 'cart-3', amount: EUR('1.00') }),
    ];
    expect(aggregateRecoveryReport(events, period).funnel).toEqual({
      popupShown: 2,
      dismissed: 1,
      amazonPayChosen: 1,
      checkoutCompleted: 1,
      completedAmounts: [EUR('42.00')],
    });
  });

  it('breaks a tie of first declines by the order they were recorded in', () => {
    const events = [decline('S01-1', T0, 'AmazonRejected'), decline('S01-1', T0, 'InvalidPaymentMethod')];
    expect(aggregateRecoveryReport(events, period).rows.map((row) => row.key)).toEqual(['AmazonRejected']);
  });

  it('refuses a query it cannot answer, naming the field', () => {
    expect(() => resolveReportQuery({ from: 'yesterday', to: '2026-12-01' })).toThrow(/^from:/);
    expect(() => resolveReportQuery({ from: '2026-12-01', to: '2026-11-01' })).toThrow(/^to: must be after/);
    expect(() => resolveReportQuery({ from: '2020-01-01', to: '2026-01-01' })).toThrow(/at most 400 days/);
    expect(() => resolveReportQuery({ ...period, groupBy: 'buyer' as never })).toThrow(/^groupBy:/);
    expect(resolveReportQuery(period)).toMatchObject({ from: '2026-11-01T00:00:00.000Z', groupBy: 'reasonCode' });
  });
});

describe('addDecimals', () => {
  it('adds exactly, keeping the larger scale as PostgreSQL numeric does', () => {
    expect(addDecimals('0.10', '0.20')).toBe('0.30');
    expect(addDecimals('10', '5.5')).toBe('15.5');
    expect(addDecimals('0.05', '0.05')).toBe('0.10');
    expect(addDecimals('999999.99', '0.01')).toBe('1000000.00');
  });
});

describe('authorizationEvents', () => {
  const base: AuthorizationDetails = {
    amazonAuthorizationId: 'S01-1234567-1234567-A000001',
    authorizationReferenceId: 'ref-1',
    amazonOrderReferenceId: 'S01-1234567-1234567',
    state: 'Declined',
    reasonCode: 'InvalidPaymentMethod',
    softDecline: true,
    amount: EUR('10.00'),
    lastUpdateTimestamp: '2026-11-01T00:00:00Z',
  };
  const context = { at: T0, mode: 'sync' as const, decidedBy: 'tab' as const, hadDecline: false };

  it('a Declined authorization is a decline seen, soft or hard, with an id of Amazon', () => {
    expect(authorizationEvents(base, context)).toEqual([
      {
        id: 'decline:S01-1234567-1234567-A000001',
        at: T0,
        type: 'declineSeen',
        orderKey: 'S01-1234567-1234567',
        reasonCode: 'InvalidPaymentMethod',
        mode: 'sync',
        decline: 'soft',
        decidedBy: 'tab',
        amount: EUR('10.00'),
      },
    ]);
    expect(authorizationEvents({ ...base, softDecline: false }, context)[0]).toMatchObject({ decline: 'hard' });
  });

  it('an Open one is a recovery only after a decline; a Pending one records nothing', () => {
    const open = { ...base, state: 'Open' as const, reasonCode: undefined };
    expect(authorizationEvents(open, context)).toEqual([]);
    expect(authorizationEvents(open, { ...context, hadDecline: true })).toEqual([
      {
        id: 'recovered:S01-1234567-1234567',
        at: T0,
        type: 'recovered',
        orderKey: 'S01-1234567-1234567',
        mode: 'sync',
        decidedBy: 'tab',
        amount: EUR('10.00'),
      },
    ]);
    expect(authorizationEvents({ ...base, state: 'Pending' }, { ...context, hadDecline: true })).toEqual([]);
    expect(authorizationEvents({ ...base, state: 'Closed', reasonCode: 'ExpiredUnused' }, { ...context, hadDecline: true })).toEqual([]);
  });
});
