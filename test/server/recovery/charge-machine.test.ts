import { describe, expect, it } from 'vitest';
import type { ChargeDetails } from '../../../src/domain/types';
import { chargeTransition, initialChargeState, type ChargeRecoveryState } from '../../../src/server/recovery/charge-machine';

const HOUR = 3_600_000;
const checkout = { chargeId: 'S01-1234567-1234567-C000001', chargePermissionId: 'S01-1234567-1234567', merchantReferenceId: 'cart 7&x' };
const amount = { amount: '94.50', currencyCode: 'USD' } as const;
const charge = (state: ChargeDetails['state'], reasonCode?: string): ChargeDetails => ({
  ...checkout,
  state,
  chargeAmount: amount,
  ...(reasonCode ? { reasonCode } : {}),
});
const start = (): ChargeRecoveryState =>
  initialChargeState({ checkout, amount, checkoutAgainUrl: 'https://shop.example/cart?step=pay', at: 0 });

describe('chargeTransition (pure)', () => {
  it('starts watching a pending charge: the first hourly poll and the last check at 26 h', () => {
    const { state, effects } = chargeTransition(start(), {
      type: 'chargeRead',
      at: 0,
      charge: charge('AuthorizationInitiated'),
      cause: 'track',
    });
    expect(state.phase).toBe('awaitingResult');
    expect(effects).toEqual([
      { type: 'schedule', timer: 'chargePoll', timerId: 1, at: HOUR },
      { type: 'schedule', timer: 'chargeLastCheck', timerId: 0, at: 26 * HOUR },
    ]);
  });

  it('keeps the page URL and adds the cart id, encoded, to the check-out-again link', () => {
    expect(start().checkoutAgainUrl).toBe('https://shop.example/cart?step=pay&merchantReferenceId=cart+7%26x');
  });

  it('ignores a stale or repeated poll, and any poll after a notification', () => {
    const watching = chargeTransition(start(), {
      type: 'chargeRead',
      at: 0,
      charge: charge('AuthorizationInitiated'),
      cause: 'track',
    }).state;
    expect(chargeTransition(watching, { type: 'timerFired', at: HOUR, timer: 'chargePoll', timerId: 2 }).effects).toEqual([]);
    expect(chargeTransition(watching, { type: 'timerFired', at: HOUR, timer: 'chargePoll', timerId: 1 }).effects).toEqual([
      { type: 'call', call: { method: 'getCharge', cause: 'poll' } },
    ]);
    const notified = chargeTransition(watching, {
      type: 'chargeRead',
      at: 10,
      charge: charge('AuthorizationInitiated'),
      cause: 'notification',
    }).state;
    expect(chargeTransition(notified, { type: 'timerFired', at: HOUR, timer: 'chargePoll', timerId: 1 }).effects).toEqual([]);
  });

  it('a charge still AuthorizationInitiated at the last check ends failed: the charge permission is closed and the merchant gets the link', () => {
    const { state, effects } = chargeTransition(start(), {
      type: 'chargeRead',
      at: 26 * HOUR,
      charge: charge('AuthorizationInitiated'),
      cause: 'lastCheck',
    });
    expect(state).toMatchObject({ phase: 'failed', reasonCode: 'AuthorizationNotSettled' });
    expect(effects).toEqual([
      {
        type: 'call',
        call: { method: 'closeChargePermission', reason: 'The payment was not confirmed in time; the buyer was asked to check out again.' },
      },
      {
        type: 'notify',
        noticeId: `${checkout.chargeId}-orderFailed`,
        notice: {
          type: 'orderFailed',
          endState: 'failed',
          reasonCode: 'AuthorizationNotSettled',
          checkout: { ...checkout, checkoutAgainUrl: start().checkoutAgainUrl },
        },
      },
    ]);
  });

  it('a watch that gave up still reports a late authorization, once', () => {
    const failed = chargeTransition(start(), {
      type: 'chargeRead',
      at: 26 * HOUR,
      charge: charge('AuthorizationInitiated'),
      cause: 'lastCheck',
    }).state;
    const late = chargeTransition(failed, { type: 'chargeRead', at: 27 * HOUR, charge: charge('Authorized'), cause: 'notification' });
    expect(late.state.phase).toBe('authorized');
    expect(late.effects).toEqual([
      {
        type: 'notify',
        noticeId: `${checkout.chargeId}-orderAuthorized`,
        notice: { type: 'orderAuthorized', amazonAuthorizationId: checkout.chargeId, checkout },
      },
    ]);
    expect(
      chargeTransition(late.state, { type: 'chargeRead', at: 28 * HOUR, charge: charge('Authorized'), cause: 'notification' }).effects,
    ).toEqual([]);
    expect(
      chargeTransition(failed, { type: 'chargeRead', at: 27 * HOUR, charge: charge('Canceled', 'MerchantCanceled'), cause: 'notification' })
        .effects,
    ).toEqual([]);
  });

  it('acts once: a settled charge ignores every later event', () => {
    const declined = chargeTransition(start(), {
      type: 'chargeRead',
      at: 5,
      charge: charge('Declined', 'HardDeclined'),
      cause: 'notification',
    });
    expect(declined.effects.map((e) => e.type)).toEqual(['call', 'notify']);
    expect(
      chargeTransition(declined.state, { type: 'chargeRead', at: 6, charge: charge('Declined', 'HardDeclined'), cause: 'notification' }),
    ).toEqual({ state: declined.state, effects: [] });
    expect(chargeTransition(declined.state, { type: 'timerFired', at: 26 * HOUR, timer: 'chargeLastCheck', timerId: 0 }).effects).toEqual(
      [],
    );
  });
});
