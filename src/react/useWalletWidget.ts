import { useCallback, useEffect, useId, useMemo, useRef, useState, type RefObject } from 'react';
import { useIsomorphicLayoutEffect } from './internal/useIsomorphicLayoutEffect';
import { AmazonPayError, isAmazonPayError } from '../domain/errors';
import { getRegionConfig } from '../domain/regions';
import { loadAmazonWidgets, type AmazonOrderReferenceHandle, type AmazonWidgetError, type WalletWidgetOptions } from '../browser/script-loader';
import type { Region } from '../domain/types';
import { assertOrderReferenceId } from '../domain/validation';
import { useOptionalAmazonPay } from './internal/useOptionalAmazonPay';
import { resolveStoreId } from './internal/resolve-store-id';

export type WalletWidgetDesign = WalletWidgetOptions['design'];
export type WalletWidgetState = 'loading' | 'ready' | 'error';

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

export interface WalletWidgetController {
  readonly state: WalletWidgetState;
  readonly error: AmazonPayError | null;
  /** The wallet cannot be shown at all (script blocked, global missing, bad input): render a fallback. */
  readonly unavailable: boolean;
  /** Loads Widgets.js again and re-binds (after a blocked or timed-out load). */
  readonly retry: () => void;
  /** Put on the element the Wallet's containers are created in; React must render no children into it. */
  readonly hostRef: RefObject<HTMLDivElement | null>;
}

interface Outcome {
  readonly key: string;
  readonly state: Exclude<WalletWidgetState, 'loading'>;
  readonly error: AmazonPayError | null;
  readonly unavailable: boolean;
}

const DEFAULT_DESIGN: WalletWidgetDesign = { designMode: 'responsive' };
const SELLER_ID = /^[A-Z0-9]{6,20}$/;

function invalid(message: string, code: string): AmazonPayError {
  return new AmazonPayError('validation', message, { code, retryable: false });
}

function validate(orderReferenceId: unknown, sellerId: unknown, region: unknown): AmazonPayError | null {
  try {
    assertOrderReferenceId(orderReferenceId);
    if (typeof sellerId !== 'string' || !SELLER_ID.test(sellerId)) {
      return invalid(process.env.NODE_ENV !== 'production' ? `<WalletWidget> sellerId ${JSON.stringify(sellerId)} is not an Amazon Pay merchant id (6-20 upper-case letters and digits); pass sellerId or use <AmazonPayProvider>.` : 'InvalidSellerId', 'InvalidSellerId');
    }
    if (region === undefined) return invalid(process.env.NODE_ENV !== 'production' ? '<WalletWidget> needs a region: pass region or use <AmazonPayProvider>.' : 'MissingParameter', 'MissingParameter');
    getRegionConfig(region);
    return null;
  } catch (error) {
    return isAmazonPayError(error) ? error : invalid(String(error), 'InvalidParameterValue');
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

function report(error: AmazonPayError, onError: ((error: AmazonPayError) => void) | undefined): void {
  if (onError) onError(error);
  // A failure nobody handles must still reach the developer.
  else console.error(error);
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

  const callbacks = useRef({ onPaymentSelect: options.onPaymentSelect, onReady: options.onReady, onError: options.onError });
  useIsomorphicLayoutEffect(() => {
    callbacks.current = { onPaymentSelect: options.onPaymentSelect, onReady: options.onReady, onError: options.onError };
  });

  const baseId = `arp-wallet-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const hostRef = useRef<HTMLDivElement | null>(null);
  const bindCount = useRef(0);
  const [attempt, setAttempt] = useState(0);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const validationError = useMemo(() => validate(orderReferenceId, sellerId, region), [orderReferenceId, sellerId, region]);
  const bindKey = JSON.stringify([orderReferenceId, sellerId, region, sandbox, nonce, storeId, designKey, displayMode, scriptTimeoutMs, attempt]);

  useEffect(() => {
    if (validationError) report(validationError, callbacks.current.onError);
  }, [validationError]);

  useEffect(() => {
    const host = hostRef.current;
    if (validationError || !host || !sellerId || !region) return;
    let active = true;
    let container: HTMLDivElement | null = null;
    const settle = (state: Outcome['state'], error: AmazonPayError | null, unavailable: boolean): void => {
      if (active) setOutcome({ key: bindKey, state, error, unavailable });
    };
    const fail = (error: AmazonPayError, unavailable: boolean): void => {
      settle('error', error, unavailable);
      report(error, callbacks.current.onError);
    };
    loadAmazonWidgets({ region, sandbox, nonce, clientId: storeId, timeoutMs: scriptTimeoutMs }).then(
      (offAmazonPayments) => {
        if (!active) return;
        container = document.createElement('div');
        container.id = `${baseId}-${++bindCount.current}`;
        container.className = 'arp-wallet__widget';
        host.appendChild(container);
        try {
          new offAmazonPayments.Widgets.Wallet({
            sellerId,
            amazonOrderReferenceId: orderReferenceId,
            design: JSON.parse(designKey) as WalletWidgetDesign,
            ...(displayMode ? { displayMode } : {}),
            onReady: (orderReference) => {
              if (!active) return;
              settle('ready', null, false);
              callbacks.current.onReady?.(orderReferenceId, orderReference);
            },
            onPaymentSelect: (orderReference) => {
              if (active) callbacks.current.onPaymentSelect?.(orderReferenceId, orderReference);
            },
            onError: (widgetError) => {
              if (!active) return;
              const error = fromWidgetError(widgetError);
              // Amazon: on ITP (Safari tracking prevention) take no action; just stop showing a spinner.
              if (error.code === 'ITP') return settle('ready', null, false);
              fail(error, false);
            },
          }).bind(container.id);
        } catch (thrown) {
          fail(new AmazonPayError('script', `OffAmazonPayments.Widgets.Wallet failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`, { code: 'WidgetFailed', cause: thrown, retryable: true }), true);
        }
      },
      (error: unknown) => {
        if (!active) return;
        fail(isAmazonPayError(error) ? error : new AmazonPayError('script', String(error), { code: 'ScriptLoadFailed', cause: error, retryable: true }), true);
      },
    );
    return () => {
      active = false;
      container?.remove();
    };
  }, [validationError, bindKey, baseId, orderReferenceId, sellerId, region, sandbox, nonce, storeId, designKey, displayMode, scriptTimeoutMs]);

  if (validationError) return { state: 'error', error: validationError, unavailable: true, retry, hostRef };
  if (outcome?.key === bindKey) return { state: outcome.state, error: outcome.error, unavailable: outcome.unavailable, retry, hostRef };
  return { state: 'loading', error: null, unavailable: false, retry, hostRef };
}
