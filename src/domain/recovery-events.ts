/**
 * What the kit records about a recovery: the funnel events the buyer's tab
 * emits (`onEvent` on the provider) and the decline and recovery events the
 * server drives. No personal data: ids the merchant and Amazon already use as
 * keys (the order reference, the merchant's cart or order id, the checkout
 * session), reason codes, amounts and times.
 */
import type { AuthorizationDetails, AuthorizationMode, Money, ReasonCode } from './types';

/** What showed the pop-up (as `usePopupTriggers` reports it; `open` when the merchant opened it). */
export type FunnelTrigger = 'fadeIn' | 'exitIntent' | 'inactivity' | 'open';

export const FUNNEL_TRIGGERS: readonly FunnelTrigger[] = ['fadeIn', 'exitIntent', 'inactivity', 'open'];

/**
 * What the buyer's tab emits through the provider's `onEvent`. The decline
 * events come from the decline screen's flow (the browser's runner or the
 * server's view it shows); `softDecline` is true when the kit re-authorizes by
 * itself (a soft decline or ProcessingFailure), false when the buyer must act.
 */
export type RecoveryFunnelEvent =
  | { readonly type: 'popupShown'; readonly trigger: FunnelTrigger; readonly merchantReferenceId?: string }
  | { readonly type: 'popupDismissed'; readonly merchantReferenceId?: string }
  /** The buyer pressed Amazon's button in the pop-up. */
  | { readonly type: 'amazonPayChosen'; readonly merchantReferenceId?: string }
  | {
      readonly type: 'declineSeen';
      readonly amazonOrderReferenceId: string;
      readonly reasonCode: ReasonCode;
      readonly mode: AuthorizationMode;
      readonly softDecline: boolean;
    }
  /** The buyer chose "Pay another way" on the decline screen. */
  | { readonly type: 'otherMethodChosen'; readonly amazonOrderReferenceId: string }
  | { readonly type: 'recovered'; readonly amazonOrderReferenceId: string; readonly amount: Money }
  | { readonly type: 'lost'; readonly amazonOrderReferenceId: string; readonly reasonCode?: ReasonCode };

export type RecoveryFunnelEventType = RecoveryFunnelEvent['type'];

/** Where the kit's parts send funnel events: the provider's latest `onEvent` (a ref, so a new callback re-renders nothing). */
export interface FunnelSink {
  readonly current: ((event: RecoveryFunnelEvent) => void) | undefined;
}

/** The tab's events the server accepts on its funnel route; the others it records itself, from Amazon's answers. */
export const TAB_RECORDED_EVENT_TYPES = ['popupShown', 'popupDismissed', 'amazonPayChosen', 'otherMethodChosen'] as const;

/**
 * A merchant's cart or order id as the funnel events carry it: letters, digits
 * and `._:/#-`, up to 256 characters. No `@` or spaces, so an e-mail address
 * or a name is refused (the browser's sender drops it, the server's route
 * answers 400).
 */
export function isFunnelMerchantReferenceId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,255}$/.test(value);
}

/** Who decided for the order when the event happened (one decision-maker per order: docs/durable-server.md). */
export type DecidedBy = 'tab' | 'server';

/**
 * One recorded event, flat (one row in PostgreSQL). `id` makes recording
 * idempotent: the server's ids are derived from Amazon's (a retried unit of
 * work records nothing twice).
 */
export interface RecordedRecoveryEvent {
  readonly id: string;
  /** Milliseconds since the epoch, the recorder's clock. */
  readonly at: number;
  readonly type: RecoveryFunnelEventType | 'checkoutCompleted';
  /** The order being recovered: the Amazon order reference id. */
  readonly orderKey?: string;
  /** The merchant's cart or order id: joins the pop-up's events with the checkout it led to. */
  readonly merchantReferenceId?: string;
  readonly checkoutSessionId?: string;
  readonly trigger?: FunnelTrigger;
  readonly reasonCode?: ReasonCode;
  readonly mode?: AuthorizationMode;
  readonly decline?: 'soft' | 'hard';
  readonly decidedBy?: DecidedBy;
  /** declineSeen: the declined amount; recovered: the amount won back; checkoutCompleted: the amount charged. */
  readonly amount?: Money;
  /** lost: how the order ended (the server's end state, or `canceled`). */
  readonly endState?: string;
}

/** Amazon settles a soft decline or a ProcessingFailure by itself after a while: the kit re-authorizes. */
export function declineKind(authorization: Pick<AuthorizationDetails, 'reasonCode' | 'softDecline'>): 'soft' | 'hard' {
  return authorization.softDecline === true || authorization.reasonCode === 'ProcessingFailure' ? 'soft' : 'hard';
}

/**
 * The events an authorization result records, for the server and the sandbox
 * alike: a Declined one is a decline seen; an Open or Closed one on an order
 * that had a decline is the order recovered. Ids are Amazon's, so recording
 * the same result again (a poll, a notification, a retried job) adds nothing.
 */
export function authorizationEvents(
  authorization: AuthorizationDetails,
  context: { readonly at: number; readonly mode: AuthorizationMode; readonly decidedBy: DecidedBy; readonly hadDecline: boolean },
): RecordedRecoveryEvent[] {
  const { amazonOrderReferenceId: orderKey, state, reasonCode, amount } = authorization;
  const { at, mode, decidedBy } = context;
  if (state === 'Declined') {
    // AmazonRejected is final: Amazon closed the order reference, nothing more is tried on it.
    const final = reasonCode === 'AmazonRejected' ? [lostEvent(orderKey, { at, decidedBy, endState: 'declined', reasonCode })] : [];
    return [
      {
        id: `decline:${authorization.amazonAuthorizationId}`,
        at,
        type: 'declineSeen',
        orderKey,
        reasonCode: reasonCode ?? 'Unknown',
        mode,
        decline: declineKind(authorization),
        decidedBy,
        amount,
      },
      ...final,
    ];
  }
  if (context.hadDecline && (state === 'Open' || (state === 'Closed' && reasonCode === 'MaxCapturesProcessed'))) {
    return [{ id: `recovered:${orderKey}`, at, type: 'recovered', orderKey, mode, decidedBy, amount }];
  }
  return [];
}

/** The order ended without a payment after a decline. */
export function lostEvent(
  orderKey: string,
  context: { readonly at: number; readonly decidedBy: DecidedBy; readonly endState: string; readonly reasonCode?: ReasonCode },
): RecordedRecoveryEvent {
  return {
    id: `lost:${orderKey}`,
    at: context.at,
    type: 'lost',
    orderKey,
    decidedBy: context.decidedBy,
    endState: context.endState,
    ...(context.reasonCode ? { reasonCode: context.reasonCode } : {}),
  };
}

/**
 * A Checkout v2 checkout session Amazon declined at completion (Canceled,
 * reasonCode `Declined`), for the server and the sandbox alike: a decline seen
 * and, final, lost at once (the buyer checks out again with another method,
 * which is a new checkout session). Keyed by the checkout session; the tab
 * drove the completion.
 */
export function declinedCheckoutEvents(
  checkoutSessionId: string,
  context: { readonly at: number; readonly amount: Money; readonly reasonCode: ReasonCode },
): RecordedRecoveryEvent[] {
  const { at, amount, reasonCode } = context;
  return [
    {
      id: `decline:${checkoutSessionId}`,
      at,
      type: 'declineSeen',
      orderKey: checkoutSessionId,
      checkoutSessionId,
      reasonCode,
      mode: 'sync',
      decline: 'hard',
      decidedBy: 'tab',
      amount,
    },
    lostEvent(checkoutSessionId, { at, decidedBy: 'tab', endState: 'declined', reasonCode }),
  ];
}
