import { canCancel, type DeclineState } from '../../domain/decline-machine';
import type { DeclineReason } from '../../domain/decline-policy';
import type { ServerRecoveryView } from '../../domain/server-recovery';
import { isEndState, type EndState, type RecoveryState } from './recovery-machine';

const DECLINE_REASON: Readonly<Record<Exclude<EndState, 'authorized'>, DeclineReason>> = {
  declined: 'rejected',
  processingFailed: 'placeOrderLater',
  timedOut: 'timedOut',
  expired: 'budgetSpent',
  closed: 'rejected',
  notAuthorizable: 'budgetSpent',
  failed: 'rejected',
  paidAnotherWay: 'canceled',
};

/**
 * What a tab shows of the server's recovery: the decline machine's view while
 * the server works on the order (an error it repeats by itself shows as
 * pending), the end state as a final one.
 */
export function recoveryView(recovery: RecoveryState): ServerRecoveryView {
  const { phase, decline } = recovery;
  let state: DeclineState = decline.view;
  if (recovery.closing)
    state = { status: 'declined', reason: recovery.closing.as === 'paidAnotherWay' ? 'canceled' : 'budgetSpent', reasonCode: undefined };
  else if (phase !== 'authorized' && isEndState(phase)) {
    const reasonCode = recovery.endReason ?? decline.attempts.at(-1)?.reasonCode;
    if (state.status !== 'declined') state = { status: 'declined', reason: DECLINE_REASON[phase], reasonCode };
  } else if (state.status === 'error') state = { status: 'pending' };
  return { amazonOrderReferenceId: recovery.amazonOrderReferenceId, state, canCancel: canCancel(state), revision: recovery.revision ?? 0 };
}
