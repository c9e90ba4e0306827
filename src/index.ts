'use client';
/**
 * react-amazon-pay-recovery: win back the sale when a payment is declined.
 * The in-memory sandbox backend and the simulated Amazon scripts live in
 * `react-amazon-pay-recovery/testing`.
 * @packageDocumentation
 */
export * from './domain/types';
export * from './domain/errors';
export * from './domain/regions';
export * from './domain/validation';
export * from './domain/attempt-ids';
export * from './domain/decline-policy';
export * from './domain/backend';
export { validateShippingAddress, ADDRESS_FIELD_LIMITS } from './domain/checkout-payload';
export * from './browser/script-loader';
export * from './domain/decline-machine';
export { createDeclineRunner } from './browser/decline-runner';
export type { DeclineRunner, DeclineRunnerOptions, DeclineInput } from './browser/decline-runner';
export * from './browser/appearance';
export * from './i18n/i18n';
export * from './i18n/format';
export { checkoutButtonRequest, type CheckoutButtonInput } from './domain/checkout-button-input';
export { popupDelayMs, MAX_POPUP_DELAY_SECONDS } from './browser/popup-timing';
export { AmazonPayProvider, useAmazonPay } from './react/AmazonPayProvider';
export type { AmazonPayProviderProps, AmazonPayContextValue } from './react/AmazonPayProvider';
export { WalletWidget } from './react/WalletWidget';
export type { WalletWidgetProps, WalletFallbackProps } from './react/WalletWidget';
export { useWalletWidget } from './react/useWalletWidget';
export type { UseWalletWidgetOptions, WalletWidgetController, WalletWidgetState, WalletWidgetDesign } from './react/useWalletWidget';
export { createHttpBackend } from './browser/http-backend';
export type { HttpBackendOptions, HttpBackendHeaders, HttpConnection, HttpUpdates } from './browser/http-backend';
export { eventStreamUpdates } from './browser/event-stream-updates';
export type { EventStreamUpdatesOptions } from './browser/event-stream-updates';
export { useDeclineHandler } from './react/useDeclineHandler';
export type { UseDeclineHandlerOptions, DeclineHandler, DeclineHandlerState } from './react/useDeclineHandler';
export { DeclineRecovery } from './react/DeclineRecovery';
export type { DeclineRecoveryProps, RenderWalletProps } from './react/DeclineRecovery';
export type { DeclineMessageId, PopupMessageId, PopupMessages, MessageOverrides } from './react/internal/messages';
export { declineMessageFor } from './i18n/decline-message';
export { loadLocaleMessages } from './i18n/load-locale-messages';
export type { MessageId, Messages } from './i18n/locales/en';
export { CartRecoveryPopup } from './react/CartRecoveryPopup';
export type { CartRecoveryPopupProps } from './react/CartRecoveryPopup';
export { useCartRecoveryPopup } from './react/useCartRecoveryPopup';
export type { UseCartRecoveryPopupOptions, CartRecoveryPopupController } from './react/useCartRecoveryPopup';
export { usePopupTriggers, TYPING_PAUSE_MS } from './react/usePopupTriggers';
export type { PopupTriggerOptions, PopupTriggerReason, InactivityTrigger } from './react/usePopupTriggers';
export { useModalDialog } from './react/useModalDialog';
export { useRememberedDismissal, DEFAULT_POPUP_STORAGE_KEY } from './react/useRememberedDismissal';
export type { DismissalMemory } from './react/useRememberedDismissal';
export { POPUP_COUNTRIES, resolvePopupCountry } from './domain/popup-country';
export type { PopupCountry } from './domain/popup-country';
export { AmazonPayButton } from './react/AmazonPayButton';
export type { AmazonPayButtonProps, AmazonPayButtonFallbackProps } from './react/AmazonPayButton';
export { useAmazonPayButton } from './react/useAmazonPayButton';
export type { UseAmazonPayButtonOptions, AmazonPayButtonController, AmazonPayButtonColor, AmazonPayButtonState } from './react/useAmazonPayButton';
export { useCheckoutSessionReturn } from './react/useCheckoutSessionReturn';
export type { UseCheckoutSessionReturnOptions, CheckoutSessionReturn, CheckoutReturnStatus } from './react/useCheckoutSessionReturn';
