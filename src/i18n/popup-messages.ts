import type { CheckoutLanguage } from '../domain/regions';
import type { Region } from '../domain/types';
import { LOCALE_MODULES } from './load-locale-messages';

/** Countries of the original amazonpayAssist script, plus Japan. */
export type PopupCountry = 'US' | 'UK' | 'DE' | 'ES' | 'FR' | 'IT' | 'JP';

export type PopupLanguage = 'en' | 'de' | 'fr' | 'it' | 'es' | 'ja';

/** Every string the pop-up and the Amazon Pay button show, by message id. */
export interface PopupMessages {
  readonly 'popup.title': string;
  /** The buyer can pay with the payment methods in their Amazon account. */
  readonly 'popup.description': string;
  readonly 'popup.callToAction': string;
  readonly 'popup.close': string;
  readonly 'button.scriptFailed': string;
  readonly 'button.unavailable': string;
  readonly 'button.retry': string;
  readonly 'button.checkoutFailed': string;
}

export type PopupMessageId = keyof PopupMessages;

/** English, built in; the other languages load on demand (see `loadPopupMessages`). */
export const DEFAULT_POPUP_MESSAGES: PopupMessages = {
  'popup.title': 'Would you like to use Amazon Pay instead?',
  'popup.description': 'You can pay with the payment methods stored in your Amazon account.',
  'popup.callToAction': 'Simply click the button below.',
  'popup.close': 'Close',
  'button.scriptFailed': 'The Amazon Pay button could not be loaded. Check your connection or allow Amazon Pay in your content blocker, then try again.',
  'button.unavailable': 'Amazon Pay is not available right now. Please choose another payment method.',
  'button.retry': 'Try again',
  'button.checkoutFailed': 'Amazon Pay could not be started. Please try again or choose another payment method.',
};

type LoadableLanguage = Exclude<PopupLanguage, 'en'>;

const loaded: Partial<Record<PopupLanguage, PopupMessages>> = { en: DEFAULT_POPUP_MESSAGES };
const loading: Partial<Record<LoadableLanguage, Promise<PopupMessages>>> = {};

/** The language's pop-up texts if they are already loaded (English always is). */
export function loadedPopupMessages(language: PopupLanguage): PopupMessages | undefined {
  return loaded[language];
}

/**
 * Loads a language's pop-up texts once per page. Call it early (e.g. when the
 * card form mounts) to have them before the pop-up's trigger; the pop-up calls
 * it itself and appears when they are there.
 */
export function loadPopupMessages(language: PopupLanguage): Promise<PopupMessages> {
  const ready = loaded[language];
  if (ready) return Promise.resolve(ready);
  const lang = language as LoadableLanguage;
  loading[lang] ??= LOCALE_MODULES[lang]().then(
    (module) => (loaded[lang] = module.popupMessages),
    (error: unknown) => {
      delete loading[lang];
      throw error;
    },
  );
  return loading[lang];
}

interface CountryConfig {
  readonly language: PopupLanguage;
  readonly checkoutLanguage: CheckoutLanguage;
}

export const POPUP_COUNTRIES: Readonly<Record<PopupCountry, CountryConfig>> = {
  US: { language: 'en', checkoutLanguage: 'en_US' },
  UK: { language: 'en', checkoutLanguage: 'en_GB' },
  DE: { language: 'de', checkoutLanguage: 'de_DE' },
  ES: { language: 'es', checkoutLanguage: 'es_ES' },
  FR: { language: 'fr', checkoutLanguage: 'fr_FR' },
  IT: { language: 'it', checkoutLanguage: 'it_IT' },
  JP: { language: 'ja', checkoutLanguage: 'ja_JP' },
};

const COUNTRY_BY_REGION: Readonly<Record<Region, PopupCountry>> = { us: 'US', uk: 'UK', eu: 'DE', de: 'DE', jp: 'JP' };

function isPopupCountry(value: unknown): value is PopupCountry {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(POPUP_COUNTRIES, value);
}

/**
 * The pop-up's country: the given one, the region's when none is given, and
 * US (with a warning for the developer) when the given one is unknown, as the
 * original script did.
 */
export function resolvePopupCountry(country: unknown, region: Region | undefined): PopupCountry {
  if (country === undefined) return region ? COUNTRY_BY_REGION[region] : 'US';
  if (isPopupCountry(country)) return country;
  console.warn(`[react-amazon-pay-recovery] <CartRecoveryPopup> country ${JSON.stringify(country)} is not one of ${Object.keys(POPUP_COUNTRIES).join(', ')}; using US.`);
  return 'US';
}

/** Texts with overrides applied: provider overrides first, then the component's. */
export function withMessageOverrides(
  base: PopupMessages,
  ...overrides: (Readonly<Record<string, string>> | Partial<PopupMessages> | undefined)[]
): PopupMessages {
  const merged: Record<string, string> = { ...base };
  for (const source of overrides) {
    if (!source) continue;
    for (const id of Object.keys(merged)) {
      const text = (source as Record<string, string | undefined>)[id];
      if (typeof text === 'string') merged[id] = text;
    }
  }
  return merged as unknown as PopupMessages;
}

/** True when the overrides give every pop-up text, so no catalogue has to load. */
export function overridesEveryText(...overrides: (Readonly<Record<string, string>> | Partial<PopupMessages> | undefined)[]): boolean {
  return Object.keys(DEFAULT_POPUP_MESSAGES).every((id) => overrides.some((source) => typeof (source as Record<string, unknown> | undefined)?.[id] === 'string'));
}
