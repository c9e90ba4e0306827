import { warnOnce } from '../domain/dev-warning';

/** The languages the kit ships texts for (Amazon Pay's EU, UK, US and JP checkouts). */
export const SUPPORTED_LOCALES = ['en', 'de', 'fr', 'it', 'es', 'ja'] as const;

export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/**
 * One component's texts: English complete (the fallback), any other
 * language complete or partial. Missing texts fall back to English.
 */
export type MessageCatalogues<Messages extends object> = { readonly en: Messages } & {
  readonly [L in Exclude<SupportedLocale, 'en'>]?: Partial<Messages>;
};

/** Values for `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

export type Translator<Id extends string> = (id: Id, params?: MessageParams) => string;

function isSupported(language: string): language is SupportedLocale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(language);
}

/**
 * The kit's language for a BCP 47 tag: `de-AT` -> `de`, `ja-JP` -> `ja`.
 * An unsupported tag gives `en`, with a development warning once per tag.
 */
export function resolveLocale(locale: string | undefined): SupportedLocale {
  if (!locale) return 'en';
  const language = locale.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  if (isSupported(language)) return language;
  warnOnce(`locale:${locale}`, `Locale ${JSON.stringify(locale)} has no texts in this kit (supported: ${SUPPORTED_LOCALES.join(', ')}); using English.`);
  return 'en';
}

/** Replaces `{name}` with `params.name`; unknown placeholders stay visible. The result is plain text, never markup. */
export function interpolate(template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : placeholder));
}

/**
 * A `t(id, params)` for one component: the merchant's override wins, then the
 * locale's text, then English.
 *
 * @example
 * const t = createTranslator({ en: declineMessages }, 'de-DE', provider.messages);
 * t('popup.total', { amount: formatAmount(total, 'de-DE') });
 */
export function createTranslator<Messages extends { readonly [K in keyof Messages]: string }>(
  catalogues: MessageCatalogues<Messages>,
  locale: string | undefined,
  overrides?: Readonly<Partial<Record<string, string>>>,
): Translator<Extract<keyof Messages, string>> {
  const language = resolveLocale(locale);
  const localized: Partial<Messages> = catalogues[language] ?? {};
  return (id, params) => {
    const template = overrides?.[id] ?? localized[id] ?? catalogues.en[id];
    return interpolate(template, params);
  };
}

/** Texts of every kit component for one language, by message id (the shape of the provider's `messages`). */
export type LocaleMessages = Readonly<Record<string, string>>;
