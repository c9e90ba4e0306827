/**
 * English texts of every kit component, by message id. English is the
 * fallback and ships in the main bundle; every other locale file is typed
 * against these ids (`Messages`), so a missing translation fails the typecheck.
 */
export const messages = {
  'wallet.scriptFailed': 'The Amazon Pay wallet could not be loaded. Check your connection or allow Amazon Pay in your content blocker, then try again.',
  'wallet.unavailable': 'The Amazon Pay wallet cannot be shown right now. Please choose another payment method.',
  'wallet.retry': 'Try again',
  'decline.authorizing': 'Processing your payment…',
  'decline.approved': 'Thank you! Your payment was approved.',
  'decline.walletTitle': 'Your payment method was declined.',
  'decline.walletBody': 'Please choose another payment method from your Amazon Pay wallet, or update the declined one, then place your order.',
  'decline.selectFirst': 'Select a payment method to continue.',
  'decline.placeOrder': 'Place order',
  'decline.confirming': 'Confirming your payment method…',
  'decline.retryScheduled': 'We could not process your payment yet. We will try again automatically in {seconds} s.',
  'decline.pending': 'Your order has been submitted and is being processed. Please do not submit it again.',
  'decline.pendingFinal': 'Your order was submitted and is taking longer than usual. Please do not submit it again; we will contact you by email.',
  'decline.contactBuyer': 'Amazon Pay could not process your payment. Please update your payment method in your Amazon Pay account.',
  'decline.exhausted': 'Amazon Pay could not process your payment after several attempts. Please choose another payment method or try again later.',
  'decline.timedOut': 'Amazon Pay could not confirm your payment in time. Please choose another payment method; we will contact you by email about your order.',
  'decline.awaitingUpdate': 'We will complete your order automatically once you have updated it.',
  'decline.accountLink': 'Open your Amazon Pay account',
  'decline.declined': 'Your payment could not be completed with Amazon Pay. Please choose another payment method.',
  'decline.placeOrderLater': 'There was a problem processing your payment. Please try to place your order again in a few minutes.',
  'decline.canceled': 'The Amazon Pay payment was canceled. Please choose another payment method.',
  'decline.error': 'We could not reach the payment service. Your order is safe; please try again.',
  'decline.refused': 'Amazon Pay could not process this request. Your order is safe; please try again or choose another payment method.',
  'decline.retry': 'Try again',
  'decline.payAnotherWay': 'Pay another way',
  'popup.reason': 'Something went wrong with your payment.',
  'popup.title': 'How about paying with Amazon Pay instead?',
  'popup.description': 'Pay with the address and payment methods already saved in your Amazon account.',
  'popup.callToAction': 'Use the Amazon Pay button below to complete your order.',
  'popup.close': 'Close',
  'button.scriptFailed': 'The Amazon Pay button could not be loaded. Check your connection or allow Amazon Pay in your content blocker, then try again.',
  'button.unavailable': 'Amazon Pay is not available right now. Please choose another payment method.',
  'button.retry': 'Try again',
  'button.checkoutFailed': 'Amazon Pay could not be started. Please try again or choose another payment method.',
} as const satisfies Readonly<Record<string, string>>;

/** Every message id of the kit (`wallet.*`, `decline.*`, `popup.*`, `button.*`). */
export type MessageId = keyof typeof messages;

/** One complete catalogue: a text for every message id. Each locale file has this type. */
export type Messages = { readonly [Id in MessageId]: string };

/** Same catalogue under its language name: `import { en } from 'react-amazon-pay-recovery/locales/en'`. */
export const en: Messages = messages;
export default en;
