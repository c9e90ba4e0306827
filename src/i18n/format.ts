import { validationError } from '../domain/errors';
import type { Money } from '../domain/types';

/** A price for the buyer in the locale's format: `49,90 €` (de-DE), `￥4,990` (ja-JP, no decimals). */
export function formatAmount(money: Money, locale: string | undefined): string {
  if (typeof money?.amount !== 'string' || !/^-?\d+(\.\d+)?$/.test(money.amount)) {
    throw validationError(
      process.env.NODE_ENV !== 'production'
        ? `formatAmount: ${JSON.stringify(money?.amount)} is not a decimal amount such as "12.50".`
        : 'InvalidAmount',
      'InvalidAmount',
    );
  }
  const amount = Number(money.amount);
  // Intl knows each currency's minor units (JPY has none).
  return new Intl.NumberFormat(locale || 'en-US', { style: 'currency', currency: money.currencyCode }).format(amount);
}

const UNITS = [
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
] as const;

/**
 * A duration such as a hold or retry wait, in words: `2 minutes, 5 seconds`,
 * `2 Minuten, 5 Sekunden`. Rounded to whole seconds; below one second it reads `0 seconds`.
 */
export function formatDuration(ms: number, locale: string | undefined): string {
  let rest = Math.max(0, Math.round((Number.isFinite(ms) ? ms : 0) / 1000) * 1000);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || (unit === 'second' && parts.length === 0)) {
      parts.push(new Intl.NumberFormat(locale || 'en-US', { style: 'unit', unit, unitDisplay: 'long' }).format(count));
    }
  }
  return parts.length > 1 && typeof Intl.ListFormat === 'function'
    ? new Intl.ListFormat(locale || 'en-US', { style: 'long', type: 'unit' }).format(parts)
    : parts.join(' ');
}
