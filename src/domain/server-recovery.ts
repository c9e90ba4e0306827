/**
 * When the kit's server owns an order (its recovery runner decides), the
 * buyer's tab is a viewer: it sends the buyer's intents and shows the server's
 * view. These are the shapes both sides share (docs/durable-server.md, "One
 * decision-maker per order").
 */
import type { DeclineState } from './decline-state';
import type { AuthorizationDetails, AuthorizationMode, ChargeDetails, Money, OrderReferenceDetails } from './types';

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

/** What the buyer did, in the words of the browser's own flow (`authorize` is the first Place order). */
export type ViewerInput = { readonly type: 'authorize' | 'paymentSelected' | 'placeOrder' | 'retry' | 'cancel' };

/** A pushed update (from an IPN on the merchant's server, or the sandbox's clock). */
export type BackendUpdate =
  /** `recovery`: the kit's server owns the order and this is its view after acting on the update. */
  | {
      readonly type: 'authorization';
      readonly authorization: AuthorizationDetails;
      readonly notificationId: string;
      readonly recovery?: ServerRecoveryView;
    }
  | {
      readonly type: 'orderReference';
      readonly orderReference: OrderReferenceDetails;
      readonly notificationId: string;
      readonly recovery?: ServerRecoveryView;
    }
  /** A Checkout v2 charge the server re-read (published under its `chargePermissionId`). */
  | { readonly type: 'charge'; readonly charge: ChargeDetails; readonly notificationId: string }
  /** The kit's server owns the order and its decision changed (a retry ran, the buyer's intent, the deadline). */
  | { readonly type: 'recovery'; readonly recovery: ServerRecoveryView; readonly notificationId: string };
