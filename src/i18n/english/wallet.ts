/**
 * English texts of the Wallet (`<WalletWidget>`): the component's built-in texts (a page
 * carries only the English of the components it uses) and its part of the
 * complete English catalogue, `locales/en.ts`.
 */
export const walletMessages = {
  'wallet.scriptFailed':
    'The Amazon Pay wallet could not be loaded. Check your connection or allow Amazon Pay in your content blocker, then try again.',
  'wallet.unavailable': 'The Amazon Pay wallet cannot be shown right now. Please choose another payment method.',
  'wallet.retry': 'Try again',
} as const satisfies Readonly<Record<`wallet.${string}`, string>>;
