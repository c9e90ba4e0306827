import { installSimulatedAmazonWidgets, type SandboxBackend } from 'react-amazon-pay-recovery/testing';

/**
 * Installs the kit's simulated Amazon scripts (Widgets.js, checkout.js and the
 * Amazon-hosted checkout page), all backed by the in-memory sandbox, so no
 * request ever leaves the page. With `blocked`, the first load of each script
 * fails as an ad blocker would; a retry succeeds (the buyer allowed Amazon Pay).
 */
export function installSimulatedAmazon(sandbox: SandboxBackend, options: { blocked: boolean }): void {
  installSimulatedAmazonWidgets({ backend: sandbox, blockedLoads: options.blocked ? 1 : 0 });
}
