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
