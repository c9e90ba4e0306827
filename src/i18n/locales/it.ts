import type { Messages } from './en';

/** Italian texts of the kit's components, typed against the English ids: `<AmazonPayProvider locale="it-IT" messages={messages}>`. */
export const messages: Messages = {
  'wallet.scriptFailed':
    'Non è stato possibile caricare il portafoglio Amazon Pay. Controlla la connessione o consenti Amazon Pay nel blocco dei contenuti, poi riprova.',
  'wallet.unavailable': 'Il portafoglio Amazon Pay non può essere mostrato al momento. Scegli un altro metodo di pagamento.',
  'wallet.retry': 'Riprova',
  'decline.authorizing': 'Elaborazione del pagamento…',
  'decline.approved': 'Grazie! Il pagamento è stato autorizzato.',
  'decline.walletTitle': 'Il metodo di pagamento è stato rifiutato.',
  'decline.walletBody':
    'Scegli un altro metodo di pagamento dal tuo portafoglio Amazon Pay, oppure aggiorna quello rifiutato, quindi effettua l’ordine.',
  'decline.selectFirst': 'Seleziona un metodo di pagamento per continuare.',
  'decline.placeOrder': 'Effettua l’ordine',
  'decline.confirming': 'Conferma del metodo di pagamento…',
  'decline.retryScheduled': 'Non è stato ancora possibile elaborare il pagamento. Nuovo tentativo automatico tra {seconds} s.',
  'decline.pending': 'L’ordine è stato inviato ed è in elaborazione. Non inviarlo di nuovo.',
  'decline.pendingFinal': 'L’ordine è stato inviato e richiede più tempo del solito. Non inviarlo di nuovo; ti contatteremo via e-mail.',
  'decline.contactBuyer': 'Amazon Pay non ha potuto elaborare il pagamento. Aggiorna il metodo di pagamento nel tuo account Amazon Pay.',
  'decline.exhausted':
    'Amazon Pay non ha potuto elaborare il pagamento dopo diversi tentativi. Scegli un altro metodo di pagamento o riprova più tardi.',
  'decline.timedOut':
    'Amazon Pay non ha potuto confermare il pagamento in tempo. Scegli un altro metodo di pagamento; ti contatteremo via e-mail in merito all’ordine.',
  'decline.awaitingUpdate': 'Completeremo l’ordine automaticamente dopo l’aggiornamento.',
  'decline.accountLink': 'Apri il tuo account Amazon Pay',
  'decline.declined': 'Non è stato possibile completare il pagamento con Amazon Pay. Scegli un altro metodo di pagamento.',
  'decline.placeOrderLater': 'Si è verificato un problema con il pagamento. Riprova a effettuare l’ordine tra qualche minuto.',
  'decline.canceled': 'Il pagamento con Amazon Pay è stato annullato. Scegli un altro metodo di pagamento.',
  'decline.error': 'Il servizio di pagamento non è raggiungibile. Il tuo ordine è al sicuro; riprova.',
  'decline.refused':
    'Amazon Pay non ha potuto elaborare questa richiesta. Il tuo ordine è al sicuro; riprova o scegli un altro metodo di pagamento.',
  'decline.retry': 'Riprova',
  'decline.payAnotherWay': 'Paga in un altro modo',
  'popup.reason': 'Si è verificato un problema con il tuo pagamento.',
  'popup.title': 'Vuoi pagare con Amazon Pay?',
  'popup.description': 'Paga con l’indirizzo e i metodi di pagamento già salvati nel tuo account Amazon.',
  'popup.callToAction': 'Per completare l’ordine, usa il pulsante Amazon Pay qui sotto.',
  'popup.close': 'Chiudi',
  'button.scriptFailed':
    'Non è stato possibile caricare il pulsante Amazon Pay. Controlla la connessione o consenti Amazon Pay nel blocco dei contenuti, poi riprova.',
  'button.unavailable': 'Amazon Pay non è disponibile al momento. Scegli un altro metodo di pagamento.',
  'button.retry': 'Riprova',
  'button.checkoutFailed': 'Non è stato possibile avviare Amazon Pay. Riprova o scegli un altro metodo di pagamento.',
};
/** Same catalogue under its language name: `import { it } from 'react-amazon-pay-recovery/locales/it'`. */
export const it = messages;
export default messages;
