import type { Messages } from './en';

/** Spanish texts of the kit's components, typed against the English ids: `<AmazonPayProvider locale="es-ES" messages={messages}>`. */
export const messages: Messages = {
  'wallet.scriptFailed':
    'No se ha podido cargar la cartera de Amazon Pay. Comprueba tu conexión o permite Amazon Pay en tu bloqueador de contenido y vuelve a intentarlo.',
  'wallet.unavailable': 'La cartera de Amazon Pay no se puede mostrar en este momento. Elige otro método de pago.',
  'wallet.retry': 'Reintentar',
  'decline.authorizing': 'Procesando tu pago…',
  'decline.approved': '¡Gracias! Tu pago ha sido autorizado.',
  'decline.walletTitle': 'Tu método de pago ha sido rechazado.',
  'decline.walletBody': 'Elige otro método de pago de tu monedero de Amazon Pay, o actualiza el rechazado, y después realiza tu pedido.',
  'decline.selectFirst': 'Selecciona un método de pago para continuar.',
  'decline.placeOrder': 'Realizar pedido',
  'decline.confirming': 'Confirmando tu método de pago…',
  'decline.retryScheduled': 'Todavía no hemos podido procesar tu pago. Lo intentaremos de nuevo automáticamente en {seconds} s.',
  'decline.pending': 'Tu pedido se ha enviado y se está procesando. No lo vuelvas a enviar.',
  'decline.pendingFinal':
    'Tu pedido se ha enviado y está tardando más de lo habitual. No lo vuelvas a enviar; te contactaremos por correo electrónico.',
  'decline.contactBuyer': 'Amazon Pay no ha podido procesar tu pago. Actualiza tu método de pago en tu cuenta de Amazon Pay.',
  'decline.exhausted':
    'Amazon Pay no ha podido procesar tu pago tras varios intentos. Elige otro método de pago o vuelve a intentarlo más tarde.',
  'decline.timedOut':
    'Amazon Pay no ha podido confirmar tu pago a tiempo. Elige otro método de pago; te contactaremos por correo electrónico sobre tu pedido.',
  'decline.awaitingUpdate': 'Completaremos tu pedido automáticamente cuando lo hayas actualizado.',
  'decline.accountLink': 'Abrir tu cuenta de Amazon Pay',
  'decline.declined': 'No se ha podido completar tu pago con Amazon Pay. Elige otro método de pago.',
  'decline.placeOrderLater': 'Ha habido un problema al procesar tu pago. Vuelve a realizar tu pedido dentro de unos minutos.',
  'decline.canceled': 'Se ha cancelado el pago con Amazon Pay. Elige otro método de pago.',
  'decline.error': 'No hemos podido contactar con el servicio de pago. Tu pedido está a salvo; inténtalo de nuevo.',
  'decline.refused':
    'Amazon Pay no ha podido procesar esta solicitud. Tu pedido está a salvo; vuelve a intentarlo o elige otro método de pago.',
  'decline.retry': 'Reintentar',
  'decline.payAnotherWay': 'Pagar de otra forma',
  'popup.reason': 'Ha habido un problema con tu pago.',
  'popup.title': '¿Prefieres pagar con Amazon Pay?',
  'popup.description': 'Paga con la dirección y los métodos de pago que ya tienes guardados en tu cuenta de Amazon.',
  'popup.callToAction': 'Para completar tu pedido, usa el botón de Amazon Pay que aparece abajo.',
  'popup.close': 'Cerrar',
  'button.scriptFailed':
    'No se ha podido cargar el botón de Amazon Pay. Comprueba tu conexión o permite Amazon Pay en tu bloqueador de contenido y vuelve a intentarlo.',
  'button.unavailable': 'Amazon Pay no está disponible en este momento. Elige otro método de pago.',
  'button.retry': 'Reintentar',
  'button.checkoutFailed': 'No se ha podido iniciar Amazon Pay. Vuelve a intentarlo o elige otro método de pago.',
};
/** Same catalogue under its language name: `import { es } from 'react-amazon-pay-recovery/locales/es'`. */
export const es = messages;
export default messages;
