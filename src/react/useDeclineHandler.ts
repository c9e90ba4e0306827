import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useIsomorphicLayoutEffect } from './internal/useIsomorphicLayoutEffect';
import { createDeclineRunner, type DeclineRunner } from '../browser/decline-runner';
import type { DeclinePolicyOptions } from '../domain/decline-policy';
import { canCancel, type ContactBuyerState, type DeclinedState, type DeclineState, type PollingOptions } from '../domain/decline-machine';
import { orderAccountUrl } from '../domain/regions';
import type { AuthorizationDetails, AuthorizationMode, Money } from '../domain/types';
import { useAmazonPay } from './AmazonPayProvider';

export interface UseDeclineHandlerOptions {
  /** The order reference whose authorization was (or will be) declined. */
  readonly orderReferenceId: string;
  readonly amount: Money;
  readonly mode: AuthorizationMode;
  readonly policy?: DeclinePolicyOptions;
  /** Async TransactionTimeout in minutes (Amazon's default 1440). */
  readonly transactionTimeoutMinutes?: number;
  readonly captureNow?: boolean;
  /**
   * SellerAuthorizationNote per attempt (0 = first). A string applies to the first
   * attempt only, so a sandbox simulation string declines once and the recovery can succeed.
   */
  readonly sellerAuthorizationNote?: string | ((attemptIndex: number) => string | undefined);
  readonly polling?: PollingOptions;
  /** Overrides the per-order account URL of the provider's region. */
  readonly accountUrl?: string;
  /** A result the merchant already got from its own Authorize call; the flow continues from it. */
  readonly initialAuthorization?: AuthorizationDetails;
  /** Places retries inside the policy's delay window (tests pass a fixed value). Default Math.random. */
  readonly random?: () => number;
  readonly onStateChange?: (state: DeclineState) => void;
  /** Once per order reference, when an authorization is Open (or captured). */
  readonly onApproved?: (authorization: AuthorizationDetails) => void;
  /**
   * The flow ended without payment (`declined`, one `reason`), or the buyer must be
   * contacted (`contactBuyer`, with the per-order `accountUrl` to send them).
   */
  readonly onDeclined?: (state: DeclinedState | ContactBuyerState) => void;
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

/**
 * The runner's state, stamped with the time a retry was scheduled (read when the
 * runner notifies, outside render) so the countdown starts at its delay. No clock
 * is read for any other state: server rendering and Next.js prerendering refuse
 * Date.now() while rendering an idle flow.
 */
function stampedSnapshots(runner: DeclineRunner): () => { readonly state: DeclineState; readonly at: number } {
  const stamp = (state: DeclineState) => ({ state, at: state.status === 'retryScheduled' ? Date.now() : 0 });
  let last = stamp(runner.getState());
  return () => {
    const state = runner.getState();
    if (state !== last.state) last = stamp(state);
    return last;
  };
}

/**
 * Time left until `retryAt`, refreshed every second from `since` (when the retry
 * was scheduled): a 4 s delay shows 4 s first, never a value from an older clock.
 */
function useRemainingMs(retryAt: number | undefined, since: number): number {
  const [tick, setTick] = useState<{ readonly retryAt: number | undefined; readonly now: number }>({ retryAt: undefined, now: 0 });
  useEffect(() => {
    if (retryAt === undefined) return;
    const timer = setInterval(() => setTick({ retryAt, now: Date.now() }), 1000);
    return () => clearInterval(timer);
  }, [retryAt]);
  if (retryAt === undefined) return 0;
  const now = tick.retryAt === retryAt ? Math.max(tick.now, since) : since;
  return Math.max(0, retryAt - now);
}

/** Notes by attempt index, as plain data (bounded by Amazon's per-order limit). */
function notesByAttempt(note: UseDeclineHandlerOptions['sellerAuthorizationNote']): (string | null)[] | undefined {
  if (note === undefined) return undefined;
  if (typeof note === 'string') return [note];
  return Array.from({ length: 10 }, (_, index) => note(index) ?? null);
}

interface Slot {
  readonly key: string;
  readonly runner: DeclineRunner;
}

/**
 * Applies Amazon's decline rules to one order reference: a state to switch on
 * and the buyer's actions. One flow per order reference: a new backend object,
 * locale or callback never restarts it (approved stays approved, also across
 * remounts); StrictMode's replayed effects make no second backend call;
 * everything stops on unmount. A callback that throws is reported and the flow
 * goes on.
 */
export function useDeclineHandler(options: UseDeclineHandlerOptions): DeclineHandler {
  const { backend, region, accountUrls } = useAmazonPay('useDeclineHandler');
  const latest = useRef({ options, backend });
  useIsomorphicLayoutEffect(() => {
    latest.current = { options, backend };
  });
  const { orderReferenceId, mode } = options;
  // Amount and mode only matter until the first authorization; after that the flow is the order's.
  const key = `${orderReferenceId} ${options.amount?.amount} ${options.amount?.currencyCode} ${mode}`;

  const create = (): Slot => {
    let accountUrl: string;
    try {
      accountUrl = options.accountUrl ?? orderAccountUrl(region, orderReferenceId, accountUrls);
    } catch {
      accountUrl = '';
    }
    const notes = notesByAttempt(options.sellerAuthorizationNote);
    const runner = createDeclineRunner({
      init: {
        amazonOrderReferenceId: orderReferenceId,
        amount: options.amount,
        mode,
        accountUrl,
        ...(options.policy ? { policy: options.policy } : {}),
        ...(options.polling ? { polling: options.polling } : {}),
        ...(options.transactionTimeoutMinutes === undefined ? {} : { transactionTimeoutMinutes: options.transactionTimeoutMinutes }),
        ...(options.captureNow ? { captureNow: true } : {}),
        ...(notes ? { sellerAuthorizationNotes: notes } : {}),
      },
      ...(options.initialAuthorization ? { initialAuthorization: options.initialAuthorization } : {}),
      seed: { jitter: (options.random ?? Math.random)() },
      // The runner calls these after start(), never while rendering.
      backend: () => latest.current.backend,
      onStateChange: (state) => latest.current.options.onStateChange?.(state),
      onNotify: (notification) => {
        const current = latest.current.options;
        if (notification.type === 'approved') current.onApproved?.(notification.authorization);
        else current.onDeclined?.(notification.state);
      },
    });
    return { key, runner };
  };

  // The runner does no I/O until start(), so creating it during render is safe (and StrictMode's double render harmless).
  // create() only builds closures that read `latest` later, in effects and callbacks.
  // eslint-disable-next-line react-hooks/refs
  const [slot, setSlot] = useState(create);
  const started = slot.runner.getMachineState().attempts.length > 0 || slot.runner.getState().status !== 'idle';
  const replace = slot.key !== key && (slot.runner.orderReferenceId !== orderReferenceId || !started);
  // eslint-disable-next-line react-hooks/refs -- as above: the closures read `latest` after render
  if (replace) setSlot(create());
  const runner = slot.runner;

  // stop() aborts calls and timers but keeps the state, so StrictMode's replayed effect (or a new backend) resumes cleanly.
  useEffect(() => {
    runner.start();
    return () => runner.stop();
  }, [runner, backend]);

  const getSnapshot = useMemo(() => stampedSnapshots(runner), [runner]);
  const { state: machineState, at } = useSyncExternalStore(runner.subscribe, getSnapshot, getSnapshot);
  const remainingMs = useRemainingMs(machineState.status === 'retryScheduled' ? machineState.retryAt : undefined, at);
  const state: DeclineHandlerState = machineState.status === 'retryScheduled' ? { ...machineState, remainingMs } : machineState;

  return {
    state,
    authorize: useCallback(() => runner.send({ type: 'authorize' }), [runner]),
    paymentSelected: useCallback(() => runner.send({ type: 'paymentSelected' }), [runner]),
    placeOrder: useCallback(() => runner.send({ type: 'placeOrder' }), [runner]),
    retry: useCallback(() => runner.send({ type: 'retry' }), [runner]),
    cancel: useCallback(() => runner.send({ type: 'cancel' }), [runner]),
    canCancel: canCancel(machineState),
  };
}
