'use client';
/**
 * react-amazon-pay-recovery: win back the sale when a payment is declined.
 *
 * The public names of this entry are the explicit list below (each documented
 * where it is declared); anything else under `src/` is internal and may change.
 * Test helpers (the in-memory sandbox backend, simulated Amazon scripts,
 * resetting the script loader) live in `react-amazon-pay-recovery/testing`;
 * the Checkout v2 button and the Wallet on their own in `/button` and `/wallet`; the decline
 * machine headless in `/machine`.
 * @packageDocumentation
 */

/* ---- Provider ---- */
export { AmazonPayProvider, useAmazonPay } from './react/AmazonPayProvider';
export type { AmazonPayProviderProps, AmazonPayContextValue } from './react/AmazonPayProvider';
export type { RecoveryFunnelEvent, RecoveryFunnelEventType, FunnelTrigger, FunnelSink } from './domain/recovery-events';

/* ---- Backend: the merchant's server over HTTP ---- */
export { createHttpBackend } from './browser/http-backend';
export type { HttpBackendOptions, HttpBackendHeaders, HttpConnection, HttpUpdates, HttpRecovery } from './browser/http-backend';
export { serverRecovery } from './browser/server-recovery';
export type { BackendUpdate, RecoveryIntent, RecoveryIntentRequest, ServerRecoveryView } from './domain/server-recovery';
export { eventStreamUpdates } from './browser/event-stream-updates';
export type { EventStreamUpdatesOptions } from './browser/event-stream-updates';
export type { AmazonPayBackend, CallOptions, CancelOrderReferenceRequest, BackendUpdateListener } from './domain/backend';

/* ---- Cart Recovery pop-up (the Checkout v2 button on its own: `react-amazon-pay-recovery/button`) ---- */
export { CartRecoveryPopup } from './react/CartRecoveryPopup';
export type { CartRecoveryPopupProps } from './react/CartRecoveryPopup';
export { useCartRecoveryPopup } from './react/useCartRecoveryPopup';
export type { UseCartRecoveryPopupOptions, CartRecoveryPopupController } from './react/useCartRecoveryPopup';
export { usePopupTriggers, TYPING_PAUSE_MS } from './react/usePopupTriggers';
export type { PopupTriggerOptions, PopupTriggerReason, InactivityTrigger } from './react/usePopupTriggers';
export { DEFAULT_POPUP_STORAGE_KEY } from './react/useRememberedDismissal';
export type { PopupCountry } from './domain/popup-country';
export { useCheckoutSessionReturn } from './react/useCheckoutSessionReturn';
export type { UseCheckoutSessionReturnOptions, CheckoutSessionReturn, CheckoutReturnStatus } from './react/useCheckoutSessionReturn';

/* ---- Decline recovery ---- */
export { DeclineRecovery } from './react/DeclineRecovery';
export type { DeclineRecoveryProps, RenderWalletProps } from './react/DeclineRecovery';
export { ServerDeclineRecovery } from './react/ServerDeclineRecovery';
export { useDeclineHandler } from './react/useDeclineHandler';
export { useServerDeclineHandler } from './react/useServerDeclineHandler';
export type { UseDeclineHandlerOptions, DeclineHandler, DeclineHandlerState } from './react/useDeclineHandler';
export type { DeclineState, DeclineStatus, PollingOptions } from './domain/decline-machine';
export type { DeclinePolicyOptions, TimedOutStrategy } from './domain/decline-policy';
/* The machine, its policy, its queries (canCancel, isSettled) and the runner headless: `react-amazon-pay-recovery/machine`. */

/* ---- Wallet (legacy Login and Pay): `react-amazon-pay-recovery/wallet` ---- */

/* ---- Errors ---- */
export { AmazonPayError, isAmazonPayError, isRefusal } from './domain/errors';
export type { AmazonPayErrorKind, AmazonPayErrorOptions } from './domain/errors';

/* ---- Theming and languages ---- */
export { appearanceToCssVariables, APPEARANCE_VARIABLE_NAMES, LIGHT_APPEARANCE, DARK_APPEARANCE } from './browser/appearance';
export type {
  Appearance,
  AppearanceTheme,
  AppearanceVariables,
  AppearanceVariableName,
  AppearanceCssVariables,
} from './browser/appearance';
export { loadLocaleMessages } from './i18n/load-locale-messages';
export type { MessageId, Messages } from './i18n/locales/en';
export type { DeclineMessageId, PopupMessageId, PopupMessages, MessageOverrides } from './react/internal/texts';
export { SUPPORTED_LOCALES, formatMessage } from './i18n/i18n';
export type { SupportedLocale } from './i18n/i18n';
export { formatAmount, formatDuration } from './i18n/format';

/* ---- Amazon Pay's vocabulary ---- */
export type {
  Region,
  AuthorizationMode,
  OrderReferenceState,
  AuthorizationState,
  KnownDeclineReasonCode,
  ReasonCode,
  CurrencyCode,
  Money,
  OrderReferenceDetails,
  AuthorizationDetails,
  AuthorizeRequest,
  ConfirmOrderReferenceRequest,
  ChargeDetails,
  ChargeState,
  ProductType,
  PaymentIntent,
  ShippingAddress,
  CheckoutSessionPayloadRequest,
  SignedCheckoutSessionPayload,
  CheckoutSessionCancelReason,
  CompletedCheckoutSession,
  CompleteCheckoutSessionRequest,
} from './domain/types';
export type { RegionConfig, CheckoutLanguage } from './domain/regions';
