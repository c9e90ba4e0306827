import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { canCancel, createDeclineEngine, type DeclineEngineConfig, type DeclineState } from '../domain/decline-engine';
import { buyerAccountUrl } from '../domain/regions';
import { useAmazonPay } from './AmazonPayProvider';

export interface UseDeclineHandlerOptions
  extends Omit<DeclineEngineConfig, 'backend' | 'accountUrl' | 'amazonOrderReferenceId'> {
  /** The order reference whose authorization was (or will be) declined. */
  readonly orderReferenceId: string;
  /** Overrides the account URL from the provider's region and locale. */
  readonly accountUrl?: string;
}

/** `retryScheduled` also carries the time left, updated every second for a visible countdown. */
export type DeclineHandlerState =
  | Exclude<DeclineState, { status: 'retryScheduled' }>
  | (Extract<DeclineState, { status: 'retryScheduled' }> & { readonly remainingMs: number });

export interface DeclineHandler {
  readonly state: DeclineHandlerState;
  /** First authorization (skip it when you pass `initialAuthorization`). */
  readonly authorize: () => void;
  /** Wire to WalletWidget's onPaymentSelect: records the choice only. */
  readonly paymentSelected: () => void;
  /** The buyer's final Place Order click: ConfirmOrderReference, then Authorize. */
  readonly placeOrder: () => void;
  /** Repeats what failed in the `error` state. */
  readonly retry: () => void;
  /** The buyer chooses another way to pay; ignored while `canCancel` is false. */
  readonly cancel: () => void;
  /** False while an authorization's outcome is unknown (authorizing, confirming, pending): hide "Pay another way" then. */
  readonly canCancel: boolean;
}

/** Engine callbacks that always call the latest props (changing their identity recreates nothing). */
function latestCallbacks(latest: { readonly current: UseDeclineHandlerOptions }): Pick<DeclineEngineConfig, 'onStateChange' | 'onApproved' | 'onDeclined'> {
  return {
    onStateChange: (state) => latest.current.onStateChange?.(state),
    onApproved: (authorization) => latest.current.onApproved?.(authorization),
    onDeclined: (state) => latest.current.onDeclined?.(state),
  };
}

const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const tick = (): void => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [active]);
  return now;
}

/**
 * Applies Amazon's decline rules to one order reference: a state to switch on
 * and the buyer's actions. One engine per order reference; StrictMode's replayed
 * effects make no second backend call; everything stops on unmount.
 */
export function useDeclineHandler(options: UseDeclineHandlerOptions): DeclineHandler {
  const { backend, region, locale, accountUrls } = useAmazonPay('useDeclineHandler');
  const latest = useRef(options);
  useIsomorphicLayoutEffect(() => {
    latest.current = options;
  });
  const accountUrl = options.accountUrl ?? buyerAccountUrl(region, { locale, ...(accountUrls ? { overrides: accountUrls } : {}) });
  const { orderReferenceId, mode } = options;
  const amountKey = `${options.amount?.amount} ${options.amount?.currencyCode}`;

  // The engine does no I/O until start(), so creating it during render is safe (and StrictMode's double render harmless).
  const engine = useMemo(
    () => {
      const { orderReferenceId: _id, accountUrl: _url, onStateChange: _s, onApproved: _a, onDeclined: _d, ...config } = options;
      return createDeclineEngine({
        ...config,
        backend,
        accountUrl,
        amazonOrderReferenceId: orderReferenceId,
        // The engine calls these after start(), never while rendering.
        // eslint-disable-next-line react-hooks/refs
        ...latestCallbacks(latest),
      });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the engine is per order reference, amount and mode; other options are read when used
    [backend, orderReferenceId, mode, amountKey, accountUrl],
  );

  // stop() aborts calls and timers but keeps the state, so StrictMode's replayed effect resumes cleanly.
  useEffect(() => {
    engine.start();
    return () => engine.stop();
  }, [engine]);

  const engineState = useSyncExternalStore(engine.subscribe, engine.getState, engine.getState);
  const now = useNow(engineState.status === 'retryScheduled');
  const state: DeclineHandlerState =
    engineState.status === 'retryScheduled' ? { ...engineState, remainingMs: Math.max(0, engineState.retryAt - now) } : engineState;

  return {
    state,
    authorize: useCallback(() => engine.authorize(), [engine]),
    paymentSelected: useCallback(() => engine.paymentSelected(), [engine]),
    placeOrder: useCallback(() => engine.placeOrder(), [engine]),
    retry: useCallback(() => engine.retry(), [engine]),
    cancel: useCallback(() => engine.cancel(), [engine]),
    canCancel: canCancel(engineState),
  };
}
