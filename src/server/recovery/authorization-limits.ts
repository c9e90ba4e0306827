import type { CurrencyCode, Money } from '../../domain/types';

/** An authorization attempt as the limits see it. */
export interface HeldAttempt {
  readonly state?: string;
  readonly reasonCode?: string;
  readonly amount: Money;
}

/**
 * The absolute cap of Amazon's overcharge allowance: the total authorized may
 * exceed the order total by 15 %, at most €75 (Amazon's EU page). The GBP and
 * USD figures mirror it and the JPY one is ¥8,400; those three are not
 * confirmed by a page we could read, so a merchant can set its own.
 */
export const DEFAULT_OVERCHARGE_CAPS: Readonly<Record<CurrencyCode, number>> = { EUR: 75, GBP: 75, USD: 75, JPY: 8400 };

const minorUnits = (currency: CurrencyCode) => (currency === 'JPY' ? 1 : 100);
const toMinor = (money: Money) => Math.round(Number(money.amount) * minorUnits(money.currencyCode));

/**
 * Why a further authorization of `requested` must not be sent, or `undefined`
 * when it may. Counts what is held or taken (Pending, Open and captured
 * authorizations, and the one being requested), never declined or expired ones.
 */
export function authorizationAllowance(input: {
  readonly attempts: readonly HeldAttempt[];
  readonly requested: Money;
  readonly orderTotal: Money;
  readonly maxSuccessful: number;
  readonly caps: Readonly<Record<CurrencyCode, number>>;
}): string | undefined {
  const { attempts, requested, orderTotal } = input;
  const taken = attempts.filter((a) => a.state === 'Open' || (a.state === 'Closed' && a.reasonCode === 'MaxCapturesProcessed'));
  const successful = taken.length;
  if (successful >= input.maxSuccessful) return 'MaxSuccessfulAuthorizations';
  if (requested.currencyCode !== orderTotal.currencyCode) return 'CurrencyMismatch';
  const held = [...taken, ...attempts.filter((a) => a.state === 'Pending')].reduce((sum, a) => sum + toMinor(a.amount), 0);
  const total = toMinor(orderTotal);
  const allowance = Math.min(Math.floor(total * 0.15), input.caps[orderTotal.currencyCode] * minorUnits(orderTotal.currencyCode));
  return held + toMinor(requested) > total + allowance ? 'OverchargeAllowanceExceeded' : undefined;
}
