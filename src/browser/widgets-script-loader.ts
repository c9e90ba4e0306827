// The Widgets.js loader lives apart from the checkout.js one so that a page without the Wallet
// (which loads lazily) does not carry it; the loading state itself stays in ./script-loader.
import { getRegionConfig } from '../domain/regions';
import type { Region } from '../domain/types';
import { loadAmazonScript, type ScriptLoadOptions } from './script-loader';

declare global {
  interface Window {
    OffAmazonPayments?: OffAmazonPaymentsGlobal;
    onAmazonLoginReady?: () => void;
    onAmazonPaymentsReady?: () => void;
  }
}

/* ----- Legacy Login and Pay: Widgets.js (the Wallet widget) ----- */

export interface AmazonWidgetError {
  getErrorCode(): string;
  getErrorMessage(): string;
}

export interface AmazonOrderReferenceHandle {
  getAmazonOrderReferenceId(): string;
}

export interface WalletWidgetOptions {
  sellerId: string;
  amazonOrderReferenceId?: string;
  design: { designMode: 'responsive' | 'smartphoneCollapsible' } | { size: { width: string; height: string } };
  displayMode?: 'Edit' | 'Read';
  onPaymentSelect?: (orderReference: AmazonOrderReferenceHandle) => void;
  onReady?: (orderReference: AmazonOrderReferenceHandle) => void;
  onError?: (error: AmazonWidgetError) => void;
}

export interface OffAmazonPaymentsGlobal {
  Widgets: {
    Wallet: new (options: WalletWidgetOptions) => { bind(containerId: string): void };
  };
}

export interface WidgetsScriptOptions extends ScriptLoadOptions {
  readonly region: Region;
  readonly sandbox: boolean;
  /** Login with Amazon client id, passed to `amazon.Login.setClientId` when Widgets.js is ready. */
  readonly clientId?: string;
}

/** Loads the legacy `Widgets.js` for region and environment, defining Amazon's ready callbacks first. */
export function loadAmazonWidgets(options: WidgetsScriptOptions): Promise<OffAmazonPaymentsGlobal> {
  let url: string;
  try {
    const urls = getRegionConfig(options.region).widgetsScriptUrl;
    url = options.sandbox ? urls.sandbox : urls.live;
  } catch (error) {
    return Promise.reject(error);
  }
  return loadAmazonScript<OffAmazonPaymentsGlobal>(
    {
      url,
      global: () => window.OffAmazonPayments,
      installReadyCallbacks: (ready) => {
        const previousLogin = window.onAmazonLoginReady;
        const previousPayments = window.onAmazonPaymentsReady;
        // A merchant's own callbacks keep running, before ours.
        const onLogin = (): void => {
          previousLogin?.();
          if (options.clientId) window.amazon?.Login?.setClientId(options.clientId);
        };
        const onPayments = (): void => {
          previousPayments?.();
          ready();
        };
        window.onAmazonLoginReady = onLogin;
        window.onAmazonPaymentsReady = onPayments;
        return () => {
          if (window.onAmazonLoginReady === onLogin) window.onAmazonLoginReady = previousLogin;
          if (window.onAmazonPaymentsReady === onPayments) window.onAmazonPaymentsReady = previousPayments;
        };
      },
    },
    options,
  );
}
