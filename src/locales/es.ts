import type { LocaleMessages } from '../core/i18n';

/** Spanish texts of the kit's components: `<AmazonPayProvider locale="es-ES" messages={messages}>`. */
export const messages: LocaleMessages = {
  'wallet.scriptFailed': 'No se ha podido cargar la cartera de Amazon Pay. Comprueba tu conexión o permite Amazon Pay en tu bloqueador de contenido y vuelve a intentarlo.',
  'wallet.unavailable': 'La cartera de Amazon Pay no se puede mostrar en este momento. Elige otro método de pago.',
  'wallet.retry': 'Reintentar',
};
export default messages;
