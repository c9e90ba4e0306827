import type { CheckoutLanguage } from './regions';
import type { Region } from './types';
import { warnOnce } from './dev-warning';

/** Countries of the original amazonpayAssist script, plus Japan. */
export type PopupCountry = 'US' | 'UK' | 'DE' | 'ES' | 'FR' | 'IT' | 'JP';

/** Amazon's page language for each country (used when the buyer's locale is not offered by the region). */
export const POPUP_COUNTRIES: Readonly<Record<PopupCountry, { readonly checkoutLanguage: CheckoutLanguage }>> = {
  US: { checkoutLanguage: 'en_US' },
  UK: { checkoutLanguage: 'en_GB' },
  DE: { checkoutLanguage: 'de_DE' },
  ES: { checkoutLanguage: 'es_ES' },
  FR: { checkoutLanguage: 'fr_FR' },
  IT: { checkoutLanguage: 'it_IT' },
  JP: { checkoutLanguage: 'ja_JP' },
};

const COUNTRY_BY_REGION: Readonly<Record<Region, PopupCountry>> = { us: 'US', uk: 'UK', eu: 'DE', de: 'DE', jp: 'JP' };

function isPopupCountry(value: unknown): value is PopupCountry {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(POPUP_COUNTRIES, value);
}

/**
 * The pop-up's country: the given one in any case (`'de'`, `'uk'`; `'GB'` is
 * UK), the region's when none is given, and US (with a warning for the
 * developer) when the given one is unknown, as the original script did.
 */
export function resolvePopupCountry(country: unknown, region: Region | undefined): PopupCountry {
  if (country === undefined) return region ? COUNTRY_BY_REGION[region] : 'US';
  const upper = typeof country === 'string' ? country.trim().toUpperCase() : country;
  const normalized = upper === 'GB' ? 'UK' : upper;
  if (isPopupCountry(normalized)) return normalized;
  if (process.env.NODE_ENV !== 'production')
    warnOnce(
      `popup-country:${String(country)}`,
      `<CartRecoveryPopup> country ${JSON.stringify(country)} is not one of ${Object.keys(POPUP_COUNTRIES).join(', ')}; using US.`,
    );
  return 'US';
}
