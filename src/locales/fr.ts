import type { LocaleMessages } from '../core/i18n';

/** French texts of the kit's components: `<AmazonPayProvider locale="fr-FR" messages={messages}>`. */
export const messages: LocaleMessages = {
  'wallet.scriptFailed': 'Le portefeuille Amazon Pay n’a pas pu être chargé. Vérifiez votre connexion ou autorisez Amazon Pay dans votre bloqueur de contenu, puis réessayez.',
  'wallet.unavailable': 'Le portefeuille Amazon Pay ne peut pas être affiché pour le moment. Veuillez choisir un autre moyen de paiement.',
  'wallet.retry': 'Réessayer',
};
export default messages;
