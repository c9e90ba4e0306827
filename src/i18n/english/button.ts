/**
 * English texts of the Amazon Pay button (`<AmazonPayButton>`, also inside the pop-up): the component's built-in texts (a page
 * carries only the English of the components it uses) and its part of the
 * complete English catalogue, `locales/en.ts`.
 */
export const buttonMessages = {
  'button.scriptFailed':
    'The Amazon Pay button could not be loaded. Check your connection or allow Amazon Pay in your content blocker, then try again.',
  'button.unavailable': 'Amazon Pay is not available right now. Please choose another payment method.',
  'button.retry': 'Try again',
  'button.checkoutFailed': 'Amazon Pay could not be started. Please try again or choose another payment method.',
} as const satisfies Readonly<Record<`button.${string}`, string>>;
