import { resolveLocale, type LocaleMessages, type SupportedLocale } from '../core/i18n';

const LOADERS: Readonly<Record<Exclude<SupportedLocale, 'en'>, () => Promise<{ readonly messages: LocaleMessages }>>> = {
  de: () => import('./de'),
  fr: () => import('./fr'),
  it: () => import('./it'),
  es: () => import('./es'),
  ja: () => import('./ja'),
};

/**
 * The kit's texts for a locale, loaded on demand (each language is its own
 * chunk; English is built into the components and resolves to `{}`). Pass the
 * result as the provider's `messages`, spread under your own overrides.
 * For a first render without English flashing, import the subpath instead:
 * `import { messages } from 'react-amazon-pay-recovery/locales/de'`.
 */
export async function loadLocaleMessages(locale: string | undefined): Promise<LocaleMessages> {
  const language = resolveLocale(locale);
  if (language === 'en') return {};
  return (await LOADERS[language]()).messages;
}
