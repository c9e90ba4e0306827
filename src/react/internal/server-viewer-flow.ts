import type { AmazonPayBackend } from '../../domain/backend';
import type { DeclineFlow, DeclineFlowContext } from './useDeclineFlow';

/** A viewer of the server that owns the order, as a flow: intents out, the server's view in. */
export function serverViewerFlow(context: DeclineFlowContext, current: AmazonPayBackend): DeclineFlow {
  const { options, onApproved, onDeclined } = context;
  // A backend without `recovery` is a programmer's error: the server-only components need createHttpBackend({ ..., recovery: serverRecovery() }).
  return current.recovery!.viewer({
    // The viewer reads its own options: the order's amount and mode; then, from the flow's context, the
    // latest backend, onStateChange (over the merchant's own) and the provider's onEvent.
    ...options,
    ...context,
    amazonOrderReferenceId: options.orderReferenceId,
    onSettled: (state) => {
      if (state.status === 'approved') onApproved(state.authorization);
      else if (state.status === 'declined' || state.status === 'contactBuyer') onDeclined(state);
    },
  });
}
