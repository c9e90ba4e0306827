import type { DeclineState } from '../domain/decline-machine';
import type { DeclineReason } from '../domain/decline-policy';
import { isRefusal } from '../domain/errors';
import type { DeclineMessageId } from './locales/en';

const DECLINED_MESSAGES: Readonly<Record<DeclineReason, DeclineMessageId>> = {
  rejected: 'decline.declined',
  unknownCode: 'decline.declined',
  placeOrderLater: 'decline.placeOrderLater',
  canceled: 'decline.canceled',
  budgetSpent: 'decline.exhausted',
  timedOut: 'decline.timedOut',
};

/** The message DeclineRecovery shows for a state: the one place a text is chosen from the machine's state. */
export function declineMessageFor(state: DeclineState): DeclineMessageId {
  switch (state.status) {
    case 'idle':
      return 'decline.placeOrder';
    case 'authorizing':
      return 'decline.authorizing';
    case 'confirming':
      return 'decline.confirming';
    case 'approved':
      return 'decline.approved';
    case 'pending':
      // The async retry after a sync timeout takes longer than usual.
      return state.reasonCode === 'TransactionTimedOut' ? 'decline.pendingFinal' : 'decline.pending';
    case 'retryScheduled':
      return 'decline.retryScheduled';
    case 'needsNewPaymentMethod':
      return 'decline.walletTitle';
    case 'contactBuyer':
      return 'decline.contactBuyer';
    case 'declined':
      return DECLINED_MESSAGES[state.reason];
    case 'error':
      // A refusal (not a passing fault such as Amazon's 5xx or throttling): "could not reach" would be wrong.
      return isRefusal(state.error) ? 'decline.refused' : 'decline.error';
  }
}
