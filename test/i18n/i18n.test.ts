import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetWarningsForTests } from '../../src/domain/dev-warning';
import { SUPPORTED_LOCALES, formatMessage, resolveLocale } from '../../src/i18n/i18n';
import { messages as en, type Messages } from '../../src/i18n/locales/en';
import { buttonMessages } from '../../src/i18n/english/button';
import { declineMessages } from '../../src/i18n/english/decline';
import { declineFirstPaintMessages } from '../../src/i18n/english/decline-first-paint';
import { popupMessages } from '../../src/i18n/english/popup';
import { walletMessages } from '../../src/i18n/english/wallet';
import { loadLocaleMessages } from '../../src/i18n/load-locale-messages';
import { MESSAGE_ID_COUNT, overridesEveryText, withOverrides } from '../../src/react/internal/texts';

afterEach(() => resetWarningsForTests());

describe('resolveLocale', () => {
  it('reduces a BCP 47 tag to a supported language', () => {
    expect(resolveLocale('de-AT')).toBe('de');
    expect(resolveLocale('ja_JP')).toBe('ja');
    expect(resolveLocale('FR-ca')).toBe('fr');
    expect(resolveLocale(undefined)).toBe('en');
  });

  it('falls back to English for an unsupported locale, warning once in development', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(resolveLocale('pt-BR')).toBe('en');
    expect(resolveLocale('pt-BR')).toBe('en');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/"pt-BR" has no texts .* using English/);
  });
});

describe('formatMessage', () => {
  it('fills {params} as plain text and leaves unknown placeholders visible', () => {
    expect(formatMessage('Summe: {amount}', { amount: '49,90 €' })).toBe('Summe: 49,90 €');
    expect(formatMessage('Summe: {amount}', { amount: '<b>1</b>' })).toBe('Summe: <b>1</b>');
    expect(formatMessage('Summe: {amount}', {})).toBe('Summe: {amount}');
    expect(formatMessage('{toString}', {})).toBe('{toString}');
  });
});

describe('loadLocaleMessages', () => {
  it('gives every locale the same message ids as English, a text for each', async () => {
    expect(await loadLocaleMessages('en-GB')).toBe(en);
    const de = await loadLocaleMessages('de-CH');
    expect(de['wallet.retry']).toBe('Erneut versuchen');
    for (const locale of SUPPORTED_LOCALES) {
      const texts = await loadLocaleMessages(locale);
      expect(Object.keys(texts).sort()).toEqual(Object.keys(en).sort());
      for (const text of Object.values(texts)) expect(text.trim()).not.toBe('');
    }
  });

  it('keeps the placeholders of the English text in every translation', async () => {
    for (const locale of SUPPORTED_LOCALES) {
      const texts = await loadLocaleMessages(locale);
      for (const [id, english] of Object.entries(en)) {
        const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
        expect(placeholders(texts[id as keyof Messages]), `${locale} ${id}`).toEqual(placeholders(english));
      }
    }
  });

  it('a locale catalogue missing a text does not typecheck', () => {
    const { 'popup.title': _dropped, ...incomplete } = en;
    // @ts-expect-error -- 'popup.title' is missing: every locale is typed against the English ids.
    const german: Messages = incomplete;
    expect(Object.keys(german)).not.toContain('popup.title');
  });
});

describe('component texts', () => {
  it('the overrides count as complete exactly when they hold every message id (a locale catalogue)', async () => {
    expect(MESSAGE_ID_COUNT).toBe(Object.keys(en).length);
    expect(overridesEveryText(await loadLocaleMessages('de'))).toBe(true);
    const { 'popup.title': _dropped, ...incomplete } = en;
    expect(overridesEveryText(incomplete)).toBe(false);
    expect(overridesEveryText(undefined)).toBe(false);
  });

  it("each component's English part is exactly its ids in the English catalogue", () => {
    const parts = {
      wallet: walletMessages,
      decline: { ...declineFirstPaintMessages, ...declineMessages },
      popup: popupMessages,
      button: buttonMessages,
    };
    for (const [prefix, part] of Object.entries(parts)) {
      expect(part).toEqual(Object.fromEntries(Object.entries(en).filter(([id]) => id.startsWith(`${prefix}.`))));
    }
  });

  it('applies overrides over a locale and keeps only strings', () => {
    // @ts-expect-error testing bad input
    expect(withOverrides(undefined, { 'popup.title': 'Hi', 'popup.close': 3 })).toEqual({ 'popup.title': 'Hi' });
    expect(withOverrides(en, undefined)).toBe(en);
  });
});
