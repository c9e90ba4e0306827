import type { Messages } from './en';

/** German texts of the kit's components, typed against the English ids: `<AmazonPayProvider locale="de-DE" messages={messages}>`. */
export const messages: Messages = {
  'wallet.scriptFailed':
    'Die Amazon Pay-Wallet konnte nicht geladen werden. Prüfen Sie Ihre Verbindung oder erlauben Sie Amazon Pay in Ihrem Inhaltsblocker und versuchen Sie es erneut.',
  'wallet.unavailable': 'Die Amazon Pay-Wallet kann gerade nicht angezeigt werden. Bitte wählen Sie eine andere Zahlungsart.',
  'wallet.retry': 'Erneut versuchen',
  'decline.authorizing': 'Ihre Zahlung wird verarbeitet…',
  'decline.approved': 'Vielen Dank! Ihre Zahlung wurde autorisiert.',
  'decline.walletTitle': 'Ihre Zahlungsart wurde abgelehnt.',
  'decline.walletBody':
    'Bitte wählen Sie eine andere Zahlungsart aus Ihrer Amazon Pay-Wallet oder aktualisieren Sie die abgelehnte, und schließen Sie dann Ihre Bestellung ab.',
  'decline.selectFirst': 'Wählen Sie eine Zahlungsart, um fortzufahren.',
  'decline.placeOrder': 'Bestellung abschließen',
  'decline.confirming': 'Ihre Zahlungsart wird bestätigt…',
  'decline.retryScheduled': 'Ihre Zahlung konnte noch nicht verarbeitet werden. Wir versuchen es in {seconds} s automatisch erneut.',
  'decline.pending': 'Ihre Bestellung wurde übermittelt und wird bearbeitet. Bitte senden Sie sie nicht erneut ab.',
  'decline.pendingFinal':
    'Ihre Bestellung wurde übermittelt, die Bearbeitung dauert länger als üblich. Bitte senden Sie sie nicht erneut ab; wir informieren Sie per E-Mail.',
  'decline.contactBuyer':
    'Amazon Pay konnte Ihre Zahlung nicht verarbeiten. Bitte aktualisieren Sie Ihre Zahlungsart in Ihrem Amazon Pay-Konto.',
  'decline.exhausted':
    'Amazon Pay konnte Ihre Zahlung nach mehreren Versuchen nicht verarbeiten. Bitte wählen Sie eine andere Zahlungsart oder versuchen Sie es später erneut.',
  'decline.timedOut':
    'Amazon Pay konnte Ihre Zahlung nicht rechtzeitig bestätigen. Bitte wählen Sie eine andere Zahlungsart; wir informieren Sie per E-Mail über Ihre Bestellung.',
  'decline.awaitingUpdate': 'Sobald Sie sie aktualisiert haben, schließen wir Ihre Bestellung automatisch ab.',
  'decline.accountLink': 'Amazon Pay-Konto öffnen',
  'decline.declined': 'Ihre Zahlung konnte mit Amazon Pay nicht abgeschlossen werden. Bitte wählen Sie eine andere Zahlungsart.',
  'decline.placeOrderLater':
    'Bei der Verarbeitung Ihrer Zahlung ist ein Problem aufgetreten. Bitte bestellen Sie in einigen Minuten erneut.',
  'decline.canceled': 'Die Zahlung mit Amazon Pay wurde abgebrochen. Bitte wählen Sie eine andere Zahlungsart.',
  'decline.error': 'Der Zahlungsdienst ist gerade nicht erreichbar. Ihre Bestellung ist sicher; bitte versuchen Sie es erneut.',
  'decline.refused':
    'Amazon Pay konnte diese Anfrage nicht verarbeiten. Ihre Bestellung ist sicher; bitte versuchen Sie es erneut oder wählen Sie eine andere Zahlungsart.',
  'decline.retry': 'Erneut versuchen',
  'decline.payAnotherWay': 'Anders bezahlen',
  'popup.reason': 'Bei Ihrer Zahlung ist etwas schiefgelaufen.',
  'popup.title': 'Möchten Sie stattdessen mit Amazon Pay bezahlen?',
  'popup.description': 'Bezahlen Sie mit der Adresse und den Zahlungsarten, die bereits in Ihrem Amazon-Konto gespeichert sind.',
  'popup.callToAction': 'Schließen Sie Ihre Bestellung über die Amazon Pay-Schaltfläche unten ab.',
  'popup.close': 'Schließen',
  'button.scriptFailed':
    'Die Amazon Pay-Schaltfläche konnte nicht geladen werden. Prüfen Sie Ihre Verbindung oder erlauben Sie Amazon Pay in Ihrem Inhaltsblocker und versuchen Sie es erneut.',
  'button.unavailable': 'Amazon Pay ist gerade nicht verfügbar. Bitte wählen Sie eine andere Zahlungsart.',
  'button.retry': 'Erneut versuchen',
  'button.checkoutFailed':
    'Amazon Pay konnte nicht gestartet werden. Bitte versuchen Sie es erneut oder wählen Sie eine andere Zahlungsart.',
};
/** Same catalogue under its language name: `import { de } from 'react-amazon-pay-recovery/locales/de'`. */
export const de = messages;
export default messages;
