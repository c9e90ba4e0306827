import type { AmazonPayBackend } from '../../domain/backend';
import type { DeclineFlow, DeclineFlowContext } from './useDeclineFlow';

/** A viewer of the server that owns the order, as a flow: intents out, the server's view in. */
export function serverViewerFlow(
  { options, backend, onStateChange, onApproved, onDeclined }: DeclineFlowContext,
  current: AmazonPayBackend,
): DeclineFlow {
  // A backend without `recovery` is a programmer's error: the server-only components need createHttpBackend({ ..., recovery: serverRecovery() }).
  return current.recovery!.viewer({
    amazonOrderReferenceId: options.orderReferenceId,
    amount: options.amount,
    mode: options.mode,
    backend,
    onStateChange,
    onSettled: (state) => {
      if (state.status === 'approved') onApproved(state.authorization);
      else if (state.status === 'declined' || state.status === 'contactBuyer') onDeclined(state);
    },
  });
}
