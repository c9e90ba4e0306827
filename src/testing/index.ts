/**
 * Test, Storybook and demo helpers: the in-memory sandbox backend and
 * simulated Amazon scripts, so the kit runs with no server and no network.
 * @packageDocumentation
 */
export { createSandboxBackend, DEFAULT_SANDBOX_PAYMENT_METHODS, SANDBOX_METHOD_IDS } from './sandbox-backend';
export { createAmazonLedger } from './amazon-ledger';
export type {
  AmazonLedger,
  AmazonLedgerOptions,
  AuthorizationOutcome,
  ChargeOutcome,
  CheckoutChoice,
  LedgerCheckoutSession,
  LedgerSnapshot,
} from './amazon-ledger';
export type {
  SandboxBackend,
  SandboxBackendOptions,
  SandboxPaymentMethod,
  SandboxFault,
  SandboxCall,
  SandboxCheckoutSession,
  CreateOrderReferenceInit,
  CloseOrderReferenceRequest,
} from './sandbox-backend';
export { resetScriptLoaderForTests } from '../browser/script-loader';
export { sandboxSimulationNote, parseSandboxSimulation } from '../domain/sandbox-simulation';
export { buildCheckoutSessionPayload } from '../domain/checkout-payload';
export type { SandboxSimulation } from '../domain/sandbox-simulation';
export { installSimulatedAmazonWidgets } from './simulated-widgets';
export type { SimulatedAmazonWidgets, SimulatedAmazonWidgetsOptions, SimulatedWalletBind } from './simulated-widgets';
export { installSimulatedAmazonCheckout, SIMULATED_MFA_CODE } from './simulated-checkout';
export type { SimulatedAmazonCheckout, SimulatedAmazonCheckoutOptions, SimulatedButtonRender } from './simulated-checkout';
export { installOfflineAmazonPay } from './offline-amazon-pay';
export type { OfflineAmazonPay, OfflineAmazonPayOptions } from './offline-amazon-pay';
export { sampleRecoveryEvents } from './sample-recovery-events';
export type { SampleRecoveryEventsOptions } from './sample-recovery-events';
