import { createDeclineRunner } from '../browser/decline-runner';
import type { DeclinePolicyOptions } from '../domain/decline-policy';
import { canCancel, type ContactBuyerState, type DeclinedState, type DeclineState, type PollingOptions } from '../domain/decline-machine';
import type { AuthorizationDetails, AuthorizationMode, Money } from '../domain/types';
import { useDeclineFlow, type DeclineFlow, type DeclineFlowContext } from './internal/useDeclineFlow';
import { serverViewerFlow } from './internal/server-viewer-flow';

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

/** Notes by attempt index, as plain data (bounded by Amazon's per-order limit). */
function notesByAttempt(note: UseDeclineHandlerOptions['sellerAuthorizationNote']): (string | null)[] | undefined {
  if (note === undefined) return undefined;
  if (typeof note === 'string') return [note];
  return Array.from({ length: 10 }, (_, index) => note(index) ?? null);
}


/** The browser's own runner of the decline machine, as a flow. */
function machineFlow({ options, accountUrl, backend, onStateChange, onApproved, onDeclined }: DeclineFlowContext): DeclineFlow {
  const notes = notesByAttempt(options.sellerAuthorizationNote);
  const runner = createDeclineRunner({
    init: {
      amazonOrderReferenceId: options.orderReferenceId,
      amount: options.amount,
      mode: options.mode,
      accountUrl,
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.polling ? { polling: options.polling } : {}),
      ...(options.transactionTimeoutMinutes === undefined ? {} : { transactionTimeoutMinutes: options.transactionTimeoutMinutes }),
      ...(options.captureNow ? { captureNow: true } : {}),
      ...(notes ? { sellerAuthorizationNotes: notes } : {}),
    },
    ...(options.initialAuthorization ? { initialAuthorization: options.initialAuthorization } : {}),
    seed: { jitter: (options.random ?? Math.random)() },
    backend,
    onStateChange,
    onNotify: (notification) => {
      if (notification.type === 'approved') onApproved(notification.authorization);
      else onDeclined(notification.state);
    },
  });
  return {
    orderReferenceId: runner.orderReferenceId,
    getState: runner.getState,
    canCancel: () => canCancel(runner.getState()),
    started: () => runner.getMachineState().attempts.length > 0 || runner.getState().status !== 'idle',
    subscribe: runner.subscribe,
    start: runner.start,
    stop: runner.stop,
    send: runner.send,
  };
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
  return useDeclineFlow(options, (context, backend) => (backend.recovery ? serverViewerFlow(context, backend) : machineFlow(context)));
}
