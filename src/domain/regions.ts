import type { CurrencyCode, Region } from './types';
import { validationError } from './errors';

export interface RegionConfig {
  readonly region: Exclude<Region, 'de'>;
  readonly ledgerCurrency: CurrencyCode;
  /** Host of checkout.js (Checkout v2); the same script serves sandbox and live. */
  readonly checkoutScriptUrl: string;
  /** Widgets.js of the legacy Login and Pay API. */
  readonly widgetsScriptUrl: { readonly live: string; readonly sandbox: string };
  /** Where a buyer updates a declined payment method (the guide's "account URL"). */
  readonly accountUrl: string;
  readonly defaultCheckoutLanguage: CheckoutLanguage;
}

export type CheckoutLanguage = 'en_US' | 'en_GB' | 'de_DE' | 'fr_FR' | 'it_IT' | 'es_ES' | 'ja_JP';

const NA = 'static-na.payments-amazon.com';
const EU = 'static-eu.payments-amazon.com';
const FE = 'static-fe.payments-amazon.com';

/** The only hosts scripts are ever loaded from. */
export const AMAZON_SCRIPT_HOSTS: readonly string[] = [NA, EU, FE];

/** `https://payments.amazon.<domain>/jr/your-account/orders?language=<language>` */
const accountOrdersUrl = (domain: string, language: CheckoutLanguage): string =>
  `https://payments.amazon.${domain}/jr/your-account/orders?language=${language}`;

// One builder rather than four literal tables: the URLs follow one pattern per host (smaller pages).
function regionConfig(
  region: RegionConfig['region'],
  ledgerCurrency: CurrencyCode,
  host: string,
  /** Widgets.js path segment: `us/`, `gbp/lpa/`… (the US one has no `lpa/`). */
  widgetsPath: readonly [market: string, lpa: string],
  accountDomain: string,
  defaultCheckoutLanguage: CheckoutLanguage,
): RegionConfig {
  const widgets = (sandbox: string): string =>
    `https://${host}/OffAmazonPayments/${widgetsPath[0]}/${sandbox}${widgetsPath[1]}js/Widgets.js`;
  return {
    region,
    ledgerCurrency,
    checkoutScriptUrl: `https://${host}/checkout.js`,
    widgetsScriptUrl: { live: widgets(''), sandbox: widgets('sandbox/') },
    accountUrl: accountOrdersUrl(accountDomain, defaultCheckoutLanguage),
    defaultCheckoutLanguage,
  };
}

const EU_CONFIG = regionConfig('eu', 'EUR', EU, ['eur', 'lpa/'], 'de', 'de_DE');

export const REGIONS: Readonly<Record<Region, RegionConfig>> = {
  us: regionConfig('us', 'USD', NA, ['us', ''], 'com', 'en_US'),
  uk: regionConfig('uk', 'GBP', EU, ['gbp', 'lpa/'], 'co.uk', 'en_GB'),
  eu: EU_CONFIG,
  de: EU_CONFIG,
  jp: regionConfig('jp', 'JPY', FE, ['jp', 'lpa/'], 'co.jp', 'ja_JP'),
};

/** Per-language account URLs for the EU region (the buyer's marketplace decides the host). */
export const EU_ACCOUNT_URLS: Readonly<Record<string, string>> = {
  de: 'https://payments.amazon.de/jr/your-account/orders?language=de_DE',
  fr: 'https://payments.amazon.fr/jr/your-account/orders?language=fr_FR',
  it: 'https://payments.amazon.it/jr/your-account/orders?language=it_IT',
  es: 'https://payments.amazon.es/jr/your-account/orders?language=es_ES',
};

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(REGIONS, value);
}

/** The region's configuration; throws a `validation` error naming the valid regions. */
export function getRegionConfig(region: unknown): RegionConfig {
  if (!isRegion(region)) {
    throw validationError(
      process.env.NODE_ENV !== 'production'
        ? `Unknown Amazon Pay region ${JSON.stringify(region)}. Use one of: ${Object.keys(REGIONS).join(', ')}.`
        : 'InvalidRegion',
      'InvalidRegion',
    );
  }
  return REGIONS[region];
}

/**
 * The account page where the buyer updates a declined payment method.
 * `overrides` lets a merchant set their own per region (the guide's per-order
 * `pay.amazon.de/...contractId=` form, for example).
 */
export function buyerAccountUrl(
  region: Region,
  options: { readonly locale?: string; readonly overrides?: Partial<Record<Region, string>> } = {},
): string {
  const override = options.overrides?.[region];
  if (override) return override;
  const config = getRegionConfig(region);
  if (config.region === 'eu' && options.locale) {
    const language = options.locale.slice(0, 2).toLowerCase();
    if (language === 'en') return REGIONS.uk.accountUrl;
    return EU_ACCOUNT_URLS[language] ?? config.accountUrl;
  }
  return config.accountUrl;
}

/**
 * An Amazon Pay merchant (seller) id, e.g. `A2K7NDRCTOTPW9`: the one rule of
 * the browser and the server. (Here rather than in a file of its own: every
 * page that checks it already loads the regions, and a module of its own
 * costs the browser bundles bytes.)
 */
export const isMerchantId = (value: unknown): value is string => typeof value === 'string' && /^[A-Z0-9]{8,20}$/.test(value);
