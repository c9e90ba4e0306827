import { validationError as invalid } from './errors';
import type { CurrencyCode, Money } from './types';

/** Amazon order reference ids look like `S01-1234567-1234567` (sandbox) or `P01-...` (live). */
const ORDER_REFERENCE_ID = /^[SP]\d{2}-\d{7}-\d{7}$/;

export function isOrderReferenceId(value: unknown): value is string {
  return typeof value === 'string' && ORDER_REFERENCE_ID.test(value);
}

export function assertOrderReferenceId(value: unknown): asserts value is string {
  if (!isOrderReferenceId(value)) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `Invalid Amazon order reference id ${JSON.stringify(value)}: expected the form S01-1234567-1234567 (sandbox) or P01-1234567-1234567 (live).`
        : 'InvalidOrderReferenceId',
      'InvalidOrderReferenceId',
    );
  }
}

/**
 * The order reference an Amazon authorization id belongs to (MWS replies and
 * IPNs do not always repeat it), or undefined when `id` is not one: Amazon's
 * authorization ids extend their order reference's, `S01-1234567-1234567-A123456`.
 */
export function orderReferenceIdOfAuthorization(id: string): string | undefined {
  return /^([SP]\d{2}-\d{7}-\d{7})-A\d{6,7}$/.exec(id)?.[1];
}

/** Amazon's AuthorizationReferenceId: letters, digits, `-` and `_`, at most 32 characters. */
const AUTHORIZATION_REFERENCE_ID = /^[A-Za-z0-9_-]{1,32}$/;

export function isAuthorizationReferenceId(value: unknown): value is string {
  return typeof value === 'string' && AUTHORIZATION_REFERENCE_ID.test(value);
}

export const CURRENCY_CODES: readonly CurrencyCode[] = ['USD', 'EUR', 'GBP', 'JPY'];

/** Decimal places Amazon accepts per currency (JPY has none). */
export const CURRENCY_DECIMALS: Readonly<Record<CurrencyCode, number>> = { USD: 2, EUR: 2, GBP: 2, JPY: 0 };

/** Largest single charge Checkout v2 accepts per currency. */
export const MAX_CHARGE: Readonly<Record<CurrencyCode, number>> = { USD: 150_000, EUR: 150_000, GBP: 150_000, JPY: 10_000_000 };

export function isCurrencyCode(value: unknown): value is CurrencyCode {
  return typeof value === 'string' && (CURRENCY_CODES as readonly string[]).includes(value);
}

/**
 * Checks an amount: a positive decimal string (or finite number) within the
 * currency's precision and Amazon's maximum. Returns the canonical Money.
 */
export function parseMoney(amount: unknown, currencyCode: unknown): Money {
  if (!isCurrencyCode(currencyCode)) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `Unsupported currency ${JSON.stringify(currencyCode)}: use one of ${CURRENCY_CODES.join(', ')}.`
        : 'InvalidCurrencyCode',
      'InvalidCurrencyCode',
    );
  }
  const text = typeof amount === 'number' && Number.isFinite(amount) ? String(amount) : amount;
  if (typeof text !== 'string' || !/^\d+(\.\d+)?$/.test(text)) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `Invalid amount ${JSON.stringify(amount)}: expected a positive decimal such as "12.50".`
        : 'InvalidAmount',
      'InvalidAmount',
    );
  }
  const decimals = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  const allowed = CURRENCY_DECIMALS[currencyCode];
  if (decimals > allowed) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `Amount ${text} ${currencyCode} has ${decimals} decimal places; ${currencyCode} allows ${allowed}.`
        : 'InvalidAmount',
      'InvalidAmount',
    );
  }
  const value = Number(text);
  if (!(value > 0))
    throw invalid(
      process.env.NODE_ENV !== 'production' ? `Amount must be greater than zero, got ${text} ${currencyCode}.` : 'InvalidAmount',
      'InvalidAmount',
    );
  if (value > MAX_CHARGE[currencyCode]) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `Amount ${text} ${currencyCode} exceeds Amazon Pay's maximum of ${MAX_CHARGE[currencyCode]} ${currencyCode}.`
        : 'InvalidAmount',
      'InvalidAmount',
    );
  }
  return { amount: text, currencyCode };
}
