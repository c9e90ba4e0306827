/**
 * When the kit's server owns an order (its recovery runner decides), the
 * buyer's tab is a viewer: it sends the buyer's intents and shows the server's
 * view. These are the shapes both sides share (docs/durable-server.md, "One
 * decision-maker per order").
 */
import type { DeclineState } from './decline-machine';
import type { AuthorizationMode, Money } from './types';

/** What the buyer did: start the payment, repeat what failed, leave Amazon Pay, pick and place with another method. */
export type RecoveryIntent = 'start' | 'retry' | 'cancel' | 'paymentSelected' | 'placeOrder';

/** The body of POST /order-references/:id/recovery. `start` carries the order's amount and mode. */
export interface RecoveryIntentRequest {
  readonly intent: RecoveryIntent;
  readonly amount?: Money;
  readonly mode?: AuthorizationMode;
}

/** The server's decision for one order, as every tab shows it. */
export interface ServerRecoveryView {
  readonly amazonOrderReferenceId: string;
  /** What the buyer sees (the same states as the browser's own decline flow). */
  readonly state: DeclineState;
  /** Whether "Pay another way" may be offered now. */
  readonly canCancel: boolean;
  /** Increases with every change: keep the view of the highest revision. */
  readonly revision: number;
}
