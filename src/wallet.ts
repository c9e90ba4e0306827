'use client';
/**
 * `react-amazon-pay-recovery/wallet`: Amazon's legacy Wallet widget on its own, for a page
 * that shows it outside `<DeclineRecovery>` (which loads the same modules itself, lazily).
 *
 * An entry of its own, not part of `.`: a page that does not show the Wallet carries none of
 * its code up front, with any bundler (ARCHITECTURE.md).
 * @packageDocumentation
 */
export { WalletWidget } from './react/WalletWidget';
export type { WalletWidgetProps, WalletFallbackProps } from './react/WalletWidget';
export { useWalletWidget } from './react/useWalletWidget';
export type { UseWalletWidgetOptions, WalletWidgetController, WalletWidgetState, WalletWidgetDesign } from './react/useWalletWidget';
export type { AmazonOrderReferenceHandle } from './browser/widgets-script-loader';
