import { resolveLocale, type SupportedLocale } from './i18n';
import type { Messages } from './locales/en';

/**
 * One chunk per language, the same module as `react-amazon-pay-recovery/locales/<lang>`.
 * English too: each component carries its own English texts, so the complete
 * English catalogue is only loaded when asked for.
 */
const LOCALE_MODULES: Readonly<Record<SupportedLocale, () => Promise<{ readonly messages: Messages }>>> = {
  en: () => import('./locales/en'),
  de: () => import('./locales/de'),
  fr: () => import('./locales/fr'),
  it: () => import('./locales/it'),
  es: () => import('./locales/es'),
  ja: () => import('./locales/ja'),
};

const loaded = new Map<SupportedLocale, Messages>();
const loading = new Map<SupportedLocale, Promise<Messages>>();
const listeners = new Set<() => void>();

/**
 * The kit's one loader: a locale's complete texts, loaded once per page
 * (each language is its own chunk, English included). The provider loads
 * its `locale`'s texts by itself; call this to have them before the first
 * render. For a first render in the buyer's language (and on the server),
 * import the subpath instead: `import { messages } from 'react-amazon-pay-recovery/locales/de'`.
 * A chunk that fails to load rejects and may be tried again.
 */
export function loadLocaleMessages(locale: string | undefined): Promise<Messages> {
  const language = resolveLocale(locale);
  const known = loaded.get(language);
  if (known) return Promise.resolve(known);
  let pending = loading.get(language);
  if (!pending) {
    pending = LOCALE_MODULES[language]().then(
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
