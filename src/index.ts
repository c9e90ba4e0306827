'use client';
/**
 * react-amazon-pay-recovery: win back the sale when a payment is declined.
 * The in-memory sandbox backend and the simulated Amazon scripts live in
 * `react-amazon-pay-recovery/testing`.
 * @packageDocumentation
 */
export * from './core';
export { AmazonPayProvider, useAmazonPay } from './react/AmazonPayProvider';
export type { AmazonPayProviderProps, AmazonPayContextValue } from './react/AmazonPayProvider';
export { WalletWidget } from './react/WalletWidget';
export type { WalletWidgetProps, WalletFallbackProps } from './react/WalletWidget';
export { useWalletWidget } from './react/useWalletWidget';
export type { UseWalletWidgetOptions, WalletWidgetController, WalletWidgetState, WalletWidgetDesign } from './react/useWalletWidget';
export { createHttpBackend } from './adapters/http-backend';
export type { HttpBackendOptions, HttpBackendHeaders } from './adapters/http-backend';
export { useDeclineHandler } from './react/useDeclineHandler';
export type { UseDeclineHandlerOptions, DeclineHandler, DeclineHandlerState } from './react/useDeclineHandler';
export { DeclineRecovery } from './react/DeclineRecovery';
export type { DeclineRecoveryProps, RenderWalletProps } from './react/DeclineRecovery';
export { declineMessages } from './react/decline-messages';
export type { DeclineMessageId } from './react/decline-messages';
export { formatMessage } from './react/messages';
export { loadLocaleMessages } from './locales/load-locale-messages';
export { CartRecoveryPopup } from './react/CartRecoveryPopup';
export type { CartRecoveryPopupProps } from './react/CartRecoveryPopup';
export { useCartRecoveryPopup } from './react/useCartRecoveryPopup';
export type { UseCartRecoveryPopupOptions, CartRecoveryPopupController } from './react/useCartRecoveryPopup';
export { usePopupTriggers } from './react/usePopupTriggers';
export type { PopupTriggerOptions, PopupTriggerReason, InactivityTrigger } from './react/usePopupTriggers';
export { useModalDialog } from './react/useModalDialog';
export { useRememberedDismissal, DEFAULT_POPUP_STORAGE_KEY } from './react/useRememberedDismissal';
export type { DismissalMemory } from './react/useRememberedDismissal';
export { DEFAULT_POPUP_MESSAGES, POPUP_COUNTRIES, loadPopupMessages, resolvePopupCountry } from './react/popup-messages';
export { usePopupMessages } from './react/usePopupMessages';
export type { PopupCountry, PopupLanguage, PopupMessages, PopupMessageId } from './react/popup-messages';
export { AmazonPayButton } from './react/AmazonPayButton';
export type { AmazonPayButtonProps, AmazonPayButtonFallbackProps } from './react/AmazonPayButton';
export { useAmazonPayButton } from './react/useAmazonPayButton';
export type { UseAmazonPayButtonOptions, AmazonPayButtonController, AmazonPayButtonColor, AmazonPayButtonState } from './react/useAmazonPayButton';
export { useCheckoutSessionReturn } from './react/useCheckoutSessionReturn';
export type { UseCheckoutSessionReturnOptions, CheckoutSessionReturn, CheckoutReturnStatus } from './react/useCheckoutSessionReturn';
