import type { SupportedLocale } from './i18n';
import type { Messages } from './locales/en';

/** The languages the kit translates; English is what each component carries. */
export type TranslatedLocale = Exclude<SupportedLocale, 'en'>;

type MessagesModule = Promise<{ readonly messages: Messages }>;

/**
 * One chunk per language, the same module as `react-amazon-pay-recovery/locales/<lang>`.
 * English is not here: the provider never loads it (each component carries its own English
 * texts), and a page that does not call loadLocaleMessages then has no import() of the complete
 * English catalogue, so the decline screen's first-paint English is not shared with that chunk
 * (a shared module is a file of its own in the page's initial load: `npm run size`).
 */
const TRANSLATIONS: Readonly<Record<TranslatedLocale, () => MessagesModule>> = {
  de: () => import('./locales/de'),
  fr: () => import('./locales/fr'),
  it: () => import('./locales/it'),
  es: () => import('./locales/es'),
  ja: () => import('./locales/ja'),
};

const loaded = new Map<SupportedLocale, Messages>();
const loading = new Map<SupportedLocale, Promise<Messages>>();
const listeners = new Set<() => void>();

/** A translation's complete texts, loaded once per page (its own chunk). */
export function loadTranslation(language: TranslatedLocale): Promise<Messages> {
  return loadMessagesOnce(language, TRANSLATIONS[language]);
}

/** A language's complete texts, loaded once per page by `importer`. A chunk that fails to load rejects and may be tried again. */
export function loadMessagesOnce(language: SupportedLocale, importer: () => MessagesModule): Promise<Messages> {
  const known = loaded.get(language);
  if (known) return Promise.resolve(known);
  let pending = loading.get(language);
  if (!pending) {
    pending = importer().then(
      ({ messages }) => {
        loading.delete(language);
        loaded.set(language, messages);
        for (const listener of [...listeners]) listener();
        return messages;
      },
      (error: unknown) => {
        loading.delete(language);
        throw error;
      },
    );
    loading.set(language, pending);
  }
  return pending;
}

/** Called whenever a locale finished loading (for useSyncExternalStore). */
export function subscribeLocaleMessages(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The texts of an already loaded language, or `undefined`; never loads or warns. */
export function loadedLocaleMessages(language: SupportedLocale): Messages | undefined {
  return loaded.get(language);
}

/** Tests only: forget the loaded languages, as a fresh page would. */
export function resetLocaleMessagesForTests(): void {
  loaded.clear();
  loading.clear();
}
