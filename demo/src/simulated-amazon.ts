import { installOfflineAmazonPay, type SandboxBackend } from 'react-amazon-pay-recovery/testing';
import { navigate } from './router';

/**
 * Installs the kit's simulated Amazon scripts (Widgets.js, checkout.js and the
 * Amazon-hosted checkout page), all backed by the in-memory sandbox, so no
 * request ever leaves the page. Amazon's redirect back to the shop is an
 * in-page navigation, so the sandbox's memory survives it.
 *
 * With `blocked`, the scripts fail to load as with an ad blocker, then load on
 * Try again: Widgets.js once; checkout.js twice (the pop-up's preload and the
 * button's first load), so the buyer sees the button's fallback.
 */
export function installSimulatedAmazon(sandbox: SandboxBackend, options: { blocked: boolean }): void {
  installOfflineAmazonPay({
    backend: sandbox,
    widgets: { blockedLoads: options.blocked ? 1 : 0 },
    checkout: { navigate, blockedLoads: options.blocked ? 2 : 0 },
  });
}
