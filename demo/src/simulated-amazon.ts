import type { SandboxBackend } from 'react-amazon-pay-recovery/testing';

/**
 * Installs the kit's simulated checkout.js, the simulated Amazon-hosted page
 * and the simulated Widgets.js, all backed by the in-memory sandbox, so no
 * request ever leaves the page. Left out when the test panel "blocks" Amazon.
 */
export function installSimulatedAmazon(_sandbox: SandboxBackend): void {
  // Filled in as the simulated scripts land on main.
}
