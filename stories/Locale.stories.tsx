import type { Meta, StoryObj } from '@storybook/react-vite';
import { formatAmount, formatDuration } from '../src/i18n/format';
import { SUPPORTED_LOCALES, resolveLocale } from '../src/i18n/i18n';
import type { Messages } from '../src/i18n/locales/en';
import type { Money } from '../src/domain/types';
import { loadLocaleMessages } from '../src/i18n/load-locale-messages';

const SAMPLES: readonly { readonly locale: string; readonly money: Money }[] = [
  { locale: 'en-US', money: { amount: '1234.5', currencyCode: 'USD' } },
  { locale: 'en-GB', money: { amount: '1234.5', currencyCode: 'GBP' } },
  { locale: 'de-DE', money: { amount: '1234.5', currencyCode: 'EUR' } },
  { locale: 'fr-FR', money: { amount: '1234.5', currencyCode: 'EUR' } },
  { locale: 'it-IT', money: { amount: '1234.5', currencyCode: 'EUR' } },
  { locale: 'es-ES', money: { amount: '1234.5', currencyCode: 'EUR' } },
  { locale: 'ja-JP', money: { amount: '4990', currencyCode: 'JPY' } },
];

type Loaded = { readonly catalogues: Readonly<Record<string, Messages>> };

function LocaleTable({ catalogues }: Loaded) {
  return (
    <table>
      <caption>Amounts, durations and a kit text per locale ({SUPPORTED_LOCALES.join(', ')})</caption>
      <thead>
        <tr>
          <th scope="col">Locale</th>
          <th scope="col">Amount</th>
          <th scope="col">Hold time (95 s)</th>
          <th scope="col">wallet.retry</th>
        </tr>
      </thead>
      <tbody>
        {SAMPLES.map(({ locale, money }) => (
          <tr key={locale}>
            <th scope="row">{locale}</th>
            <td>{formatAmount(money, locale)}</td>
            <td>{formatDuration(95_000, locale)}</td>
            <td lang={resolveLocale(locale)}>{catalogues[locale]?.['wallet.retry'] ?? 'Try again'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const meta = {
  title: 'Theming/Locale',
  render: (_args, { loaded }) => <LocaleTable catalogues={(loaded as Loaded).catalogues} />,
  loaders: [
    async () => ({
      catalogues: Object.fromEntries(
        await Promise.all(SAMPLES.map(async ({ locale }) => [locale, await loadLocaleMessages(locale)] as const)),
      ),
    }),
  ],
} satisfies Meta;
export default meta;

/** `formatAmount` (JPY without decimals), `formatDuration` and the on-demand locale texts. */
export const Formats: StoryObj<typeof meta> = {};
