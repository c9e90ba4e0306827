import { resolveLocale } from './i18n';
import type { Messages } from './locales/en';
import { loadMessagesOnce, loadTranslation } from './locale-messages';

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
  return language === 'en' ? loadMessagesOnce(language, () => import('./locales/en')) : loadTranslation(language);
}
