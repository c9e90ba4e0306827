import { maxAuthorizedTotal } from '../../src/domain/authorization-limits';
import { describe, expect, it } from 'vitest';
import {
  MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE,
  decideAfterOrderCheck,
  decideNextAction,
  declineReasonForRefusal,
  reauthorizationsUsed,
  resolveDeclinePolicy,
  type AttemptOutcome,
  type DeclineAction,
} from '../../src/domain/decline-policy';

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
  { row: 'IPM hard, async: contact the buyer and await the update', attempts: [declined('async', 'InvalidPaymentMethod', false)], expected: { type: 'contactBuyer', awaitUpdate: true } },
  { row: 'IPM without SoftDecline flag is treated as hard', attempts: [declined('sync', 'InvalidPaymentMethod')], expected: { type: 'showWallet' } },
  { row: 'AmazonRejected, sync: final decline', attempts: [declined('sync', 'AmazonRejected')], expected: { type: 'declined', reason: 'rejected' } },
  { row: 'AmazonRejected, async: final decline', attempts: [declined('async', 'AmazonRejected')], expected: { type: 'declined', reason: 'rejected' } },
  { row: 'ProcessingFailure, sync: retry in 1-2 minutes', attempts: [declined('sync', 'ProcessingFailure')], expected: { type: 'retryLater', confirmFirst: false, delayMs: 60_000 } },
  { row: 'ProcessingFailure, async: retry in 1-2 minutes', attempts: [declined('async', 'ProcessingFailure')], expected: { type: 'retryLater', confirmFirst: false, mode: 'async' } },
  {
    row: 'ProcessingFailure twice, sync: ask the buyer to place the order again later',
    attempts: [declined('sync', 'ProcessingFailure'), declined('sync', 'ProcessingFailure')],
    expected: { type: 'declined', reason: 'placeOrderLater' },
  },
  {
    row: 'ProcessingFailure twice, async: ask the buyer to place the order again later',
    attempts: [declined('async', 'ProcessingFailure'), declined('async', 'ProcessingFailure')],
    expected: { type: 'declined', reason: 'placeOrderLater' },
  },
  { row: 'TransactionTimedOut, sync: retry in async mode (default)', attempts: [declined('sync', 'TransactionTimedOut')], expected: { type: 'retryAsync' } },
  { row: 'TransactionTimedOut, async: the timeout passed, a final decline the merchant acts on', attempts: [declined('async', 'TransactionTimedOut')], expected: { type: 'declined', reason: 'timedOut' } },
  { row: 'Unknown reason code: final decline, never a crash', attempts: [declined('sync', 'SomethingNew')], expected: { type: 'declined', reason: 'unknownCode', reasonCode: 'SomethingNew' } },
  { row: 'Unknown reason code, async', attempts: [declined('async', 'SomethingNew')], expected: { type: 'declined', reason: 'unknownCode' } },
  { row: 'Open: approved', attempts: [{ mode: 'sync', state: 'Open' }], expected: { type: 'approved' } },
  { row: 'Pending (async): await the result', attempts: [{ mode: 'async', state: 'Pending' }], expected: { type: 'awaitResult' } },
  { row: 'Closed after capture: approved', attempts: [{ mode: 'sync', state: 'Closed', reasonCode: 'MaxCapturesProcessed' }], expected: { type: 'approved' } },
  { row: 'Closed by Amazon: declined', attempts: [{ mode: 'sync', state: 'Closed', reasonCode: 'AmazonClosed' }], expected: { type: 'declined', reason: 'rejected' } },
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
    it(`${mode}: soft declines retry three times, the fourth decline contacts the buyer (async: awaiting the update)`, () => {
      const attempts: AttemptOutcome[] = [];
      for (let decline = 1; decline <= 4; decline++) {
        attempts.push(declined(mode, 'InvalidPaymentMethod', true));
        const action = decideNextAction(attempts);
        if (decline < 4) expect(action, `decline ${decline}`).toMatchObject({ type: 'retryLater' });
        else expect(action).toEqual({ type: 'contactBuyer', reasonCode: 'InvalidPaymentMethod', awaitUpdate: mode === 'async' });
      }
      expect(reauthorizationsUsed(attempts)).toBe(3);
    });
  }

  it("sync hard declines with the buyer present show the wallet up to Amazon's per-order limit of 10 authorizations, not 3", () => {
    const round = (n: number) => [declined('sync', 'InvalidPaymentMethod', false), ...Array.from({ length: n - 1 }, () => ({ ...declined('sync', 'InvalidPaymentMethod', false), trigger: 'buyer' as const }))];
    expect(MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE).toBe(10);
    expect(decideNextAction(round(4))).toMatchObject({ type: 'showWallet' });
    expect(decideNextAction(round(9))).toMatchObject({ type: 'showWallet' });
    expect(decideNextAction(round(10))).toEqual({ type: 'declined', reason: 'budgetSpent', reasonCode: 'InvalidPaymentMethod' });
    expect(decideNextAction(round(4), { maxAuthorizations: 4 })).toMatchObject({ type: 'declined', reason: 'budgetSpent' });
  });

  it('the buyer\'s wallet rounds do not spend the soft-decline budget', () => {
    const attempts: AttemptOutcome[] = [
      declined('sync', 'InvalidPaymentMethod', false),
      ...Array.from({ length: 5 }, () => ({ ...declined('sync', 'InvalidPaymentMethod', false), trigger: 'buyer' as const })),
      { ...declined('sync', 'InvalidPaymentMethod', true), trigger: 'buyer' as const },
    ];
    expect(reauthorizationsUsed(attempts)).toBe(0);
    expect(decideNextAction(attempts)).toMatchObject({ type: 'retryLater', confirmFirst: true });
  });

  it('a sync timeout after three re-authorizations stops retrying', () => {
    const attempts = [declined('sync', 'InvalidPaymentMethod', true), declined('sync', 'InvalidPaymentMethod', true), declined('sync', 'InvalidPaymentMethod', true), declined('sync', 'TransactionTimedOut')];
    expect(decideNextAction(attempts)).toEqual({ type: 'declined', reason: 'budgetSpent', reasonCode: 'TransactionTimedOut' });
  });

  it('honours a custom budget', () => {
    const attempts = [declined('sync', 'InvalidPaymentMethod', true), declined('sync', 'InvalidPaymentMethod', true)];
    expect(decideNextAction(attempts, { maxReauthorizations: 1 })).toMatchObject({ type: 'contactBuyer', awaitUpdate: false });
  });

  it('counts only attempts after the first decline', () => {
    expect(reauthorizationsUsed([{ mode: 'sync', state: 'Open' }])).toBe(0);
    expect(reauthorizationsUsed([declined('sync', 'ProcessingFailure')])).toBe(0);
    expect(reauthorizationsUsed([declined('sync', 'ProcessingFailure'), { mode: 'sync', state: 'Open' }])).toBe(1);
  });
});

describe('the rules that used to live outside the policy', () => {
  it('a re-authorization confirms a Suspended order reference only when asked to; otherwise the buyer picks a method in the Wallet', () => {
    expect(decideAfterOrderCheck({ state: 'Open' }, true)).toEqual({ type: 'authorize' });
    expect(decideAfterOrderCheck({ state: 'Suspended' }, true)).toEqual({ type: 'confirm' });
    expect(decideAfterOrderCheck({ state: 'Suspended' }, false)).toEqual({ type: 'showWallet', reasonCode: 'InvalidPaymentMethod' });
    expect(decideAfterOrderCheck({ state: 'Canceled', reasonCode: 'SellerCanceled' }, true)).toEqual({ type: 'declined', reason: 'canceled', reasonCode: 'SellerCanceled' });
    expect(decideAfterOrderCheck({ state: 'Closed', reasonCode: 'AmazonClosed' }, true)).toEqual({ type: 'declined', reason: 'rejected', reasonCode: 'AmazonClosed' });
  });

  it("the server's RetryBudgetExhausted and Amazon's count and amount limits end the flow as budgetSpent; other refusals do not", () => {
    for (const code of ['RetryBudgetExhausted', 'TransactionCountExceeded', 'TransactionAmountExceeded']) expect(declineReasonForRefusal(code)).toBe('budgetSpent');
    expect(declineReasonForRefusal('InvalidOrderReferenceStatus')).toBeUndefined();
    expect(declineReasonForRefusal(undefined)).toBeUndefined();
  });

  it('resolves budgets within what Amazon allows', () => {
    expect(resolveDeclinePolicy()).toEqual({ maxReauthorizations: 3, maxAuthorizations: 10, onSyncTimeout: 'retryAsync', retryDelayMs: [60_000, 120_000] });
    expect(resolveDeclinePolicy({ maxAuthorizations: 50, maxReauthorizations: 20 })).toMatchObject({ maxAuthorizations: 10, maxReauthorizations: 9 });
    expect(resolveDeclinePolicy({ maxAuthorizations: 0 })).toMatchObject({ maxAuthorizations: 1, maxReauthorizations: 0 });
  });

  it("caps the authorized total at the order amount plus Amazon's 15 % / 75 allowance", () => {
    expect(maxAuthorizedTotal({ amount: '100.00', currencyCode: 'EUR' })).toEqual({ amount: '115.00', currencyCode: 'EUR' });
    expect(maxAuthorizedTotal({ amount: '1000.00', currencyCode: 'USD' })).toEqual({ amount: '1075.00', currencyCode: 'USD' });
    expect(maxAuthorizedTotal({ amount: '19.99', currencyCode: 'GBP' })).toEqual({ amount: '22.98', currencyCode: 'GBP' });
    expect(maxAuthorizedTotal({ amount: '1000', currencyCode: 'JPY' })).toEqual({ amount: '1150', currencyCode: 'JPY' });
    // One table with the server's runner: the JPY cap is ¥8,400 (15 % of ¥100,000 would be ¥15,000).
    expect(maxAuthorizedTotal({ amount: '100000', currencyCode: 'JPY' })).toEqual({ amount: '108400', currencyCode: 'JPY' });
  });
});
