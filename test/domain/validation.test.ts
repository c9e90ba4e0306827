import { describe, expect, it } from 'vitest';
import { buildCheckoutSessionPayload, validateShippingAddress } from '../../src/domain/checkout-payload';
import { buyerAccountUrl, getRegionConfig } from '../../src/domain/regions';
import { assertSafeUrl } from '../../src/domain/safe-url';
import { assertOrderReferenceId, parseMoney } from '../../src/domain/validation';

const address = {
  name: 'Ada Lovelace',
  addressLine1: '1 Main St',
  city: 'London',
  postalCode: 'N1 9GU',
  countryCode: 'GB',
  phoneNumber: '+44 20 7946 0000',
};

describe('validation', () => {
  it('accepts sandbox and live order reference ids and rejects anything else', () => {
    expect(() => assertOrderReferenceId('S01-1234567-1234567')).not.toThrow();
    expect(() => assertOrderReferenceId('P02-7654321-7654321')).not.toThrow();
    for (const bad of ['', 'S01-123', 'X01-1234567-1234567', ' S01-1234567-1234567', null, 42]) {
      expect(() => assertOrderReferenceId(bad)).toThrow(/Invalid Amazon order reference id/);
    }
  });

  it('checks amounts: positive, within currency precision and the maximum', () => {
    expect(parseMoney('12.50', 'EUR')).toEqual({ amount: '12.50', currencyCode: 'EUR' });
    expect(parseMoney(1200, 'JPY')).toEqual({ amount: '1200', currencyCode: 'JPY' });
    expect(() => parseMoney('0', 'USD')).toThrow(/greater than zero/);
    expect(() => parseMoney('-1', 'USD')).toThrow(/positive decimal/);
    expect(() => parseMoney('1.234', 'GBP')).toThrow(/3 decimal places; GBP allows 2/);
    expect(() => parseMoney('10.5', 'JPY')).toThrow(/JPY allows 0/);
    expect(() => parseMoney('150000.01', 'USD')).toThrow(/maximum/);
    expect(() => parseMoney('1', 'CHF')).toThrow(/Unsupported currency "CHF"/);
    expect(() => parseMoney(Number.NaN, 'USD')).toThrow(/Invalid amount/);
  });

  it('requires https URLs, optionally on allowed origins', () => {
    expect(assertSafeUrl('https://shop.example/thanks', 'url').href).toBe('https://shop.example/thanks');
    expect(() => assertSafeUrl('http://shop.example/thanks', 'checkoutResultReturnUrl')).toThrow(/checkoutResultReturnUrl must use https/);
    expect(() => assertSafeUrl('javascript:alert(1)', 'url')).toThrow(/https/);
    expect(() => assertSafeUrl('/relative', 'url')).toThrow(/absolute URL/);
    expect(() => assertSafeUrl('https://evil.example/x', 'url', { allowedOrigins: ['https://shop.example'] })).toThrow(
      /not one of the allowed origins/,
    );
    expect(assertSafeUrl('http://localhost:5173/x', 'url', { allowLocalhost: true }).host).toBe('localhost:5173');
  });

  it('names the bad address field', () => {
    expect(() => validateShippingAddress({ ...address, city: '' })).toThrow('shippingAddress.city is required.');
    expect(() => validateShippingAddress({ ...address, postalCode: 'x'.repeat(21) })).toThrow(
      /postalCode is 21 characters; the limit is 20/,
    );
    expect(() => validateShippingAddress({ ...address, countryCode: 'gbr' })).toThrow(/countryCode/);
    expect(() => validateShippingAddress(null)).toThrow(/must be an object/);
  });

  it('sends a UK, SG, AE or MX region as districtOrCounty, not stateOrRegion', () => {
    expect(validateShippingAddress({ ...address, countryCode: 'GB', stateOrRegion: 'Kent' })).toMatchObject({ districtOrCounty: 'Kent' });
    expect(validateShippingAddress({ ...address, countryCode: 'GB', stateOrRegion: 'Kent' })).not.toHaveProperty('stateOrRegion');
    expect(validateShippingAddress({ ...address, countryCode: 'GB', stateOrRegion: 'England', districtOrCounty: 'Kent' })).toMatchObject({
      districtOrCounty: 'Kent',
    });
    expect(validateShippingAddress({ ...address, countryCode: 'DE', stateOrRegion: 'Bayern' })).toMatchObject({ stateOrRegion: 'Bayern' });
  });

  it('builds a ProcessOrder payload that carries the address', () => {
    const payload = buildCheckoutSessionPayload(
      {
        checkoutResultReturnUrl: 'https://shop.example/confirm',
        amount: { amount: '20.00', currencyCode: 'GBP' },
        shippingAddress: address,
      },
      { storeId: 'store-1' },
    );
    expect(payload).toMatchObject({
      webCheckoutDetails: { checkoutMode: 'ProcessOrder', checkoutResultReturnUrl: 'https://shop.example/confirm' },
      storeId: 'store-1',
      paymentDetails: { paymentIntent: 'Authorize', chargeAmount: { amount: '20.00', currencyCode: 'GBP' } },
      addressDetails: address,
    });
  });

  it('knows the regions and the buyer account URLs', () => {
    expect(getRegionConfig('de')).toBe(getRegionConfig('eu'));
    expect(() => getRegionConfig('mars')).toThrow(/Unknown Amazon Pay region "mars"/);
    expect(buyerAccountUrl('uk')).toMatch(/^https:\/\/payments\.amazon\.co\.uk\//);
    expect(buyerAccountUrl('eu', { locale: 'fr-FR' })).toMatch(/payments\.amazon\.fr/);
    expect(buyerAccountUrl('de', { overrides: { de: 'https://pay.amazon.de/mn/your-account/apa' } })).toBe(
      'https://pay.amazon.de/mn/your-account/apa',
    );
  });
});
