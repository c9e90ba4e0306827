import type { LocaleMessages } from '../core/i18n';

/** German texts of the kit's components: `<AmazonPayProvider locale="de-DE" messages={messages}>`. */
export const messages: LocaleMessages = {
  'wallet.scriptFailed': 'Die Amazon Pay-Wallet konnte nicht geladen werden. Prüfen Sie Ihre Verbindung oder erlauben Sie Amazon Pay in Ihrem Inhaltsblocker und versuchen Sie es erneut.',
  'wallet.unavailable': 'Die Amazon Pay-Wallet kann gerade nicht angezeigt werden. Bitte wählen Sie eine andere Zahlungsart.',
  'wallet.retry': 'Erneut versuchen',
};
export default messages;
