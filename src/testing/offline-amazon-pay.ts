import { createSandboxBackend, type SandboxBackend, type SandboxBackendOptions } from './sandbox-backend';
import { installSimulatedAmazonCheckout, type SimulatedAmazonCheckout, type SimulatedAmazonCheckoutOptions } from './simulated-checkout';
import { installSimulatedAmazonWidgets, type SimulatedAmazonWidgets, type SimulatedAmazonWidgetsOptions } from './simulated-widgets';

export interface OfflineAmazonPayOptions {
  /** Your own sandbox backend (to script faults or share it); default `createSandboxBackend(sandboxOptions)`. */
  readonly backend?: SandboxBackend;
  /** Options for the default sandbox backend (ignored when `backend` is given). */
  readonly sandboxOptions?: SandboxBackendOptions;
  /** Options for the simulated checkout.js (the pop-up's and AmazonPayButton's script). */
  readonly checkout?: Omit<SimulatedAmazonCheckoutOptions, 'backend'>;
  /** Options for the simulated Widgets.js (WalletWidget's script). */
  readonly widgets?: Omit<SimulatedAmazonWidgetsOptions, 'backend'>;
}

/** The offline Amazon Pay of one page: pass `backend` to `AmazonPayProvider`; `uninstall()` in a test's cleanup. */
export interface OfflineAmazonPay {
  /** The in-memory backend the components and the simulated scripts share. */
  readonly backend: SandboxBackend;
  /** What the page asked of checkout.js (`renders`, `initCheckouts`); null on the server. */
  readonly checkout: SimulatedAmazonCheckout | null;
  /** What the page asked of Widgets.js (`binds`, `clientIds`); null on the server. */
  readonly widgets: SimulatedAmazonWidgets | null;
  /** Removes both simulated scripts and restores the page's own globals. Safe to call twice. */
  readonly uninstall: () => void;
}

/**
 * The whole kit offline in one call: an in-memory sandbox backend plus
 * simulated checkout.js and Widgets.js backed by it, so no request leaves the
 * page and no Amazon account is needed (local development, tests, Storybook,
 * demos). Without it, `createSandboxBackend()` alone still loads Amazon's real
 * scripts. On the server (no `window`) only the backend is created, so a
 * module that calls this is safe to import during server rendering.
 *
 * @example
 * ```tsx
 * const { backend } = installOfflineAmazonPay();
 * <AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="uk" sandbox>…</AmazonPayProvider>
 * ```
 */
export function installOfflineAmazonPay(options: OfflineAmazonPayOptions = {}): OfflineAmazonPay {
  const backend = options.backend ?? createSandboxBackend(options.sandboxOptions);
  if (typeof window === 'undefined') return { backend, checkout: null, widgets: null, uninstall: () => {} };
  const widgets = installSimulatedAmazonWidgets({ ...options.widgets, backend });
  const checkout = installSimulatedAmazonCheckout({ ...options.checkout, backend });
  let installed = true;
  const uninstall = (): void => {
    if (!installed) return;
    installed = false;
    checkout();
    widgets();
  };
  return { backend, checkout, widgets, uninstall };
}
