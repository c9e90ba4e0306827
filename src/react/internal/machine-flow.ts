import { createDeclineRunner } from '../../browser/decline-runner';
import { canCancel } from '../../domain/decline-state';
import { declineFunnel, emitFunnelEvent } from '../../browser/funnel-events';
import { orderAccountUrl } from '../../domain/order-account-url';
import type { UseDeclineHandlerOptions } from '../useDeclineHandler';
import type { DeclineFlow, DeclineFlowContext } from './useDeclineFlow';

// The browser's own decline machine with its policy and runner: a lazy part (lazy-parts.ts) that
// useDeclineHandler fetches when its flow starts, after the page's first render.

/** Notes by attempt index, as plain data (bounded by Amazon's per-order limit). */
function notesByAttempt(note: UseDeclineHandlerOptions['sellerAuthorizationNote']): (string | null)[] | undefined {
  if (note === undefined) return undefined;
  if (typeof note === 'string') return [note];
  return Array.from({ length: 10 }, (_, index) => note(index) ?? null);
}

/** The order's page where the buyer updates the declined method: the option, else the provider's region's (empty if it cannot be built). */
function accountUrlOf({ options, region, accountUrls }: DeclineFlowContext): string {
  try {
    return options.accountUrl ?? orderAccountUrl(region, options.orderReferenceId, accountUrls);
  } catch {
    return '';
  }
}

/** The browser's own runner of the decline machine, as a flow. */
export function machineFlow(context: DeclineFlowContext): DeclineFlow {
  const { options, backend, onStateChange, onApproved, onDeclined, onEvent } = context;
  const notes = notesByAttempt(options.sellerAuthorizationNote);
  const track = declineFunnel(onEvent, options.orderReferenceId, options.mode);
  const runner = createDeclineRunner({
    init: {
      amazonOrderReferenceId: options.orderReferenceId,
      amount: options.amount,
      mode: options.mode,
      accountUrl: accountUrlOf(context),
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.polling ? { polling: options.polling } : {}),
      ...(options.transactionTimeoutMinutes === undefined ? {} : { transactionTimeoutMinutes: options.transactionTimeoutMinutes }),
      ...(options.captureNow ? { captureNow: true } : {}),
      ...(notes ? { sellerAuthorizationNotes: notes } : {}),
    },
    ...(options.initialAuthorization ? { initialAuthorization: options.initialAuthorization } : {}),
    seed: { jitter: (options.random ?? Math.random)() },
    backend,
    onStateChange: (state) => {
      track(state);
      onStateChange(state);
    },
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
    start() {
      // A result the merchant passed (initialAuthorization) is the flow's first state, with no onStateChange.
      track(runner.getState());
      runner.start();
    },
    stop: runner.stop,
    send(input) {
      if (input.type === 'cancel' && canCancel(runner.getState()))
        emitFunnelEvent(onEvent, { type: 'otherMethodChosen', amazonOrderReferenceId: runner.orderReferenceId });
      runner.send(input);
    },
  };
}
