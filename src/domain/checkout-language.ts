import type { CheckoutLanguage } from './regions';
import { POPUP_COUNTRIES, type PopupCountry } from './popup-country';

const OFFERED: Readonly<Record<string, readonly CheckoutLanguage[]>> = {
  us: ['en_US'],
  uk: ['en_GB', 'de_DE', 'fr_FR', 'it_IT', 'es_ES'],
  eu: ['en_GB', 'de_DE', 'fr_FR', 'it_IT', 'es_ES'],
  jp: ['ja_JP'],
};

/**
 * Amazon's page language: the buyer's locale when the region offers that
 * language (`fr-FR` on `eu` -> `fr_FR`, `en-US` on `uk` -> `en_GB`), else the
 * country's, else undefined (the region's default).
 */
export function checkoutLanguageFor(locale: string, country: PopupCountry, region: string): CheckoutLanguage | undefined {
  const offered = OFFERED[region] ?? [];
  const [language = '', territory = ''] = locale.trim().split(/[-_]/);
  const exact = `${language.toLowerCase()}_${territory.toUpperCase()}`;
  const fromLocale =
    offered.find((candidate) => candidate === exact) ?? offered.find((candidate) => candidate.startsWith(`${language.toLowerCase()}_`));
  if (fromLocale) return fromLocale;
  const fromCountry = POPUP_COUNTRIES[country].checkoutLanguage;
  return offered.includes(fromCountry) ? fromCountry : undefined;
}
