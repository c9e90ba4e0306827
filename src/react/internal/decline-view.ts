import type { DeclineState } from '../../domain/decline-machine';
import { declineMessageFor } from '../../i18n/decline-message';
import type { DeclineMessageId } from './texts';

/** The colour family of a decline message: its icon, tint and border. */
export type DeclineTone = 'info' | 'success' | 'warning' | 'error';

/** How DeclineRecovery presents one decline state. */
export interface DeclineView {
  readonly tone: DeclineTone;
  /** The message's first line (chosen by `declineMessageFor`); it takes focus when the buyer's control went away. */
  readonly title: DeclineMessageId;
  /** Further lines, in order. */
  readonly body: readonly DeclineMessageId[];
  /** Work is under way (the icon turns; the buyer should wait). */
  readonly busy: boolean;
}

/**
 * Soft declines, scheduled retries, pending orders and "update your method in
 * Amazon" are warnings (the buyer waits or acts, nothing is lost); a decline
 * that ends Amazon Pay or a failed call is an error; the buyer's own cancel is info.
 */
function toneOf(state: Exclude<DeclineState, { status: 'idle' }>): DeclineTone {
  switch (state.status) {
    case 'authorizing':
    case 'confirming':
      return 'info';
    case 'approved':
      return 'success';
    case 'pending':
    case 'retryScheduled':
    case 'contactBuyer':
      return 'warning';
    case 'needsNewPaymentMethod':
    case 'error':
      return 'error';
    case 'declined':
      return state.reason === 'canceled' ? 'info' : 'error';
  }
}

/** The message for a decline state, or null before the first Place order. Its title comes from `declineMessageFor`. */
export function declineView(state: DeclineState): DeclineView | null {
  if (state.status === 'idle') return null;
  const body: DeclineMessageId[] = [];
  if (state.status === 'needsNewPaymentMethod') body.push('decline.walletBody');
  if (state.status === 'contactBuyer' && state.awaitingUpdate) body.push('decline.awaitingUpdate');
  const busy =
    state.status === 'authorizing' || state.status === 'confirming' || state.status === 'retryScheduled' || state.status === 'pending';
  return { tone: toneOf(state), title: declineMessageFor(state), body, busy };
}
