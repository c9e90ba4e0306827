import { createLazyPart } from './lazy-part';

/** Amazon's button and checkout.js's code: fetched while the pop-up waits for its trigger. */
export const lazyAmazonPayButton = /* @__PURE__ */ createLazyPart(() => import('./lazy/amazon-pay-button').then((module) => module.AmazonPayButton));

/** The Wallet, needed only after a hard decline: fetched after `<DeclineRecovery>` mounts. */
export const lazyWalletWidget = /* @__PURE__ */ createLazyPart(() => import('./lazy/wallet-widget').then((module) => module.WalletWidget));
