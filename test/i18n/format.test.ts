import { describe, expect, it } from 'vitest';
import { isAmazonPayError } from '../../src/domain/errors';
import { formatAmount, formatDuration } from '../../src/i18n/format';

// Intl output uses narrow no-break spaces in some locales; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatAmount', () => {
  it("formats in the buyer's locale; JPY has no decimals", () => {
    expect(plain(formatAmount({ amount: '49.9', currencyCode: 'EUR' }, 'de-DE'))).toBe('49,90 €');
    expect(formatAmount({ amount: '1234.5', currencyCode: 'USD' }, 'en-US')).toBe('$1,234.50');
    expect(formatAmount({ amount: '10', currencyCode: 'GBP' }, 'en-GB')).toBe('£10.00');
    expect(formatAmount({ amount: '4990', currencyCode: 'JPY' }, 'ja-JP')).toBe('￥4,990');
    expect(plain(formatAmount({ amount: '49.9', currencyCode: 'EUR' }, 'fr-FR'))).toBe('49,90 €');
  });

  it('rejects an amount that is not a decimal with a validation error', () => {
    let caught: unknown;
    try {
      formatAmount({ amount: '12,50', currencyCode: 'EUR' }, 'de-DE');
    } catch (error) {
      caught = error;
    }
    expect(isAmazonPayError(caught, 'validation')).toBe(true);
  });
});

describe('formatDuration', () => {
  it('spells out hours, minutes and seconds in the locale', () => {
    expect(formatDuration(125_000, 'en-US')).toBe('2 minutes, 5 seconds');
    expect(formatDuration(125_000, 'de-DE')).toBe('2 Minuten, 5 Sekunden');
    expect(formatDuration(3_600_000, 'en')).toBe('1 hour');
    expect(formatDuration(400, 'en')).toBe('0 seconds');
    expect(plain(formatDuration(30_000, 'ja-JP'))).toBe('30 秒');
  });
});
