import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetWarningsForTests } from '../../src/domain/dev-warning';
import { SUPPORTED_LOCALES, createTranslator, resolveLocale, type MessageCatalogues } from '../../src/i18n/i18n';
import { loadLocaleMessages } from '../../src/i18n/load-locale-messages';

afterEach(() => resetWarningsForTests());

interface SampleMessages {
  readonly 'sample.title': string;
  readonly 'sample.total': string;
}

const CATALOGUES: MessageCatalogues<SampleMessages> = {
  en: { 'sample.title': 'Pay with Amazon', 'sample.total': 'Total: {amount}' },
  de: { 'sample.title': 'Mit Amazon bezahlen', 'sample.total': 'Summe: {amount}' },
  ja: { 'sample.title': 'Amazonで支払う' },
};

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

describe('createTranslator', () => {
  it('translates, interpolates {params} as plain text and falls back to English per message', () => {
    const t = createTranslator(CATALOGUES, 'de-DE');
    expect(t('sample.total', { amount: '49,90 €' })).toBe('Summe: 49,90 €');
    expect(createTranslator(CATALOGUES, 'ja-JP')('sample.total', { amount: 5 })).toBe('Total: 5');
    expect(createTranslator(CATALOGUES, 'it')('sample.title')).toBe('Pay with Amazon');
    expect(t('sample.total', { amount: '<b>1</b>' })).toBe('Summe: <b>1</b>');
  });

  it("lets the merchant's overrides win and leaves unknown placeholders visible", () => {
    const t = createTranslator(CATALOGUES, 'de', { 'sample.title': 'Jetzt mit Amazon Pay' });
    expect(t('sample.title')).toBe('Jetzt mit Amazon Pay');
    expect(t('sample.total', {})).toBe('Summe: {amount}');
  });
});

describe('loadLocaleMessages', () => {
  it('loads each language on demand with the same message ids; English is built in', async () => {
    expect(await loadLocaleMessages('en-GB')).toEqual({});
    const de = await loadLocaleMessages('de-CH');
    expect(de['wallet.retry']).toBe('Erneut versuchen');
    for (const locale of SUPPORTED_LOCALES.filter((l) => l !== 'en')) {
      expect(Object.keys(await loadLocaleMessages(locale)).sort()).toEqual(Object.keys(de).sort());
    }
  });
});
