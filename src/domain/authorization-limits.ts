import type { CurrencyCode, Money } from './types';
import { CURRENCY_DECIMALS } from './validation';

/** An authorization attempt as the limits see it. */
export interface HeldAttempt {
  readonly state?: string;
  readonly reasonCode?: string;
  readonly amount: Money;
}

/**
 * The absolute cap of Amazon's overcharge allowance, the one table the kit
 * uses (the server's recovery, the sandbox and the test ledger): the total
 * authorized on an order reference may exceed its amount by 15 %, at most
 * 75 in the currency's unit, ¥8,400 in yen. Sources: Amazon's EU integration
 * guide, "Handling payment for post-purchase order modifications" ("up to 15% of
 * the original order amount up to a maximum of €75"); the US order reference
 * reason code MaxAmountCharged ("15% or $75, whichever is less"); Amazon Pay
 * Japan's guide, the same page in Japanese
 * (developer.amazon.com/ja/docs/amazon-pay-onetime/handling-post-purchase-modifications.html:
 * 15 % of the order amount or ¥8,400, whichever is lower; ¥10,000 -> up to
 * ¥1,500 more). GBP 75 is inferred: Amazon's Capture states page gives "UK: up
 * to 15% or £75" for the refund side of the same rule; no page found states the
 * UK authorization cap, so a merchant can set its own (`overchargeCaps`).
 */
export const DEFAULT_OVERCHARGE_CAPS: Readonly<Record<CurrencyCode, number>> = { EUR: 75, GBP: 75, USD: 75, JPY: 8400 };

const minorUnits = (currency: CurrencyCode) => 10 ** CURRENCY_DECIMALS[currency];
const toMinor = (money: Money) => Math.round(Number(money.amount) * minorUnits(money.currencyCode));

/** Amazon's allowance above `orderTotal`, in the currency's minor units: 15 %, at most the cap. */
function allowanceMinor(orderTotal: Money, caps: Readonly<Record<CurrencyCode, number>>): number {
  return Math.min(Math.floor(toMinor(orderTotal) * 0.15), caps[orderTotal.currencyCode] * minorUnits(orderTotal.currencyCode));
}

/** The highest total of authorizations Amazon accepts on an order reference of `orderTotal`. */
export function maxAuthorizedTotal(orderTotal: Money, caps: Readonly<Record<CurrencyCode, number>> = DEFAULT_OVERCHARGE_CAPS): Money {
  const decimals = CURRENCY_DECIMALS[orderTotal.currencyCode];
  const total = toMinor(orderTotal) + allowanceMinor(orderTotal, caps);
  return { amount: (total / 10 ** decimals).toFixed(decimals), currencyCode: orderTotal.currencyCode };
}

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
  return held + toMinor(requested) > toMinor(orderTotal) + allowanceMinor(orderTotal, input.caps)
    ? 'OverchargeAllowanceExceeded'
    : undefined;
}
