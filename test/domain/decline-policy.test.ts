import { maxAuthorizedTotal } from '../../src/domain/authorization-limits';
import { describe, expect, it } from 'vitest';
import { decideAfterOrderCheck, declineReasonForRefusal, resolveDeclinePolicy } from '../../src/domain/decline-policy';

// The decline table itself (decideNextAction and the budgets) is tested in decline-table.test.ts.

describe('the rules that used to live outside the policy', () => {
  it('a re-authorization confirms a Suspended order reference only when asked to; otherwise the buyer picks a method in the Wallet', () => {
    expect(decideAfterOrderCheck({ state: 'Open' }, true)).toEqual({ type: 'authorize' });
    expect(decideAfterOrderCheck({ state: 'Suspended' }, true)).toEqual({ type: 'confirm' });
    expect(decideAfterOrderCheck({ state: 'Suspended' }, false)).toEqual({ type: 'showWallet', reasonCode: 'InvalidPaymentMethod' });
    expect(decideAfterOrderCheck({ state: 'Canceled', reasonCode: 'SellerCanceled' }, true)).toEqual({
      type: 'declined',
      reason: 'canceled',
      reasonCode: 'SellerCanceled',
    });
    expect(decideAfterOrderCheck({ state: 'Closed', reasonCode: 'AmazonClosed' }, true)).toEqual({
      type: 'declined',
      reason: 'rejected',
      reasonCode: 'AmazonClosed',
    });
  });

  it("the server's RetryBudgetExhausted and Amazon's count and amount limits end the flow as budgetSpent; other refusals do not", () => {
    for (const code of ['RetryBudgetExhausted', 'TransactionCountExceeded', 'TransactionAmountExceeded'])
      expect(declineReasonForRefusal(code)).toBe('budgetSpent');
    expect(declineReasonForRefusal('InvalidOrderReferenceStatus')).toBeUndefined();
    expect(declineReasonForRefusal(undefined)).toBeUndefined();
  });

  it('resolves budgets within what Amazon allows', () => {
    expect(resolveDeclinePolicy()).toEqual({
      maxReauthorizations: 3,
      maxAuthorizations: 10,
      onSyncTimeout: 'retryAsync',
      retryDelayMs: [60_000, 120_000],
    });
    expect(resolveDeclinePolicy({ maxAuthorizations: 50, maxReauthorizations: 20 })).toMatchObject({
      maxAuthorizations: 10,
      maxReauthorizations: 9,
    });
    expect(resolveDeclinePolicy({ maxAuthorizations: 0 })).toMatchObject({ maxAuthorizations: 1, maxReauthorizations: 0 });
  });

  it("caps the authorized total at the order amount plus Amazon's 15 % / 75 allowance", () => {
    expect(maxAuthorizedTotal({ amount: '100.00', currencyCode: 'EUR' })).toEqual({ amount: '115.00', currencyCode: 'EUR' });
    expect(maxAuthorizedTotal({ amount: '1000.00', currencyCode: 'USD' })).toEqual({ amount: '1075.00', currencyCode: 'USD' });
    expect(maxAuthorizedTotal({ amount: '19.99', currencyCode: 'GBP' })).toEqual({ amount: '22.98', currencyCode: 'GBP' });
    expect(maxAuthorizedTotal({ amount: '1000', currencyCode: 'JPY' })).toEqual({ amount: '1150', currencyCode: 'JPY' });
    // Amazon Pay Japan's guide: 15 % or ¥8,400, whichever is lower; its example: ¥10,000 -> up to ¥1,500 more.
    expect(maxAuthorizedTotal({ amount: '10000', currencyCode: 'JPY' })).toEqual({ amount: '11500', currencyCode: 'JPY' });
    // 15 % of ¥100,000 would be ¥15,000: the ¥8,400 cap applies.
    expect(maxAuthorizedTotal({ amount: '100000', currencyCode: 'JPY' })).toEqual({ amount: '108400', currencyCode: 'JPY' });
  });
});
