import { createLazyPart } from './lazy-part';

// Only import() reaches these modules from the `.` entry (the button and the Wallet are exported
// from their own entries, `/button` and `/wallet`), so every bundler puts them in chunks of their
// own that a page fetches when it may need them, never in its initial load (ARCHITECTURE.md).

/** The open pop-up (its dialog, texts and Amazon's button): fetched while the pop-up waits for its trigger, with checkout.js. */
export const lazyCartRecoveryDialog = /* @__PURE__ */ createLazyPart(() =>
  import('./CartRecoveryDialog').then((module) => module.loadCartRecoveryDialog()),
);

/** The Wallet, needed only after a hard decline: fetched after `<DeclineRecovery>` mounts. */
export const lazyWalletWidget = /* @__PURE__ */ createLazyPart(() => import('../WalletWidget').then((module) => module.WalletWidget));
