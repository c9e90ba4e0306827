import { declineLegend, type SandboxBackend } from './sandbox-backend';
import { isAmazonPayError } from '../domain/errors';
import { interceptAmazonScripts } from '../browser/script-loader';
import type {
  AmazonOrderReferenceHandle,
  AmazonWidgetError,
  OffAmazonPaymentsGlobal,
  WalletWidgetOptions,
} from '../browser/widgets-script-loader';

export interface SimulatedAmazonWidgetsOptions {
  /** Wallets, declines and selections come from this backend (`walletFor`, `selectPaymentMethod`). */
  readonly backend: SandboxBackend;
  /** Every Wallet bind reports this `error.getErrorCode()` instead of rendering (e.g. `BuyerSessionExpired`). */
  readonly scriptedError?: string;
  /** Delay of the rendering, `onReady` and the page's ready callbacks. Default 0. */
  readonly readyDelayMs?: number;
  /**
   * The first N loads of Widgets.js fail like an ad blocker's block (an `error`
   * event); the global appears once a load succeeds. `Infinity` blocks for good.
   * Default 0: the global is defined at once, as on a page that already loaded it.
   */
  readonly blockedLoads?: number;
  /** Widgets.js loads but never defines `OffAmazonPayments` (an extension altered it). */
  readonly missingGlobal?: boolean;
}

/** One `new OffAmazonPayments.Widgets.Wallet(options).bind(containerId)` call. */
export interface SimulatedWalletBind {
  readonly containerId: string;
  readonly options: WalletWidgetOptions;
}

/** Uninstalls the simulation when called; records what the page asked of Amazon's script. */
export interface SimulatedAmazonWidgets {
  (): void;
  /** Every Wallet bind since install, in order. */
  readonly binds: readonly SimulatedWalletBind[];
  /** Every `amazon.Login.setClientId` call since install. */
  readonly clientIds: readonly string[];
}

function widgetError(code: string, message: string): AmazonWidgetError {
  return { getErrorCode: () => code, getErrorMessage: () => message };
}

function orderReferenceHandle(id: string): AmazonOrderReferenceHandle {
  return { getAmazonOrderReferenceId: () => id };
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

let walletSeq = 0;

/**
 * The simulated wallet's look (Amazon's real one is an iframe with its own):
 * each radio stays on the line of its label, the chosen method is outlined and
 * tinted, and the page's --arp-* tokens keep it legible in dark and forced colours.
 * The widget's area grows to the simulated wallet (at least its height): no row is cut, down to 320 px wide.
 */
const SIMULATED_WALLET_CSS = `
.arp-wallet__host:has(.arp-sim-wallet) { height: auto; min-height: var(--arp-wallet-height, 228px); }
.arp-sim-wallet { box-sizing: border-box; min-height: 100%; display: grid; align-content: start; gap: 6px; padding: 10px; border: 1px solid var(--arp-color-border, #d5d9d9); border-radius: var(--arp-border-radius, 8px); background: var(--arp-color-background, #fff); color: var(--arp-color-text, #0f1111); font-family: var(--arp-font-family, system-ui, sans-serif); font-size: 0.875rem; line-height: 1.3; }
.arp-sim-wallet__title { margin: 0; font-weight: 600; }
.arp-sim-wallet__methods { display: grid; gap: 4px; }
.arp-sim-wallet__method { display: flex; align-items: center; gap: 10px; padding: 5px 10px; border: 1px solid var(--arp-color-border, #d5d9d9); border-radius: var(--arp-border-radius, 8px); cursor: pointer; }
.arp-sim-wallet__method input { flex: none; width: 1.1em; height: 1.1em; margin: 0; accent-color: var(--arp-color-focus, #007185); }
.arp-sim-wallet__method input:focus-visible { outline: 3px solid var(--arp-color-focus, #007185); outline-offset: 2px; }
.arp-sim-wallet__method:has(input:checked) { border: 2px solid var(--arp-color-focus, #007185); padding: 4px 9px; background: color-mix(in srgb, var(--arp-color-focus, #007185) 10%, var(--arp-color-background, #fff)); font-weight: 600; }
.arp-sim-wallet__label { flex: 1; min-width: 0; }
.arp-sim-wallet__declined { flex: none; padding: 0 6px; border: 1px solid var(--arp-color-danger, #b12704); border-radius: 4px; color: var(--arp-color-text, #0f1111); font-size: 0.85em; font-weight: 600; }
.arp-sim-wallet__error { margin: 0; padding: 12px; border: 1px solid var(--arp-color-danger, #b12704); border-radius: var(--arp-border-radius, 8px); }
@media (forced-colors: active) {
  .arp-sim-wallet__method:has(input:checked) { border-color: Highlight; }
}
`;

/** Adds the simulated wallet's stylesheet once; returns its remover. */
function addSimulatedWalletStyles(): () => void {
  if (document.querySelector('style[data-arp-simulated-wallet]')) return () => {};
  const style = document.createElement('style');
  style.dataset.arpSimulatedWallet = '';
  style.textContent = SIMULATED_WALLET_CSS;
  document.head.appendChild(style);
  return () => style.remove();
}

/** Renders the buyer's wallet for one order reference, with plain DOM and text nodes only. */
function renderWallet(
  container: HTMLElement,
  backend: SandboxBackend,
  orderReferenceId: string,
  displayMode: WalletWidgetOptions['displayMode'],
  onSelect: (methodId: string) => void,
): void {
  const seq = ++walletSeq;
  const root = element('div', 'arp-sim-wallet');
  root.dataset.simulated = 'amazon-wallet';
  const title = element('p', 'arp-sim-wallet__title', 'Amazon Pay: choose a payment method');
  title.id = `arp-sim-wallet-${seq}-title`;
  const group = element('div', 'arp-sim-wallet__methods');
  group.setAttribute('role', 'radiogroup');
  group.setAttribute('aria-labelledby', title.id);
  for (const method of backend.walletFor(orderReferenceId)) {
    const label = element('label', 'arp-sim-wallet__method');
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = `arp-sim-wallet-${seq}`;
    radio.value = method.id;
    // After a decline the buyer must pick again: the declined method is marked, never pre-selected.
    radio.checked = method.selected && !method.declined;
    radio.disabled = displayMode === 'Read';
    radio.addEventListener('change', () => {
      if (radio.checked) onSelect(method.id);
    });
    label.append(radio, element('span', 'arp-sim-wallet__label', method.label));
    if (method.declined) {
      label.dataset.declined = 'true';
      label.append(' ', element('span', 'arp-sim-wallet__declined', 'Declined'));
    }
    group.append(label);
  }
  root.append(title, group);
  const legend = declineLegend(backend.paymentMethodList);
  if (legend) root.append(element('p', 'arp-sim-wallet__legend', legend));
  container.replaceChildren(root);
}

/**
 * Defines a simulated `window.OffAmazonPayments` (Amazon's legacy Widgets.js)
 * backed by a {@link SandboxBackend}, for tests, Storybook and demos with no
 * network. `new OffAmazonPayments.Widgets.Wallet(options).bind(containerId)`
 * renders the backend's wallet for `options.amazonOrderReferenceId` as radio
 * buttons (declined methods marked "Declined"), calls `onPaymentSelect` on each
 * choice after recording it in the backend, `onReady` after rendering, and
 * `onError` with Amazon's codes (`InvalidOrderReferenceId`, `MissingParameter`,
 * or `scriptedError`). Like the real script it calls `window.onAmazonLoginReady`
 * and `window.onAmazonPaymentsReady` when it "loads". Returns the uninstaller.
 */
export function installSimulatedAmazonWidgets(options: SimulatedAmazonWidgetsOptions): SimulatedAmazonWidgets {
  const { backend, scriptedError, readyDelayMs = 0, missingGlobal = false } = options;
  let blockedLoads = options.blockedLoads ?? 0;
  const binds: SimulatedWalletBind[] = [];
  const removeStyles = addSimulatedWalletStyles();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (fn: () => void, ms = readyDelayMs): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  class Wallet {
    readonly #options: WalletWidgetOptions;
    constructor(walletOptions: WalletWidgetOptions) {
      this.#options = walletOptions;
    }
    bind(containerId: string): void {
      const walletOptions = this.#options;
      binds.push({ containerId, options: walletOptions });
      later(() => {
        const container = document.getElementById(containerId);
        // Like Amazon's widget: the message shows inside the widget body, the code goes to onError.
        const fail = (code: string, message: string): void => {
          container?.replaceChildren(
            element('p', 'arp-sim-wallet__error', `Amazon Pay cannot show your wallet (${code}). Please contact the seller.`),
          );
          walletOptions.onError?.(widgetError(code, message));
        };
        const orderReferenceId = walletOptions.amazonOrderReferenceId;
        if (!walletOptions.sellerId) return fail('MissingParameter', 'sellerId is missing.');
        if (!orderReferenceId)
          return fail('MissingParameter', 'amazonOrderReferenceId is missing (the simulation has no AddressBook to create one).');
        // The page took the container away before the widget rendered (a re-bind or unmount).
        if (!container) return;
        // ITP is a warning: Safari limits the widget, which still renders.
        if (scriptedError && scriptedError !== 'ITP') return fail(scriptedError, `Simulated widget error ${scriptedError}.`);
        const select = (methodId: string): void => {
          backend.selectPaymentMethod(orderReferenceId, methodId);
          walletOptions.onPaymentSelect?.(orderReferenceHandle(orderReferenceId));
        };
        try {
          renderWallet(container, backend, orderReferenceId, walletOptions.displayMode, select);
        } catch (error) {
          return fail(
            isAmazonPayError(error) && error.code ? error.code : 'UnknownError',
            error instanceof Error ? error.message : String(error),
          );
        }
        walletOptions.onReady?.(orderReferenceHandle(orderReferenceId));
        if (scriptedError === 'ITP')
          walletOptions.onError?.(widgetError('ITP', 'Safari Intelligent Tracking Prevention limits the widget.'));
      });
    }
  }

  const offAmazonPayments = { Widgets: { Wallet } } as unknown as OffAmazonPaymentsGlobal;
  const previousGlobal = window.OffAmazonPayments;
  const previousAmazon = window.amazon;
  const previousLogin = previousAmazon?.Login;
  const clientIds: string[] = [];

  const defineGlobals = (): void => {
    window.OffAmazonPayments = offAmazonPayments;
    const login = { setClientId: (clientId: string) => void clientIds.push(clientId) };
    // checkout.js may already own window.amazon (amazon.Pay): add Login beside it.
    if (window.amazon) window.amazon.Login = window.amazon.Login ?? login;
    else window.amazon = { Login: login } as unknown as typeof window.amazon;
  };
  const announceReady = (): void => {
    window.onAmazonLoginReady?.();
    window.onAmazonPaymentsReady?.();
  };

  const stopIntercepting = interceptAmazonScripts((script) => {
    if (!/\/Widgets\.js$/.test(new URL(script.src).pathname)) return false;
    // Inert: kept in the page for inspection, never fetched.
    script.type = 'text/x-simulated-amazon-widgets';
    document.head.appendChild(script);
    later(() => {
      if (blockedLoads > 0) {
        blockedLoads -= 1;
        script.dispatchEvent(new Event('error'));
        return;
      }
      if (!missingGlobal) {
        defineGlobals();
        announceReady();
      }
      script.dispatchEvent(new Event('load'));
    });
    return true;
  });

  if (blockedLoads === 0 && !missingGlobal) {
    defineGlobals();
    later(announceReady);
  }

  const uninstall = (): void => {
    stopIntercepting();
    removeStyles();
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    if (window.OffAmazonPayments === offAmazonPayments) {
      if (previousGlobal) window.OffAmazonPayments = previousGlobal;
      else delete window.OffAmazonPayments;
    }
    if (!previousAmazon && window.amazon && !window.amazon.Pay) delete window.amazon;
    else if (window.amazon && !previousLogin) delete window.amazon.Login;
  };
  return Object.assign(uninstall, { binds, clientIds });
}
