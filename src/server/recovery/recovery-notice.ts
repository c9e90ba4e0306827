/**
 * What the server's machines tell a merchant's hooks, and the end states
 * they name: shared by the recovery machine (recovery-machine.ts) and the
 * Checkout v2 charge machine (charge-machine.ts), which import this file and
 * not each other.
 */
import type { ReasonCode } from '../../domain/types';

/**
 * Where an order ends (docs/durable-server.md, "End states"):
 * - `authorized`: an authorization is Open (or captured).
 * - `declined`: AmazonRejected, a reason code the kit does not know, or Amazon closed the authorization.
 * - `processingFailed`: ProcessingFailure again after its retry.
 * - `timedOut`: the async authorization timed out at Amazon.
 * - `expired`: the decline window passed without a payment; the server canceled the order reference.
 * - `closed`: the order reference was closed or canceled elsewhere (merchant, Amazon) during recovery.
 * - `notAuthorizable`: a further authorization was not allowed (retry budget, Amazon's
 *   per-order limit of 10, the 15 % / 75 overcharge allowance); nothing more was sent.
 * - `failed`: Amazon kept refusing a call the recovery cannot continue without.
 * - `paidAnotherWay`: the buyer chose "Pay another way"; the server canceled the order reference (nothing was Open).
 */
export type EndState =
  'authorized' | 'declined' | 'processingFailed' | 'timedOut' | 'expired' | 'closed' | 'notAuthorizable' | 'failed' | 'paidAnotherWay';

/** What ties a Checkout v2 charge to the checkout the buyer made, and where to send them back. */
export interface CheckoutV2Reference {
  readonly chargeId: string;
  readonly chargePermissionId: string;
  readonly checkoutSessionId?: string;
  /** The payload's `merchantMetadata.merchantReferenceId` (your order or cart id), when it had one. */
  readonly merchantReferenceId?: string;
}

/** What a merchant hook is told (through the queue, at least once, keyed by `noticeId`). */
export type RecoveryNotice =
  | { readonly type: 'contactBuyer'; readonly reasonCode: ReasonCode; readonly accountUrl: string; readonly awaitingUpdate: boolean }
  | { readonly type: 'remindBuyer'; readonly deadline: string; readonly accountUrl: string }
  /** For a Checkout v2 charge, `amazonAuthorizationId` is the charge id and `checkout` says which checkout it was. */
  | { readonly type: 'orderAuthorized'; readonly amazonAuthorizationId: string; readonly checkout?: CheckoutV2Reference }
  /**
   * For a Checkout v2 charge that ended Declined (`declined`) or Canceled
   * (`closed`), or never settled (`failed`), `checkout.checkoutAgainUrl` brings
   * the buyer back to the Amazon Pay button with the same cart: send it to them.
   */
  | {
      readonly type: 'orderFailed';
      readonly endState: Exclude<EndState, 'authorized'>;
      readonly reasonCode?: ReasonCode;
      readonly checkout?: CheckoutV2Reference & { readonly checkoutAgainUrl: string };
    };
