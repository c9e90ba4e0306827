import { createDeclineRecovery } from './internal/decline-recovery-view';
import { useDeclineHandler } from './useDeclineHandler';

export type { DeclineRecoveryProps, RenderWalletProps } from './internal/decline-recovery-view';

/**
 * The buyer-facing side of a declined Amazon Pay authorization: messages,
 * countdown, the Wallet re-bound to the same order reference, Place order /
 * Try again / Pay another way. Behaviour lives in {@link useDeclineHandler}.
 * Every state shows one message (status icon, tinted by tone) above a primary
 * and a secondary action; `data-state` and `data-tone` are exposed for styling.
 * When the control the buyer used goes away (Place order, Try again, Pay
 * another way), focus moves to the new message; each message is announced
 * once through live regions that are always present.
 */
export const DeclineRecovery = createDeclineRecovery(useDeclineHandler);
