import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { AmazonPayBackend } from '../../domain/backend';
import type { ContactBuyerState, DeclinedState, DeclineState } from '../../domain/decline-machine';
import type { ServerDeclineViewer } from '../../domain/backend';
import type { ViewerInput } from '../../domain/server-recovery';
import type { AuthorizationDetails } from '../../domain/types';
import { useAmazonPay, type AmazonPayContextValue } from '../AmazonPayProvider';
import type { DeclineHandler, DeclineHandlerState, UseDeclineHandlerOptions } from '../useDeclineHandler';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/**
 * Who decides for the order, as the hooks drive it: the browser's own runner
 * (the decline machine) or a viewer of the server that owns the order. Both do
 * no I/O until start().
 */
export type DeclineFlow = Omit<ServerDeclineViewer, 'dispose'>;

/**
 * What a flow factory gets: the options, the provider's context (its region and per-region account
 * pages, from which the browser's flow builds the order's `accountUrl`; its `onEvent`, through which
 * the flows' lazy parts emit the decline funnel events), the latest backend and callbacks.
 */
export interface DeclineFlowContext extends Omit<AmazonPayContextValue, 'backend'> {
  readonly options: UseDeclineHandlerOptions;
  readonly backend: () => AmazonPayBackend;
  readonly onStateChange: (state: DeclineState) => void;
  readonly onApproved: (authorization: AuthorizationDetails) => void;
  readonly onDeclined: (state: DeclinedState | ContactBuyerState) => void;
}

/**
 * The runner's state, stamped with the time a retry was scheduled (read when the
 * runner notifies, outside render) so the countdown starts at its delay. No clock
 * is read for any other state: server rendering and Next.js prerendering refuse
 * Date.now() while rendering an idle flow.
 */
function stampedSnapshots(runner: DeclineFlow): () => { readonly state: DeclineState; readonly at: number } {
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

interface Slot {
  readonly key: string;
  readonly runner: DeclineFlow;
}

/**
 * The shared body of useDeclineHandler and useServerDeclineHandler: one flow
 * per order reference (a new backend object, locale or callback never
 * restarts it); StrictMode's replayed effects make no second call; everything
 * stops on unmount.
 */
export function useDeclineFlow(
  options: UseDeclineHandlerOptions,
  createFlow: (context: DeclineFlowContext, backend: AmazonPayBackend) => DeclineFlow,
): DeclineHandler {
  const provider = useAmazonPay('useDeclineHandler');
  const { backend } = provider;
  const latest = useRef({ options, backend });
  useIsomorphicLayoutEffect(() => {
    latest.current = { options, backend };
  });
  const { orderReferenceId, mode } = options;
  // Amount and mode only matter until the first authorization; after that the flow is the order's.
  const key = `${orderReferenceId} ${options.amount?.amount} ${options.amount?.currencyCode} ${mode}`;

  const create = (): Slot => {
    // The flow calls these after start(), never while rendering.
    const runner = createFlow(
      {
        ...provider,
        options,
        backend: () => latest.current.backend,
        onStateChange: (state) => latest.current.options.onStateChange?.(state),
        onApproved: (authorization) => latest.current.options.onApproved?.(authorization),
        onDeclined: (state) => latest.current.options.onDeclined?.(state),
      },
      backend,
    );
    return { key, runner };
  };

  // The flow does no I/O until start(), so creating it during render is safe (and StrictMode's double render harmless).
  // create() only builds closures that read `latest` later, in effects and callbacks.
  // eslint-disable-next-line react-hooks/refs
  const [slot, setSlot] = useState(create);
  const replace = slot.key !== key && (slot.runner.orderReferenceId !== orderReferenceId || !slot.runner.started());
  // eslint-disable-next-line react-hooks/refs -- as above: the closures read `latest` after render
  if (replace) setSlot(create());
  const runner = slot.runner;

  // stop() aborts calls and timers but keeps the state, so StrictMode's replayed effect (or a new backend) resumes cleanly.
  useEffect(() => {
    runner.start();
    return () => runner.stop();
  }, [runner, backend]);

  const getSnapshot = useMemo(() => stampedSnapshots(runner), [runner]);
  const { state: flowState, at } = useSyncExternalStore(runner.subscribe, getSnapshot, getSnapshot);
  const remainingMs = useRemainingMs(flowState.status === 'retryScheduled' ? flowState.retryAt : undefined, at);
  const state: DeclineHandlerState = flowState.status === 'retryScheduled' ? { ...flowState, remainingMs } : flowState;

  // The buyer's actions, one stable function each per flow.
  const actions = useMemo(() => {
    const action = (type: ViewerInput['type']) => () => runner.send({ type });
    return {
      authorize: action('authorize'),
      paymentSelected: action('paymentSelected'),
      placeOrder: action('placeOrder'),
      retry: action('retry'),
      cancel: action('cancel'),
    };
  }, [runner]);
  return { state, ...actions, canCancel: runner.canCancel() };
}
