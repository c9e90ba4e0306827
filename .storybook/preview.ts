import type { Preview } from '@storybook/react-vite';
import { configure } from 'storybook/test';
import { SUPPORTED_LOCALES } from '../src/i18n/i18n';
import { loadLocaleMessages } from '../src/i18n/load-locale-messages';
import { BROWSER_WAIT_MS } from '../test/support/browser-wait-limit.mjs';
import { withAmazonPay } from './decorators';
// Every stylesheet of the kit (styles.css): the tokens, the light and dark presets, each component's rules.
import '../src/styles/index.css';
import './preview.css';

const LOCALE_TAGS: Readonly<Record<(typeof SUPPORTED_LOCALES)[number], string>> = {
  en: 'en-US',
  de: 'de-DE',
  fr: 'fr-FR',
  it: 'it-IT',
  es: 'es-ES',
  ja: 'ja-JP',
};

// The play functions' waits (findBy*, waitFor) follow the sandbox's simulated latency through several calls; in a
// story test on a loaded machine that takes seconds. One limit for every wait, in Storybook and in the story tests.
configure({ asyncUtilTimeout: BROWSER_WAIT_MS });

const preview: Preview = {
  parameters: {
    layout: 'centered',
    // Story tests fail on any axe violation (addon-vitest + addon-a11y).
    a11y: { test: 'error' },
    // Docs pages show each story in its own iframe: the simulated Amazon scripts are page-global.
    docs: { story: { inline: false, iframeHeight: 420 } },
  },
  tags: ['autodocs'],
  globalTypes: {
    locale: {
      description: 'Locale of texts and number formats',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        dynamicTitle: true,
        items: [
          ...SUPPORTED_LOCALES.map((locale) => ({ value: LOCALE_TAGS[locale], title: LOCALE_TAGS[locale] })),
          { value: 'en-GB', title: 'en-GB' },
        ],
      },
    },
    theme: {
      description: 'Appearance theme of <AmazonPayProvider>',
      toolbar: { title: 'Theme', icon: 'mirror', dynamicTitle: true, items: ['light', 'dark', 'brand', 'none'] },
    },
  },
  initialGlobals: { locale: 'en-US', theme: 'light' },
  // The kit's texts for the toolbar locale (each language is its own chunk).
  loaders: [async ({ globals }) => ({ messages: await loadLocaleMessages(String(globals.locale ?? 'en-US')) })],
  decorators: [withAmazonPay()],
};
export default preview;
