/**
 * English texts of the Cart Recovery pop-up (`<CartRecoveryPopup>`): the component's built-in texts (a page
 * carries only the English of the components it uses) and its part of the
 * complete English catalogue, `locales/en.ts`.
 */
export const popupMessages = {
  'popup.reason': 'Something went wrong with your payment.',
  'popup.title': 'How about paying with Amazon Pay instead?',
  'popup.description': 'Pay with the address and payment methods already saved in your Amazon account.',
  'popup.callToAction': 'Use the Amazon Pay button below to complete your order.',
  'popup.close': 'Close',
} as const satisfies Readonly<Record<`popup.${string}`, string>>;
