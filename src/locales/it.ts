import type { LocaleMessages } from '../core/i18n';

/** Italian texts of the kit's components: `<AmazonPayProvider locale="it-IT" messages={messages}>`. */
export const messages: LocaleMessages = {
  'wallet.scriptFailed': 'Non è stato possibile caricare il portafoglio Amazon Pay. Controlla la connessione o consenti Amazon Pay nel blocco dei contenuti, poi riprova.',
  'wallet.unavailable': 'Il portafoglio Amazon Pay non può essere mostrato al momento. Scegli un altro metodo di pagamento.',
  'wallet.retry': 'Riprova',
};
export default messages;
