/**
 * The provider's `onEvent`, as the kit's lazy parts call it: the open pop-up
 * (shown, dismissed, Amazon Pay chosen) and the decline flows (decline seen,
 * another method chosen, recovered, lost). Only the lazy chunks import this
 * file: a page carries the provider's ref to `onEvent` up front, nothing more.
 */
import type { DeclineState } from '../domain/decline-state';
import type { FunnelSink, RecoveryFunnelEvent } from '../domain/recovery-events';
import type { AuthorizationMode, ReasonCode } from '../domain/types';

/**
 * Where a merchant's callback that threw is reported: the global `reportError`
 * (the page's error handlers see it as an uncaught error, without unwinding the
 * kit), else the console. The kit goes on as if the callback had returned.
 */
export function reportCallbackError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error('[react-amazon-pay-recovery]', error);
}

/** Calls the merchant's `onEvent`, if any; what it throws is reported and goes no further. */
export function emitFunnelEvent(sink: FunnelSink | undefined, event: RecoveryFunnelEvent): void {
  try {
    sink?.current?.(event);
  } catch (error) {
    reportCallbackError(error);
  }
}

/**
 * One order's decline flow as funnel events, fed every state the tab shows
 * (the browser's runner, or the server's view it shows): `declineSeen` when a
 * state with a reason code follows one without (a new decline, not the same one
 * shown again while the buyer picks a method; a final one, AmazonRejected, too); `recovered` when an approval
 * follows a decline this tab saw; `lost` when the flow ends declined (the
 * buyer's "Pay another way" included). `softDecline` is true when the kit
 * re-authorizes by itself (a retry scheduled, or the async retry after a sync
 * timeout), false when the buyer must act.
 */
export function declineFunnel(
  sink: FunnelSink | undefined,
  amazonOrderReferenceId: string,
  mode: AuthorizationMode,
): (state: DeclineState) => void {
  let last: DeclineState | undefined;
  let declined = false;
  // The last decline's code: a flow the buyer leaves ends without one, and its loss is that decline's.
  let lastCode: ReasonCode | undefined;
  return (state) => {
    if (state === last) return;
    const previousCode = last !== undefined && 'reasonCode' in last ? last.reasonCode : undefined;
    last = state;
    const reasonCode = 'reasonCode' in state ? state.reasonCode : undefined;
    lastCode = reasonCode ?? lastCode;
    // A final decline may be a new one too (AmazonRejected at once); the buyer leaving is not.
    if (reasonCode !== undefined && previousCode === undefined && !(state.status === 'declined' && state.reason === 'canceled')) {
      declined = true;
      const softDecline = state.status === 'retryScheduled' || state.status === 'pending';
      emitFunnelEvent(sink, { type: 'declineSeen', amazonOrderReferenceId, reasonCode, mode, softDecline });
    }
    if (state.status === 'approved' && declined) {
      declined = false;
      emitFunnelEvent(sink, { type: 'recovered', amazonOrderReferenceId, amount: state.authorization.amount });
    }
    if (state.status === 'declined')
      emitFunnelEvent(sink, { type: 'lost', amazonOrderReferenceId, ...(lastCode ? { reasonCode: lastCode } : {}) });
  };
}
