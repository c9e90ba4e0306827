'use client';
/**
 * `react-amazon-pay-recovery/button`: Amazon Pay's Checkout v2 button on its own, for a page
 * that shows it outside the pop-up (the pop-up loads the same modules itself, lazily).
 *
 * An entry of its own, not part of `.`: a page that imports only the pop-up or the decline
 * recovery then carries none of the button's code up front, with any bundler (ARCHITECTURE.md).
 * @packageDocumentation
 */
export { AmazonPayButton } from './react/AmazonPayButton';
export type { AmazonPayButtonProps, AmazonPayButtonFallbackProps } from './react/AmazonPayButton';
export { useAmazonPayButton } from './react/useAmazonPayButton';
export type {
  UseAmazonPayButtonOptions,
  AmazonPayButtonController,
  AmazonPayButtonColor,
  AmazonPayButtonState,
} from './react/useAmazonPayButton';
export { validateShippingAddress, ADDRESS_FIELD_LIMITS } from './domain/checkout-payload';
