import type { Messages } from './en';

/** French texts of the kit's components, typed against the English ids: `<AmazonPayProvider locale="fr-FR" messages={messages}>`. */
export const messages: Messages = {
  'wallet.scriptFailed':
    'Le portefeuille Amazon Pay n’a pas pu être chargé. Vérifiez votre connexion ou autorisez Amazon Pay dans votre bloqueur de contenu, puis réessayez.',
  'wallet.unavailable': 'Le portefeuille Amazon Pay ne peut pas être affiché pour le moment. Veuillez choisir un autre moyen de paiement.',
  'wallet.retry': 'Réessayer',
  'decline.authorizing': 'Traitement de votre paiement…',
  'decline.approved': 'Merci ! Votre paiement a été autorisé.',
  'decline.walletTitle': 'Votre moyen de paiement a été refusé.',
  'decline.walletBody':
    'Veuillez choisir un autre moyen de paiement dans votre portefeuille Amazon Pay, ou mettre à jour celui qui a été refusé, puis passer votre commande.',
  'decline.selectFirst': 'Sélectionnez un moyen de paiement pour continuer.',
  'decline.placeOrder': 'Passer la commande',
  'decline.confirming': 'Confirmation de votre moyen de paiement…',
  'decline.retryScheduled': 'Votre paiement n’a pas encore pu être traité. Nouvelle tentative automatique dans {seconds} s.',
  'decline.pending': 'Votre commande a été transmise et est en cours de traitement. Veuillez ne pas la soumettre à nouveau.',
  'decline.pendingFinal':
    'Votre commande a été transmise et prend plus de temps que d’habitude. Veuillez ne pas la soumettre à nouveau ; nous vous contacterons par e-mail.',
  'decline.contactBuyer':
    'Amazon Pay n’a pas pu traiter votre paiement. Veuillez mettre à jour votre moyen de paiement dans votre compte Amazon Pay.',
  'decline.exhausted':
    'Amazon Pay n’a pas pu traiter votre paiement après plusieurs tentatives. Veuillez choisir un autre moyen de paiement ou réessayer plus tard.',
  'decline.timedOut':
    'Amazon Pay n’a pas pu confirmer votre paiement à temps. Veuillez choisir un autre moyen de paiement ; nous vous contacterons par e-mail au sujet de votre commande.',
  'decline.awaitingUpdate': 'Nous finaliserons votre commande automatiquement dès la mise à jour.',
  'decline.accountLink': 'Ouvrir votre compte Amazon Pay',
  'decline.declined': 'Votre paiement n’a pas pu être effectué avec Amazon Pay. Veuillez choisir un autre moyen de paiement.',
  'decline.placeOrderLater':
    'Un problème est survenu lors du traitement de votre paiement. Veuillez repasser votre commande dans quelques minutes.',
  'decline.canceled': 'Le paiement Amazon Pay a été annulé. Veuillez choisir un autre moyen de paiement.',
  'decline.error': 'Le service de paiement est injoignable. Votre commande est conservée ; veuillez réessayer.',
  'decline.refused':
    'Amazon Pay n’a pas pu traiter cette demande. Votre commande est en sécurité ; veuillez réessayer ou choisir un autre moyen de paiement.',
  'decline.retry': 'Réessayer',
  'decline.payAnotherWay': 'Payer autrement',
  'popup.reason': 'Un problème est survenu avec votre paiement.',
  'popup.title': 'Et si vous utilisiez plutôt Amazon Pay ?',
  'popup.description': 'Payez avec l’adresse et les moyens de paiement déjà enregistrés dans votre compte Amazon.',
  'popup.callToAction': 'Pour finaliser votre commande, utilisez le bouton Amazon Pay ci-dessous.',
  'popup.close': 'Fermer',
  'button.scriptFailed':
    'Le bouton Amazon Pay n’a pas pu être chargé. Vérifiez votre connexion ou autorisez Amazon Pay dans votre bloqueur de contenu, puis réessayez.',
  'button.unavailable': 'Amazon Pay n’est pas disponible pour le moment. Veuillez choisir un autre moyen de paiement.',
  'button.retry': 'Réessayer',
  'button.checkoutFailed': 'Amazon Pay n’a pas pu être lancé. Veuillez réessayer ou choisir un autre moyen de paiement.',
};
/** Same catalogue under its language name: `import { fr } from 'react-amazon-pay-recovery/locales/fr'`. */
export const fr = messages;
export default messages;
