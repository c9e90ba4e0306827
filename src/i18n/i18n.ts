import { warnOnce } from '../domain/dev-warning';

/** The languages the kit ships texts for (Amazon Pay's EU, UK, US and JP checkouts). */
export const SUPPORTED_LOCALES = ['en', 'de', 'fr', 'it', 'es', 'ja'] as const;

export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** Values for `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

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
  if (process.env.NODE_ENV !== 'production')
    warnOnce(
      `locale:${locale}`,
      `Locale ${JSON.stringify(locale)} has no texts in this kit (supported: ${SUPPORTED_LOCALES.join(', ')}); using English.`,
    );
  return 'en';
}

/**
 * The kit's one formatter: replaces `{name}` with `params.name`; unknown
 * placeholders stay visible. The result is plain text, never markup.
 */
export function formatMessage(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : placeholder));
}
