import { describe, expect, it } from 'vitest';
import { decideNextAction, reauthorizationsUsed, type AttemptOutcome, type DeclineAction } from '../../src/domain/decline-policy';

const declined = (mode: AttemptOutcome['mode'], reasonCode: string, softDecline?: boolean): AttemptOutcome => ({
  mode,
  state: 'Declined',
  reasonCode,
  ...(softDecline === undefined ? {} : { softDecline }),
});

/** One row per line of the decline table in amazon-pay-domain.md section 4, in both modes. */
const table: ReadonlyArray<{ row: string; attempts: AttemptOutcome[]; expected: Partial<DeclineAction> }> = [
  { row: 'IPM soft, sync: confirm then re-authorize later', attempts: [declined('sync', 'InvalidPaymentMethod', true)], expected: { type: 'retryLater', confirmFirst: true, mode: 'sync' } },
  { row: 'IPM soft, async: re-authorize later within the budget', attempts: [declined('async', 'InvalidPaymentMethod', true)], expected: { type: 'retryLater', confirmFirst: true, mode: 'async' } },
  { row: 'IPM hard, sync: show the wallet bound to the order reference', attempts: [declined('sync', 'InvalidPaymentMethod', false)], expected: { type: 'showWallet' } },
  { row: 'IPM hard, async: contact the buyer and await the update', attempts: [declined('async', 'InvalidPaymentMethod', false)], expected: { type: 'contactBuyer', awaitUpdate: true, exhausted: false } },
  { row: 'IPM without SoftDecline flag is treated as hard', attempts: [declined('sync', 'InvalidPaymentMethod')], expected: { type: 'showWallet' } },
  { row: 'AmazonRejected, sync: final decline', attempts: [declined('sync', 'AmazonRejected')], expected: { type: 'declined', known: true } },
  { row: 'AmazonRejected, async: final decline', attempts: [declined('async', 'AmazonRejected')], expected: { type: 'declined', known: true } },
  { row: 'ProcessingFailure, sync: retry in 1-2 minutes', attempts: [declined('sync', 'ProcessingFailure')], expected: { type: 'retryLater', confirmFirst: false, delayMs: 60_000 } },
  { row: 'ProcessingFailure, async: retry in 1-2 minutes', attempts: [declined('async', 'ProcessingFailure')], expected: { type: 'retryLater', confirmFirst: false, mode: 'async' } },
  {
    row: 'ProcessingFailure twice, sync: ask the buyer to place the order again later',
    attempts: [declined('sync', 'ProcessingFailure'), declined('sync', 'ProcessingFailure')],
    expected: { type: 'placeOrderLater' },
  },
  {
    row: 'ProcessingFailure twice, async: ask the buyer to place the order again later',
    attempts: [declined('async', 'ProcessingFailure'), declined('async', 'ProcessingFailure')],
    expected: { type: 'placeOrderLater' },
  },
  { row: 'TransactionTimedOut, sync: retry in async mode (default)', attempts: [declined('sync', 'TransactionTimedOut')], expected: { type: 'retryAsync' } },
  { row: 'TransactionTimedOut, async: order submitted, do not resubmit', attempts: [declined('async', 'TransactionTimedOut')], expected: { type: 'orderSubmitted' } },
  { row: 'Unknown reason code: final decline, never a crash', attempts: [declined('sync', 'SomethingNew')], expected: { type: 'declined', known: false, reasonCode: 'SomethingNew' } },
  { row: 'Unknown reason code, async', attempts: [declined('async', 'SomethingNew')], expected: { type: 'declined', known: false } },
  { row: 'Open: approved', attempts: [{ mode: 'sync', state: 'Open' }], expected: { type: 'approved' } },
  { row: 'Pending (async): await the result', attempts: [{ mode: 'async', state: 'Pending' }], expected: { type: 'awaitResult' } },
  { row: 'Closed after capture: approved', attempts: [{ mode: 'sync', state: 'Closed', reasonCode: 'MaxCapturesProcessed' }], expected: { type: 'approved' } },
  { row: 'Closed by Amazon: declined', attempts: [{ mode: 'sync', state: 'Closed', reasonCode: 'AmazonClosed' }], expected: { type: 'declined' } },
];

describe('decideNextAction: the decline table', () => {
  it.each(table)('$row', ({ attempts, expected }) => {
    expect(decideNextAction(attempts)).toMatchObject(expected);
  });

  it('cancels a timed-out sync authorization when the merchant chose cancel', () => {
    expect(decideNextAction([declined('sync', 'TransactionTimedOut')], { onSyncTimeout: 'cancel' })).toEqual({ type: 'cancelOrder', reasonCode: 'TransactionTimedOut' });
  });

  it('places the retry inside the configured window', () => {
    const attempts = [declined('sync', 'ProcessingFailure')];
    expect(decideNextAction(attempts, {}, 0)).toMatchObject({ delayMs: 60_000 });
    expect(decideNextAction(attempts, {}, 0.5)).toMatchObject({ delayMs: 90_000 });
    expect(decideNextAction(attempts, { retryDelayMs: [1000, 2000] }, 0.999)).toMatchObject({ delayMs: 1999 });
  });

  it('throws on an empty history', () => {
    expect(() => decideNextAction([])).toThrow(RangeError);
  });
});

describe('decideNextAction: the budget of 3 re-authorizations', () => {
  for (const mode of ['sync', 'async'] as const) {
    it(`${mode}: soft declines retry three times, the fourth decline contacts the buyer`, () => {
      const attempts: AttemptOutcome[] = [];
      for (let decline = 1; decline <= 4; decline++) {
        attempts.push(declined(mode, 'InvalidPaymentMethod', true));
        const action = decideNextAction(attempts);
        if (decline < 4) expect(action, `decline ${decline}`).toMatchObject({ type: 'retryLater' });
        else expect(action).toEqual({ type: 'contactBuyer', reasonCode: 'InvalidPaymentMethod', awaitUpdate: false, exhausted: true });
      }
      expect(reauthorizationsUsed(attempts)).toBe(3);
    });
  }

  it('sync hard declines show the wallet until the budget is spent', () => {
    const attempts = Array.from({ length: 4 }, () => declined('sync', 'InvalidPaymentMethod', false));
    expect(decideNextAction(attempts.slice(0, 3))).toMatchObject({ type: 'showWallet' });
    expect(decideNextAction(attempts)).toMatchObject({ type: 'contactBuyer', exhausted: true });
  });

  it('a sync timeout after three re-authorizations stops retrying', () => {
    const attempts = [declined('sync', 'InvalidPaymentMethod', true), declined('sync', 'InvalidPaymentMethod', true), declined('sync', 'InvalidPaymentMethod', true), declined('sync', 'TransactionTimedOut')];
    expect(decideNextAction(attempts)).toMatchObject({ type: 'contactBuyer', exhausted: true });
  });

  it('honours a custom budget', () => {
    const attempts = [declined('sync', 'InvalidPaymentMethod', true), declined('sync', 'InvalidPaymentMethod', true)];
    expect(decideNextAction(attempts, { maxReauthorizations: 1 })).toMatchObject({ type: 'contactBuyer', exhausted: true });
  });

  it('counts only attempts after the first decline', () => {
    expect(reauthorizationsUsed([{ mode: 'sync', state: 'Open' }])).toBe(0);
    expect(reauthorizationsUsed([declined('sync', 'ProcessingFailure')])).toBe(0);
    expect(reauthorizationsUsed([declined('sync', 'ProcessingFailure'), { mode: 'sync', state: 'Open' }])).toBe(1);
  });
});
