import { useMemo } from 'react';
import { AmazonPayError } from '../domain/errors';
import { getRegionConfig, isMerchantId } from '../domain/regions';
import {
  loadAmazonWidgets,
  type AmazonOrderReferenceHandle,
  type AmazonWidgetError,
  type OffAmazonPaymentsGlobal,
  type WalletWidgetOptions,
} from '../browser/widgets-script-loader';
import type { Region } from '../domain/types';
import { assertOrderReferenceId } from '../domain/validation';
import { useOptionalAmazonPay } from './internal/useOptionalAmazonPay';
import { resolveStoreId } from './internal/resolve-store-id';
import {
  useHostedAmazonWidget,
  type HostedAmazonWidget,
  type HostedWidgetDefinition,
  type HostedWidgetState,
} from './internal/useHostedAmazonWidget';
import { useLatest } from './internal/useLatest';

export type WalletWidgetDesign = WalletWidgetOptions['design'];
export type WalletWidgetState = HostedWidgetState;

export interface UseWalletWidgetOptions {
  /** The order reference the Wallet is bound to (after a decline: the same one). */
  readonly orderReferenceId: string;
  /** Defaults to the provider's. */
  readonly sellerId?: string;
  readonly region?: Region;
  readonly sandbox?: boolean;
  readonly nonce?: string;
  /** Store ID (the Login with Amazon client id); defaults to the provider's. */
  readonly storeId?: string;
  /** @deprecated The same value as `storeId`; use `storeId`. */
  readonly clientId?: string;
  /** Amazon's design option. Default `{ designMode: 'responsive' }`. */
  readonly design?: WalletWidgetDesign;
  /** `'Read'` renders the wallet read-only. */
  readonly displayMode?: WalletWidgetOptions['displayMode'];
  /** How long Widgets.js may take to load. Default 15 000 ms. */
  readonly scriptTimeoutMs?: number;
  /** Fires on every click on a method; only the buyer's final Place Order click counts. */
  readonly onPaymentSelect?: (orderReferenceId: string, orderReference: AmazonOrderReferenceHandle) => void;
  readonly onReady?: (orderReferenceId: string, orderReference: AmazonOrderReferenceHandle) => void;
  /**
   * Every failure: bad input (`validation`), Widgets.js (`script`, `timeout`), Amazon's widget errors (`amazon`, with `code`).
   * Optional, as on AmazonPayButton: the buyer already sees each failure; this is for your logs.
   * Without it the error goes to `console.error`.
   */
  readonly onError?: (error: AmazonPayError) => void;
}

/** What `useWalletWidget` returns: state, error, `unavailable` (render a fallback), `retry()` and the `hostRef` Amazon draws into. */
export type WalletWidgetController = HostedAmazonWidget;

const DEFAULT_DESIGN: WalletWidgetDesign = { designMode: 'responsive' };

function invalid(message: string, code: string): AmazonPayError {
  return new AmazonPayError('validation', message, { code, retryable: false });
}

/** The error, or the merchant and region the Wallet is bound with. */
function validate(
  orderReferenceId: unknown,
  sellerId: unknown,
  region: Region | undefined,
): AmazonPayError | { readonly sellerId: string; readonly region: Region } {
  try {
    assertOrderReferenceId(orderReferenceId);
    if (!isMerchantId(sellerId)) {
      return invalid(
        process.env.NODE_ENV !== 'production'
          ? `<WalletWidget> sellerId ${JSON.stringify(sellerId)} is not an Amazon Pay merchant id (8-20 upper-case letters and digits); pass sellerId or use <AmazonPayProvider>.`
          : 'InvalidSellerId',
        'InvalidSellerId',
      );
    }
    if (region === undefined)
      return invalid(
        process.env.NODE_ENV !== 'production'
          ? '<WalletWidget> needs a region: pass region or use <AmazonPayProvider>.'
          : 'MissingParameter',
        'MissingParameter',
      );
    getRegionConfig(region);
    return { sellerId, region };
  } catch (error) {
    return error instanceof AmazonPayError ? error : invalid(String(error), 'InvalidParameterValue');
  }
}

function fromWidgetError(widgetError: AmazonWidgetError | undefined): AmazonPayError {
  const read = (getter: (() => string) | undefined): string | undefined => {
    try {
      return typeof getter === 'function' ? String(getter.call(widgetError)) : undefined;
    } catch {
      return undefined;
    }
  };
  const code = read(widgetError?.getErrorCode) ?? 'UnknownError';
  const message = read(widgetError?.getErrorMessage) ?? 'The Amazon Pay Wallet widget reported an error.';
  return new AmazonPayError('amazon', `${code}: ${message}`, { code, retryable: false, cause: widgetError });
}

/**
 * Loads Widgets.js and binds Amazon's Wallet to `orderReferenceId` inside
 * `hostRef`, in a fresh container per bind (so a re-bind drops the old
 * widget's DOM). Re-binds only when the order reference, merchant, region,
 * environment, design or display mode change, or on `retry()`; callbacks are
 * read through a ref, so new callback identities never re-bind. Binding waits
 * for a promise, so StrictMode's mount-unmount-mount binds once.
 */
export function useWalletWidget(options: UseWalletWidgetOptions): WalletWidgetController {
  const context = useOptionalAmazonPay('WalletWidget');
  const { orderReferenceId, displayMode, scriptTimeoutMs } = options;
  const sellerId = options.sellerId ?? context?.sellerId;
  const region = options.region ?? context?.region;
  const sandbox = options.sandbox ?? context?.sandbox ?? false;
  const nonce = options.nonce ?? context?.nonce;
  const storeId = resolveStoreId('WalletWidget', options.storeId, options.clientId) ?? context?.storeId;
  const designKey = JSON.stringify(options.design ?? DEFAULT_DESIGN);

  const callbacks = useLatest({ onPaymentSelect: options.onPaymentSelect, onReady: options.onReady });
  const checked = useMemo(() => validate(orderReferenceId, sellerId, region), [orderReferenceId, sellerId, region]);

  const widget: AmazonPayError | HostedWidgetDefinition<OffAmazonPaymentsGlobal> =
    checked instanceof AmazonPayError
      ? checked
      : {
          load: () => loadAmazonWidgets({ region: checked.region, sandbox, nonce, clientId: storeId, timeoutMs: scriptTimeoutMs }),
          mountFailedCode: 'WidgetFailed',
          containerClassName: 'arp-wallet__widget',
          mount(offAmazonPayments, containerId, session) {
            new offAmazonPayments.Widgets.Wallet({
              sellerId: checked.sellerId,
              amazonOrderReferenceId: orderReferenceId,
              design: JSON.parse(designKey) as WalletWidgetDesign,
              ...(displayMode ? { displayMode } : {}),
              onReady: (orderReference) => {
                if (!session.active()) return;
                session.ready();
                callbacks.current.onReady?.(orderReferenceId, orderReference);
              },
              onPaymentSelect: (orderReference) => {
                if (session.active()) callbacks.current.onPaymentSelect?.(orderReferenceId, orderReference);
              },
              onError: (widgetError) => {
                const error = fromWidgetError(widgetError);
                // Amazon: on ITP (Safari tracking prevention) take no action; just stop showing a spinner.
                if (error.code === 'ITP') session.ready();
                // Amazon shows its own message inside the widget: the kit adds no fallback.
                else session.fail(error, false);
              },
            }).bind(containerId);
          },
        };

  return useHostedAmazonWidget({
    kind: 'wallet',
    mountKey: JSON.stringify([orderReferenceId, sellerId, region, sandbox, nonce, storeId, designKey, displayMode, scriptTimeoutMs]),
    widget,
    onError: options.onError,
  });
}
