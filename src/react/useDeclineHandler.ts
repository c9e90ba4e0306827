import { deferredFlow } from '../browser/deferred-flow';
import type { DeclinePolicyOptions } from '../domain/decline-policy';
import type { ContactBuyerState, DeclinedState, DeclineState, PollingOptions } from '../domain/decline-machine';
import type { AuthorizationDetails, AuthorizationMode, Money } from '../domain/types';
import { useDeclineFlow, type DeclineFlow, type DeclineFlowContext } from './internal/useDeclineFlow';
import { serverViewerFlow } from './internal/server-viewer-flow';
import { lazyMachineFlow } from './internal/lazy-machine-flow';
import { invalidDeclineInput } from '../domain/decline-input';

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

/** One object each: React compares snapshots by identity. */
const IDLE: DeclineState = { status: 'idle' };
const READING: DeclineState = { status: 'authorizing', attempt: 1 };

/**
 * The browser's own decline machine, fetched when the flow starts: until its
 * code is there the buyer sees the machine's first state (an invalid order id
 * or amount is its `error` state; a result passed as `initialAuthorization` is
 * being read, `authorizing`) and their actions wait for it.
 */
function browserFlow(context: DeclineFlowContext): DeclineFlow {
  const make = lazyMachineFlow.get();
  if (make) return make(context);
  const { options } = context;
  return deferredFlow({
    orderReferenceId: options.orderReferenceId,
    first: invalidDeclineInput(options.orderReferenceId, options.amount) ?? (options.initialAuthorization ? READING : IDLE),
    load: () => lazyMachineFlow.load().then((loaded) => loaded(context)),
    onStateChange: context.onStateChange,
  });
}

/**
 * Applies Amazon's decline rules to one order reference: a state to switch on
 * and the buyer's actions. One flow per order reference: a new backend object,
 * locale or callback never restarts it (approved stays approved, also across
 * remounts); StrictMode's replayed effects make no second backend call;
 * everything stops on unmount. A callback that throws is reported and the flow
 * goes on.
 *
 * One decision-maker per order: when the backend's server recovers the order
 * (createHttpBackend with `serverRecovery()`), the server decides and this
 * hook sends the buyer's intents and shows the server's view; otherwise the
 * browser runs the decline machine itself. `useServerDeclineHandler` is the
 * server-only form, without the machine in the page.
 */
export function useDeclineHandler(options: UseDeclineHandlerOptions): DeclineHandler {
  return useDeclineFlow(options, (context, backend) => (backend.recovery ? serverViewerFlow(context, backend) : browserFlow(context)));
}
