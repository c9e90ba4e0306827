import { resolveLocale, type LocaleMessages, type SupportedLocale } from './i18n';
import type { PopupMessages } from './popup-messages';

/** One chunk per language: the kit's texts and the pop-up's, shared with `react-amazon-pay-recovery/locales/<lang>`. */
export interface LocaleModule {
  readonly messages: LocaleMessages;
  readonly popupMessages: PopupMessages;
}

export const LOCALE_MODULES: Readonly<Record<Exclude<SupportedLocale, 'en'>, () => Promise<LocaleModule>>> = {
  de: () => import('./locales/de'),
  fr: () => import('./locales/fr'),
  it: () => import('./locales/it'),
  es: () => import('./locales/es'),
  ja: () => import('./locales/ja'),
};

const loaded = new Map<SupportedLocale, LocaleMessages>([['en', {}]]);
const listeners = new Set<() => void>();

/**
 * The kit's texts for a locale, loaded on demand (each language is its own
 * chunk; English is built into the components and resolves to `{}`). The
 * provider loads its `locale`'s texts by itself; call this to have them
 * before the first render. For a first render without English flashing,
 * import the subpath instead: `import { messages } from 'react-amazon-pay-recovery/locales/de'`.
 */
export async function loadLocaleMessages(locale: string | undefined): Promise<LocaleMessages> {
  const language = resolveLocale(locale);
  const known = loaded.get(language);
  if (known) return known;
  const { messages } = await LOCALE_MODULES[language as Exclude<SupportedLocale, 'en'>]();
  if (!loaded.has(language)) {
    loaded.set(language, messages);
    for (const listener of [...listeners]) listener();
  }
  return messages;
}

/** Called whenever a locale finished loading (for useSyncExternalStore). */
export function subscribeLocaleMessages(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The texts of an already loaded locale, or `undefined` (no loading, no warning). */
export function loadedLocaleMessages(language: SupportedLocale): LocaleMessages | undefined {
  return loaded.get(language);
}
