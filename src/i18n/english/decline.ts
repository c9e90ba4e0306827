/**
 * English texts of `<DeclineRecovery>`'s messages: the component's built-in
 * texts after its first paint (they come with the decline screen's lazy part;
 * the first paint's are in `decline-first-paint.ts`) and, with those, its part
 * of the complete English catalogue, `locales/en.ts`.
 */
export const declineMessages = {
  'decline.authorizing': 'Processing your payment…',
  'decline.approved': 'Thank you! Your payment was approved.',
  'decline.walletTitle': 'Your payment method was declined.',
  'decline.walletBody':
    'Please choose another payment method from your Amazon Pay wallet, or update the declined one, then place your order.',
  'decline.selectFirst': 'Select a payment method to continue.',
  'decline.confirming': 'Confirming your payment method…',
  'decline.retryScheduled': 'We could not process your payment yet. We will try again automatically in {seconds} s.',
  'decline.pending': 'Your order has been submitted and is being processed. Please do not submit it again.',
  'decline.pendingFinal':
    'Your order was submitted and is taking longer than usual. Please do not submit it again; we will contact you by email.',
  'decline.contactBuyer': 'Amazon Pay could not process your payment. Please update your payment method in your Amazon Pay account.',
  'decline.exhausted':
    'Amazon Pay could not process your payment after several attempts. Please choose another payment method or try again later.',
  'decline.timedOut':
    'Amazon Pay could not confirm your payment in time. Please choose another payment method; we will contact you by email about your order.',
  'decline.awaitingUpdate': 'We will complete your order automatically once you have updated it.',
  'decline.accountLink': 'Open your Amazon Pay account',
  'decline.declined': 'Your payment could not be completed with Amazon Pay. Please choose another payment method.',
  'decline.placeOrderLater': 'There was a problem processing your payment. Please try to place your order again in a few minutes.',
  'decline.canceled': 'The Amazon Pay payment was canceled. Please choose another payment method.',
  'decline.refused': 'Amazon Pay could not process this request. Your order is safe; please try again or choose another payment method.',
} as const satisfies Readonly<Record<`decline.${string}`, string>>;
