import { useEffect, useState } from 'react';
import { warnOnce } from '../domain/dev-warning';
import {
  DEFAULT_POPUP_MESSAGES,
  POPUP_COUNTRIES,
  loadPopupMessages,
  loadedPopupMessages,
  overridesEveryText,
  withMessageOverrides,
  type PopupCountry,
  type PopupLanguage,
  type PopupMessages,
} from '../i18n/popup-messages';

type Overrides = Readonly<Record<string, string>> | Partial<PopupMessages> | undefined;

/**
 * The country's pop-up texts with the overrides applied, or `undefined` for the
 * few milliseconds its language's catalogue takes to load (English is built in;
 * nothing loads when the overrides give every text). A catalogue that fails to
 * load falls back to English with a development warning.
 */
export function usePopupMessages(country: PopupCountry, ...overrides: Overrides[]): PopupMessages | undefined {
  const language = POPUP_COUNTRIES[country].language;
  const complete = overridesEveryText(...overrides);
  const [failed, setFailed] = useState<PopupLanguage | undefined>(undefined);
  const [, setLoadedLanguage] = useState<PopupLanguage | undefined>(undefined);
  const base = complete || failed === language ? DEFAULT_POPUP_MESSAGES : loadedPopupMessages(language);

  useEffect(() => {
    if (base) return;
    let active = true;
    loadPopupMessages(language).then(
      () => active && setLoadedLanguage(language),
      (error: unknown) => {
        warnOnce(`popup-messages-${language}`, `the "${language}" pop-up texts could not be loaded (${String(error)}); showing English.`);
        if (active) setFailed(language);
      },
    );
    return () => {
      active = false;
    };
  }, [base, language]);

  return base && withMessageOverrides(base, ...overrides);
}
