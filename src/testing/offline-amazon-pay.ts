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
  /**
   * Keep the default sandbox's state in `sessionStorage` (key {@link OFFLINE_SANDBOX_STORAGE_KEY}),
   * so a navigation within the tab (Amazon's redirect to your return page, a reload)
   * finds its orders and checkout sessions. Default true; ignored with `backend`.
   */
  readonly persist?: boolean;
}

/** The sessionStorage key of the offline sandbox's state. */
export const OFFLINE_SANDBOX_STORAGE_KEY = 'react-amazon-pay-recovery:offline-sandbox';

/** The page's one install, shared by every copy of this module (two routes, hot reload). */
const INSTALLED = Symbol.for('react-amazon-pay-recovery.offline-amazon-pay');
interface Installed {
  readonly instance: OfflineAmazonPay;
  readonly options: OfflineAmazonPayOptions;
}
type PageWithInstall = typeof globalThis & { [INSTALLED]?: Installed };

/** Options compared by value; functions by their source, so a hot reload of the same module matches. */
function sameOptions(a: OfflineAmazonPayOptions, b: OfflineAmazonPayOptions): boolean {
  const text = (options: OfflineAmazonPayOptions) =>
    JSON.stringify({ ...options, backend: undefined }, (_key, value: unknown) => (typeof value === 'function' ? String(value) : value));
  return a.backend === b.backend && text(a) === text(b);
}

/** The offline Amazon Pay of one page: pass `backend` to `AmazonPayProvider`; `uninstall()` in a test's cleanup. */
export interface OfflineAmazonPay {
  /** The in-memory backend the components and the simulated scripts share. */
  readonly backend: SandboxBackend;
  /** What the page asked of checkout.js (`renders`, `initCheckouts`); null on the server. */
  readonly checkout: SimulatedAmazonCheckout | null;
  /** What the page asked of Widgets.js (`binds`, `clientIds`); null on the server. */
  readonly widgets: SimulatedAmazonWidgets | null;
  /** Removes both simulated scripts, restores the page's own globals and forgets the stored sandbox state. Safe to call twice. */
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
 * One install per page: a second call (another module, a hot reload) returns
 * the same instance; with other options it throws, naming the second call.
 * The default sandbox keeps its state in `sessionStorage` (`persist`), so
 * Amazon's redirect back to your return page finds the checkout session.
 *
 * @example
 * ```tsx
 * const { backend } = installOfflineAmazonPay();
 * <AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="uk" sandbox>…</AmazonPayProvider>
 * ```
 */
export function installOfflineAmazonPay(options: OfflineAmazonPayOptions = {}): OfflineAmazonPay {
  if (typeof window === 'undefined')
    return { backend: options.backend ?? createSandboxBackend(options.sandboxOptions), checkout: null, widgets: null, uninstall: () => {} };
  const page = globalThis as PageWithInstall;
  const installed = page[INSTALLED];
  if (installed) {
    if (sameOptions(installed.options, options)) return installed.instance;
    throw new Error(
      'installOfflineAmazonPay() was called a second time on this page with other options (this call; see the stack). ' +
        "The first install is in use: its simulated Amazon scripts and its sandbox answer every component, and a second sandbox would refuse the first one's payloads (InvalidRequestSignature). " +
        'Call it once, in one module, and import its result where you need it (or call uninstall() first).',
    );
  }
  const persist = options.backend === undefined && options.persist !== false;
  const backend =
    options.backend ??
    createSandboxBackend({ ...options.sandboxOptions, ...(persist ? { sessionStorageKey: OFFLINE_SANDBOX_STORAGE_KEY } : {}) });
  const widgets = installSimulatedAmazonWidgets({ ...options.widgets, backend });
  const checkout = installSimulatedAmazonCheckout({ ...options.checkout, backend });
  let active = true;
  const uninstall = (): void => {
    if (!active) return;
    active = false;
    checkout();
    widgets();
    if (persist) backend.forgetStoredState();
    if (page[INSTALLED]?.instance === instance) delete page[INSTALLED];
  };
  const instance: OfflineAmazonPay = { backend, checkout, widgets, uninstall };
  page[INSTALLED] = { instance, options };
  return instance;
}
