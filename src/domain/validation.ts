import { AmazonPayError } from './errors';
import type { CurrencyCode, Money } from './types';

function invalid(message: string, code = 'InvalidParameterValue'): AmazonPayError {
  return new AmazonPayError('validation', message, { code, retryable: false });
}

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
    throw invalid(process.env.NODE_ENV !== 'production' ? `Unsupported currency ${JSON.stringify(currencyCode)}: use one of ${CURRENCY_CODES.join(', ')}.` : 'InvalidCurrencyCode', 'InvalidCurrencyCode');
  }
  const text = typeof amount === 'number' && Number.isFinite(amount) ? String(amount) : amount;
  if (typeof text !== 'string' || !/^\d+(\.\d+)?$/.test(text)) {
    throw invalid(process.env.NODE_ENV !== 'production' ? `Invalid amount ${JSON.stringify(amount)}: expected a positive decimal such as "12.50".` : 'InvalidAmount', 'InvalidAmount');
  }
  const decimals = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  const allowed = CURRENCY_DECIMALS[currencyCode];
  if (decimals > allowed) {
    throw invalid(process.env.NODE_ENV !== 'production' ? `Amount ${text} ${currencyCode} has ${decimals} decimal places; ${currencyCode} allows ${allowed}.` : 'InvalidAmount', 'InvalidAmount');
  }
  const value = Number(text);
  if (!(value > 0)) throw invalid(process.env.NODE_ENV !== 'production' ? `Amount must be greater than zero, got ${text} ${currencyCode}.` : 'InvalidAmount', 'InvalidAmount');
  if (value > MAX_CHARGE[currencyCode]) {
    throw invalid(process.env.NODE_ENV !== 'production' ? `Amount ${text} ${currencyCode} exceeds Amazon Pay's maximum of ${MAX_CHARGE[currencyCode]} ${currencyCode}.` : 'InvalidAmount', 'InvalidAmount');
  }
  return { amount: text, currencyCode };
}

export interface UrlRules {
  /** Origins (scheme://host[:port]) the URL must belong to; any https origin when omitted. */
  readonly allowedOrigins?: readonly string[];
  /** Accept http://localhost and 127.0.0.1 (development and the demo only). */
  readonly allowLocalhost?: boolean;
}

function isLocalhost(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

/** Validates a URL from props: absolute, https (or localhost when allowed), on an allowed origin. */
export function assertSafeUrl(value: unknown, field: string, rules: UrlRules = {}): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw invalid(process.env.NODE_ENV !== 'production' ? `${field} must be an absolute URL, got ${JSON.stringify(value)}.` : 'InvalidUrl', 'InvalidUrl');
  }
  const localOk = rules.allowLocalhost === true && isLocalhost(url) && url.protocol === 'http:';
  if (url.protocol !== 'https:' && !localOk) {
    throw invalid(process.env.NODE_ENV !== 'production' ? `${field} must use https, got ${url.protocol.replace(':', '')}: ${url.href}` : 'InvalidUrl', 'InvalidUrl');
  }
  if (url.username || url.password) throw invalid(process.env.NODE_ENV !== 'production' ? `${field} must not contain credentials.` : 'InvalidUrl', 'InvalidUrl');
  if (rules.allowedOrigins && !rules.allowedOrigins.includes(url.origin)) {
    throw invalid(process.env.NODE_ENV !== 'production' ? `${field} origin ${url.origin} is not one of the allowed origins: ${rules.allowedOrigins.join(', ')}.` : 'InvalidUrl', 'InvalidUrl');
  }
  return url;
}
